/**
 * One person's result (docs/rules.md): deadline, online and offline credit, reports, grade, what is
 * still missing, and the first day they were qualified.
 */
import { formatDay } from '../contract/calendar.ts';
import type { Dataset } from '../contract/model.ts';
import type { PersonResult } from '../contract/outputs.ts';
import { deadlineOf, rangeOf, type Deadline, type Range } from './deadline.ts';
import { gradeOf, meetsRequirements } from './grade.ts';
import { offlineCredit, type OfflineCredit } from './offline.ts';
import { commentedCourses, creditPerCourse, isWatched, WATCHED_TOLERANCE, type CreditListener, type Sweep } from './online.ts';
import { reportCredit, type ReportCredit } from './reports.ts';
import { integrityOf, type IntegrityRule } from '../contract/period.ts';
import { deductedCommentsOf } from './deductions.ts';
import { CreditedIntervals, deductedWindows, playbackOf } from './viewing-patterns.ts';

/** Two decimals, half-up on the exact decimal, for hours and minutes in the output (decimal.ts). */
export { round2 } from './decimal.ts';
import { round2 } from './decimal.ts';

/** What the grade rests on, as of a day: the rules without the result's wording. */
interface Assessment {
  readonly deadline: Deadline;
  readonly range: Range;
  readonly sweep: Sweep;
  /** Course indices watched / commented (any course, required or not). */
  readonly watched: ReadonlySet<number>;
  readonly commented: ReadonlySet<number>;
  readonly creditedSeconds: number;
  readonly required: number;
  readonly requiredWatched: number;
  readonly requiredCommented: number;
  readonly onlineHours: number;
  readonly offline: OfflineCredit;
  readonly reports: ReportCredit;
  readonly totalHours: number;
  readonly qualified: boolean;
  /** 学时真实性's deduction (period.json integrity.deduct): credited seconds and comments withheld. */
  readonly deductedSeconds: number;
  readonly deductedComments: number;
  readonly deduct: readonly IntegrityRule[];
}

const NO_RULES: readonly IntegrityRule[] = [];

/** Seconds of [from, to) inside the (sorted, possibly overlapping) windows. */
function overlapWith(windows: readonly [number, number][], from: number, to: number): number {
  let covered = 0, reach = from;
  for (const [a, b] of windows) {
    if (a >= to) break;
    const s = Math.max(a, reach), e = Math.min(b, to);
    if (e > s) { covered += e - s; reach = e; }
  }
  return covered;
}

export interface Evaluation extends Pick<Assessment, 'deadline' | 'range' | 'sweep' | 'watched' | 'commented' | 'offline' | 'reports'> {
  readonly result: PersonResult;
  /** Comments written outside the range (ignored rows). */
  readonly outsideComments: number;
}

/**
 * The rules as of `asOfDay`. With `onlyIfQualifiable`, null as soon as the cheap parts rule
 * qualification out — too few reports, or too few offline hours even with the online hours
 * granted — before the viewing sweep.
 */
function assess(data: Dataset, index: number, asOfDay: number, onCredit?: CreditListener, need?: ArrayLike<number>, onlyIfQualifiable?: false): Assessment;
function assess(data: Dataset, index: number, asOfDay: number, onCredit: undefined, need: undefined, onlyIfQualifiable: true): Assessment | null;
function assess(
  data: Dataset, index: number, asOfDay: number, onCredit?: CreditListener, need?: ArrayLike<number>, onlyIfQualifiable = false,
): Assessment | null {
  const { period, courses } = data;
  const rec = data.people[index];
  const p = rec.person;
  const deadline = deadlineOf(period, rec.extensions);
  const range = rangeOf(period, deadline.day, asOfDay);
  const reports = reportCredit(period, p.category, rec.reports, range);
  const offline = offlineCredit(period, p.category, rec.attendance, data.sessions, rec.selfStudy, range);
  if (onlyIfQualifiable && !meetsRequirements(period.online.hours + offline.hours, period.requiredHours, reports.counted, reports.required)) return null;

  const deduct = period.integrity?.deduct ?? NO_RULES;
  const viewingDeducted = deduct.some((r) => r === 'daily-cap' || r === 'night' || r === 'marathon');
  let pieces: CreditedIntervals | null = null;
  const listen: CreditListener | undefined = viewingDeducted
    ? (c, from, to) => { pieces!.push(c, from, to); onCredit?.(c, from, to); }
    : onCredit;
  if (viewingDeducted) pieces = new CreditedIntervals();
  let sweep = creditPerCourse(data.views, index, courses, range, listen, need);
  let deductedSeconds = 0;
  if (viewingDeducted && pieces!.length > 0) {
    // period.json deducts viewing rules: the credit inside their windows is withheld (docs/rules.md).
    const windows = deductedWindows(playbackOf(data.views, index, range, new CreditedIntervals()), integrityOf(period));
    if (windows.length > 0) {
      const credited = Float64Array.from(sweep.credited);
      for (let i = 0; i < pieces!.length; i++) {
        const cut = overlapWith(windows, pieces!.from[i], pieces!.to[i]);
        credited[pieces!.course[i]] -= cut;
        deductedSeconds += cut;
      }
      sweep = { ...sweep, credited };
    }
  }
  const copied = deduct.includes('copy-paste') ? deductedCommentsOf(data) : undefined;
  const counted = copied ? rec.comments.filter((c) => !copied.has(c)) : rec.comments;
  const deductedComments = rec.comments.length - counted.length;
  const commented = commentedCourses(counted, range, period.online.minCommentChars);
  const watched = new Set<number>();
  let creditedSeconds = 0;
  for (let c = 0; c < courses.length; c++) {
    creditedSeconds += sweep.credited[c];
    if (sweep.credited[c] > 0 && isWatched(sweep.credited[c], courses[c], period.online.watchRatio)) watched.add(c);
  }
  let required = 0, requiredWatched = 0, requiredCommented = 0;
  for (let c = 0; c < courses.length; c++) {
    if (!courses[c].required) continue;
    required++;
    if (watched.has(c)) requiredWatched++;
    if (commented.has(c)) requiredCommented++;
  }
  const exempt = p.partySchoolPassed;
  const onlineDone = exempt || (requiredWatched === required && requiredCommented === required);
  const onlineHours = onlineDone ? period.online.hours : 0;
  const totalHours = onlineHours + offline.hours;
  const qualified = meetsRequirements(totalHours, period.requiredHours, reports.counted, reports.required);
  return {
    deadline, range, sweep, watched, commented, creditedSeconds, required, requiredWatched, requiredCommented,
    onlineHours, offline, reports, totalHours, qualified, deductedSeconds, deductedComments, deduct,
  };
}

/**
 * Whether the person is qualified (优秀 or 合格) as of `asOfDay`: the grade of evaluatePerson,
 * without building the result (qualifiedOn asks this a few times per person).
 */
export function qualifiedAsOf(data: Dataset, index: number, asOfDay: number): boolean {
  return assess(data, index, asOfDay, undefined, undefined, true)?.qualified ?? false;
}

// Per dataset, the credit at which each course counts as watched: the sweep notes the instant
// each is reached, for qualifiedOn's first guess.
const needs = new WeakMap<Dataset, Float64Array>();
function watchedNeeds(data: Dataset): Float64Array {
  let need = needs.get(data);
  if (!need) needs.set(data, need = Float64Array.from(data.courses, (c) => data.period.online.watchRatio * c.durationSec - WATCHED_TOLERANCE));
  return need;
}

/** Evaluate person `index` of the dataset as of `asOfDay` (the dataset's own by default). */
export function evaluatePerson(
  data: Dataset, index: number, asOfDay: number = data.asOf, onCredit?: CreditListener,
): Evaluation {
  const { period, courses } = data;
  const rec = data.people[index];
  const p = rec.person;
  const a = assess(data, index, asOfDay, onCredit, watchedNeeds(data));
  const { deadline, range, watched, commented, offline, reports } = a;
  const missingWatch: string[] = [], missingComment: string[] = [];
  for (let c = 0; c < courses.length; c++) {
    if (!courses[c].required) continue;
    if (!watched.has(c)) missingWatch.push(courses[c].courseId);
    if (!commented.has(c)) missingComment.push(courses[c].courseId);
  }
  const exempt = p.partySchoolPassed;

  // Offline must make up what online cannot: requiredHours − online.hours, within the cap.
  const offlineTarget = Math.min(period.offline.cap, Math.max(0, period.requiredHours - period.online.hours));
  let outsideComments = 0;
  for (const c of rec.comments) if (c.at < range.from || c.at >= range.to) outsideComments++;

  const result: PersonResult = {
    personId: p.personId,
    name: p.name,
    category: p.category,
    unitId: p.unitId,
    branchId: p.branchId,
    role: p.role,
    registeredOn: p.registeredOn === null ? null : formatDay(p.registeredOn),
    deadline: formatDay(deadline.day),
    online: {
      hours: a.onlineHours,
      exempt,
      coursesRequired: a.required,
      coursesWatched: a.requiredWatched,
      coursesCommented: a.requiredCommented,
      creditedMinutes: round2(a.creditedSeconds / 60),
    },
    offline: { hours: round2(offline.hours), sessions: offline.sessions, selfStudy: offline.selfStudy },
    totalHours: round2(a.totalHours),
    reports: { counted: reports.counted, required: reports.required, recommended: reports.recommended },
    grade: gradeOf(a.qualified, reports.recommended, asOfDay, deadline.day),
    qualifiedOn: null,
    missing: {
      // The exempt lack nothing online: the party school's pass stands for it.
      watch: exempt ? [] : missingWatch,
      comment: exempt ? [] : missingComment,
      offlineHours: round2(Math.max(0, offlineTarget - offline.hours)),
      reports: Math.max(0, reports.required - reports.counted),
    },
  };
  // Absent unless something was withheld, so outputs without deduction stay as they were.
  if (a.deductedSeconds > 0 || a.deductedComments > 0) {
    result.deducted = { rules: [...a.deduct], minutes: round2(a.deductedSeconds / 60), comments: a.deductedComments };
  }
  return { result, deadline, range, sweep: a.sweep, watched, commented, offline, reports, outsideComments };
}
