/**
 * zh-CN display formatting. Pure and deterministic: no Intl time zones, no clock; calendar
 * arithmetic comes from the contract's calendar module (Beijing days as integers).
 */
import { parseDay } from '../../pipeline/contract/calendar.ts';

/** A rate 0…1 as a percentage with one decimal: 0.8537 → "85.4%". */
export function pct(rate: number, digits = 1): string {
  return `${(rate * 100).toFixed(digits)}%`;
}

/** A difference of two rates in 百分点: +3.2 个百分点 / −1.0 个百分点 / 持平. */
export function pointsDiff(rate: number, reference: number): string {
  const d = Math.round((rate - reference) * 1000) / 10;
  if (d === 0) return '持平';
  return `${d > 0 ? '高' : '低'} ${Math.abs(d).toFixed(1)} 个百分点`;
}

/** Hours without trailing zeros: 4 → "4", 4.5 → "4.5", 5.67 → "5.67". */
export function hours(h: number): string {
  return String(Math.round(h * 100) / 100);
}

/** An average in a table column: always two decimals, so the column lines up (6.10, 7.18). */
export function avg(h: number): string {
  return (Math.round(h * 100) / 100).toFixed(2);
}

/**
 * A branch name without its unit's name in front, for a page that already names the unit:
 * "州生态环境局机关第一党支部" on the 州生态环境局 page → "机关第一党支部".
 */
export function withinUnit(branchName: string, unitName: string): string {
  const rest = branchName.startsWith(unitName) ? branchName.slice(unitName.length).trim() : '';
  return rest.length >= 2 ? rest : branchName;
}

/** An integer with thousands separators, for pages and tables: 20000 → "20,000". */
export function int(n: number): string {
  return plainInt(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An integer as official documents (the 通报) write counts: plain digits, no separators: 20000 → "20000". */
export function plainInt(n: number): string {
  return String(Math.round(n));
}

function parts(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number);
  return [y, m, d];
}

/** "2020-02-24" → "2020年2月24日". */
export function dayLong(day: string): string {
  const [y, m, d] = parts(day);
  return `${y}年${m}月${d}日`;
}

/** "2020-02-24" → "2月24日". */
export function dayShort(day: string): string {
  const [, m, d] = parts(day);
  return `${m}月${d}日`;
}

/** Day number of a "YYYY-MM-DD" day (days since 1970-01-01). */
export function dayNumber(day: string): number {
  const n = parseDay(day);
  if (typeof n !== 'number') throw new Error(`无效日期：${day}`);
  return n;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}
