/**
 * When a person last studied (any record that counts toward a requirement, in their range):
 * the 预警's days without study and the funnel's `started` rest on it.
 */
import { dayOfInstant } from '../contract/calendar.ts';
import type { Dataset, PersonRecord } from '../contract/model.ts';
import { dayInRange, inRange, type Range } from '../rules/deadline.ts';

/**
 * The last day with study in [range.from, range.to): `lastCredited` is the end of the person's
 * last credited viewing (from the sweep; -Infinity for none), then comments, sessions attended,
 * self-study rows and reports. null when there is none.
 */
export function lastStudyDay(data: Dataset, rec: PersonRecord, range: Range, lastCredited: number): number | null {
  let last = lastCredited > range.from ? dayOfInstant(lastCredited - 1e-6) : -Infinity;
  // In range as the rules count it (rules/deadline.ts): instants, and calendar days by their 00:00.
  for (const c of rec.comments) if (inRange(range, c.at)) last = Math.max(last, dayOfInstant(c.at));
  for (const s of rec.attendance) { const d = data.sessions[s].day; if (dayInRange(range, d)) last = Math.max(last, d); }
  for (const s of rec.selfStudy) if (dayInRange(range, s.day)) last = Math.max(last, s.day);
  for (const r of rec.reports) if (inRange(range, r.submittedAt)) last = Math.max(last, dayOfInstant(r.submittedAt));
  return last === -Infinity ? null : last;
}
