/**
 * 其他培训学时 (other_training.csv at the data root, contract/inputs.ts otherTrainingFile): the
 * year's other training hours per person, read like every input — header found, columns by
 * Chinese or English name, rows checked by the contract's field types, rejected rows counted
 * with their reasons (quality-style counts in ledger.json's `otherTraining`). Which rows count
 * (the ledger's year, a person of the year) is decided by history/ledger.ts, which is pure.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatDay } from '../contract/calendar.ts';
import { otherTrainingFile } from '../contract/inputs.ts';
import type { DataFolder } from './folder.ts';
import { QualityTally } from './quality-tally.ts';
import { readTable, type ReadOptions } from './table.ts';

/** One accepted row: the day as YYYY-MM-DD, the row's number in the file (1 = the header). */
export interface OtherTraining {
  readonly personId: string;
  readonly date: string;
  readonly hours: number;
  readonly source: string;
  readonly row: number;
}

export interface OtherTrainingRead {
  readonly rows: OtherTraining[];
  /** Data rows read, and those rejected with their reasons (row, column, reason). */
  readonly read: number;
  readonly rejected: { row: number; column: string | null; reason: string }[];
}


/** The file at the data root `dir`, or null when there is none (the file is optional). */
export async function readOtherTraining(dir: string, options: ReadOptions = {}): Promise<OtherTrainingRead | null> {
  const path = join(dir, otherTrainingFile.name);
  if (!existsSync(path)) return null;
  const source = { name: otherTrainingFile.name, actual: otherTrainingFile.name, path, format: 'csv' as const };
  const folder: DataFolder = { dir, source: (name) => (name === source.name ? source : null), parts: (name) => (name === source.name ? [source] : []) };
  const qualityTally = new QualityTally();
  const rows: OtherTraining[] = [];
  await readTable(folder, otherTrainingFile, qualityTally, options, (r, row) => {
    rows.push({ personId: r.personId, date: formatDay(r.date), hours: r.hours, source: r.source, row });
    return null;
  });
  const tally = qualityTally.file(otherTrainingFile.name);
  return {
    rows,
    read: tally.rows || rows.length + qualityTally.rejected.length,
    rejected: qualityTally.rejected.map((x) => ({ row: x.row, column: x.column ?? null, reason: x.reason })),
  };
}
