/**
 * docs/data-format.md: "an Excel workbook X.xlsx in place of X.csv is read (its first worksheet) exactly as
 * the CSV would be". A dataset re-saved as workbooks the way Excel holds it (typed date-time
 * cells, durations as numbers, ids as text; test/helpers/workbooks.ts, written by exceljs) gives
 * the very people, units and branches the CSVs give, and the same rejected rows with the same
 * row numbers.
 */
import { copyFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IngestOptions } from '../../pipeline/ingest/dataset.ts';
import { FatalInputError } from '../../pipeline/ingest/errors.ts';
import { computeOutputs } from '../../pipeline/run.ts';
import { workbookDataset } from '../helpers/workbooks.ts';

async function outputsOf(dir: string, options: IngestOptions = { parallelMinBytes: Infinity }) {
  const o = await computeOutputs(dir, options);
  return {
    people: o['people.json'],
    units: o['units.json'],
    branches: o['branches.json'],
    quality: o['quality.json'],
  };
}

/** What must not change when the files are workbooks: everyone's results and every rejection. */
async function expectSameAsCsv(csvDir: string, which?: (file: string) => boolean) {
  const csv = await outputsOf(csvDir);
  const xlsxDir = await workbookDataset(csvDir, which);
  const xlsx = await outputsOf(xlsxDir);
  expect(xlsx.people).toEqual(csv.people);
  expect(xlsx.units).toEqual(csv.units);
  expect(xlsx.branches).toEqual(csv.branches);
  expect(xlsx.quality.rejected).toEqual(csv.quality.rejected);
  for (const [name, f] of Object.entries(csv.quality.files)) {
    const w = xlsx.quality.files[name];
    expect({ rows: w.rows, accepted: w.accepted, rejected: w.rejected, duplicates: w.duplicates, ignored: w.ignored }, name)
      .toEqual({ rows: f.rows, accepted: f.accepted, rejected: f.rejected, duplicates: f.duplicates, ignored: f.ignored });
    if (f.present) expect(w.encoding, name).toBe(which === undefined || which(name) ? 'xlsx' : f.encoding);
  }
  return { csv, xlsx, xlsxDir };
}

describe('a dataset of workbooks reads exactly as its CSVs', () => {
  it('test/fixtures/tiny: every file a workbook (its odd dates, bad rows and duplicates included)', async () => {
    const { xlsx } = await expectSameAsCsv('test/fixtures/tiny');
    expect(xlsx.quality.rejected.length).toBeGreaterThan(0); // the bad rows were there to be rejected alike
    expect(xlsx.quality.warnings.filter((w) => w.kind === 'fileNameVariant').map((w) => w.file)).toContain('views.csv');
  });

  it('views.xlsx goes through views\' two-thread reader like views.csv (its CSV in shared memory)', async () => {
    const threads: IngestOptions = { parallelMinBytes: 1, parallelChunkBytes: 64, parallelHold: true };
    const csv = await outputsOf('test/fixtures/tiny', threads);
    const notes: string[] = [];
    const xlsx = await outputsOf(await workbookDataset('test/fixtures/tiny', (f) => f === 'views.csv'), { ...threads, onNote: (m) => notes.push(m) });
    expect(xlsx.people).toEqual(csv.people);
    expect(xlsx.quality.rejected).toEqual(csv.quality.rejected);
    expect(xlsx.quality.files['views.csv'].encoding).toBe('xlsx');
    expect(notes.join('\n')).toMatch(/分两个线程读取/);
  });

  it('data/sample: views, roster, courses and reports as workbooks, the rest CSV (优秀 136 / 合格 629 / 不合格 702 / 进行中 33)', async () => {
    const { xlsx } = await expectSameAsCsv('data/sample', (f) => ['views.csv', 'roster.csv', 'courses.csv', 'reports.csv'].includes(f));
    const grades: Record<string, number> = {};
    for (const p of xlsx.people.people) grades[p.grade] = (grades[p.grade] ?? 0) + 1;
    expect(grades).toEqual({ 优秀: 136, 合格: 629, 不合格: 702, 进行中: 33 });
  }, 120_000);
});

describe('what cannot be read is fatal or blocking, with what to do', () => {
  it('Views.xls (the old binary format) in place of views.csv is an unread export (blocking), not read as absent', async () => {
    const dir = await workbookDataset('test/fixtures/tiny', (f) => f === 'views.csv');
    renameSync(join(dir, 'views.xlsx'), join(dir, 'Views.xls'));
    const { quality } = await outputsOf(dir);
    expect(quality.blocking.find((b) => b.code === 'unread-export')).toEqual({
      code: 'unread-export', file: 'views.csv', message: expect.stringMatching(/^“Views\.xls”看起来是观看记录（views\.csv），但它是旧版 Excel 工作簿（\.xls），本程序不读取.*另存为.*CSV.*\.xlsx/),
    });
    // A required file there only as .xls is fatal, naming it.
    const dir3 = await workbookDataset('test/fixtures/tiny', (f) => f === 'roster.csv');
    renameSync(join(dir3, 'roster.xlsx'), join(dir3, 'roster.xls'));
    await expect(outputsOf(dir3)).rejects.toThrow(/^roster\.csv：“roster\.xls”看起来是学籍注册（roster\.csv），但它是旧版 Excel 工作簿/);
    // Beside a CSV it is a second candidate, named with it.
    const dir2 = await workbookDataset('test/fixtures/tiny', () => false);
    writeFileSync(join(dir2, 'roster.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    await expect(outputsOf(dir2)).rejects.toThrow(/roster\.csv：.*roster\.csv、roster\.xls/);
  });

  it('views.csv beside views.xlsx: fatal, naming both', async () => {
    const dir = await workbookDataset('test/fixtures/tiny', (f) => f === 'views.csv');
    copyFileSync('test/fixtures/tiny/views.csv', join(dir, 'views.csv'));
    await expect(outputsOf(dir)).rejects.toThrow(/views\.csv：数据目录中有 2 个文件.*views\.csv、views\.xlsx/);
  });

  it('an old .xls workbook renamed .xlsx is refused, telling to save as .xlsx or CSV', async () => {
    const dir = await workbookDataset('test/fixtures/tiny', (f) => f === 'units.csv');
    // A real .xls starts with the OLE compound-file signature.
    writeFileSync(join(dir, 'units.xlsx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]));
    const e = await outputsOf(dir).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FatalInputError);
    expect((e as Error).message).toMatch(/units\.xlsx.*\.xls.*另存为.*(\.xlsx|CSV)/);
  });
});
