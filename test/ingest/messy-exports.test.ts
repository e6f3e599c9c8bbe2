/**
 * SPEC §1 "Real exports are messier still": each probe takes a clean dataset, reshapes it the
 * way Excel, WPS or a platform would, and checks that people.json is exactly the clean one —
 * or that the run stops or rejects with the named, correct reason.
 */
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
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

describe('file names (SPEC §1: case-insensitive, - for _, other files listed)', () => {
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
    renameSync(join(dir, 'attendance.csv'), join(dir, '签到.csv'));
    writeFileSync(join(dir, 'README.md'), '# 说明');
    writeFileSync(join(dir, '~$views.xlsx'), 'lock');
    const got = await outputsOf(dir);
    const others = got.quality.warnings.filter((w) => w.kind === 'otherFiles');
    expect(others).toHaveLength(1);
    expect(others[0].message).toContain('“签到.csv”');
    expect(others[0].message).not.toMatch(/README|period\.json|~\$/);
    expect(got.quality.files['attendance.csv'].present).toBe(false);
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
    expect(got.quality.files['views.csv']).toEqual(clean.quality.files['views.csv']);
    expect(got.quality.warnings.find((w) => w.kind === 'fileNameVariant')?.message).toContain('“views.xlsx”');
  });

  it('a clean folder gets no file-name warning', () => {
    expect(clean.quality.warnings.filter((w) => w.kind === 'fileNameVariant' || w.kind === 'otherFiles')).toEqual([]);
  });
});
