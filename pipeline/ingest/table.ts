/**
 * One input file → validated rows. Maps the header row onto the contract's columns (Chinese
 * or English, NFKC, stray spaces), refuses a file missing a required column (fatal), then
 * parses each data row with the columns' field types. Each row ends up accepted, rejected
 * (with file, Excel row, column and a Chinese reason) or duplicate, as the caller decides for
 * rows that need other files (unknown ids, repeated keys). Extra columns are dropped here, so
 * ID-card and phone numbers never get further than this function.
 */
import { instantField, Invalid } from '../contract/fields.ts';
import { parsePlatformInstantAt } from '../contract/calendar.ts';
import { FOOTER_FIRST_CHARS, type InputFile, isFooterLine, matchHeader, type RowOf, rowRule, unitName } from '../contract/inputs.ts';
import { isUtf8 } from 'node:buffer';
import { decodeSlices, detectEncoding, type Encoding, sniffFormat } from './decode.ts';
import { vanishedMessage } from './fs-problem.ts';
import { FatalInputError } from './errors.ts';
import type { Ledger } from './ledger.ts';
import type { IdInterner } from './intern.ts';
import { readRecords } from './records.ts';
import { type DataFolder, type Source, sourceBytes } from './folder.ts';

/** What the caller makes of a parsed row: accepted (null), a duplicate, or rejected. */
export type RowOutcome = null | 'duplicate' | {
  column: string | null;
  reason: string;
  /** An id that names nothing in `refersTo`: sampled by the ledger for the publish gate. */
  unknown?: { id: string; refersTo: string };
};

export interface ReadOptions {
  readonly encoding?: Encoding;
  /** `--encoding FILE=ENC`: one file's encoding, by the contract's file name (wins over `encoding`). */
  readonly encodings?: Readonly<Record<string, Encoding>>;
  /** Called now and then with bytes decoded so far, for a progress bar. */
  readonly onProgress?: (file: string, done: number, total: number) => void;
}

/** How many lines from the top the header row may be on (SPEC §1: title lines before it). */
export const HEADER_SEARCH_LINES = 10;

/** The first cells of a line, for a message: non-empty cells joined, cut at 40 characters. */
function lineText(cells: readonly string[]): string {
  const t = cells.map((c) => c.trim()).filter((c) => c !== '').join('，');
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/**
 * The header among the first lines of a file (SPEC §1): the first line that names every
 * required column. Lines before it are remembered for one warning; a blank line is passed over.
 */
export class HeaderSearch {
  private readonly skipped: { row: number; cells: string[]; matched: number }[] = [];
  constructor(private readonly f: InputFile, private readonly ledger: Ledger, private readonly forced: Encoding | undefined) {}

  /** Offer the record at `row`: its column index when it is the header, else null (fatal past the search). */
  offer(cells: string[], row: number): number[] | null {
    if (!isBlank(cells)) {
      const m = matchHeader(this.f, cells);
      if (m.missing.length === 0) {
        if (this.skipped.length > 0) {
          const lines = this.skipped.map((s) => `第 ${s.row} 行“${lineText(s.cells)}”`).join('、');
          this.ledger.warn('titleLines', this.f.name, row, `表头在第 ${row} 行，跳过了表头前的 ${this.skipped.length} 行：${lines}（行号仍按文件中的行计）`);
        }
        return mapHeader(this.f, cells, this.ledger, this.forced);
      }
      this.skipped.push({ row, cells, matched: this.f.columns.filter((c, i) => c.required && m.index[i] >= 0).length });
    }
    if (row >= HEADER_SEARCH_LINES) this.fail();
    return null;
  }

  /** The file ended (or the search did) without a header: fatal for a file that had lines, or a required one. */
  fail(): void {
    if (this.skipped.length === 0) {
      if (!this.f.required) return;
      throw new FatalInputError(this.f.name, `文件为空，没有表头行（应有列：${this.f.columns.filter((c) => c.required).map((c) => c.zh).join('、')}）`);
    }
    // The line most like a header (most required columns; the first of equals) is the one to show.
    const best = this.skipped.reduce((a, b) => (b.matched > a.matched ? b : a));
    mapHeader(this.f, best.cells, this.ledger, this.forced,
      this.skipped.length > 1 ? `（前 ${HEADER_SEARCH_LINES} 行中没有一行含有全部必需列；最接近的是第 ${best.row} 行）` : '');
  }
}

/**
 * Header cells → column index (see matchHeader), or a fatal error naming the missing columns
 * and the headers found; warnings for near spellings and for columns not in the contract.
 */
export function mapHeader(f: InputFile, header: string[], ledger: Ledger, forced: Encoding | undefined, where = ''): number[] {
  const { index, missing, ignored, near, wrongUnit } = matchHeader(f, header);
  if (wrongUnit) {
    const [cell, note] = wrongUnit;
    throw new FatalInputError(f.name, `列“${cell}”的时长以${unitName(note)}计，本程序要求以分钟计（时长(分钟)）。请把该列换算成分钟（如秒数除以 60），表头改为“时长(分钟)”后重试`);
  }
  if (missing.length > 0) {
    const found = header.filter((h) => h.trim() !== '').map((h) => `“${h.trim()}”`).join('、') || '（无）';
    const names = missing.map((c) => `“${c.zh}”（或 ${c.en}）`).join('、');
    const hint = forced ? `（已按 --encoding ${forced} 解码；表头若是乱码，请去掉 --encoding 让程序自动识别）` : '';
    throw new FatalInputError(f.name, `缺少必需列 ${names}；找到的表头：${found}${where}${hint}`);
  }
  if (near.length > 0) {
    ledger.warn('headerMatched', f.name, null, `表头${near.map(([cell, zh]) => `“${cell}”按“${zh}”读取`).join('，')}（与约定的表头相差一个字；若不对，请改表头）`);
  }
  if (ignored.length > 0) {
    // An optional column with a default that no header named: say so beside the unknown ones,
    // since one of them may be it under another name (the default would apply silently).
    const defaults = f.columns.filter((c, i) => !c.required && index[i] === -1 && c.type.label.includes('空为'));
    const also = defaults.length > 0 ? `；没有找到${defaults.map((c) => `“${c.zh}”列（按默认值：${c.type.label}）`).join('、')}，若上面某列就是它，请改表头` : '';
    ledger.warn('ignoredColumns', f.name, 1, `已忽略不在约定内的列：${ignored.join('、')}（这些列不会进入任何输出）${also}`);
  }
  return index;
}

/**
 * Read input `f` of the folder (absent optional files are empty), feeding each valid row to
 * `onRow`. The row object is reused for the next row: `onRow` must copy the values it keeps.
 * Returns whether the file was present.
 */
export async function readTable<F extends InputFile>(
  folder: DataFolder, f: F, ledger: Ledger, options: ReadOptions, onRow: (row: RowOf<F>, rowNumber: number) => RowOutcome,
): Promise<boolean> {
  const loaded = await loadTable(folder, f, ledger, options);
  if (!loaded) return false;
  warnSkipped(ledger, f.name, parseTable(loaded.bytes, loaded.encoding, f, ledger, options, onRow, null));
  return true;
}

/** The encoding `--encoding` forces for a file: its own (`FILE=ENC`), else the global one. */
export function forcedEncoding(options: ReadOptions, name: string): Encoding | undefined {
  return options.encodings?.[name] ?? options.encoding;
}

/**
 * The bytes of input `f` as CSV and their encoding, the file marked present in the ledger;
 * null for an absent optional file. Fatal for an absent required file, an unreadable file or
 * one that is not delimited text.
 */
export async function loadTable(
  folder: DataFolder, f: InputFile, ledger: Ledger, options: ReadOptions, load: (source: Source) => Promise<Uint8Array> = sourceBytes,
): Promise<{ bytes: Uint8Array; encoding: Encoding } | null> {
  const tally = ledger.file(f.name);
  const source = folder.source(f.name);
  if (!source) {
    if (f.required) throw new FatalInputError(f.name, `缺少必需文件（${f.zh}）：数据目录 ${folder.dir} 中没有 ${f.name}`);
    return null;
  }
  let bytes: Uint8Array;
  try {
    bytes = await load(source);
  } catch (e) {
    if (e instanceof FatalInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const file = source.actual === f.name ? f.name : `${f.name}（${source.actual}）`;
    if (code === 'ENOENT') throw new FatalInputError(file, vanishedMessage(source.path));
    if (code === 'EACCES' || code === 'EPERM') throw new FatalInputError(file, `无权限读取该文件（${code}），请检查文件权限`);
    if (code === 'EISDIR') throw new FatalInputError(file, '这是一个文件夹，不是 CSV 文件');
    throw new FatalInputError(file, `读取失败：${(e as Error).message}`);
  }
  tally.present = true;
  // A workbook's sheet arrives as UTF-8 CSV made here: neither sniffing nor --encoding applies;
  // quality.json says "xlsx", not a character set the file never had.
  if (source.format === 'xlsx') {
    tally.encoding = 'xlsx';
    return { bytes, encoding: 'utf-8' };
  }
  sniffFormat(f.name, bytes);
  const encoding = forcedEncoding(options, f.name) ?? detectEncoding(bytes);
  tally.encoding = encoding;
  return { bytes, encoding };
}

/** Where a part of a file starts: its byte range, the header already mapped, its first row. */
export interface Part {
  readonly from: number;
  readonly to: number;
  readonly index: readonly number[];
  readonly headerWidth: number;
  /** Excel row number of the part's first record. */
  readonly firstRow: number;
  /** The part ends the file (its trailing empty record is the final line break's). */
  readonly final: boolean;
  /** The part begins the file (a byte-order mark is one there only); default: `from` is 0. */
  readonly fileStart?: boolean;
  /** The file's delimiter, found in its header (a data line could suggest another). */
  readonly delimiter: string;
}

/** What parsing a file (or part) saw besides its rows: records read and lines skipped. */
export interface ParseSummary {
  /** Records read, header included when the part began the file. */
  readonly records: number;
  /** Wholly blank records, not counting the empty one after the file's final line break. */
  readonly blank: number;
  /** A part that is not final ended inside a quoted field (see readRecords). */
  readonly unfinished: boolean;
  /** Footer lines skipped (合计, 注：…): their row numbers (local to a part) and first cells. */
  readonly footers: readonly Footer[];
  /** Read as UTF-8, its bytes were not all valid UTF-8 (rows holding a bad byte were rejected). */
  readonly lossy: boolean;
}

export interface Footer {
  readonly row: number;
  readonly text: string;
}

export function warnBlank(ledger: Ledger, file: string, blank: number): void {
  if (blank > 0) ledger.warn('blankRows', file, null, `跳过了 ${blank} 个空行（整行没有内容，不计入行数）`);
}

/** One warning for a file's footer lines: like blank lines, they are no rows. */
export function warnFooters(ledger: Ledger, file: string, footers: readonly Footer[]): void {
  if (footers.length === 0) return;
  const shown = footers.slice(0, 10).map((x) => `第 ${x.row} 行“${x.text}”`).join('、');
  ledger.warn('footerRows', file, footers[0].row,
    `跳过了 ${footers.length} 行合计/备注行（不是数据，不计入行数）：${shown}${footers.length > 10 ? ' 等' : ''}`);
}

/** A parsed file's skipped lines, told: blank lines and footer lines. */
export function warnSkipped(ledger: Ledger, file: string, parsed: ParseSummary): void {
  warnBlank(ledger, file, parsed.blank);
  warnFooters(ledger, file, parsed.footers);
}

/**
 * A file's own shortcut for its commonest line (views.csv: known ids, platform times): takes a
 * quote-free line's `n` cells, text[starts[k], ends[k]) (no more than the header has), with the
 * header's column index, and returns true when it accepted the row itself — exactly as the
 * general path would have. False leaves the line to the general path, which decides and words
 * any rejection.
 */
export type FastLine = (text: string, starts: Int32Array, ends: Int32Array, n: number, index: readonly number[]) => boolean;

/**
 * Parse the bytes of a file (or, with `part`, a line-aligned byte range of it whose header is
 * already mapped), feeding each valid row to `onRow` and tallying in `ledger`.
 */
export function parseTable<F extends InputFile>(
  bytes: Uint8Array, encoding: Encoding, f: F, ledger: Ledger, options: ReadOptions,
  onRow: (row: RowOf<F>, rowNumber: number) => RowOutcome, part: Part | null,
  interners: Partial<Record<F['columns'][number]['key'], IdInterner>> = {}, fast?: FastLine,
): ParseSummary {
  const tally = ledger.file(f.name);
  const range = part ? bytes.subarray(part.from, part.to) : bytes;
  // A byte-order mark is one only at the very start of the file.
  let slices: Iterable<string> = decodeSlices(range, encoding, undefined, !part || (part.fileStart ?? part.from === 0));
  if (options.onProgress) slices = withProgress(slices, f.name, range.length, options.onProgress);

  let index: readonly number[] | null = part ? part.index : null;
  let headerWidth = part ? part.headerWidth : 0;
  const rowShift = part ? part.firstRow - 1 : 0;
  let blank = 0, lastBlank = false;
  const columns = f.columns;
  const instantColumn = columns.map((c) => c.type === instantField);
  const internerOf = columns.map((c) => (interners as Record<string, IdInterner | undefined>)[c.key]);
  // One row object, refilled for every row: `onRow` copies what it keeps (see its contract),
  // which spares millions of short-lived objects on big files.
  const row: Record<string, unknown> = Object.fromEntries(columns.map((c) => [c.key, undefined]));

  /** A parsed row: the row rules, then the caller's outcome, then the tally. */
  // The raw text of the row being finished, for a rule that needs how a cell was written.
  let rawCells: string[] | null = null, rawText = '', rawCount = 0;
  const rawCell = (column: number): string => {
    const at = index![column];
    if (rawCells) return at >= 0 ? rawCells[at] ?? '' : '';
    return at >= 0 && at < rawCount ? rawText.substring(starts[at], ends[at]) : '';
  };
  const finish = (rowNumber: number) => {
    const broken = rowRule(f, row, rawCell);
    if (broken) { ledger.reject(f.name, rowNumber, broken.column, broken.reason); return; }
    const outcome = onRow(row as RowOf<F>, rowNumber);
    if (outcome === null) tally.accepted++;
    else if (outcome === 'duplicate') tally.duplicates++;
    else {
      ledger.reject(f.name, rowNumber, outcome.column, outcome.reason);
      if (outcome.unknown && outcome.column !== null) ledger.unknownId(f.name, outcome.column, outcome.unknown.refersTo, outcome.unknown.id);
    }
  };

  const search = part ? null : new HeaderSearch(f, ledger, forcedEncoding(options, f.name));
  // A UTF-8 file with invalid bytes (see detectEncoding): rows holding one are 编码错误.
  const lossy = encoding === 'utf-8' && !isUtf8(range);
  const badBytes = (cells: string[]): RowOutcome => {
    const at = cells.findIndex((c) => c.includes('\ufffd'));
    const column = index === null ? -1 : index.indexOf(at);
    return { column: column >= 0 ? columns[column].zh : null, reason: `编码错误：本行第 ${at + 1} 列含有不是 UTF-8 的字节（文件其余部分是 UTF-8），请核对该行内容后重新导出或改正` };
  };
  const footers: Footer[] = [];
  const record = (cells: string[], rowNumber: number, problem: string | null) => {
    if (index === null) {
      index = search!.offer(cells, rowNumber);
      if (index !== null) headerWidth = cells.length;
      return;
    }
    lastBlank = isBlank(cells);
    if (lastBlank) { blank++; return; }
    if (isFooterLine(cells)) { footers.push({ row: rowNumber, text: lineText(cells) }); return; }
    tally.rows++;
    if (lossy && cells.some((c) => c.includes('\ufffd'))) {
      const v = badBytes(cells) as { column: string | null; reason: string };
      ledger.reject(f.name, rowNumber, v.column, v.reason);
      return;
    }
    if (problem) { ledger.reject(f.name, rowNumber, null, problem); return; }
    if (cells.length > headerWidth) {
      const extra = cells.slice(headerWidth).filter((c) => c.trim() !== '').length;
      if (extra > 0) {
        ledger.reject(f.name, rowNumber, null, `本行有 ${cells.length} 列，比表头多 ${cells.length - headerWidth} 列且多出的列有内容（可能是未加引号的逗号）`);
        return;
      }
    }
    // No allocation for the reasons unless the row is bad: this loop runs millions of times.
    let firstBad: string | null = null;
    let reasons: string[] | null = null;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i];
      const at = index[i];
      const v = c.type.parse(at >= 0 ? cells[at] : undefined);
      if (v instanceof Invalid) {
        firstBad ??= c.zh;
        (reasons ??= []).push(`${c.zh}：${v.reason}`);
      } else row[c.key] = v;
    }
    if (firstBad !== null && reasons !== null) { ledger.reject(f.name, rowNumber, firstBad, reasons.join('；')); return; }
    rawCells = cells;
    finish(rowNumber);
  };

  // The fast lane for quote-free lines: cells located by their commas, platform datetimes
  // read in place. Anything unusual (a blank line, a ragged row, a bad cell) goes through
  // `record` instead, so the messages and outcomes are exactly the general path's.
  const starts = new Int32Array(64), ends = new Int32Array(64);
  const line = (text: string, from: number, to: number, rowNumber: number) => {
    // Blank lines, and lines that may be footers (a first character of 合计/注：…, or an empty
    // first cell), are the general path's to judge.
    const c0 = text.charCodeAt(from);
    if (index === null || to === from || c0 === 44 || c0 <= 32 || c0 === 0x3000 || FOOTER_FIRST_CHARS.has(c0) ||
        (lossy && text.indexOf('\ufffd', from) !== -1 && text.indexOf('\ufffd', from) < to)) {
      record(text.substring(from, to).split(','), rowNumber, null);
      return;
    }
    let n = 0;
    for (let p = from; ; n++) {
      if (n === 64) { record(text.substring(from, to).split(','), rowNumber, null); return; }
      const comma = text.indexOf(',', p);
      starts[n] = p;
      if (comma === -1 || comma >= to) { ends[n] = to; n++; break; }
      ends[n] = comma;
      p = comma + 1;
    }
    if (n > headerWidth) { record(text.substring(from, to).split(','), rowNumber, null); return; }
    if (fast !== undefined && fast(text, starts, ends, n, index)) {
      lastBlank = false;
      tally.rows++;
      tally.accepted++;
      return;
    }
    for (let i = 0; i < columns.length; i++) {
      const at = index[i];
      const cell = at >= 0 && at < n ? at : -1;
      const interner = internerOf[i];
      if (cell >= 0 && interner !== undefined) {
        const id = interner.find(text, starts[cell], ends[cell]);
        if (id !== undefined) { row[columns[i].key] = id; continue; }
      }
      if (cell >= 0 && instantColumn[i] && ends[cell] - starts[cell] === 19) {
        const t = parsePlatformInstantAt(text, starts[cell]);
        if (t === t) { row[columns[i].key] = t; continue; }
      }
      const v = columns[i].type.parse(cell >= 0 ? text.substring(starts[cell], ends[cell]) : undefined);
      if (v instanceof Invalid) { record(text.substring(from, to).split(','), rowNumber, null); return; }
      row[columns[i].key] = v;
    }
    lastBlank = false;
    tally.rows++;
    rawCells = null; rawText = text; rawCount = n;
    finish(rowNumber);
  };

  const { records, unfinished } = readRecords(slices, {
    record: rowShift ? (cells, row, problem) => record(cells, row + rowShift, problem) : record,
    line: rowShift ? (text, from, to, row) => line(text, from, to, row + rowShift) : line,
  }, part ? part.final : true, part?.delimiter);
  if (index === null) search?.fail();
  // The file's final line break leaves one empty record behind: that is no blank row.
  if (lastBlank && (!part || part.final)) blank--;
  return { records, blank, unfinished, footers, lossy };
}

function isBlank(cells: string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}

function* withProgress(slices: Iterable<string>, file: string, total: number, report: (file: string, done: number, total: number) => void): Generator<string> {
  let done = 0;
  for (const s of slices) {
    // The slice's UTF-8 length: exact for UTF-8, near enough for GB18030 in a progress bar.
    done = Math.min(total, done + Buffer.byteLength(s));
    report(file, done, total);
    yield s;
  }
  report(file, total, total);
}
