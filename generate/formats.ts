/**
 * The text forms of days and instants found in real exports. The platform writes
 * "YYYY-MM-DD HH:mm:ss"; Excel re-saves as "2020/1/15 9:05"; another system sends ISO 8601
 * with an offset; people type "2020年1月13日". All in Beijing time, via pipeline/contract/calendar.
 */
import { civilFromDay, dayOfInstant, formatDay, formatInstant, startOfDay } from '../pipeline/contract/calendar.ts';
import type { Random } from './random.ts';

export type DayStyle = 'iso' | 'slash' | 'chinese';

const two = (n: number) => (n < 10 ? '0' : '') + n;

export function slashDay(day: number): string {
  const { year, month, day: d } = civilFromDay(day);
  return `${year}/${month}/${d}`;
}

export function chineseDay(day: number): string {
  const { year, month, day: d } = civilFromDay(day);
  return `${year}年${month}月${d}日`;
}

export function dayText(day: number, style: DayStyle): string {
  return style === 'iso' ? formatDay(day) : style === 'slash' ? slashDay(day) : chineseDay(day);
}

/** A day in `iso` form with probability pIso, else slash or Chinese. */
export function mixedDayText(rng: Random, day: number, pIso: number, pSlash: number): string {
  const r = rng.next();
  return dayText(day, r < pIso ? 'iso' : r < pIso + pSlash ? 'slash' : 'chinese');
}

/** The platform's "YYYY-MM-DD HH:mm:ss". */
export const standardInstant = formatInstant;

function clock(instant: number): { h: number; m: number; s: number } {
  const secs = instant - startOfDay(dayOfInstant(instant));
  return { h: Math.floor(secs / 3600), m: Math.floor((secs % 3600) / 60), s: secs % 60 };
}

/** Excel's default date-time cell format on Chinese Windows: "2020/1/15 9:05" (seconds dropped). */
export function excelInstant(instant: number): string {
  const { h, m } = clock(instant);
  return `${slashDay(dayOfInstant(instant))} ${h}:${two(m)}`;
}

/** ISO 8601 with the Beijing offset: "2020-01-15T09:05:00+08:00". */
export function isoInstant(instant: number): string {
  const { h, m, s } = clock(instant);
  return `${formatDay(dayOfInstant(instant))}T${two(h)}:${two(m)}:${two(s)}+08:00`;
}
