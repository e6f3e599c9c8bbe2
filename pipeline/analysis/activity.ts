/**
 * When a person last studied (any record that counts toward a requirement, in their range):
 * the 预警's days without study and the funnel's `started` rest on it.
 */
import { dayOfInstant } from '../contract/calendar.ts';
import type { Dataset, PersonRecord } from '../contract/model.ts';

export interface RangeLike {
  readonly from: number;
  readonly to: number;
}

/**
 * The last day with study in [range.from, range.to): `lastCredited` is the end of the person's
 * last credited viewing (from the sweep; -Infinity for none), then comments, sessions attended,
 * self-study rows and reports. null when there is none.
 */
export function lastStudyDay(data: Dataset, rec: PersonRecord, range: RangeLike, lastCredited: number): number | null {
  let last = lastCredited > range.from ? dayOfInstant(lastCredited - 1e-6) : -Infinity;
  const inRange = (at: number) => at >= range.from && at < range.to;
  const fromDay = dayOfInstant(range.from), toDay = dayOfInstant(range.to - 1e-6);
  const dayIn = (d: number) => d >= fromDay && d <= toDay;
  for (const c of rec.comments) if (inRange(c.at)) last = Math.max(last, dayOfInstant(c.at));
  for (const s of rec.attendance) { const d = data.sessions[s].day; if (dayIn(d)) last = Math.max(last, d); }
  for (const s of rec.selfStudy) if (dayIn(s.day)) last = Math.max(last, s.day);
  for (const r of rec.reports) if (inRange(r.submittedAt)) last = Math.max(last, dayOfInstant(r.submittedAt));
  return last === -Infinity ? null : last;
}
