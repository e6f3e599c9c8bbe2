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

/**
 * A message of the pipeline (a rejected row's reason, a warning) as a page shows it: ISO days
 * in Chinese (2020-01-23 → 2020年1月23日, a time after it kept), and a line break quoted from a
 * cell shown as a space, so a cell reads as one line.
 */
export function shownMessage(text: string): string {
  return text
    .replace(/(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])/g, (_, y: string, m: string, d: string) => `${y}年${Number(m)}月${Number(d)}日`)
    .replace(/[ \t]*(?:\r\n|\r|\n|\u2028|\u2029)+[ \t]*/g, ' ');
}

/** "共25个单位，其中1个尚未注册" — the same count of units on every page. */
export function unitCount(units: number, gaps: number): string {
  return `共 ${int(units)} 个单位${gaps > 0 ? `，其中 ${int(gaps)} 个尚未注册` : ''}`;
}
