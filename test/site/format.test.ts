import { describe, expect, it } from 'vitest';
import { avg, dayLong, dayShort, daysBetween, hours, int, pct, plainInt, pointsDiff, withinUnit } from '../../site/lib/format.ts';
import { joinBase } from '../../site/lib/paths.ts';

describe('zh-CN formatting', () => {
  it('rates, points and hours', () => {
    expect(pct(0.8537)).toBe('85.4%');
    expect(pct(0)).toBe('0.0%');
    expect(pointsDiff(0.3, 0.25)).toBe('高 5.0 个百分点');
    expect(pointsDiff(0.2, 0.25)).toBe('低 5.0 个百分点');
    expect(pointsDiff(0.25, 0.25)).toBe('持平');
    expect(hours(4)).toBe('4');
    expect(hours(4.5)).toBe('4.5');
    expect(hours(0.1 + 0.2)).toBe('0.3');
    expect(avg(6.1)).toBe('6.10');
    expect(int(20000)).toBe('20,000');
    expect(int(1234567.4)).toBe('1,234,567');
    expect(int(999)).toBe('999');
    // The 通报 writes counts as official documents do: plain digits.
    expect(plainInt(20000)).toBe('20000');
    expect(plainInt(1234567.4)).toBe('1234567');
  });

  it('days, without the machine’s clock or time zone', () => {
    expect(dayLong('2020-02-04')).toBe('2020年2月4日');
    expect(dayShort('2020-02-24')).toBe('2月24日');
    expect(daysBetween('2020-02-24', '2020-03-23')).toBe(28);
    expect(daysBetween('2020-02-24', '2020-02-23')).toBe(-1);
  });

  it('branch names within their unit', () => {
    expect(withinUnit('州生态环境局机关第一党支部', '州生态环境局')).toBe('机关第一党支部');
    expect(withinUnit('教育局机关支部', '州教育局')).toBe('教育局机关支部');
    expect(withinUnit('州教育局支', '州教育局')).toBe('州教育局支');
  });

  it('links under a base path', () => {
    expect(joinBase('/', 'units/')).toBe('/units/');
    expect(joinBase('/xs/', '/units/')).toBe('/xs/units/');
    expect(joinBase('/xs', '')).toBe('/xs/');
  });
});

describe('messages as pages show them (the issue-as-is round)', () => {
  it('Chinese dates, a line break from a cell as a space', async () => {
    const { shownMessage, unitCount } = await import('../../site/lib/format.ts');
    expect(shownMessage('于 2020-01-25 注册，晚于注册截止日 2020-01-23')).toBe('于 2020年1月25日 注册，晚于注册截止日 2020年1月23日');
    expect(shownMessage('评论“好\n\n文章”太短')).toBe('评论“好 文章”太短');
    expect(shownMessage('编号 12020-01-230 不是日期')).toBe('编号 12020-01-230 不是日期');
    expect(unitCount(25, 1)).toBe('共 25 个单位，其中 1 个尚未注册');
    expect(unitCount(25, 0)).toBe('共 25 个单位');
  });
});

describe('times on the quality page', () => {
  it('a comment time keeps its clock after the Chinese day', async () => {
    const { shownMessage } = await import('../../site/lib/format.ts');
    expect(shownMessage('2020-05-05 00:04:00')).toBe('2020年5月5日 00:04:00');
  });
});
