/**
 * A CSV dataset re-saved as Excel workbooks, the way Excel holds what a careful administrator
 * typed or imported: times as typed date-time cells (shown `yyyy/m/d h:mm`, the seconds kept in
 * the value), days as typed date cells, durations as numbers, ids and everything else as text
 * (the id column formatted as text, so 000001 keeps its zeros). Written by exceljs's writer.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';

const DATETIME_COLUMNS = new Set(['开始时间', '结束时间', '评论时间', '提交时间', '审核时间', 'started_at', 'ended_at', 'commented_at', 'submitted_at', 'reviewed_at']);
const DAY_COLUMNS = new Set(['注册日期', '日期', '延至', '批准日期', 'registered_on', 'date', 'until', 'approved_on']);
const NUMBER_COLUMNS = new Set(['时长(分钟)', 'duration_min']);

/** Text the way Excel would have typed it into a cell of this column. */
export function typedCell(column: string, text: string): { value: ExcelJS.CellValue; numFmt?: string } {
  const key = column.normalize('NFKC').trim();
  if (DATETIME_COLUMNS.has(key) || DAY_COLUMNS.has(key)) {
    // Only what Excel itself recognises as a date: Y-M-D or Y/M/D, with H:mm[:ss] for times.
    const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
    if (m) {
      const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
      const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s)); // Beijing wall clock in UTC fields
      // An impossible date (2020-02-30) stays text, as Excel leaves it.
      if (date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60) {
        const timed = m[4] !== undefined;
        return { value: date, numFmt: timed ? 'yyyy/m/d h:mm' : 'yyyy/m/d' };
      }
    }
  }
  if (NUMBER_COLUMNS.has(key) && /^\d+(\.\d+)?$/.test(text.trim())) return { value: Number(text) };
  return { value: text, numFmt: '@' };
}

/** A CSV file's bytes (UTF-8 or GB18030) → an .xlsx at `path`, its first row the header. */
export async function csvToWorkbook(csv: Uint8Array, path: string): Promise<void> {
  const text = new TextDecoder(isUtf8(csv) ? 'utf-8' : 'gb18030').decode(csv).replace(/^\ufeff/, '');
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: false }).data;
  const header = rows[0] ?? [];
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const ws = writer.addWorksheet('Sheet1');
  rows.forEach((cells, r) => {
    // Papaparse leaves one empty record after the final line break: no row of the sheet.
    if (r === rows.length - 1 && cells.length === 1 && cells[0] === '') return;
    const row = ws.getRow(r + 1);
    cells.forEach((cell, c) => {
      if (cell === '') return;
      const typed = r === 0 ? { value: cell } : typedCell(header[c] ?? '', cell);
      const target = row.getCell(c + 1);
      target.value = typed.value;
      if ('numFmt' in typed && typed.numFmt) target.numFmt = typed.numFmt;
    });
    row.commit();
  });
  await writer.commit();
}

/**
 * A copy of the dataset folder with every CSV (or those named) replaced by a workbook of the
 * same stem; period.json and the other files copied as they are.
 */
export async function workbookDataset(dir: string, which: (file: string) => boolean = () => true): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'xueshi-xlsx-dataset-'));
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.csv') && which(name)) await csvToWorkbook(readFileSync(join(dir, name)), join(out, name.replace(/\.csv$/, '.xlsx')));
    else copyFileSync(join(dir, name), join(out, name));
  }
  return out;
}
