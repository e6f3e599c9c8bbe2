/**
 * Which drop of a root has the implausible asOf (docs/gate.md: an asOf typo must be blamed on the
 * drop that has it, not on the older, correct one). A drop's asOf is its identity and its place
 * among the drops; its own data says whether the day can be right: a snapshot holds no events
 * well after the day it was taken (exports carry a few stray later rows: a week of slack), and an
 * asOf more than 60 days after the drop's latest event is most likely a typed year.
 */
import { formatDay, parseDay } from '../contract/calendar.ts';
import { AS_OF_SLACK_DAYS } from '../ingest/as-of.ts';

/** Days a drop's latest event may lie after its asOf (stray rows) before the asOf is doubted. */
export const LATE_EVENT_DAYS = 7;

/** Why `asOf` cannot be this drop's (in Chinese), or null when it fits the drop's latest event (or that is unknown). */
export function implausibleAsOf(asOf: string, latestEventDay: number | undefined): string | null {
  if (latestEventDay === undefined) return null;
  const day = parseDay(asOf) as number;
  if (latestEventDay - day > LATE_EVENT_DAYS) {
    return `其数据中最晚的事件在 ${formatDay(latestEventDay)}，比它的 asOf ${asOf} 晚 ${latestEventDay - day} 天——在 ${asOf} 导出的数据不可能包含这么晚的记录`;
  }
  if (day - latestEventDay > AS_OF_SLACK_DAYS) {
    return `它的 asOf ${asOf} 比其数据中最晚的事件 ${formatDay(latestEventDay)} 晚 ${day - latestEventDay} 天`;
  }
  return null;
}
