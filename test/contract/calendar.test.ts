import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths, civilFromDay, dayFromCivil, dayOfInstant, formatDay, formatInstant, parseDay, parseInstant, parseInstantGeneral,
} from '../../pipeline/contract/calendar.ts';

const utc = (iso: string) => Date.parse(iso) / 1000;

describe('parseDay', () => {
  it.each(['2020-01-13', '2020/1/13', '2020/01/13', '2020-1-13', '2020年1月13日', '20200113', '2020.1.13', '2020.01.13'])('reads %s', (s) => {
    expect(formatDay(parseDay(s) as number)).toBe('2020-01-13');
  });
  it.each([
    ['2020-02-30', '不存在'], ['2020/13/01', '月份 13 不存在'], ['2019-02-29', '不存在'], ['43843', 'Excel 的日期序号'],
    ['2020.1/13', '无法识别'], ['13/01/2020', '无法识别'], ['', '无法识别'],
  ])('refuses %s with a reason', (s, reason) => {
    const r = parseDay(s);
    expect(typeof r).toBe('string');
    expect(r).toContain(reason);
  });
  it('knows leap days', () => {
    expect(formatDay(parseDay('2020-02-29') as number)).toBe('2020-02-29');
  });
});

describe('parseInstant', () => {
  it('reads a date and H:mm[:ss] as Beijing time', () => {
    expect(parseInstant('2020-01-13 09:30:15')).toBe(utc('2020-01-13T01:30:15Z'));
    expect(parseInstant('2020/1/13 9:30')).toBe(utc('2020-01-13T01:30:00Z'));
    expect(parseInstant('2020年1月13日 9:30')).toBe(utc('2020-01-13T01:30:00Z'));
    expect(parseInstant('20200113 09:30:00')).toBe(utc('2020-01-13T01:30:00Z'));
  });
  it('reads ISO 8601 with T, with or without an offset', () => {
    expect(parseInstant('2020-01-13T09:30:00')).toBe(utc('2020-01-13T01:30:00Z'));
    expect(parseInstant('2020-01-13T09:30:00+08:00')).toBe(utc('2020-01-13T01:30:00Z'));
    expect(parseInstant('2020-01-13T01:30:00Z')).toBe(utc('2020-01-13T01:30:00Z'));
    expect(parseInstant('2020-01-12T20:30:00-05:00')).toBe(utc('2020-01-13T01:30:00Z'));
    expect(parseInstant('2020-01-13T09:30+0800')).toBe(utc('2020-01-13T01:30:00Z'));
    expect(parseInstant('2020-01-13T09:30:00.750+08:00')).toBe(utc('2020-01-13T01:30:00Z'));
  });
  it('the fast path and the general parser agree', () => {
    for (const s of ['2020-01-13 00:00:00', '2020-12-31 23:59:59', '2020-02-29 12:00:00']) {
      expect(parseInstant(s)).toBe(parseInstant(s.replace(' ', 'T') + '+08:00'));
    }
  });
  it.each([
    ['2020-01-13 24:00', '小时 24'], ['2020-01-13 09:60', '分钟 60'], ['2020-02-30 09:00:00', '不存在'],
    ['2020-01-13', '只有日期'], ['yesterday', '无法识别'], ['2020-01-13 9', '无法识别'],
  ])('refuses %s with a reason', (s, reason) => {
    const r = parseInstant(s);
    expect(typeof r).toBe('string');
    expect(r).toContain(reason);
  });
});

describe('parseInstant: dates and times as Excel and WPS show them (docs/data-format.md)', () => {
  it.each([
    ['2020.1.14 9:05', '2020-01-14T01:05:00Z'], ['2020.01.14 09:05', '2020-01-14T01:05:00Z'],
    ['2020年1月14日 9时5分', '2020-01-14T01:05:00Z'], ['2020年1月14日 9时5分3秒', '2020-01-14T01:05:03Z'],
    ['2020/1/14 9:05 PM', '2020-01-14T13:05:00Z'], ['2020/1/14 下午9:05', '2020-01-14T13:05:00Z'],
    ['2020/1/14 上午 9:05:03', '2020-01-14T01:05:03Z'], ['2020/1/14 9:41 pm', '2020-01-14T13:41:00Z'],
    ['2020/1/14 12:05 AM', '2020-01-13T16:05:00Z'], ['2020/1/14 12:05 PM', '2020-01-14T04:05:00Z'],
    ['2020/1/14 上午12:00', '2020-01-13T16:00:00Z'], ['2020/1/14 下午12:59:59', '2020-01-14T04:59:59Z'],
  ])('reads %s', (s, iso) => {
    expect(parseInstant(s)).toBe(utc(iso));
  });
  it.each([['2020/1/14 13:05 PM', '1–12'], ['2020/1/14 0:05 AM', '1–12'], ['2020年1月14日 9时60分', '分钟 60']])('refuses %s', (s, reason) => {
    expect(parseInstant(s)).toContain(reason);
  });
  it('a 12-hour time is the 24-hour time it means (every minute of a day)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.boolean(), (h, m, chinese) => {
      const h12 = h % 12 === 0 ? 12 : h % 12;
      const mm = String(m).padStart(2, '0');
      const twelve = chinese ? `2020/1/14 ${h < 12 ? '上午' : '下午'}${h12}:${mm}` : `2020/1/14 ${h12}:${mm} ${h < 12 ? 'AM' : 'PM'}`;
      expect(parseInstant(twelve)).toBe(parseInstant(`2020-01-14 ${String(h).padStart(2, '0')}:${mm}:00`));
      expect(parseInstant(`2020年1月14日 ${h}时${m}分`)).toBe(parseInstant(`2020-01-14 ${String(h).padStart(2, '0')}:${mm}:00`));
    }));
  });
});

describe('days and instants', () => {
  it('civil dates round-trip over centuries', () => {
    for (let d = dayFromCivil(1899, 12, 25); d < dayFromCivil(2101, 1, 5); d += 37) {
      const c = civilFromDay(d);
      expect(dayFromCivil(c.year, c.month, c.day)).toBe(d);
    }
  });
  it('00:00 Beijing time belongs to the new day, 23:59:59 to the old', () => {
    const midnight = parseInstant('2020-01-14 00:00:00') as number;
    expect(formatDay(dayOfInstant(midnight))).toBe('2020-01-14');
    expect(formatDay(dayOfInstant(midnight - 1))).toBe('2020-01-13');
    expect(formatInstant(midnight - 1)).toBe('2020-01-13 23:59:59');
  });
  it('adds calendar months, clamping to the end of shorter months', () => {
    expect(formatDay(addMonths(parseDay('2020-02-23') as number, 1))).toBe('2020-03-23');
    expect(formatDay(addMonths(parseDay('2020-01-31') as number, 1))).toBe('2020-02-29');
    expect(formatDay(addMonths(parseDay('2020-12-15') as number, 1))).toBe('2021-01-15');
    expect(formatDay(addMonths(parseDay('2020-03-31') as number, 0))).toBe('2020-03-31');
  });
});

describe('parseInstant fast paths', () => {
  // Texts near the forms the fast paths read: separators, digit counts, ranges and spacing
  // varied, so that both accepted and refused texts are compared with the general parser.
  const num = (max: number) => fc.tuple(fc.integer({ min: 0, max }), fc.constantFrom('', '0', '00')).map(([n, pad]) => pad + n);
  const text = fc.tuple(
    fc.constantFrom('2020', '1999', '2024', '0202', '202', '20201'), fc.constantFrom('-', '/', '.', '年'), num(13),
    fc.constantFrom('-', '/', '月'), num(32), fc.constantFrom(' ', '  ', 'T', '', '日 ', '\t'), num(25), fc.constantFrom(':', '：'),
    num(61), fc.option(fc.tuple(fc.constantFrom(':', '.'), num(61)), { nil: undefined }), fc.constantFrom('', ' ', '+08:00', 'Z', '.5'),
    fc.boolean(),
  ).map(([y, s1, m, s2, d, sp, h, c, mi, sec, tail, shaped]) => shaped
    // Half of them shaped like the short forms, so that the fast path often says yes.
    ? `${y}${s1 === '.' || s1 === '年' ? '/' : s1}${m}${s1 === '.' || s1 === '年' ? '/' : s1}${d} ${h}:${mi}${sec ? ':' + sec[1] : ''}`
    : `${y}${s1}${m}${s2}${d}${sp}${h}${c}${mi}${sec ? sec[0] + sec[1] : ''}${tail}`);

  it('agree with the general parser on every text, values and messages', () => {
    fc.assert(fc.property(text, (t) => { expect(parseInstant(t)).toEqual(parseInstantGeneral(t)); }), { numRuns: 5000 });
  });
  it('read Excel\'s short forms', () => {
    expect(parseInstant('2020/1/27 1:06')).toBe(utc('2020-01-26T17:06:00Z'));
    expect(parseInstant('2020-1-7 23:59:59')).toBe(utc('2020-01-07T15:59:59Z'));
    expect(parseInstant('2020/2/30 1:06')).toMatch(/没有30日/);
    expect(parseInstant('2020/1/27 24:06')).toMatch(/小时 24/);
  });
});
