/**
 * Is the as-of day plausible for this drop (docs/gate.md outside-window)? A typed year or month in
 * period.json's asOf (2021 for 2020, 01 for 02) silently moves everyone's deadline and the
 * drop's place among the drops. An asOf before the window's start is fatal: no snapshot of a
 * period can be taken before it begins. An asOf more than 60 days after the drop's latest event
 * is a warning naming both days. (An asOf before some events of the drop is not questioned here:
 * exports carry stray rows dated after the snapshot; drops/collect.ts looks at it when two drops
 * of a root collide or come in an odd order.)
 */
import { resolve } from 'node:path';
import { formatDay, parseDay } from '../contract/calendar.ts';
import type { Period } from '../contract/period.ts';
import { FatalInputError } from './errors.ts';
import type { QualityTally } from './quality-tally.ts';

/** Days an asOf may lie after the drop's latest event before it is questioned. */
export const AS_OF_SLACK_DAYS = 60;

/**
 * The latest event day of each dataset folder read in this process (absolute path → day
 * number): what drops/collect.ts needs to tell which of two drops has the implausible asOf.
 */
const latestEvents = new Map<string, number>();

/** The day of the latest event of the dataset folder `dir`, if it was read in this process (and had events). */
export function latestEventDayOf(dir: string): number | undefined {
  const day = latestEvents.get(resolve(dir));
  return day === undefined || day === -Infinity ? undefined : day;
}

export function checkAsOf(dir: string, period: Period, asOf: number, latestEventDay: number, qualityTally: QualityTally, option: string | undefined): void {
  latestEvents.set(resolve(dir), latestEventDay);
  const where = option !== undefined ? '--as-of' : period.asOf !== undefined ? 'period.json 的 asOf' : null;
  const start = parseDay(period.window.start) as number;
  if (asOf < start && where !== null) {
    throw new FatalInputError(option !== undefined ? '--as-of' : 'period.json', `数据截至日（${where}）${formatDay(asOf)} 早于本期学习培训开始日 ${period.window.start}：本期尚未开始，不可能有这一天的数据。` +
      `常见原因是年份或月份写错（如 ${period.window.end.slice(0, 4)} 写成了 ${Number(period.window.end.slice(0, 4)) - 1}）。请改正${where}后重新运行`);
  }
  if (where === null || latestEventDay === -Infinity) return; // derived from the data: plausible by construction
  if (asOf - latestEventDay > AS_OF_SLACK_DAYS) {
    qualityTally.warn('asOfImplausible', 'period.json', null, `数据截至日（${where}）${formatDay(asOf)} 比数据中最晚的事件 ${formatDay(latestEventDay)} 晚 ${asOf - latestEventDay} 天：` +
      `常见原因是年份写错（如 2020 写成 2021）。截至日决定每个人的截止日是否已过，写错会把仍在学习的人判为不合格。请核对${where}；若数据确实是这么久之后才导出的，可忽略此提示`);
  }
}
