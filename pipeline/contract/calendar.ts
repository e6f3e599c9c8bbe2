/**
 * Calendar days and instants in Beijing time (+08:00) — the one place that knows about dates.
 *
 * - A *day* is an integer: days since 1970-01-01 on the civil calendar (time-zone free).
 * - An *instant* is an integer: seconds since the Unix epoch.
 * Nothing here reads the machine's clock or time zone; `Date` is never used, so the same
 * input gives the same numbers on any machine.
 */

/** Seconds east of UTC of Beijing time: every wall-clock time without an offset is read in it. */
export const BEIJING_OFFSET_SECONDS = 8 * 3600;
export const SECONDS_PER_DAY = 86400;

/** Day number of a civil date (proleptic Gregorian), after Howard Hinnant's days_from_civil. */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number. */
export function civilFromDay(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** "YYYY-MM-DD" of a day number. */
export function formatDay(dayNumber: number): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** The instant of 00:00 Beijing time of a day. */
export function startOfDay(dayNumber: number): number {
  return dayNumber * SECONDS_PER_DAY - BEIJING_OFFSET_SECONDS;
}

/** The Beijing calendar day an instant falls on. */
export function dayOfInstant(instant: number): number {
  return Math.floor((instant + BEIJING_OFFSET_SECONDS) / SECONDS_PER_DAY);
}

/** "YYYY-MM-DD HH:mm:ss" of an instant, in Beijing time (for messages and listings). */
export function formatInstant(instant: number): string {
  const day = dayOfInstant(instant);
  const s = instant - startOfDay(day);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const p = (n: number) => (n < 10 ? '0' : '') + n;
  return `${formatDay(day)} ${p(hh)}:${p(mm)}:${p(ss)}`;
}

/**
 * The same day `months` calendar months later; a day that month lacks becomes its last day
 * (2020-01-31 + 1 month = 2020-02-29).
 */
export function addMonths(dayNumber: number, months: number): number {
  const { year, month, day } = civilFromDay(dayNumber);
  const m0 = month - 1 + months;
  const y = year + Math.floor(m0 / 12);
  const m = (((m0 % 12) + 12) % 12) + 1;
  return dayFromCivil(y, m, Math.min(day, daysInMonth(y, m)));
}

/** A parse result: the number, or a Chinese reason why the text is not one. */
export type NumberOrReason = number | string;

const DATE_HINT = '应为 2020-01-13、2020/1/13、2020.1.13、2020年1月13日 或 20200113';

function checkedDay(y: number, m: number, d: number, text: string): NumberOrReason {
  if (m < 1 || m > 12) return `日期“${text}”的月份 ${m} 不存在`;
  if (d < 1 || d > daysInMonth(y, m)) return `日期“${text}”不存在（${y}年${m}月没有${d}日）`;
  return dayFromCivil(y, m, d);
}

const DAY_SEPARATED = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const DAY_CHINESE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const DAY_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
/** Excel's day count since 1899-12-30, as a sheet shows it when a date column lost its format. */
const EXCEL_SERIAL = /^\d{5}(\.\d+)?$/;

/** A calendar day from already NFKC-normalised, trimmed text. */
export function parseDay(text: string): NumberOrReason {
  // Fast path: exactly YYYY-MM-DD.
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    const y = digits(text, 0, 4), m = digits(text, 5, 7), d = digits(text, 8, 10);
    if (y >= 0 && m >= 0 && d >= 0) return checkedDay(y, m, d, text);
  }
  let g = DAY_SEPARATED.exec(text);
  if (g) return checkedDay(+g[1], +g[3], +g[4], text);
  g = DAY_CHINESE.exec(text);
  if (g) return checkedDay(+g[1], +g[2], +g[3], text);
  g = DAY_COMPACT.exec(text);
  if (g) return checkedDay(+g[1], +g[2], +g[3], text);
  if (EXCEL_SERIAL.test(text)) return `“${text}”像是 Excel 的日期序号，请把该列设为日期格式后另存为 CSV（${DATE_HINT}）`;
  return `无法识别的日期“${text}”（${DATE_HINT}）`;
}

/** Integer value of the decimal digits text[from, to), or -1 when any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

let cachedDayText = -1, cachedDayNumber = 0;

/**
 * The platform's own export format, exactly "YYYY-MM-DD HH:mm:ss" (Beijing time), read in
 * place at `text[at]` without cutting a substring — the hot path of millions of view rows.
 * NaN when the 19 characters there are anything else (the general parser then decides).
 */
export function parsePlatformInstantAt(text: string, at: number): number {
  if (text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45 || text.charCodeAt(at + 10) !== 32 ||
      text.charCodeAt(at + 13) !== 58 || text.charCodeAt(at + 16) !== 58) return NaN;
  // Each digit minus '0'; `| ` of them all catches any non-digit (negative or above 9 sets bit 4+).
  const y0 = text.charCodeAt(at) - 48, y1 = text.charCodeAt(at + 1) - 48, y2 = text.charCodeAt(at + 2) - 48, y3 = text.charCodeAt(at + 3) - 48;
  const m0 = text.charCodeAt(at + 5) - 48, m1 = text.charCodeAt(at + 6) - 48;
  const d0 = text.charCodeAt(at + 8) - 48, d1 = text.charCodeAt(at + 9) - 48;
  const h0 = text.charCodeAt(at + 11) - 48, h1 = text.charCodeAt(at + 12) - 48;
  const i0 = text.charCodeAt(at + 14) - 48, i1 = text.charCodeAt(at + 15) - 48;
  const s0 = text.charCodeAt(at + 17) - 48, s1 = text.charCodeAt(at + 18) - 48;
  const bits = y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1 | h0 | h1 | i0 | i1 | s0 | s1;
  if (bits < 0 || bits > 15 || y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9 ||
      h0 > 9 || h1 > 9 || i0 > 9 || i1 > 9 || s0 > 9 || s1 > 9) return NaN;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3, mo = m0 * 10 + m1, d = d0 * 10 + d1;
  const h = h0 * 10 + h1, mi = i0 * 10 + i1, s = s0 * 10 + s1;
  if (h > 23 || mi > 59 || s > 59) return NaN;
  // Consecutive rows mostly share their day: remember the last one.
  const key = (y * 100 + mo) * 100 + d;
  if (key !== cachedDayText) {
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
    cachedDayText = key;
    cachedDayNumber = dayFromCivil(y, mo, d);
  }
  return cachedDayNumber * SECONDS_PER_DAY - BEIJING_OFFSET_SECONDS + h * 3600 + mi * 60 + s;
}

const TIME_PART = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
/** WPS's and Excel's Chinese form: 9时5分[3秒]. */
const TIME_CHINESE = /^(\d{1,2})时(\d{1,2})分(?:(\d{1,2})秒)?$/;
/** A 12-hour clock's marker before or after the time: 上午/下午 (WPS, zh-CN Excel) or AM/PM. */
const MERIDIEM_BEFORE = /^(上午|下午|am|pm|a\.m\.|p\.m\.)\s*/i;
const MERIDIEM_AFTER = /\s*(上午|下午|am|pm|a\.m\.|p\.m\.)$/i;
const OFFSET_PART = /^(?:Z|([+-])(\d{2})(?::?(\d{2}))?)$/i;
const DATETIME_HINT = '应为“日期 时:分[:秒]”，如 2020-01-13 09:30:00、2020年1月13日 9时30分、2020/1/13 9:30 PM，或 ISO 8601 如 2020-01-13T09:30:00+08:00';

function timeSeconds(text: string, whole: string): NumberOrReason {
  // A 12-hour time: 12:xx AM is 0:xx, 12:xx PM is 12:xx, h PM is h + 12.
  let pm: boolean | null = null;
  const before = MERIDIEM_BEFORE.exec(text) ?? MERIDIEM_AFTER.exec(text);
  if (before) {
    pm = /^(下午|pm|p\.m\.)$/i.test(before[1]);
    text = text.slice(0, before.index) + text.slice(before.index + before[0].length);
  }
  const g = TIME_PART.exec(text) ?? TIME_CHINESE.exec(text);
  if (!g) return `无法识别的时间“${whole}”（${DATETIME_HINT}）`;
  let h = +g[1];
  const mi = +g[2], s = g[3] === undefined ? 0 : +g[3];
  if (pm !== null) {
    if (h < 1 || h > 12) return `时间“${whole}”是 12 小时制，小时 ${h} 应在 1–12 之间`;
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (h > 23) return `时间“${whole}”的小时 ${h} 超出 0–23`;
  if (mi > 59) return `时间“${whole}”的分钟 ${mi} 超出 0–59`;
  if (s > 59) return `时间“${whole}”的秒 ${s} 超出 0–59`;
  return h * 3600 + mi * 60 + s;
}

/**
 * An instant from already NFKC-normalised, trimmed text: a day (any form `parseDay` takes)
 * followed by ` H:mm[:ss]`, read in Beijing time; or ISO 8601 `YYYY-MM-DDTHH:mm[:ss][offset]`,
 * without offset read in Beijing time. Fractions of a second are dropped.
 */
export function parseInstant(text: string): NumberOrReason {
  if (text.length === 19) {
    const fast = parsePlatformInstantAt(text, 0);
    if (fast === fast) return fast; // not NaN
  }
  const short = parseShortInstant(text);
  return short === short ? short : parseInstantGeneral(text);
}

/** Value of 1–2 decimal digits at text[at] and where they end, or -1 (no digit). */
let scanEnd = 0;
function scanDigits12(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  if (!(a >= 0 && a <= 9)) return -1;
  const b = text.charCodeAt(at + 1) - 48;
  if (b >= 0 && b <= 9) { scanEnd = at + 2; return a * 10 + b; }
  scanEnd = at + 1;
  return a;
}

/**
 * "YYYY/M/D H:mm[:ss]" or "YYYY-M-D H:mm[:ss]", exactly (one space, nothing else): how Excel
 * rewrites the platform's times when a sheet is saved again. NaN for anything else, including
 * a value out of range, so that the general parser decides and words the message.
 */
function parseShortInstant(text: string): number {
  const n = text.length;
  if (n < 12 || n > 19) return NaN;
  const sep = text.charCodeAt(4);
  if (sep !== 45 && sep !== 47) return NaN;
  const y = digits(text, 0, 4);
  if (y < 0) return NaN;
  const mo = scanDigits12(text, 5);
  if (mo < 0 || text.charCodeAt(scanEnd) !== sep) return NaN;
  const d = scanDigits12(text, scanEnd + 1);
  if (d < 0 || text.charCodeAt(scanEnd) !== 32) return NaN;
  const h = scanDigits12(text, scanEnd + 1);
  if (h < 0 || text.charCodeAt(scanEnd) !== 58) return NaN;
  const at = scanEnd + 1;
  const mi = at + 2 <= n ? digits(text, at, at + 2) : -1;
  let sec = 0;
  if (mi < 0) return NaN;
  if (at + 2 !== n) {
    if (at + 5 !== n || text.charCodeAt(at + 2) !== 58) return NaN;
    sec = digits(text, at + 3, at + 5);
    if (sec < 0) return NaN;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59) return NaN;
  return dayFromCivil(y, mo, d) * SECONDS_PER_DAY - BEIJING_OFFSET_SECONDS + h * 3600 + mi * 60 + sec;
}

/** parseInstant without its fast paths: every form, every message (tests compare the two). */
export function parseInstantGeneral(text: string): NumberOrReason {
  let datePart: string, timePart: string, offsetSeconds = BEIJING_OFFSET_SECONDS;
  const t = text.indexOf('T') >= 0 ? text.indexOf('T') : text.indexOf('t');
  if (t === 10) {
    datePart = text.slice(0, 10);
    let rest = text.slice(11);
    const m = /(Z|z|[+-]\d{2}(?::?\d{2})?)$/.exec(rest);
    if (m) {
      const o = OFFSET_PART.exec(m[1]);
      if (!o) return `无法识别的时区“${text}”`;
      if (o[1]) {
        const oh = +o[2], om = o[3] === undefined ? 0 : +o[3];
        if (oh > 14 || om > 59) return `时区“${m[1]}”超出范围`;
        offsetSeconds = (o[1] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
      } else offsetSeconds = 0;
      rest = rest.slice(0, rest.length - m[1].length);
    }
    timePart = rest;
  } else {
    // The date, then the time: H:mm[:ss] or H时m分[s秒], with 上午/下午/AM/PM before or after.
    const m = /^(\d{4}年\d{1,2}月\d{1,2}日|\d{4}([-/.])\d{1,2}\2\d{1,2}|\d{8})\s*((?:上午|下午|am|pm|a\.m\.|p\.m\.)?\s*\d{1,2}[:时].*)$/i.exec(text) ??
      /^(.+?日|\S+)\s*(\d{1,2}:.*)$/.exec(text);
    if (!m) {
      const day = parseDay(text);
      if (typeof day === 'number') return `“${text}”只有日期没有时间（${DATETIME_HINT}）`;
      if (EXCEL_SERIAL.test(text)) return `“${text}”像是 Excel 的日期时间序号，请把该列设为“yyyy-mm-dd hh:mm:ss”格式后另存为 CSV`;
      return `无法识别的日期时间“${text}”（${DATETIME_HINT}）`;
    }
    datePart = m[1].trim();
    timePart = m[m.length - 1].trim();
  }
  const day = parseDay(datePart);
  if (typeof day === 'string') return day;
  const secs = timeSeconds(timePart, text);
  if (typeof secs === 'string') return secs;
  return day * SECONDS_PER_DAY - offsetSeconds + secs;
}

/**
 * The `--as-of` option, as the pipeline (cli.ts) and the site build (site/scripts/build.ts) both
 * read it: a day in any form `parseDay` accepts (full-width digits and spaces too), returned as
 * "YYYY-MM-DD" — or the Chinese message saying why it is not a day.
 */
export function asOfOption(text: string): { readonly day: string } | { readonly problem: string } {
  const day = parseDay(text.normalize('NFKC').trim());
  return typeof day === 'number' ? { day: formatDay(day) } : { problem: `--as-of “${text}” 不是有效的日期：${day}` };
}
