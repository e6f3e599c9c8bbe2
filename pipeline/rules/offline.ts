/**
 * Offline credit (docs/rules.md): collective sessions and confirmed self-study, by category.
 */
import type { SelfStudy, Session } from '../contract/model.ts';
import type { Category } from '../contract/fields.ts';
import type { OfflineRates, Period } from '../contract/period.ts';
import { dayInRange, type Range } from './deadline.ts';

/** The member or 党外干部 numbers of the period. */
export function offlineRatesOf(period: Period, category: Category): OfflineRates {
  return category === '党员' ? period.offline.member : period.offline.nonMember;
}

export interface OfflineCredit {
  readonly hours: number;
  /** Distinct sessions attended in range, at most maxSessions. */
  readonly sessions: number;
  readonly selfStudy: boolean;
  /** Attendance and self-study rows wholly outside the range (ignored rows). */
  readonly outsideAttendance: number;
  readonly outsideSelfStudy: number;
}

/**
 * min(cap, min(sessions, maxSessions) × hoursPerSession + (selfStudy ? selfStudyHours : 0)):
 * the hours of `sessions` distinct sessions in range and a confirmed self-study or not.
 */
export function offlineHours(period: Period, rates: OfflineRates, sessions: number, selfStudy: boolean): number {
  return Math.min(period.offline.cap, Math.min(sessions, rates.maxSessions) * rates.hoursPerSession + (selfStudy ? rates.selfStudyHours : 0));
}

export function offlineCredit(
  period: Period, category: Category, attendance: readonly number[], sessions: readonly Session[],
  selfStudy: readonly SelfStudy[], range: Range,
): OfflineCredit {
  const rates = offlineRatesOf(period, category);
  const attended = new Set<number>();
  let outsideAttendance = 0, outsideSelfStudy = 0;
  for (const s of attendance) {
    if (dayInRange(range, sessions[s].day)) attended.add(s);
    else outsideAttendance++;
  }
  let confirmed = false;
  for (const s of selfStudy) {
    if (!dayInRange(range, s.day)) outsideSelfStudy++;
    else if (s.confirmed) confirmed = true;
  }
  const hours = offlineHours(period, rates, attended.size, confirmed);
  return { hours, sessions: Math.min(attended.size, rates.maxSessions), selfStudy: confirmed, outsideAttendance, outsideSelfStudy };
}
