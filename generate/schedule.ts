/**
 * When things happen: the period's days as day numbers, how busy each day is, and the hours
 * people study at. Xinjiang keeps Beijing time on the clock but works 10:00–14:00 and
 * 16:00–20:00, so activity clusters there and in the evening; the 2020 Spring Festival holiday
 * (24 Jan – 2 Feb, extended that year) and 劳动节 (1–5 May) are quiet, and the last week before
 * the deadline is busy.
 */
import { dayFromCivil, parseDay, startOfDay } from '../pipeline/contract/calendar.ts';
import type { Period } from '../pipeline/contract/period.ts';
import type { Random } from './random.ts';

export interface Schedule {
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly asOf: number;
  readonly registrationDeadline: number;
  /** The last day an extension may reach (window end + maxExtensionMonths). */
  readonly extensionLimit: number;
}

function day(text: string): number {
  const d = parseDay(text);
  if (typeof d !== 'number') throw new Error(`period: ${d}`);
  return d;
}

export function scheduleOf(period: Period, extensionLimit: number): Schedule {
  return {
    windowStart: day(period.window.start),
    windowEnd: day(period.window.end),
    asOf: day(period.asOf ?? period.window.end),
    registrationDeadline: day(period.registrationDeadline),
    extensionLimit,
  };
}

/** Public holidays of 2020 that fall in a period: Spring Festival (extended that year) and 劳动节 (1–5 May). */
const HOLIDAYS: readonly (readonly [from: number, to: number])[] = [
  [dayFromCivil(2020, 1, 24), dayFromCivil(2020, 2, 2)],
  [dayFromCivil(2020, 5, 1), dayFromCivil(2020, 5, 5)],
];

function isHoliday(dayNumber: number): boolean {
  return HOLIDAYS.some(([from, to]) => dayNumber >= from && dayNumber <= to);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function isWorkday(dayNumber: number): boolean {
  const w = weekday(dayNumber);
  return w !== 0 && w !== 6 && !isHoliday(dayNumber);
}

/** Relative amount of study on a day of the window. */
export function activityWeight(dayNumber: number, s: Schedule): number {
  let w = isWorkday(dayNumber) ? 1 : isHoliday(dayNumber) ? 0.35 : 0.5;
  if (dayNumber < s.windowStart + 4) w *= 0.6;
  if (dayNumber > s.windowEnd - 7) w *= 1.6;
  return w;
}

/** `count` days in [from, to], drawn with replacement by activity weight, sorted. */
export function pickDays(rng: Random, from: number, to: number, count: number, s: Schedule): number[] {
  if (to < from) to = from;
  const weights: number[] = [];
  for (let d = from; d <= to; d++) weights.push(activityWeight(d, s));
  const days: number[] = [];
  for (let i = 0; i < count; i++) days.push(from + rng.weightedIndex(weights));
  return days.sort((a, b) => a - b);
}

const STUDY_HOURS: readonly (readonly [number, number])[] = [
  [9, 0.3], [10, 1], [11, 1.2], [12, 1], [13, 0.6], [14, 0.3], [15, 0.5], [16, 1], [17, 1.1],
  [18, 0.9], [19, 0.6], [20, 0.7], [21, 1.1], [22, 0.9], [23, 0.3],
];

/** An instant on `dayNumber` at a typical study hour, to the second. */
export function studyTime(rng: Random, dayNumber: number): number {
  return startOfDay(dayNumber) + rng.weighted(STUDY_HOURS) * 3600 + rng.integer(0, 3599);
}

/** An instant on `dayNumber` during office hours (sessions, reviews). */
export function officeTime(rng: Random, dayNumber: number): number {
  return startOfDay(dayNumber) + rng.pick([10, 11, 12, 13, 16, 17, 18, 19]) * 3600 + rng.integer(0, 3599);
}
