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
import { deflatedZip } from './zip.ts';

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

/** XML text content: &, < and > escaped (openpyxl escapes these three in cells). */
function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A1-style column letters of a 0-based column. */
function columnLetters(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * An .xlsx as openpyxl 3.1 writes it (`Workbook(); ws.append(row); wb.save(path)`): deflated
 * parts stored in openpyxl's order (docProps, theme, the worksheets, then shared strings, styles,
 * the workbook and its relationships, the content types last), every string a shared string,
 * numbers as `t="n"` cells. Its shared strings are one long deflated part, so the unzipped text
 * arrives in chunks whose boundaries fall inside multi-byte characters.
 */
export function openpyxlWorkbook(rows: readonly (readonly (string | number | null)[])[], sheetName = 'Sheet'): Buffer {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const sheetRows = rows.map((cells, r) => {
    const xml = cells.map((cell, c) => {
      const ref = `${columnLetters(c)}${r + 1}`;
      if (cell === null || cell === '') return '';
      if (typeof cell === 'number') return `<c r="${ref}" t="n"><v>${cell}</v></c>`;
      let i = stringIndex.get(cell);
      if (i === undefined) { i = strings.length; strings.push(cell); stringIndex.set(cell, i); }
      return `<c r="${ref}" t="s"><v>${i}</v></c>`;
    }).join('');
    return `<row r="${r + 1}">${xml}</row>`;
  }).join('');
  const width = Math.max(1, ...rows.map((r) => r.length));
  const decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  return deflatedZip([
    ['docProps/app.xml', `${decl}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application><AppVersion>3.1</AppVersion></Properties>`],
    ['docProps/core.xml', `${decl}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>openpyxl</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2020-02-24T10:00:00Z</dcterms:created></cp:coreProperties>`],
    ['xl/theme/theme1.xml', `${decl}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements/></a:theme>`],
    ['xl/worksheets/sheet1.xml', `${decl}<worksheet xmlns="${ns}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr/></sheetPr><dimension ref="A1:${columnLetters(width - 1)}${Math.max(1, rows.length)}"/><sheetViews><sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><sheetData>${sheetRows}</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>`],
    ['xl/sharedStrings.xml', `<sst xmlns="${ns}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${xmlText(s)}</t></si>`).join('')}</sst>`],
    ['xl/styles.xml', `${decl}<styleSheet xmlns="${ns}"><numFmts count="0"/><fonts count="1"><font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/><scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" pivotButton="0" quotePrefix="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`],
    ['xl/workbook.xml', `${decl}<workbook xmlns="${ns}"><workbookPr/><workbookProtection/><bookViews><workbookView visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" autoFilterDateGrouping="1"/></bookViews><sheets><sheet xmlns:r="${rel}" name="${xmlText(sheetName)}" sheetId="1" state="visible" r:id="rId1"/></sheets><definedNames/><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>`],
    ['xl/_rels/workbook.xml.rels', `${decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="${rel}/theme" Target="theme/theme1.xml"/></Relationships>`],
    ['[Content_Types].xml', `${decl}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`],
    ['_rels/.rels', `${decl}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
  ]);
}
