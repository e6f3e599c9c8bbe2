/**
 * One person's result (SPEC §2): deadline, online and offline credit, reports, grade, what is
 * still missing, and the first day they were qualified.
 */
import { formatDay } from '../contract/calendar.ts';
import type { Dataset } from '../contract/model.ts';
import type { PersonResult } from '../contract/outputs.ts';
import { deadlineOf, periodDay, rangeOf, type Deadline, type Range } from './deadline.ts';
import { gradeOf, isQualified } from './grade.ts';
import { offlineCredit, type OfflineCredit } from './offline.ts';
import { commentedCourses, creditPerCourse, isWatched, type CreditListener, type Sweep } from './online.ts';
import { reportCredit, type ReportCredit } from './reports.ts';

/** Two decimals, for hours and minutes in the output (exact sums stay exact: 4, 1.5 …). */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export interface Evaluation {
  readonly result: PersonResult;
  readonly deadline: Deadline;
  readonly range: Range;
  readonly sweep: Sweep;
  /** Course indices watched / commented (any course, required or not). */
  readonly watched: ReadonlySet<number>;
  readonly commented: ReadonlySet<number>;
  readonly offline: OfflineCredit;
  readonly reports: ReportCredit;
  /** Comments written outside the range (ignored rows). */
  readonly outsideComments: number;
}

/** Evaluate person `index` of the dataset as of `asOfDay` (the dataset's own by default). */
export function evaluatePerson(
  data: Dataset, index: number, asOfDay: number = data.asOf, onCredit?: CreditListener,
): Evaluation {
  const { period, courses } = data;
  const rec = data.people[index];
  const p = rec.person;
  const deadline = deadlineOf(period, rec.extensions);
  const range = rangeOf(period, deadline.day, asOfDay);

  const sweep = creditPerCourse(data.views, index, courses, range, onCredit);
  const commented = commentedCourses(rec.comments, range, period.online.minCommentChars);
  const watched = new Set<number>();
  let creditedSeconds = 0;
  for (let c = 0; c < courses.length; c++) {
    creditedSeconds += sweep.credited[c];
    if (sweep.credited[c] > 0 && isWatched(sweep.credited[c], courses[c], period.online.watchRatio)) watched.add(c);
  }
  const missingWatch: string[] = [], missingComment: string[] = [];
  let required = 0, requiredWatched = 0, requiredCommented = 0;
  for (let c = 0; c < courses.length; c++) {
    if (!courses[c].required) continue;
    required++;
    if (watched.has(c)) requiredWatched++; else missingWatch.push(courses[c].courseId);
    if (commented.has(c)) requiredCommented++; else missingComment.push(courses[c].courseId);
  }
  const exempt = p.partySchoolPassed;
  const onlineDone = exempt || (requiredWatched === required && requiredCommented === required);
  const onlineHours = onlineDone ? period.online.hours : 0;

  const offline = offlineCredit(period, p.category, rec.attendance, data.sessions, rec.selfStudy, range);
  const reports = reportCredit(period, p.category, rec.reports, range);
  const totalHours = onlineHours + offline.hours;
  const qualified = isQualified(totalHours, period.requiredHours, reports.counted, reports.required);

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
      hours: onlineHours,
      exempt,
      coursesRequired: required,
      coursesWatched: requiredWatched,
      coursesCommented: requiredCommented,
      creditedMinutes: round2(creditedSeconds / 60),
    },
    offline: { hours: round2(offline.hours), sessions: offline.sessions, selfStudy: offline.selfStudy },
    totalHours: round2(totalHours),
    reports: { counted: reports.counted, required: reports.required, recommended: reports.recommended },
    grade: gradeOf(qualified, reports.recommended, asOfDay, deadline.day),
    qualifiedOn: null,
    missing: {
      // The exempt lack nothing online: the party school's pass stands for it.
      watch: exempt ? [] : missingWatch,
      comment: exempt ? [] : missingComment,
      offlineHours: round2(Math.max(0, offlineTarget - offline.hours)),
      reports: Math.max(0, reports.required - reports.counted),
    },
  };
  return { result, deadline, range, sweep, watched, commented, offline, reports, outsideComments };
}

function qualifiedAsOf(data: Dataset, index: number, day: number): boolean {
  const g = evaluatePerson(data, index, day).result.grade;
  return g === '优秀' || g === '合格';
}

/**
 * The first day on which the person was qualified, given `qualifiedNow` as of data.asOf.
 * Qualification only grows with the cut-off day (more events count, reviews count whenever
 * made), so a binary search over [window.start, asOf] finds it.
 */
export function qualifiedOn(data: Dataset, index: number, qualifiedNow: boolean): string | null {
  if (!qualifiedNow) return null;
  let lo = periodDay(data.period.window.start), hi = data.asOf;
  if (hi < lo) return null;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (qualifiedAsOf(data, index, mid)) hi = mid; else lo = mid + 1;
  }
  return formatDay(lo);
}
