import { describe, expect, it } from 'vitest';
import { booleanField, categoryField, idField, Invalid, positiveNumberField, textField, unicodeLength, verdictField } from '../../pipeline/contract/fields.ts';
import { headerKey, rowSchema, viewsFile, extensionsFile } from '../../pipeline/contract/inputs.ts';
import { PeriodSchema } from '../../pipeline/contract/period.ts';
import { PERIOD } from '../helpers/model.ts';

describe('field normalisation', () => {
  it('ids are NFKC-normalised and trimmed: full-width digits and U+3000 spaces', () => {
    expect(idField.parse('\u3000Ｐ０１ ')).toBe('P01');
    expect(idField.parse('   ')).toBeInstanceOf(Invalid);
  });
  it('free text is only trimmed, keeping full-width punctuation', () => {
    expect(textField.parse('  学习，收获（很大）！ ')).toBe('学习，收获（很大）！');
  });
  it('booleans accept 是/否, Y/N, yes/no, true/false, 1/0 and take the column default when empty', () => {
    const f = booleanField(true), g = booleanField(false);
    for (const s of ['是', 'Y', 'yes', 'TRUE', '1', '１']) expect(g.parse(s)).toBe(true);
    for (const s of ['否', 'n', 'No', 'false', '0']) expect(f.parse(s)).toBe(false);
    expect(f.parse('')).toBe(true);
    expect(g.parse(undefined)).toBe(false);
    expect(f.parse('也许')).toBeInstanceOf(Invalid);
  });
  it('categories take their aliases', () => {
    for (const s of ['党员', '中共党员', '预备党员']) expect(categoryField.parse(s)).toBe('党员');
    for (const s of ['党外干部', '非中共党员', '群众', '民主党派', '无党派人士']) expect(categoryField.parse(s)).toBe('党外干部');
    expect(categoryField.parse('团员')).toBeInstanceOf(Invalid);
  });
  it('verdicts are 退回 | 通过 | 推荐', () => {
    expect(verdictField.parse(' 推荐 ')).toBe('推荐');
    expect(verdictField.parse('优秀')).toBeInstanceOf(Invalid);
  });
  it('durations are positive numbers, full-width digits allowed', () => {
    expect(positiveNumberField.parse('３０')).toBe(30);
    expect(positiveNumberField.parse('12.5')).toBe(12.5);
    expect(positiveNumberField.parse('0')).toBeInstanceOf(Invalid);
    expect(positiveNumberField.parse('-5')).toBeInstanceOf(Invalid);
    expect(positiveNumberField.parse('三十')).toBeInstanceOf(Invalid);
  });
  it('counts Unicode characters, not UTF-16 units', () => {
    expect(unicodeLength('𠮷好')).toBe(2);
    // Lone surrogates count one each, as iterating the string does.
    for (const t of ['\ud842', '\udfb7', 'a\ud842', '\udfb7\ud842', '\ud842\ud842\udfb7', '']) expect(unicodeLength(t)).toBe([...t].length);
  });
  it('headers match across full-width brackets, stray spaces and case', () => {
    expect(headerKey(' 时长（分钟） ')).toBe(headerKey('时长(分钟)'));
    expect(headerKey('Person_ID')).toBe(headerKey('person_id'));
  });
});

describe('row schemas (zod) agree with the ingest field functions', () => {
  it('a good view row parses, with instants', () => {
    const r = rowSchema(viewsFile).safeParse({ 人员编号: 'P01', 课件编号: 'C1', 开始时间: '2020-01-14 09:00:00', 结束时间: '2020-01-14 09:10:00' });
    expect(r.success).toBe(true);
    if (r.success) expect(r.data.endedAt - r.data.startedAt).toBe(600);
  });
  it('a view ending before it starts, or longer than 24 h, is refused', () => {
    const back = rowSchema(viewsFile).safeParse({ 人员编号: 'P01', 课件编号: 'C1', 开始时间: '2020-01-14 09:00:00', 结束时间: '2020-01-14 09:00:00' });
    expect(back.success).toBe(false);
    const long = rowSchema(viewsFile).safeParse({ 人员编号: 'P01', 课件编号: 'C1', 开始时间: '2020-01-14 09:00:00', 结束时间: '2020-01-15 09:00:01' });
    expect(long.success).toBe(false);
    if (!long.success) expect(long.error.issues[0].message).toContain('24 小时');
  });
  it('an extension names exactly one of branch and person', () => {
    expect(rowSchema(extensionsFile).safeParse({ 支部编号: 'B1', 人员编号: 'P1', 延至: '2020-03-01' }).success).toBe(false);
    expect(rowSchema(extensionsFile).safeParse({ 支部编号: '', 人员编号: 'P1', 延至: '2020-03-01' }).success).toBe(true);
  });
});

describe('period.json', () => {
  it('the example of the notice is valid', () => {
    expect(PeriodSchema.safeParse(PERIOD).success).toBe(true);
  });
  it('refuses an unknown field, a watchRatio of 1.5 and an end before the start, naming the field', () => {
    const unknown = PeriodSchema.safeParse({ ...PERIOD, watchratio: 0.9 });
    expect(unknown.success).toBe(false);
    const ratio = PeriodSchema.safeParse({ ...PERIOD, online: { ...PERIOD.online, watchRatio: 1.5 } });
    expect(ratio.success).toBe(false);
    if (!ratio.success) expect(ratio.error.issues[0].path).toEqual(['online', 'watchRatio']);
    const backwards = PeriodSchema.safeParse({ ...PERIOD, window: { start: '2020-02-23', end: '2020-01-13' } });
    expect(backwards.success).toBe(false);
    if (!backwards.success) expect(backwards.error.issues[0].path).toEqual(['window', 'end']);
  });
});
