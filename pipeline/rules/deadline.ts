/**
 * A person's deadline and the range in which their events count (docs/rules.md).
 */
import { addMonths, parseDay, startOfDay } from '../contract/calendar.ts';
import type { Period } from '../contract/period.ts';

/** Day number of an ISO day of period.json (validated by PeriodSchema, so always a day). */
export function periodDay(iso: string): number {
  return parseDay(iso) as number;
}

/** 逾期注册 (docs/rules.md): registered after registrationDeadline — a warning, never a penalty. */
export function registeredLate(period: Period, registeredOn: number | null): boolean {
  return registeredOn !== null && registeredOn > periodDay(period.registrationDeadline);
}

export interface Deadline {
  /** The person's last day. */
  readonly day: number;
  /** An extension asked for more than maxExtensionMonths and was cut back. */
  readonly clamped: boolean;
}

/**
 * The later of window.end and the latest extension naming the person or their branch,
 * clamped to window.end + maxExtensionMonths calendar months.
 */
export function deadlineOf(period: Period, extensionDays: readonly number[]): Deadline {
  const end = periodDay(period.window.end);
  const limit = addMonths(end, period.maxExtensionMonths);
  let latest = end;
  for (const d of extensionDays) if (d > latest) latest = d;
  return latest > limit ? { day: limit, clamped: true } : { day: latest, clamped: false };
}

/** The instants [from, to) in which a person's events count: [S, min(D(p), T)). */
export interface Range {
  readonly from: number;
  readonly to: number;
}

/** S = window.start 00:00; D = 00:00 after the deadline day; T = 00:00 after the as-of day. */
export function rangeOf(period: Period, deadlineDay: number, asOfDay: number): Range {
  return {
    from: startOfDay(periodDay(period.window.start)),
    to: Math.min(startOfDay(deadlineDay + 1), startOfDay(asOfDay + 1)),
  };
}

export function inRange(range: Range, instant: number): boolean {
  return instant >= range.from && instant < range.to;
}

/** A calendar-day event (a session, a self-study) counts when its 00:00 lies in the range. */
export function dayInRange(range: Range, day: number): boolean {
  return inRange(range, startOfDay(day));
}
