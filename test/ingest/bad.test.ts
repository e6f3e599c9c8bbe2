/**
 * The bad-input corpus (test/fixtures/bad/, written by make.ts): each case's exit (fatal or
 * not), message, and accounting rows = accepted + rejected + duplicates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileQuality, PeopleFile, QualityFile } from '../../pipeline/contract/outputs.ts';
import { FatalInputError } from '../../pipeline/ingest/errors.ts';
import { computeOutputs } from '../../pipeline/run.ts';
import { writeDataset } from '../helpers/files.ts';

const CORPUS = 'test/fixtures/bad';

function caseFiles(name: string): Record<string, Uint8Array> {
  const dir = join(CORPUS, name);
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
}

interface Outcome {
  quality: QualityFile;
  people: PeopleFile['people'];
}
async function outcome(files: Record<string, string | Uint8Array>): Promise<Outcome> {
  const out = await computeOutputs(writeDataset(files));
  return { quality: out['quality.json'] as QualityFile, people: (out['people.json'] as PeopleFile).people };
}
const runCase = (name: string) => outcome(caseFiles(name));
async function fatalOf(name: string): Promise<FatalInputError> {
  const e = await runCase(name).then(() => null, (err: unknown) => err);
  expect(e, `${name} should be fatal`).toBeInstanceOf(FatalInputError);
  return e as FatalInputError;
}
function balanced(q: QualityFile): void {
  for (const [name, f] of Object.entries(q.files)) expect(f.rows, name).toBe(f.accepted + f.rejected + f.duplicates);
}
const file = (q: QualityFile, name: string): FileQuality => q.files[name];
const rejectedIn = (q: QualityFile, name: string) => q.rejected.filter((r) => r.file === name);

describe('bad input corpus: not fatal, every row accounted for', () => {
  it('empty-optional: an empty optional file has no rows', async () => {
    const { quality } = await runCase('empty-optional');
    expect(file(quality, 'views.csv')).toMatchObject({ present: true, rows: 0, accepted: 0 });
    balanced(quality);
  });
  it('header-only: a header and no rows', async () => {
    const { quality } = await runCase('header-only');
    expect(file(quality, 'views.csv')).toMatchObject({ present: true, rows: 0 });
  });
  it('bom-only: a byte-order mark and nothing else is an empty file', async () => {
    const { quality } = await runCase('bom-only');
    expect(file(quality, 'comments.csv')).toMatchObject({ present: true, encoding: 'utf-8', rows: 0 });
  });
  it('gb18030-and-bom: GB18030 in one file, UTF-8 with BOM in another, both read', async () => {
    const { quality, people } = await runCase('gb18030-and-bom');
    expect(file(quality, 'roster.csv').encoding).toBe('gb18030');
    expect(file(quality, 'units.csv').encoding).toBe('utf-8');
    expect(people.map((p) => p.name)).toEqual(['王芳', '巴图·孟和']);
    balanced(quality);
  });
  it('mixed-line-endings: CRLF and LF in one file', async () => {
    const { quality, people } = await runCase('mixed-line-endings');
    expect(file(quality, 'views.csv')).toMatchObject({ rows: 3, accepted: 3 });
    expect(people[0].online.creditedMinutes).toBe(20);
  });
  it('tab-separated: the delimiter is detected (a comma inside a topic stays text)', async () => {
    const { quality, people } = await runCase('tab-separated');
    expect(file(quality, 'sessions.csv')).toMatchObject({ rows: 1, accepted: 1 });
    expect(file(quality, 'attendance.csv')).toMatchObject({ rows: 2, accepted: 2 });
    expect(people.map((p) => p.offline.sessions)).toEqual([1, 1]);
  });
  it('utf16-unicode-text: Excel\'s “Unicode text” (UTF-16LE, tabs) is read', async () => {
    const { quality } = await runCase('utf16-unicode-text');
    expect(file(quality, 'units.csv')).toMatchObject({ encoding: 'utf-16le', rows: 1, accepted: 1 });
  });
  it('unterminated-quote: the row with the open quote is rejected, naming the quote', async () => {
    const { quality } = await runCase('unterminated-quote');
    const f = file(quality, 'comments.csv');
    expect(f.accepted).toBe(1);
    expect(rejectedIn(quality, 'comments.csv')).toEqual([{ file: 'comments.csv', row: 3, column: null, reason: expect.stringContaining('引号未闭合') }]);
    balanced(quality);
  });
  it('a 10 MB single field is read whole', async () => {
    const long = '很长的评论，'.repeat(Math.ceil((10 * 1024 * 1024) / 18));
    const { quality, people } = await outcome({
      'comments.csv': `人员编号,课件编号,评论时间,评论内容\nP01,C1,2020-01-14 10:00,"${long}"\nP02,C1,2020-01-14 10:00,正常的一条评论内容足够十个字\n`,
    });
    expect(file(quality, 'comments.csv')).toMatchObject({ rows: 2, accepted: 2 });
    expect(people.map((p) => p.online.coursesCommented)).toEqual([1, 1]);
  });
  it('ragged-rows: too few cells read as empty, too many with content rejected, empty extras tolerated', async () => {
    const { quality } = await runCase('ragged-rows');
    expect(file(quality, 'units.csv')).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(rejectedIn(quality, 'units.csv')[0]).toMatchObject({ row: 3, reason: expect.stringContaining('比表头多') });
  });
  it('messy-headers: stray and U+3000 spaces, full-width brackets', async () => {
    const { quality } = await runCase('messy-headers');
    expect(file(quality, 'courses.csv')).toMatchObject({ rows: 1, accepted: 1 });
    expect(quality.warnings.filter((w) => w.kind === 'ignoredColumns' && w.file === 'courses.csv')).toEqual([]);
  });
  it('bad-dates: impossible dates, Excel serials, 24:00 and bare dates rejected; times without seconds accepted', async () => {
    const { quality } = await runCase('bad-dates');
    const rej = rejectedIn(quality, 'views.csv');
    expect(rej.map((r) => [r.row, r.column])).toEqual([[2, '开始时间'], [3, '开始时间'], [4, '开始时间'], [6, '开始时间'], [7, '开始时间']]);
    expect(rej[0].reason).toContain('2020年2月没有30日');
    expect(rej[1].reason).toContain('月份 13 不存在');
    expect(rej[2].reason).toContain('Excel 的日期时间序号');
    expect(rej[3].reason).toContain('小时 24');
    expect(rej[4].reason).toContain('只有日期没有时间');
    expect(file(quality, 'views.csv')).toMatchObject({ rows: 6, accepted: 1, rejected: 5 });
  });
  it('bad-durations: negative, zero and non-numeric durations rejected', async () => {
    const { quality } = await runCase('bad-durations');
    expect(rejectedIn(quality, 'courses.csv').map((r) => [r.row, r.column])).toEqual([[3, '时长(分钟)'], [4, '时长(分钟)'], [5, '时长(分钟)']]);
  });
  it('bad-view-spans: zero, negative and over-24-hour segments rejected', async () => {
    const { quality } = await runCase('bad-view-spans');
    expect(rejectedIn(quality, 'views.csv').map((r) => r.reason)).toEqual(['结束时间不晚于开始时间', '结束时间不晚于开始时间', '单次观看超过 24 小时']);
  });
  it('fullwidth-ids: ids differing only by full-width characters or spaces are one id', async () => {
    const { quality, people } = await runCase('fullwidth-ids');
    expect(file(quality, 'attendance.csv')).toMatchObject({ rows: 3, accepted: 1, duplicates: 2 });
    expect(people[0].offline.sessions).toBe(1);
  });
});

describe('bad input corpus: fatal, with the file and what to fix', () => {
  it.each([
    ['empty-required', /roster\.csv：文件为空，没有表头行/],
    ['xlsx-as-csv', /units\.csv：这是 Excel 工作簿（\.xlsx）.*另存为/],
    ['html-as-csv', /views\.csv：这是网页（HTML\/XML）/],
    ['binary-garbage', /comments\.csv：文件含有二进制内容/],
    ['period-unknown-field', /period\.json：规则无效：未知字段 watchRatio/],
    ['period-ratio', /period\.json：.*字段 online\.watchRatio：观看比例不能超过 1/],
    ['period-backwards', /period\.json：.*字段 window\.end：结束日期 2020-01-13 早于开始日期 2020-02-23/],
    ['period-not-json', /period\.json：不是有效的 JSON/],
    // docs/gate.md: two columns of one field are fatal, naming both — never "the first one".
    ['header-twice', /courses\.csv：表头“课件名称”和“课件名称（全称）”都是“课件名称”列，无法确定用哪一列/],
  ])('%s', async (name, message) => {
    expect((await fatalOf(name)).message).toMatch(message);
  });
});

describe('the corpus', () => {
  it('every case folder is asserted above', () => {
    const source = readFileSync(new URL(import.meta.url).pathname, 'utf8');
    for (const name of readdirSync(CORPUS).filter((n) => !n.endsWith('.ts'))) expect(source, name).toContain(`'${name}'`);
  });
});
