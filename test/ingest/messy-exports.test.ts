/**
 * docs/data-format.md "Real exports are messier still": each probe takes a clean dataset, reshapes it the
 * way Excel, WPS or a platform would, and checks that people.json is exactly the clean one —
 * or that the run stops or rejects with the named, correct reason.
 */
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QualityFile } from '../../pipeline/contract/outputs.ts';
import { computeOutputs } from '../../pipeline/run.ts';
import { FatalInputError } from '../../pipeline/ingest/errors.ts';

const TINY = 'test/fixtures/tiny';

/** A copy of `from` in a fresh temp folder. */
export function copyDataset(from = TINY): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'xueshi-messy-')), 'data');
  cpSync(from, dir, { recursive: true });
  return dir;
}

async function outputsOf(dir: string) {
  const o = await computeOutputs(dir, { parallelMinBytes: Infinity });
  return { people: JSON.stringify(o['people.json']), quality: o['quality.json'] as QualityFile };
}

let clean: Awaited<ReturnType<typeof outputsOf>>;
beforeAll(async () => { clean = await outputsOf(TINY); });

describe('file names (docs/data-format.md: case-insensitive, - for _, other files listed)', () => {
  it('Reviews.CSV and self-study.csv are read as reviews.csv and self_study.csv, each named in a warning', async () => {
    const dir = copyDataset();
    renameSync(join(dir, 'reviews.csv'), join(dir, 'Reviews.CSV'));
    renameSync(join(dir, 'self_study.csv'), join(dir, 'self-study.csv'));
    const got = await outputsOf(dir);
    expect(got.people).toBe(clean.people);
    const variants = got.quality.warnings.filter((w) => w.kind === 'fileNameVariant');
    expect(variants.map((w) => w.file)).toEqual(['self_study.csv', 'reviews.csv']);
    expect(variants[1].message).toContain('“Reviews.CSV”');
    expect(got.quality.files['reviews.csv'].present).toBe(true);
  });

  it('two candidates for one file are fatal, naming both', async () => {
    const dir = copyDataset();
    cpSync(join(dir, 'views.csv'), join(dir, 'Views.CSV'));
    await expect(outputsOf(dir)).rejects.toThrow(/views\.csv：.*Views\.CSV、views\.csv/);
    const dir2 = copyDataset();
    writeFileSync(join(dir2, 'views.xlsx'), 'PK');
    const err = await outputsOf(dir2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FatalInputError);
    expect((err as Error).message).toContain('views.csv、views.xlsx');
  });

  it('other files in the folder are listed; period.json, READMEs and lock files are not', async () => {
    const dir = copyDataset();
    writeFileSync(join(dir, '通知.csv'), '标题,内容\n请按时学习,无\n');
    writeFileSync(join(dir, 'README.md'), '# 说明');
    writeFileSync(join(dir, '~$views.xlsx'), 'lock');
    const got = await outputsOf(dir);
    const others = got.quality.warnings.filter((w) => w.kind === 'otherFiles');
    expect(others).toHaveLength(1);
    expect(others[0].message).toContain('“通知.csv”');
    expect(others[0].message).not.toMatch(/README|period\.json|~\$/);
    expect(got.quality.blocking).toEqual([]);
  });

  it('a file under another name whose header is an input\'s is an unread export (blocking), not "another file"', async () => {
    const dir = copyDataset();
    renameSync(join(dir, 'attendance.csv'), join(dir, '签到.csv'));
    const got = await outputsOf(dir);
    expect(got.quality.files['attendance.csv'].present).toBe(false);
    const unread = got.quality.blocking.filter((b) => b.code === 'unread-export');
    expect(unread).toEqual([{ code: 'unread-export', file: 'attendance.csv', message: expect.stringMatching(/“签到\.csv”的表头是集中学习签到（attendance\.csv）的表头.*请改名为 attendance\.csv/) }]);
    expect(got.quality.warnings.filter((w) => w.kind === 'otherFiles')).toEqual([]);
  });

  it('views.xlsx in place of views.csv is read through the same CSV path (a workbook written by exceljs)', async () => {
    const dir = copyDataset();
    const rows = readFileSync(join(dir, 'views.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    rmSync(join(dir, 'views.csv'));
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('观看记录');
    for (const r of rows) sheet.addRow(r);
    await book.xlsx.writeFile(join(dir, 'views.xlsx'));
    const got = await outputsOf(dir);
    expect(got.people).toBe(clean.people);
    // Same counts; the encoding says it was a workbook (quality.json's "xlsx").
    expect(got.quality.files['views.csv']).toEqual({ ...clean.quality.files['views.csv'], encoding: 'xlsx' });
    expect(got.quality.warnings.find((w) => w.kind === 'fileNameVariant')?.message).toContain('“views.xlsx”');
  });

  it('a clean folder gets no file-name warning', () => {
    expect(clean.quality.warnings.filter((w) => w.kind === 'fileNameVariant' || w.kind === 'otherFiles')).toEqual([]);
  });
});

/** Rewrite `file` of the dataset through `edit`. */
function edit(dir: string, file: string, change: (text: string) => string): void {
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
}

describe('title lines, annotated headers and footers (docs/data-format.md)', () => {
  it('title lines before the header are skipped with a warning naming them, for an optional file too', async () => {
    const dir = copyDataset();
    edit(dir, 'views.csv', (t) => `观看记录导出,,,\n导出时间：2020-02-24 10:00,,,\n${t}`);
    edit(dir, 'units.csv', (t) => `单位名单\n${t}`);
    const got = await outputsOf(dir);
    expect(got.people).toBe(clean.people);
    const titles = got.quality.warnings.filter((w) => w.kind === 'titleLines');
    expect(titles.map((w) => [w.file, w.row])).toEqual([['units.csv', 2], ['views.csv', 3]]);
    expect(titles[1].message).toContain('第 1 行“观看记录导出”、第 2 行“导出时间：2020-02-24 10:00”');
    expect(got.quality.files['views.csv'].rows).toBe(clean.quality.files['views.csv'].rows);
  });

  it('no header within the first 10 lines is fatal, naming the missing column', async () => {
    const dir = copyDataset();
    edit(dir, 'views.csv', (t) => t.replace('开始时间', '起始'));
    await expect(outputsOf(dir)).rejects.toThrow(/views\.csv：缺少必需列 “开始时间”/);
  });

  it('annotated headers match their column: *, a bracketed note, a line break; 是否必修（是/否） is not dropped', async () => {
    const dir = copyDataset();
    edit(dir, 'courses.csv', (t) => t.replace('课件编号,课件名称,时长（分钟）,是否必修', '课件编号*,"课件\n名称",课件时长（分钟）,是否必修（是/否）'));
    edit(dir, 'roster.csv', (t) => t.replace('人员编号,', '人员编号*,').replace('党校培训合格', '党校培训合格（是/否）'));
    const got = await outputsOf(dir);
    expect(got.people).toBe(clean.people);
    expect(got.quality.warnings.filter((w) => w.kind === 'ignoredColumns').map((w) => w.file)).toEqual(['roster.csv']);
  });

  it('时长(min) is minutes; a near spelling is matched and said; a duration in seconds is fatal', async () => {
    const dir = copyDataset();
    edit(dir, 'courses.csv', (t) => t.replace('时长（分钟）', '时长(min)'));
    edit(dir, 'comments.csv', (t) => t.replace('评论内容', '评论內容'));
    const got = await outputsOf(dir);
    expect(got.people).toBe(clean.people);
    expect(got.quality.warnings.find((w) => w.kind === 'headerMatched')?.message).toContain('“评论內容”按“评论内容”读取');
    const bad = copyDataset();
    edit(bad, 'courses.csv', (t) => t.replace('时长（分钟）', '时长（秒）'));
    await expect(outputsOf(bad)).rejects.toThrow(/courses\.csv：列“时长（秒）”的时长以秒计/);
  });

  it('an unknown header is listed, and the default it may hide is named', async () => {
    const dir = copyDataset();
    edit(dir, 'courses.csv', (t) => t.replace('是否必修', '必选'));
    const got = await outputsOf(dir);
    const w = got.quality.warnings.find((x) => x.kind === 'ignoredColumns' && x.file === 'courses.csv');
    expect(w?.message).toContain('必选');
    expect(w?.message).toContain('没有找到“是否必修”列');
  });

  it('footer lines (合计, 注：) are no rows and never a course or person', async () => {
    const dir = copyDataset();
    edit(dir, 'courses.csv', (t) => `${t}合计,共3门,60,\n`);
    edit(dir, 'views.csv', (t) => `${t}注：数据截至 2020-02-24\n`);
    edit(dir, 'roster.csv', (t) => `${t},小计,4,,,,\n`);
    const got = await outputsOf(dir);
    expect(got.people).toBe(clean.people);
    for (const f of ['courses.csv', 'views.csv', 'roster.csv']) expect(got.quality.files[f]).toEqual(clean.quality.files[f]);
    const footers = got.quality.warnings.filter((w) => w.kind === 'footerRows');
    expect(footers.map((w) => [w.file, w.row])).toEqual([['roster.csv', 7], ['courses.csv', 5], ['views.csv', 13]]);
    expect(footers[1].message).toContain('第 5 行“合计，共3门，60”');
  });
});

/** A platform time `2020-01-14 09:05:00` as Excel or WPS displays and saves it. */
const excelShort = (t: string) => t.replace(/(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/g, (_, y, mo, d, h, mi) => `${y}/${+mo}/${+d} ${+h}:${mi}`);
const wpsChinese = (t: string) => t.replace(/(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/g, (_, y, mo, d, h, mi, s) => `${y}年${+mo}月${+d}日 ${+h}时${+mi}分${+s}秒`);
const twelveHour = (t: string) => t.replace(/(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/g, (_, y, mo, d, h, mi, s) =>
  `${y}/${+mo}/${+d} ${+h < 12 ? '上午' : '下午'}${+h % 12 === 0 ? 12 : +h % 12}:${mi}:${s}`);
const dotted = (t: string) => t.replace(/(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/g, (_, y, mo, d, h, mi, s) => `${y}.${mo}.${d} ${+h % 12 === 0 ? 12 : +h % 12}:${mi}:${s} ${+h < 12 ? 'AM' : 'PM'}`);

describe('dates and times as Excel and WPS show them (docs/data-format.md)', () => {
  it.each([['yyyy/m/d h:mm', excelShort], ['WPS 年月日时分秒', wpsChinese], ['上午/下午', twelveHour], ['yyyy.mm.dd h:mm:ss AM/PM', dotted]])(
    'every event file rewritten as %s gives the same people', async (_name, form) => {
      const dir = copyDataset();
      for (const f of ['views.csv', 'comments.csv', 'reports.csv', 'reviews.csv']) edit(dir, f, form);
      const got = await outputsOf(dir);
      expect(got.people).toBe(clean.people);
      expect(got.quality.rejected).toEqual(clean.quality.rejected);
    });

  it('a view whose seconds were cut off into one minute is diagnosed as such, not as end before start', async () => {
    const dir = copyDataset();
    edit(dir, 'views.csv', (t) => `${t}P01,C1,2020/1/20 10:00,2020/1/20 10:00\nP01,C1,2020-01-20 10:00:00,2020-01-20 10:00:00\n`);
    const got = await outputsOf(dir);
    const reasons = got.quality.rejected.filter((r) => r.file === 'views.csv').slice(-2);
    expect(reasons[0]).toMatchObject({ row: 13, column: '结束时间' });
    expect(reasons[0].reason).toContain('yyyy/m/d h:mm:ss');
    expect(reasons[1]).toMatchObject({ row: 14, reason: '结束时间不晚于开始时间' });
  });
});

describe('encoding decided per file (docs/data-format.md)', () => {
  it('one stray byte in a UTF-8 file rejects that row as 编码错误, the rest is read as UTF-8', async () => {
    const dir = copyDataset();
    const text = readFileSync(join(dir, 'comments.csv'));
    const at = text.indexOf(Buffer.from('学习了'));
    writeFileSync(join(dir, 'comments.csv'), Buffer.concat([text.subarray(0, at), Buffer.from([0xb5]), text.subarray(at)]));
    const got = await outputsOf(dir);
    expect(got.quality.files['comments.csv'].encoding).toBe('utf-8');
    const bad = got.quality.rejected.filter((r) => r.file === 'comments.csv' && r.reason.startsWith('编码错误'));
    expect(bad).toEqual([{ file: 'comments.csv', row: 4, column: '评论内容', reason: expect.stringContaining('第 4 列') }]);
  });

  it('a genuine GBK file (iconv, as WPS/Excel write it) is still GB18030 and reads the same', async () => {
    const dir = copyDataset();
    for (const f of ['roster.csv', 'comments.csv', 'courses.csv']) {
      writeFileSync(join(dir, f), execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK', join(TINY, f)]));
    }
    const got = await outputsOf(dir);
    expect(got.quality.files['roster.csv'].encoding).toBe('gb18030');
    expect(got.people).toBe(clean.people);
  });
});
