/**
 * Online credit (docs/rules.md): the wall-clock sweep over a person's viewing segments, the
 * watched and commented thresholds, and the all-or-nothing online hours.
 */
import type { Comment, Course, ViewTable } from '../contract/model.ts';
import type { Range } from './deadline.ts';

/** Called for each credited interval of a course, in time order (for the daily timeline). */
export type CreditListener = (course: number, from: number, to: number) => void;

export interface Sweep {
  /** Credited seconds per course index, each capped at the course's duration. */
  readonly credited: Float64Array;
  /** Seconds during which two or more different courses played (并行播放), inside the range. */
  readonly parallelSeconds: number;
  /** Segments wholly outside the range (ignored rows). */
  readonly outside: number;
  /** With `need`: the instant each course's credit reached need[c] (Infinity if it did not). */
  readonly reachedAt: Float64Array | null;
}

/**
 * Each second of the person's wall-clock time counts at most once. Segments come ordered by
 * (started_at, course_id, ended_at), so the part of a segment not covered by earlier ones is
 * simply [max(start, furthest end so far), end): every gap in earlier coverage lies before
 * this segment's start. That part, clipped to the range, is credited to the segment's course,
 * up to the course's duration. Clipping happens after ordering, so ties at the window start
 * are decided by the original times, as docs/ words it.
 */
export function creditPerCourse(
  views: ViewTable, person: number, courses: readonly Course[], range: Range, onCredit?: CreditListener, need?: ArrayLike<number>,
): Sweep {
  const credited = new Float64Array(courses.length);
  const reachedAt = need ? new Float64Array(courses.length).fill(Infinity) : null;
  // Furthest end seen, over all courses and per course (for the parallel-playback measure).
  let coveredUntil = -Infinity;
  const coveredByCourse = scratchOf(courses.length);
  let unionAll = 0, unionPerCourse = 0, outside = 0;
  const lo = views.offsets[person], hi = views.offsets[person + 1];
  for (let i = lo; i < hi; i++) {
    const c = views.course[i], s = views.start[i], e = views.end[i];
    // Segments are in start order: from here on every one starts at or after the range's end,
    // so each is wholly outside and nothing else changes.
    if (s >= range.to) { outside += hi - i; break; }
    const clipFrom = s > range.from ? s : range.from;
    const clipTo = e < range.to ? e : range.to;
    if (clipTo <= clipFrom) outside++;

    const own = coveredByCourse[c];
    const ownFrom = Math.max(clipFrom, own);
    if (clipTo > ownFrom) unionPerCourse += clipTo - ownFrom;
    if (e > own) coveredByCourse[c] = e;

    const from = Math.max(clipFrom, coveredUntil);
    if (e > coveredUntil) coveredUntil = e;
    if (clipTo <= from) continue;
    unionAll += clipTo - from;
    const room = courses[c].durationSec - credited[c];
    if (room <= 0) continue;
    const take = Math.min(room, clipTo - from);
    if (reachedAt && need && credited[c] < need[c] && credited[c] + take >= need[c]) reachedAt[c] = from + (need[c] - credited[c]);
    credited[c] += take;
    if (onCredit) onCredit(c, from, from + take);
  }
  const parallelSeconds = unionPerCourse - unionAll;
  return { credited, parallelSeconds, outside, reachedAt };
}

// The furthest end per course lives only during one sweep: one array serves them all.
let scratch = new Float64Array(0);
function scratchOf(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(n);
  return scratch.fill(-Infinity, 0, n);
}

/**
 * Course indices of person `person` with a segment overlapping (inside the range) a segment of
 * another course — asked only for the people whose sweep found parallel seconds.
 */
export function parallelCoursesOf(views: ViewTable, person: number, range: Range): number[] {
  const lo = views.offsets[person], hi = views.offsets[person + 1];
  const found = new Set<number>();
  // Active segments kept as (end, course) of the furthest-reaching segment per course.
  const active = new Map<number, number>();
  for (let i = lo; i < hi; i++) {
    const c = views.course[i];
    const s = Math.max(views.start[i], range.from), e = Math.min(views.end[i], range.to);
    if (e <= s) continue;
    for (const [other, until] of active) {
      if (other !== c && until > s) { found.add(other); found.add(c); }
    }
    if ((active.get(c) ?? -Infinity) < e) active.set(c, e);
  }
  return [...found].sort((a, b) => a - b);
}

/** Watched: credited ≥ watchRatio × duration, inclusive, without floating-point fuzz. */
export function isWatched(creditedSeconds: number, course: Course, watchRatio: number): boolean {
  // Credited seconds are whole numbers (or the exact duration); the product may carry 1e-13 of fuzz.
  return creditedSeconds + WATCHED_TOLERANCE >= watchRatio * course.durationSec;
}

export const WATCHED_TOLERANCE = 1e-6;

/** Course indices with a comment in range of at least minChars characters. */
export function commentedCourses(comments: readonly Comment[], range: Range, minChars: number): Set<number> {
  const done = new Set<number>();
  for (const c of comments) {
    if (c.at >= range.from && c.at < range.to && c.chars >= minChars) done.add(c.course);
  }
  return done;
}
