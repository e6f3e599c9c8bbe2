/**
 * An Excel workbook (.xlsx) → the CSV text its first worksheet would be, as UTF-8 bytes, so that
 * a workbook goes through exactly the CSV path (header finding, normalisation, validation, the
 * two-thread views reader) and gives exactly the people the CSV would.
 *
 * Cells are written as the person who typed them meant, not as Excel happens to display them:
 * - a date-time cell (a serial number with a date format) is Beijing wall-clock time — Excel
 *   has no time zones, and exceljs turns a serial into a Date as if it were UTC, so the UTC
 *   fields of that Date are the wall clock. Written `YYYY-MM-DD HH:mm:ss` (the platform's own
 *   form), rounded to the second (a serial is a binary fraction of a day: 13:05:00 is stored as
 *   13:04:59.99999…); `YYYY-MM-DD` when the format shows no time and the value has none; a
 *   date format hiding a time that is there still gives the time (the data is not what the
 *   display cut off); a time-only format (`h:mm`, `[h]:mm:ss`) gives `H:mm:ss`.
 * - a number: plain decimal, 15 significant digits as Excel keeps them, no exponent, no `.0`
 *   (an id typed as the number 1 stays "1": leading zeros Excel dropped are diagnosed later).
 * - text, rich text, hyperlinks (their text), shared strings; a formula by its cached result;
 *   booleans TRUE/FALSE as Excel's CSV writes them; an error value (`#N/A`) as its text;
 *   a merged range by its first cell (the others are empty, as in the file).
 * - blank rows stay blank lines and row numbers stay the sheet's, so that a message's
 *   "第 N 行" is the row the user sees in Excel.
 * Rows are streamed (exceljs's WorkbookReader) into one growing byte buffer: a 100,000-row
 * sheet never exists as JS strings or cell objects all at once.
 */
import { basename } from 'node:path';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type * as ExcelJS from 'exceljs';
import { FatalInputError } from './errors.ts';
import { readerOrder, reorderedZip, zipLayout } from './xlsx-parts.ts';

/**
 * The extensions of the workbook forms of an input file that this reader reads, as folder
 * discovery should offer them (`X.xlsx` or `X.xlsm` in place of `X.csv`). An .xlsm is an .xlsx
 * that also carries macros (xl/vbaProject.bin): its sheets are the same XML; the macros are never
 * read or run. Old binary workbooks (.xls, WPS's .et) are not readable here: exceljs's streaming
 * reader (kept over SheetJS for memory, see bench/RESULTS.md) reads only the zip form.
 */
export const WORKBOOK_EXTENSIONS: readonly string[] = ['xlsx', 'xlsm'];

/**
 * exceljs, loaded on the first workbook: a run on CSV files never pays its ~0.3 s of loading,
 * and `npm run pipeline`'s bundle keeps it outside (its CommonJS requires Node built-ins at
 * run time, which an ES-module bundle cannot; see pipeline/launch.mjs).
 */
let excel: Promise<typeof ExcelJS> | null = null;
function loadExcel(): Promise<typeof ExcelJS> {
  excel ??= import('exceljs').then((m) => ((m as { default?: typeof ExcelJS }).default ?? m));
  return excel;
}

export interface Worksheet {
  /** The first worksheet as UTF-8 CSV (LF line ends, RFC 4180 quoting, no BOM). */
  readonly bytes: Uint8Array;
  /** Its tab name. */
  readonly sheet: string;
  /** The names of the other tabs, which are not read (the caller may warn about them). */
  readonly otherSheets: readonly string[];
}

export interface WorkbookOptions {
  /** Back the bytes by a SharedArrayBuffer (so views' two-thread reader can share them). */
  readonly shared?: boolean;
  /** Tests: read the parts in stored order, as a zip that cannot be reordered is read. */
  readonly asStored?: boolean;
}

/** The zip as exceljs reads it: reordered (with the names of its parts), or the file as stored. */
interface ZipSource {
  readonly input: string | Readable;
  readonly names: ReadonlySet<string> | null;
}

/** The first worksheet of the .xlsx workbook at `path` as UTF-8 CSV bytes. */
export async function workbookToCsvBytes(path: string, options: WorkbookOptions = {}): Promise<Uint8Array> {
  return (await readFirstWorksheet(path, options)).bytes;
}

/** The first worksheet (the first tab that is not hidden) of the workbook, as CSV bytes. */
export async function readFirstWorksheet(path: string, options: WorkbookOptions = {}): Promise<Worksheet> {
  const file = basename(path);
  await refuseNonWorkbook(path, file);
  try {
    // The parts in the order exceljs's streaming reader handles reliably (xlsx-parts.ts).
    const layout = options.asStored ? null : await zipLayout(path);
    if (layout && !layout.parts.some((p) => p.name === 'xl/workbook.xml')) {
      throw new FatalInputError(file, '不是完整的 Excel 工作簿（压缩包中没有 xl/workbook.xml，文件可能已损坏或不是 Excel 保存的）。请用 Excel 打开后重新“另存为” .xlsx 或 CSV');
    }
    const source = (): ZipSource => (layout ? { input: reorderedZip(path, layout, readerOrder(layout.parts)), names: new Set(layout.parts.map((p) => p.name)) } : { input: path, names: null });
    let read = await readSheet(source(), null);
    // Only a zip read as stored (one that cannot be reordered: zip64): worksheet XML stored
    // before styles.xml or workbook.xml (the reader streams, it cannot go back) came without
    // number formats (dates would read as serials), or without its name and place among the
    // tabs. Those parts are read first, then the sheet again with them.
    if (read === 'parts-after-sheet') read = await readSheet(source(), await readPrelude(source()));
    if (read === 'parts-after-sheet') throw new Error('styles.xml or workbook.xml unreadable'); // cannot happen: they were given
    return finish(read, options);
  } catch (e) {
    if (e instanceof FatalInputError) throw e;
    throw new FatalInputError(file, `无法读取 Excel 工作簿（文件可能已损坏或不完整）：${(e as Error).message}。请用 Excel 打开后重新“另存为” .xlsx 或 CSV`);
  }
}

/** A zip it must be; an OLE file is an old .xls or an encrypted workbook. */
async function refuseNonWorkbook(path: string, file: string): Promise<void> {
  const head = Buffer.alloc(4);
  const handle = await open(path, 'r');
  try { await handle.read(head, 0, 4, 0); } finally { await handle.close(); }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return;
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new FatalInputError(file, '这是旧版 Excel 工作簿（.xls）或设置了打开密码的工作簿，无法直接读取。请在 Excel 中取消密码，并“另存为” → “Excel 工作簿（.xlsx）”或“CSV UTF-8（逗号分隔）”后重试');
  }
  throw new FatalInputError(file, '文件扩展名是 .xlsx，但内容不是 Excel 工作簿。请用 Excel 打开确认后“另存为” .xlsx 或 CSV');
}

// --- exceljs's streaming reader, as much of it as is used here ------------------------------
// Its published types describe WorkbookReader as a Workbook; these are the members it really has.

interface SheetEntry { readonly name: string; readonly rId: string; readonly state?: string }
interface ReaderInternals {
  on(event: 'entry', listener: (entry: { type: string; id?: string }) => void): void;
  model?: { sheets?: SheetEntry[] };
  workbookRels?: { Id: string; Target: string }[];
  sharedStrings?: unknown[];
  properties?: { model?: { date1904?: boolean } };
  stream?: { destroy(): void };
  styles: StyleManager;
  [Symbol.asyncIterator](): AsyncIterator<AsyncIterable<ExcelJS.Row>>;
}
interface StyleManager { index?: { numFmt?: Record<number, string> } }

type SheetRead = { rows: ByteSink; sheet: string; otherSheets: string[] } | 'parts-after-sheet';

/** What a first pass read of the workbook's parts other than its sheets. */
interface Prelude {
  readonly styles: StyleManager;
  readonly model: ReaderInternals['model'];
  readonly workbookRels: ReaderInternals['workbookRels'];
  readonly properties: ReaderInternals['properties'];
}

/** Where a pass is in the zip: which parts it has met, which sheet it is in. */
interface PassState {
  stylesSeen: boolean;
  /** A worksheet came before workbook.xml (so before the list of tabs). */
  workbookLate: boolean;
  sheetNo: string;
}

/**
 * Follows the reader's entries. A worksheet met before workbook.xml is given an empty list of
 * tabs: exceljs reads `model.sheets` there and would throw "Cannot read properties of undefined
 * (reading 'sheets')" (a workbook writer may store the parts in any order).
 */
function followEntries(reader: ReaderInternals, state: PassState): void {
  reader.on('entry', (entry) => {
    if (entry.type === 'styles') state.stylesSeen = true;
    if (entry.type === 'worksheet') {
      state.sheetNo = entry.id ?? '';
      if (reader.model === undefined) {
        state.workbookLate = true;
        reader.model = { sheets: [] };
      }
    }
  });
}

/**
 * exceljs decodes each chunk of a part's XML on its own (utils/parse-sax.js: one
 * `TextDecoder.decode(chunk)` per chunk, no `stream: true`), so a character whose UTF-8 bytes
 * straddle two chunks of the unzipped part — every 16 KB or so — comes out as U+FFFD (upstream
 * exceljs #2063, #2084, #2316; a Chinese name in roster.xlsx became "张\ufffd\ufffd"). The
 * reader passes text through untouched, so each part is handed to it as text decoded by a
 * streaming decoder that carries a split character over to the next chunk: the parts it opens
 * itself (workbook, relationships, shared strings, styles) by setting their stream's encoding,
 * the worksheets (also those parked in a temporary file) by decoding their chunk iterator.
 */
function decodeWholeCharacters(reader: ReaderInternals): void {
  const methods = reader as unknown as Record<string, ((this: unknown, ...args: unknown[]) => unknown) | undefined>;
  const original = (name: string) => {
    const method = methods[name];
    // An exceljs that renamed its internals must fail the tests, not silently split characters again.
    if (typeof method !== 'function') throw new Error(`exceljs WorkbookReader has no ${name}: the whole-character decoding needs updating`);
    return method;
  };
  for (const name of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles']) {
    const parse = original(name);
    methods[name] = function (this: unknown, entry: unknown) {
      (entry as { setEncoding(encoding: 'utf8'): void }).setEncoding('utf8');
      return parse.call(this, entry);
    };
  }
  for (const name of ['_parseWorksheet', '_parseHyperlinks']) {
    const parse = original(name);
    methods[name] = function (this: unknown, chunks: unknown, sheetNo: unknown) {
      return parse.call(this, wholeCharacters(chunks as AsyncIterable<Uint8Array | string>), sheetNo);
    };
  }
}

/** Byte chunks → text chunks, a character split between two chunks decoded whole (a BOM kept: the XML parser skips it). */
export async function* wholeCharacters(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** One pass over the zip, reading the first worksheet's rows into CSV. */
async function readSheet(source: ZipSource, prelude: Prelude | null): Promise<SheetRead> {
  const { stream } = await loadExcel();
  const reader = new stream.xlsx.WorkbookReader(source.input, {
    entries: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', worksheets: 'emit',
    // Given styles (read in a first pass) are kept: 'ignore' only skips parsing styles.xml.
    styles: prelude ? 'ignore' : 'cache',
  }) as unknown as ReaderInternals;
  if (prelude) Object.assign(reader, prelude);
  decodeWholeCharacters(reader);
  // A workbook with no shared strings (inline strings, or an empty one) or no relationships:
  // the reader would park every worksheet until they come, and they never will.
  if (source.names && !source.names.has('xl/sharedStrings.xml')) reader.sharedStrings = [];
  if (source.names && !source.names.has('xl/_rels/workbook.xml.rels')) reader.workbookRels = [];
  const state: PassState = { stylesSeen: prelude !== null, workbookLate: false, sheetNo: '' };
  followEntries(reader, state);
  try {
    return await firstSheetRows(reader, state);
  } finally {
    reader.stream?.destroy(); // a pass that stopped early leaves the file open otherwise
  }
}

/** The reader's worksheets in zip order: the first tab's rows are written, the others skipped. */
async function firstSheetRows(reader: ReaderInternals, state: PassState): Promise<SheetRead> {
  const sink = new ByteSink();
  let found: { sheet: string; otherSheets: string[] } | null = null;
  for await (const worksheet of reader as unknown as AsyncIterable<AsyncIterable<ExcelJS.Row>>) {
    // Before the list of tabs, no sheet can be told to be the first: all are read again.
    if (state.workbookLate) return 'parts-after-sheet';
    // Worksheets come in zip order; the first tab is the workbook's first listed sheet.
    const first = firstSheet(reader);
    if (!first || first.no !== state.sheetNo) continue; // not iterated: the reader skips it
    if (!state.stylesSeen) return 'parts-after-sheet';
    addChineseBuiltinFormats(reader.styles);
    found = { sheet: first.name, otherSheets: first.others };
    await writeRows(worksheet, sink, reader.properties?.model?.date1904 === true);
    break; // the sheets after it are not even unzipped
  }
  if (!found) {
    const sheets = reader.model?.sheets ?? [];
    // No visible worksheet (an empty workbook, or only chart sheets): an empty file.
    return { rows: sink, sheet: '', otherSheets: sheets.map((s) => s.name) };
  }
  return { rows: sink, ...found };
}

/**
 * Only styles.xml, workbook.xml and its relationships: a pass that parses no worksheet. (Shared
 * strings are still cached: with sharedStrings 'ignore', exceljs 4.4 stops at the first
 * worksheet after them.)
 */
async function readPrelude(source: ZipSource): Promise<Prelude> {
  const { stream } = await loadExcel();
  const reader = new stream.xlsx.WorkbookReader(source.input, {
    entries: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', worksheets: 'ignore', styles: 'cache',
  }) as unknown as ReaderInternals;
  decodeWholeCharacters(reader);
  followEntries(reader, { stylesSeen: false, workbookLate: false, sheetNo: '' });
  for await (const _ of reader as unknown as AsyncIterable<unknown>) { /* nothing is emitted */ }
  return { styles: reader.styles, model: reader.model, workbookRels: reader.workbookRels, properties: reader.properties };
}

/** The first visible worksheet's file number ("1" for xl/worksheets/sheet1.xml) and names. */
function firstSheet(reader: ReaderInternals): { no: string; name: string; others: string[] } | null {
  const sheets = reader.model?.sheets ?? [];
  const rels = reader.workbookRels ?? [];
  const numbered = sheets.map((s) => {
    const target = rels.find((r) => r.Id === s.rId)?.Target ?? '';
    // "worksheets/sheet1.xml", or absolute "/xl/worksheets/sheet1.xml"; chart sheets are no worksheets.
    const m = /(?:^|\/)worksheets\/sheet(\d+)\.xml$/.exec(target);
    return { sheet: s, no: m ? m[1] : null };
  });
  const first = numbered.find((s) => s.no !== null && s.sheet.state !== 'hidden' && s.sheet.state !== 'veryHidden');
  if (!first || first.no === null) return null;
  return { no: first.no, name: first.sheet.name, others: sheets.filter((s) => s !== first.sheet).map((s) => s.name) };
}

/**
 * Excel's built-in number formats 27–36 and 50–58 are locale-dependent: a Chinese Excel or WPS
 * saves its 年月日 dates and 时分 times as those ids without writing the format out. exceljs
 * knows them only per locale and so reads such cells as plain numbers; these are zh-CN's.
 */
const CHINESE_BUILTIN_FORMATS: Record<number, string> = {
  // Not locale-dependent, but exceljs's table quotes its h ('m/d/yy "h":mm'), losing the time.
  22: 'yyyy/m/d h:mm',
  27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: 'm-d-yy', 31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
  54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"', 58: 'm"月"d"日"',
};

function addChineseBuiltinFormats(styles: StyleManager): void {
  const index = styles.index?.numFmt;
  if (!index) return;
  for (const [id, format] of Object.entries(CHINESE_BUILTIN_FORMATS)) index[Number(id)] ??= format;
}

// --- rows → CSV ------------------------------------------------------------------------------

async function writeRows(worksheet: AsyncIterable<ExcelJS.Row>, sink: ByteSink, date1904: boolean): Promise<void> {
  let nextRow = 1;
  const fields: string[] = [];
  for await (const row of worksheet) {
    // Rows absent from the XML are blank rows: kept as blank lines, so row numbers stay Excel's.
    for (; nextRow < row.number; nextRow++) sink.write('\n');
    nextRow = row.number + 1;
    fields.length = 0;
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      while (fields.length < col - 1) fields.push('');
      fields.push(quoted(cellText(cell.value, cell.numFmt, date1904)));
    });
    sink.write(fields.join(','));
    sink.write('\n');
  }
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function quoted(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A cell's value as the text a person reading the sheet means (see the module comment). */
export function cellText(value: ExcelJS.CellValue, numFmt: string | undefined, date1904 = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return unescapeXmlChars(value);
  if (typeof value === 'number') {
    const kind = formatKind(numFmt);
    return kind.date || kind.time ? serialText(value, numFmt, date1904) : decimalText(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value.getTime(), numFmt, date1904);
  if ('richText' in value) return unescapeXmlChars(value.richText.map((r) => r.text ?? '').join(''));
  if ('error' in value) return String(value.error);
  // A formula: its cached result (none cached: empty, as a sheet never calculated shows nothing).
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    // exceljs reads an error result (t="e") as a number and gets NaN: the error text is lost.
    if (typeof result === 'number' && Number.isNaN(result)) return '';
    return cellText(result as ExcelJS.CellValue, numFmt, date1904);
  }
  if ('text' in value) return cellText(value.text as ExcelJS.CellValue, numFmt, date1904); // a hyperlink
  return '';
}

/** The OOXML escape of characters XML cannot hold: `_x000D_` is a CR, `_x005F_` an underscore. */
function unescapeXmlChars(text: string): string {
  return text.indexOf('_x') < 0 ? text : text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** What a number format shows: a date, a time (exceljs's test: y m d h s outside quotes and brackets). */
interface FormatKind { readonly date: boolean; readonly time: boolean }
const NOT_A_DATE: FormatKind = { date: false, time: false };
const formatKinds = new Map<string, FormatKind>();

/** The kind of a number format, decided once per format string (a sheet has a handful). */
function formatKind(numFmt: string | undefined): FormatKind {
  if (numFmt === undefined) return NOT_A_DATE;
  let kind = formatKinds.get(numFmt);
  if (kind === undefined) {
    // Without quoted literals, escapes and [colour]/[$-locale] brackets ([h] elapsed hours stay).
    const tokens = numFmt.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[(?![hms]+\])[^\]]*\]/gi, '').toLowerCase();
    const meridiem = /am\/pm|a\/p|上午\/下午/.test(tokens);
    const clockless = tokens.replace(/am\/pm|a\/p/g, '');
    kind = /general/.test(tokens) ? NOT_A_DATE : {
      // m is minutes right after h or right before s, else months.
      date: /[yd]/.test(clockless) || /m/.test(clockless.replace(/h[^a-z]*m+|m+(?=[^a-z]*s)/g, '')),
      time: /[hs]/.test(clockless) || meridiem,
    };
    formatKinds.set(numFmt, kind);
  }
  return kind;
}

/** A serial number shown with a date format: days since 1899-12-30 (1904-01-01 in 1904 mode). */
function serialText(serial: number, numFmt: string | undefined, date1904: boolean): string {
  return dateText((serial + serialZeroDays(date1904)) * 86400000, numFmt, date1904);
}

/** Serial 0 in days since 1970-01-01: 1899-12-30, or 1904-01-01 in a 1904-based workbook. */
function serialZeroDays(date1904: boolean): number {
  return date1904 ? -24107 : -25569;
}

/** Wall-clock milliseconds (Beijing, stored as if UTC) → text, rounded to the second. */
function dateText(ms: number, numFmt: string | undefined, date1904: boolean): string {
  if (!Number.isFinite(ms)) return '';
  const seconds = Math.round(ms / 1000);
  // A Date with no format at all (cannot come from a file) is shown whole.
  const { date: showsDate, time: showsTime } = numFmt === undefined ? { date: true, time: true } : formatKind(numFmt);
  const timeOfDay = ((seconds % 86400) + 86400) % 86400;
  const clock = (h: number) => `${h}:${pad2(Math.floor(timeOfDay / 60) % 60)}:${pad2(timeOfDay % 60)}`;
  if (!showsDate && showsTime) {
    // A time or a duration: hours may pass 24 in [h]:mm:ss; the serial's day part counts.
    return clock(Math.floor((seconds - serialZeroDays(date1904) * 86400) / 3600));
  }
  const d = new Date(seconds * 1000);
  const day = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  if (!showsTime && timeOfDay === 0) return day;
  return `${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * A number as plain decimal text: Excel keeps 15 significant digits (0.1 + 0.2 is 0.3 there),
 * never an exponent (1E+21 → 1000000000000000000000), no trailing ".0".
 */
export function decimalText(n: number): string {
  if (!Number.isFinite(n)) return '';
  const v = Number(n.toPrecision(15));
  if (v === 0) return '0'; // also −0
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  // d.ddde±x: move the point x places.
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const digits = mantissa.replace('.', '');
  const point = (mantissa.indexOf('.') < 0 ? mantissa.length : mantissa.indexOf('.')) + exponent;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}

// --- the growing byte buffer ----------------------------------------------------------------

/** UTF-8 bytes appended in place; the capacity doubles, so a row costs no allocation of its own. */
class ByteSink {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  length = 0;

  write(text: string): void {
    if (text.indexOf('\ufffd') >= 0) { this.writeReplaced(text); return; }
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    const need = this.length + text.length * 3;
    if (need > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  /**
   * A cell holding U+FFFD lost a character before it reached us (a program that wrote the
   * workbook could not decode it): the replacement character goes into the CSV as a byte that is
   * no UTF-8 (0xFF), so the reading rejects that row with 编码错误, exactly as a CSV with a bad
   * byte — never an accepted name or id with a hole in it.
   */
  private writeReplaced(text: string): void {
    const pieces = text.split('\ufffd');
    pieces.forEach((piece, i) => {
      if (i > 0) {
        this.write('\u00ff'); // reserve room, then overwrite the 2-byte UTF-8 of ÿ with one 0xFF
        this.length -= 2;
        this.buffer[this.length++] = 0xff;
      }
      if (piece) this.write(piece);
    });
  }

  /** Exactly the bytes written, in memory of their own (the slack of the last doubling freed). */
  take(shared: boolean): Uint8Array {
    const out = new Uint8Array(shared ? new SharedArrayBuffer(this.length) : new ArrayBuffer(this.length));
    out.set(this.buffer.subarray(0, this.length));
    this.buffer = Buffer.alloc(0);
    return out;
  }
}

function finish(read: Exclude<SheetRead, 'parts-after-sheet'>, options: WorkbookOptions): Worksheet {
  return { bytes: read.rows.take(options.shared === true), sheet: read.sheet, otherSheets: read.otherSheets };
}
