/**
 * Patterns in a person's viewing that 学时真实性 flags (docs/analysis.md): days over the daily cap, night
 * viewing, marathons without a pause. Pure functions over the person's playback: the seconds
 * the sweep counts (each second of wall-clock time once, whatever plays, inside the range) —
 * before the cap at a course's duration, because a video left playing after its credit is used
 * up is exactly the 挂机 these rules look for (docs/decisions.md). They live with the rules
 * because the rules deduct what they find when period.json `integrity.deduct` says so; the
 * analysis (pipeline/analysis/integrity.ts) turns the same findings into flags.
 */
import { dayOfInstant, SECONDS_PER_DAY, startOfDay } from '../contract/calendar.ts';
import type { ViewTable } from '../contract/model.ts';
import type { IntegritySettings } from '../contract/period.ts';
import type { Range } from './deadline.ts';

/** One person's playback, disjoint [from, to) pieces in time order, each with the course that played; reused person after person. */
export class CreditedIntervals {
  length = 0;
  course = new Int32Array(64);
  from = new Float64Array(64);
  to = new Float64Array(64);

  clear(): void { this.length = 0; }

  push(course: number, from: number, to: number): void {
    if (this.length === this.course.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(a.length * 2); b.set(a); return b; };
      this.course = grow(this.course); this.from = grow(this.from); this.to = grow(this.to);
    }
    const i = this.length++;
    this.course[i] = course; this.from[i] = from; this.to[i] = to;
  }
}

/**
 * The playback of person `person` inside the range into `into` (cleared first): the sweep's
 * walk without the duration cap — each segment contributes the part not covered by earlier ones.
 */
export function playbackOf(views: ViewTable, person: number, range: Range, into: CreditedIntervals): CreditedIntervals {
  into.clear();
  let coveredUntil = -Infinity;
  for (let i = views.offsets[person], hi = views.offsets[person + 1]; i < hi; i++) {
    const s = views.start[i], e = views.end[i];
    if (s >= range.to) break;
    const from = Math.max(s, range.from, coveredUntil), to = Math.min(e, range.to);
    if (e > coveredUntil) coveredUntil = e;
    if (to <= from) continue;
    // Touching pieces merge (one long playback of consecutive segments), keeping the first course.
    if (into.length > 0 && into.to[into.length - 1] === from && into.course[into.length - 1] === views.course[i]) into.to[into.length - 1] = to;
    else into.push(views.course[i], from, to);
  }
  return into;
}

/** A stretch of time and what was credited in it: [from, to), credited seconds, course indices. */
export interface Stretch {
  readonly from: number;
  readonly to: number;
  readonly seconds: number;
  readonly courses: readonly number[];
}

/** A Beijing day whose credited viewing is over the cap. */
export interface DayOver extends Stretch { readonly day: number }

const NIGHT_END_SECONDS = 5 * 3600;

/** Courses of the intervals [lo, hi), sorted, once each. */
function coursesIn(iv: CreditedIntervals, lo: number, hi: number): number[] {
  const set = new Set<number>();
  for (let i = lo; i < hi; i++) set.add(iv.course[i]);
  return [...set].sort((a, b) => a - b);
}

/** The credited seconds of [lo, hi) of the intervals that fall in [from, to), and the courses. */
function within(iv: CreditedIntervals, from: number, to: number): Stretch | null {
  let seconds = 0, first = Infinity, last = -Infinity;
  const set = new Set<number>();
  for (let i = 0; i < iv.length; i++) {
    const a = Math.max(iv.from[i], from), b = Math.min(iv.to[i], to);
    if (b <= a) continue;
    seconds += b - a;
    if (a < first) first = a;
    if (b > last) last = b;
    set.add(iv.course[i]);
  }
  return seconds > 0 ? { from: first, to: last, seconds, courses: [...set].sort((x, y) => x - y) } : null;
}

/**
 * Credited seconds per Beijing day, of the part of each day before `dayPart` seconds after its
 * midnight (86400: the whole day; 5 h: the night), for the days that have any: intervals are in
 * time order, so the days come in order and one pass suffices.
 */
function perDay(iv: CreditedIntervals, dayPart: number, over: number): DayOver[] {
  const out: DayOver[] = [];
  let day = NaN, seconds = 0;
  const close = () => {
    if (seconds > over) out.push({ ...within(iv, startOfDay(day), startOfDay(day) + dayPart)!, day });
  };
  for (let i = 0; i < iv.length; i++) {
    let a = iv.from[i];
    const b = iv.to[i];
    while (a < b) {
      const d = dayOfInstant(a);
      if (d !== day) { if (seconds > 0) close(); day = d; seconds = 0; }
      const partEnd = startOfDay(d) + dayPart;
      if (a < partEnd) seconds += Math.min(b, partEnd) - a;
      a = startOfDay(d + 1);
    }
  }
  if (seconds > 0) close();
  return out;
}

/** Beijing days with more than capHours of credited viewing. */
export function daysOverCap(iv: CreditedIntervals, capHours: number): DayOver[] {
  return perDay(iv, SECONDS_PER_DAY, capHours * 3600);
}

/** Nights (00:00–05:00 Beijing of `day`) with more than nightMinutes of credited viewing. */
export function nightsOver(iv: CreditedIntervals, nightMinutes: number): DayOver[] {
  return perDay(iv, NIGHT_END_SECONDS, nightMinutes * 60);
}

/**
 * Marathons: runs of credited playback with no pause of gapMinutes or more, lasting (first
 * start to last end) more than marathonHours.
 */
export function marathonsOf(iv: CreditedIntervals, hours: number, gapMinutes: number): Stretch[] {
  const longest = hours * 3600, gap = gapMinutes * 60;
  const out: Stretch[] = [];
  let i = 0;
  while (i < iv.length) {
    let j = i + 1, seconds = iv.to[i] - iv.from[i];
    while (j < iv.length && iv.from[j] - iv.to[j - 1] < gap) { seconds += iv.to[j] - iv.from[j]; j++; }
    if (iv.to[j - 1] - iv.from[i] > longest) out.push({ from: iv.from[i], to: iv.to[j - 1], seconds, courses: coursesIn(iv, i, j) });
    i = j;
  }
  return out;
}

/**
 * The windows whose credited seconds are not credited when period.json deducts a rule: a day's
 * viewing beyond the cap (from the instant the cap was reached), a flagged night's 00:00–05:00,
 * a marathon beyond its first marathonHours. Sorted, possibly overlapping.
 */
export function deductedWindows(iv: CreditedIntervals, settings: IntegritySettings): [number, number][] {
  const windows: [number, number][] = [];
  const deduct = new Set(settings.deduct);
  if (deduct.has('daily-cap')) {
    const cap = settings.dailyCapHours * 3600;
    for (const d of daysOverCap(iv, settings.dailyCapHours)) {
      windows.push([instantCreditReaches(iv, startOfDay(d.day), cap), startOfDay(d.day + 1)]);
    }
  }
  if (deduct.has('night')) {
    for (const d of nightsOver(iv, settings.nightMinutes)) windows.push([startOfDay(d.day), startOfDay(d.day) + NIGHT_END_SECONDS]);
  }
  if (deduct.has('marathon')) {
    for (const m of marathonsOf(iv, settings.marathonHours, settings.marathonGapMinutes)) windows.push([m.from + settings.marathonHours * 3600, m.to]);
  }
  return windows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** The instant at which the credit counted from `start` reaches `amount` seconds. */
function instantCreditReaches(iv: CreditedIntervals, start: number, amount: number): number {
  let sum = 0;
  for (let i = 0; i < iv.length; i++) {
    const a = Math.max(iv.from[i], start), b = iv.to[i];
    if (b <= a) continue;
    if (sum + (b - a) >= amount) return a + (amount - sum);
    sum += b - a;
  }
  return Infinity;
}
