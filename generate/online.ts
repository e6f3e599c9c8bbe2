/**
 * A person's online study: which courses they play and how much (the plan), then the
 * heartbeat-like view segments the platform logs for it, then the comments they leave.
 *
 * A *sitting* is one uninterrupted stretch in front of one video; the platform logs it as many
 * short segments (its heartbeat), sometimes overlapping by a few seconds, sometimes with a pause,
 * now and then re-sent. Sittings of one person are chained so they never overlap — except the
 * deliberate parallel playback (a second video started while the first plays), which is the
 * fraud the sweep in rules/online must not credit twice.
 */
import type { Course } from './courses.ts';
import type { Person } from './population.ts';
import type { Random } from './random.ts';
import { pickDays, type Schedule, studyTime } from './schedule.ts';
import { longComment, shortComment, type Theme } from './texts.ts';

interface Want {
  readonly course: Course;
  readonly seconds: number;
  /** Watched exactly to a threshold in one gapless sitting (edge case for the rules). */
  readonly exact: boolean;
}

export interface Sitting {
  readonly course: Course;
  readonly seconds: number;
  readonly exact: boolean;
  /** Planned start; the actual one may be later so that sittings do not overlap. */
  start: number;
  /** Parallel playback: starts `offset` seconds after `anchor` actually starts. */
  readonly anchor?: Sitting;
  readonly offset?: number;
}

export interface Segment {
  readonly course: Course;
  readonly start: number;
  readonly end: number;
}

/** What comments need to know about one course a person played. */
export interface Played {
  readonly course: Course;
  /** End of the last segment: people comment after watching. */
  lastEnd: number;
}

export interface OnlineContext {
  readonly courses: readonly Course[];
  readonly schedule: Schedule;
  readonly watchRatio: number;
  readonly theme: Theme;
}

const fullFraction = (rng: Random) => (rng.chance(0.9) ? 1 : rng.between(0.93, 1));
const secondsOf = (c: Course, fraction: number) => Math.round(c.durationMin * 60 * fraction);

/** Which courses a person plays and for how many seconds, by engagement. */
function chooseWants(rng: Random, p: Person, ctx: OnlineContext): Want[] {
  const required = ctx.courses.filter((c) => c.required);
  const optional = ctx.courses.filter((c) => !c.required);
  const want = (course: Course, fraction: number): Want => ({ course, seconds: secondsOf(course, fraction), exact: false });
  let wants: Want[];
  if (p.partySchoolPassed) {
    wants = rng.sample(ctx.courses, rng.integer(1, 2)).map((c) => want(c, 1));
  } else if (p.engagement === 'low') {
    wants = rng.sample(required, rng.integer(1, 3)).map((c) => want(c, rng.chance(0.3) ? 1 : rng.between(0.1, 0.7)));
  } else if (p.engagement === 'full') {
    wants = [...required.map((c) => want(c, fullFraction(rng))), ...optional.filter(() => rng.chance(0.4)).map((c) => want(c, rng.between(0.3, 1)))];
  } else {
    const partly = () => (rng.chance(0.75) ? fullFraction(rng) : rng.between(0.35, 0.88));
    wants = [
      ...required.filter(() => !rng.chance(0.05)).map((c) => want(c, partly())),
      ...optional.filter(() => rng.chance(0.2)).map((c) => want(c, rng.between(0.2, 1))),
    ];
  }
  return wants.sort((a, b) => a.course.index - b.course.index).map((w) => maybeExact(rng, w, ctx));
}

/** About 1 in 100 watchers plays one required course exactly to the threshold, or a second short. */
function maybeExact(rng: Random, w: Want, ctx: OnlineContext): Want {
  if (!w.course.required || !rng.chance(0.0015)) return w;
  // watchRatio × duration in whole seconds (54 s per minute at 0.9): no floating-point fuzz in the data.
  const threshold = Math.round(w.course.durationMin * 60 * ctx.watchRatio);
  return { course: w.course, seconds: threshold - (rng.chance(0.3) ? 1 : 0), exact: true };
}

/** One want as 1–3 sittings (long courses are often watched over several days). */
function splitWant(rng: Random, w: Want): number[] {
  const n = w.exact || w.seconds < 600 ? 1 : rng.weighted([[1, 0.55], [2, 0.3], [3, 0.15]]);
  const parts: number[] = [];
  let left = w.seconds;
  for (let i = n; i > 1; i--) {
    const part = Math.round(left * rng.between(0.3, 0.7) * (2 / i));
    parts.push(part);
    left -= part;
  }
  parts.push(left);
  return parts.filter((x) => x > 0);
}

/** The sittings of a person, planned on days between registration and the end of their time. */
export function planSittings(rng: Random, p: Person, ctx: OnlineContext): Sitting[] {
  if (!p.watches) return [];
  const s = ctx.schedule;
  const wants = chooseWants(rng, p, ctx);
  const pieces: { want: Want; seconds: number }[] = [];
  for (const w of wants) {
    for (const seconds of splitWant(rng, w)) pieces.push({ want: w, seconds });
    // Replays: going over a finished course again (it must not add up past the course length).
    if (!w.exact && w.seconds >= w.course.durationMin * 60 && rng.chance(0.04)) {
      pieces.push({ want: w, seconds: secondsOf(w.course, rng.between(0.2, 1)) });
    }
  }
  const first = Math.min(Math.max(s.windowStart, p.registeredOn) + (p.engagement === 'low' ? rng.integer(0, 20) : rng.integer(0, 3)), s.windowEnd);
  const last = p.extended && rng.chance(0.5) ? Math.max(s.asOf, s.windowEnd) : s.windowEnd;
  const days = pickDays(rng, first, last, pieces.length, s);
  const sittings: Sitting[] = pieces.map((piece, i) => ({
    course: piece.want.course, seconds: piece.seconds, exact: piece.want.exact, start: studyTime(rng, days[i]),
  }));
  if (p.parallel) overlayParallel(rng, sittings);
  addStray(rng, p, sittings, ctx);
  return sittings;
}

/** Moves one to three courses onto another course's sittings: two players running at once. */
function overlayParallel(rng: Random, sittings: Sitting[]): void {
  const courses = [...new Set(sittings.filter((x) => !x.exact).map((x) => x.course))];
  const pairs = Math.min(rng.integer(1, 3), Math.floor(courses.length / 2));
  const shuffled = rng.shuffle(courses);
  for (let k = 0; k < pairs; k++) {
    const [a, b] = [shuffled[2 * k], shuffled[2 * k + 1]];
    const anchors = sittings.filter((x) => x.course === a && !x.anchor);
    sittings.forEach((x, i) => {
      if (x.course !== b) return;
      sittings[i] = { course: b, seconds: x.seconds, exact: false, start: 0, anchor: anchors[i % anchors.length], offset: rng.integer(0, 120) };
    });
  }
}

/** A few sittings outside the person's time: before the window, on the day after it, after asOf. */
function addStray(rng: Random, p: Person, sittings: Sitting[], ctx: OnlineContext): void {
  const s = ctx.schedule;
  const r = rng.next();
  let day: number;
  if (r < 0.004) day = s.windowStart - rng.integer(1, 4);
  else if (r < 0.008) day = s.asOf + rng.integer(1, 3);
  else if (r < 0.018 && !p.extended) day = s.windowEnd + 1;
  else return;
  const course = rng.pick(ctx.courses);
  sittings.push({ course, seconds: secondsOf(course, rng.between(0.1, 0.5)), exact: false, start: studyTime(rng, day) });
}

/**
 * The segments of a person's sittings, heartbeat by heartbeat, about `target` of them in all.
 * Sittings are laid out in start order, each at least 30 s after the previous one ended.
 */
export function expandSegments(rng: Random, sittings: Sitting[], target: number): Segment[] {
  const total = sittings.reduce((a, x) => a + x.seconds, 0);
  if (total === 0) return [];
  const mean = Math.max(20, total / Math.max(1, target * rng.between(0.7, 1.3)));
  const segments: Segment[] = [];
  const actualStart = new Map<Sitting, number>();
  let cursor = -Infinity;
  for (const x of sittings.filter((y) => !y.anchor).sort((a, b) => a.start - b.start)) {
    const start = Math.max(x.start, cursor + 30);
    actualStart.set(x, start);
    cursor = heartbeats(rng, x, start, mean, segments);
  }
  for (const x of sittings) {
    if (x.anchor) heartbeats(rng, x, (actualStart.get(x.anchor) ?? x.anchor.start) + (x.offset ?? 0), mean, segments);
  }
  return segments.sort((a, b) => a.start - b.start || a.course.index - b.course.index || a.end - b.end);
}

/** Logs one sitting as segments of about `mean` seconds; returns when it ended. */
function heartbeats(rng: Random, x: Sitting, start: number, mean: number, out: Segment[]): number {
  let t = start;
  let left = x.seconds;
  let end = start;
  while (left > 0) {
    let len = Math.max(20, Math.round(mean * rng.between(0.5, 1.5)));
    if (left - len < 20) len = left;
    end = t + len;
    out.push({ course: x.course, start: t, end });
    // A re-sent heartbeat: the same segment again with a slightly different end (never the same
    // one: exact duplicate rows are placed deliberately, once, by the dataset writer).
    if (!x.exact && rng.chance(0.004)) out.push({ course: x.course, start: t, end: end + rng.pick([-3, -2, -1, 1, 2, 3]) });
    left -= len;
    t = end + (x.exact ? 0 : gap(rng));
  }
  return end;
}

/** Between two heartbeats: usually none, sometimes a few seconds' overlap, sometimes a pause. */
function gap(rng: Random): number {
  const r = rng.next();
  return r < 0.1 ? -rng.integer(1, 5) : r < 0.18 ? rng.integer(5, 90) : 0;
}

/** The courses a person played, with the end of the last segment of each. */
export function playedCourses(segments: readonly Segment[]): Played[] {
  const byCourse = new Map<Course, Played>();
  for (const sg of segments) {
    const p = byCourse.get(sg.course);
    if (!p) byCourse.set(sg.course, { course: sg.course, lastEnd: sg.end });
    else if (sg.end > p.lastEnd) p.lastEnd = sg.end;
  }
  return [...byCourse.values()].sort((a, b) => a.course.index - b.course.index);
}

export interface Comment {
  readonly course: Course;
  readonly at: number;
  readonly text: string;
}

type CommentHabit = 'long' | 'shortThenLong' | 'short' | 'none';
const HABITS: Record<Person['engagement'], readonly (readonly [CommentHabit, number])[]> = {
  full: [['long', 0.985], ['shortThenLong', 0.01], ['short', 0.005]],
  partial: [['long', 0.72], ['shortThenLong', 0.08], ['short', 0.12], ['none', 0.08]],
  low: [['long', 0.3], ['short', 0.3], ['none', 0.4]],
  inactive: [['none', 1]],
};

/** Comments on the played courses, a while after watching; some short ones that do not count. */
export function commentsOf(rng: Random, p: Person, played: readonly Played[], ctx: OnlineContext): Comment[] {
  const out: Comment[] = [];
  for (const { course, lastEnd } of played) {
    const habit = rng.weighted(HABITS[p.engagement]);
    if (habit === 'short' || habit === 'shortThenLong') out.push({ course, at: lastEnd + rng.integer(10, 600), text: shortComment(rng) });
    if (habit === 'long') out.push({ course, at: lastEnd + rng.integer(20, 7200), text: longComment(rng, course.short, ctx.theme) });
    if (habit === 'shortThenLong') out.push({ course, at: lastEnd + rng.integer(900, 86400), text: longComment(rng, course.short, ctx.theme) });
  }
  // Now and then someone comments on a course they never opened (the rules still want the viewing).
  const unplayed = ctx.courses.filter((c) => c.required && !played.some((x) => x.course === c));
  if (unplayed.length > 0 && p.engagement !== 'inactive' && p.engagement !== 'full' && rng.chance(0.1)) {
    const day = pickDays(rng, ctx.schedule.windowStart, ctx.schedule.windowEnd, 1, ctx.schedule)[0];
    const course = rng.pick(unplayed);
    out.push({ course, at: studyTime(rng, day), text: longComment(rng, course.short, ctx.theme) });
  }
  return out.sort((a, b) => a.at - b.at || a.course.index - b.course.index);
}
