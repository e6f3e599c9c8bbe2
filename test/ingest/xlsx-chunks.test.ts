/**
 * A workbook reader never introduces U+FFFD (docs/gate.md "Reading is exact before it is clever").
 * exceljs's streaming reader decodes each chunk of an unzipped part on its own, so a character
 * whose UTF-8 bytes straddle two chunks became U+FFFD (upstream exceljs #2063, #2084, #2316): a
 * roster.xlsx written by openpyxl lost people. The fixtures put Chinese (3 bytes) and emoji
 * (4 bytes) text across the chunk boundaries, string lengths varied so that boundaries land
 * inside every byte position of a character; a control reading with exceljs alone shows the
 * boundaries are really hit.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readFirstWorksheet, wholeCharacters } from '../../pipeline/ingest/xlsx.ts';
import { ingestDataset } from '../../pipeline/ingest/dataset.ts';
import { openpyxlWorkbook } from '../helpers/workbooks.ts';
import { writeDataset } from '../helpers/files.ts';

const dir = mkdtempSync(join(tmpdir(), 'xueshi-xlsx-chunks-'));
let serial = 0;
const pathFor = (name: string) => join(dir, `${name}-${serial++}.xlsx`);

const SURNAMES = ['张', '王', '李', '赵', '欧阳', '司马'];
const GIVEN = ['三', '建国', '晓明', '𠀋', '丽😀', '🚩红旗'];

/** Row i's name: 1–7 characters of 3 and 4 UTF-8 bytes, with 0–4 ASCII characters before them. */
function nameOf(i: number): string {
  return `${'x'.repeat(i % 5)}${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${i % 3 === 0 ? '😀' : ''}`;
}

/** A roster whose names are all distinct (the row number in each), so every one is a shared string of its own. */
function rosterRows(n: number): string[][] {
  const rows: string[][] = [['人员编号', '姓名', '支部编号', '人员类别']];
  for (let i = 1; i <= n; i++) rows.push([String(i).padStart(6, '0'), `${nameOf(i)}${i}`, `B${1 + (i % 9)}`, i % 4 === 0 ? '党外干部' : '党员']);
  return rows;
}

function csvOf(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}

/** The cells as exceljs's streaming reader alone gives them (the control: no whole-character decoding). */
async function exceljsAloneText(path: string): Promise<string> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', worksheets: 'emit', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
  let text = '';
  for await (const sheet of reader) {
    for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
      row.eachCell((cell) => { text += String(cell.value); });
    }
  }
  return text;
}

describe('whole characters across chunks', () => {
  it('every split of Chinese and 4-byte emoji text, at every byte position, decodes to the same text', async () => {
    const text = 'a张😀三𠀋b中文🚩';
    const bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) {
        const chunks = [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)];
        let out = '';
        for await (const t of wholeCharacters((async function* () { yield* chunks; })())) out += t;
        expect(out).toBe(text);
      }
    }
  });

  it('a roster.xlsx written by openpyxl: every name whole (exceljs alone loses some at its chunk boundaries)', async () => {
    const rows = rosterRows(6000);
    const path = pathFor('openpyxl-roster');
    writeFileSync(path, openpyxlWorkbook(rows));
    // The control: the boundaries of the unzipped shared strings do fall inside characters.
    expect(await exceljsAloneText(path)).toContain('\ufffd');
    const read = await readFirstWorksheet(path);
    const text = Buffer.from(read.bytes).toString('utf8');
    expect(text).not.toContain('\ufffd');
    expect(text).toBe(csvOf(rows));
  });

  it('read as stored too (worksheets parked in a temporary file, read back in chunks of their own)', async () => {
    const rows = rosterRows(3000);
    const path = pathFor('openpyxl-stored');
    writeFileSync(path, openpyxlWorkbook(rows));
    const read = await readFirstWorksheet(path, { asStored: true });
    expect(Buffer.from(read.bytes).toString('utf8')).toBe(csvOf(rows));
  });

  it('inline strings in the worksheet itself (exceljs\'s streaming writer without shared strings), and a tab name in Chinese', async () => {
    const rows = rosterRows(4000);
    const path = pathFor('inline');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
    const ws = writer.addWorksheet('学籍注册😀');
    for (const r of rows) ws.addRow(r).commit();
    await writer.commit();
    expect(await exceljsAloneText(path)).toContain('\ufffd');
    const read = await readFirstWorksheet(path);
    expect(read.sheet).toBe('学籍注册😀');
    expect(Buffer.from(read.bytes).toString('utf8')).toBe(csvOf(rows));
  });
});

describe('a workbook that still holds U+FFFD is rejected row by row, never silently', () => {
  it('a cell with U+FFFD becomes a byte that is no UTF-8 in the sheet\'s CSV', async () => {
    const path = pathFor('fffd');
    writeFileSync(path, openpyxlWorkbook([['人员编号', '姓名'], ['000001', '张\ufffd'], ['000002', '李四']]));
    const bytes = Buffer.from((await readFirstWorksheet(path)).bytes);
    expect(bytes.includes(Buffer.from([0xff]))).toBe(true);
    expect(bytes.toString('latin1')).toContain('000001,\xe5\xbc\xa0\xff\n');
    expect(bytes.toString('utf8')).toContain('000002,李四\n');
  });

  it('roster.xlsx: the row is 编码错误 with its Excel row number; the others are read', async () => {
    const data = writeDataset({
      'roster.csv': null,
      'roster.xlsx': openpyxlWorkbook([['人员编号', '姓名', '支部编号', '人员类别'], ['P01', '王芳', 'B1', '党员'], ['P02', '巴图\ufffd孟和', 'B1', '群众']]),
    });
    const { qualityTally } = await ingestDataset(data);
    const rejected = qualityTally.rejected.filter((r) => r.file === 'roster.csv');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].row).toBe(3);
    expect(rejected[0].column).toBe('姓名');
    expect(rejected[0].reason).toContain('编码错误');
  });
});

describe('a macro-enabled workbook (.xlsm) is a workbook form of the file', () => {
  it('its first sheet is read, its macros are not', async () => {
    const { WORKBOOK_EXTENSIONS } = await import('../../pipeline/ingest/xlsx.ts');
    expect(WORKBOOK_EXTENSIONS).toEqual(['xlsx', 'xlsm']);
    const { zipEntries, deflatedZip } = await import('../helpers/zip.ts');
    const parts = [...zipEntries(openpyxlWorkbook([['支部编号', '人员编号', '延至'], ['B1', '', '2020-03-23']], '延期审批'))];
    const macro: [string, string | Uint8Array] = ['xl/vbaProject.bin', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3])];
    const xlsm = deflatedZip([...parts.slice(0, -2), macro, ...parts.slice(-2)].map(([n, c]) => [n, n === '[Content_Types].xml' ? c.toString().replace('sheet.main+xml', 'sheet.macroEnabled.main+xml') : c]));
    const path = join(dir, 'extensions.xlsm');
    writeFileSync(path, xlsm);
    const read = await readFirstWorksheet(path);
    expect(read.sheet).toBe('延期审批');
    expect(Buffer.from(read.bytes).toString()).toBe('支部编号,人员编号,延至\nB1,,2020-03-23\n');
  });
});

describe('folder discovery takes X.xlsm as a workbook form of X.csv', () => {
  it('extensions.xlsm is read as extensions.csv, with a warning naming it', async () => {
    const { zipEntries, deflatedZip } = await import('../helpers/zip.ts');
    const parts = [...zipEntries(openpyxlWorkbook([['支部编号', '人员编号', '延至'], ['B1', '', '2020-03-23']], '延期审批'))];
    const data = writeDataset({ 'extensions.xlsm': deflatedZip([...parts, ['xl/vbaProject.bin', new Uint8Array([1, 2, 3])]]) });
    const { qualityTally, extensions } = await ingestDataset(data);
    expect(qualityTally.file('extensions.csv').encoding).toBe('xlsx');
    expect(qualityTally.file('extensions.csv').accepted).toBe(1);
    expect(extensions.length).toBeGreaterThan(0);
    expect(qualityTally.warnings.some((w) => w.message.includes('extensions.xlsm'))).toBe(true);
  });
});
