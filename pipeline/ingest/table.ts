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
import { FOOTER_FIRST_CHARS, headerKey, type InputFile, isFooterLine, matchHeader, type RowOf, rowRule, unitName } from '../contract/inputs.ts';
import { isUtf8 } from 'node:buffer';
import { decodeSlices, detectEncoding, type Encoding, sniffFormat } from './decode.ts';
import { vanishedMessage } from './fs-problem.ts';
import { FatalInputError } from './errors.ts';
import type { QualityTally, TallyTarget } from './quality-tally.ts';
import type { IdInterner } from './intern.ts';
import { OPEN_QUOTE, type RecordSink, readRecords } from './records.ts';
import { type Misnamed, blockMisnamed, type VocabularyWatch, vocabularyWatch } from './vocabulary.ts';
import { type DataFolder, type Source, sourceBytes } from './folder.ts';
import { blockUnreadIds, type IdColumnWatch, idColumnWatch, type UnreadIdColumn } from './unread-ids.ts';

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

/** How many lines from the top the header row may be on (docs/data-format.md: title lines before it). */
export const HEADER_SEARCH_LINES = 10;

/** The first cells of a line, for a message: non-empty cells joined, cut at 40 characters. */
function lineText(cells: readonly string[]): string {
  const t = cells.map((c) => c.trim()).filter((c) => c !== '').join('，');
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/**
 * The header among the first lines of a file (docs/data-format.md): the first line that names every
 * required column. Lines before it are remembered for one warning; a blank line is passed over.
 * A later part of a paged export must repeat its first part's header (`expected`): then the
 * first part's mapping is taken as is; another header throws OtherHeader.
 */
export class HeaderSearch {
  private readonly skipped: { row: number; cells: string[]; matched: number }[] = [];
  constructor(
    private readonly f: InputFile, private readonly qualityTally: QualityTally, private readonly forced: Encoding | undefined,
    private readonly expected?: FoundHeader,
  ) {}

  /** Offer the record at `row`: its column index when it is the header, else null (fatal past the search). */
  offer(cells: string[], row: number): readonly number[] | null {
    if (!isBlank(cells)) {
      const m = matchHeader(this.f, cells);
      if (m.missing.length === 0) {
        if (this.expected) {
          if (!sameHeader(cells, this.expected.cells)) throw new OtherHeader(cells);
          return this.expected.index;
        }
        if (this.skipped.length > 0) {
          const lines = this.skipped.map((s) => `第 ${s.row} 行“${lineText(s.cells)}”`).join('、');
          this.qualityTally.warn('titleLines', this.f.name, row, `表头在第 ${row} 行，跳过了表头前的 ${this.skipped.length} 行：${lines}（行号仍按文件中的行计）`);
        }
        return mapHeader(this.f, cells, this.qualityTally, this.forced);
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
    if (this.expected) throw new OtherHeader(best.cells);
    mapHeader(this.f, best.cells, this.qualityTally, this.forced,
      this.skipped.length > 1 ? `（前 ${HEADER_SEARCH_LINES} 行中没有一行含有全部必需列；最接近的是第 ${best.row} 行）` : '');
  }
}

/** A file's header row as found, and how its cells map onto the file's columns. */
export interface FoundHeader {
  readonly cells: readonly string[];
  readonly index: readonly number[];
}

/**
 * Header cells → column index (see matchHeader), or a fatal error naming the missing columns
 * and the headers found, or two cells read as one column; warnings for near spellings and for
 * columns not in the contract.
 */
export function mapHeader(f: InputFile, header: string[], qualityTally: QualityTally, forced: Encoding | undefined, where = ''): number[] {
  const { index, missing, ignored, near, wrongUnit, twice } = matchHeader(f, header);
  if (twice) {
    const [first, second, column] = twice;
    throw new FatalInputError(f.name, `表头“${first}”和“${second}”都是“${column.zh}”列，无法确定用哪一列（本程序从不擅自取第一列）。请删去不用的那一列，或把它改成别的表头后重试`);
  }
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
    qualityTally.warn('headerMatched', f.name, null, `表头${near.map(([cell, zh]) => `“${cell}”按“${zh}”读取`).join('，')}（与约定的表头相差一个字；若不对，请改表头）`);
  }
  if (ignored.length > 0) {
    // An optional column with a default that no header named: say so beside the unknown ones,
    // since one of them may be it under another name (the default would apply silently).
    const defaults = f.columns.filter((c, i) => !c.required && index[i] === -1 && c.type.label.includes('空为'));
    const also = defaults.length > 0 ? `；没有找到${defaults.map((c) => `“${c.zh}”列（按默认值：${c.type.label}）`).join('、')}，若上面某列就是它，请改表头` : '';
    qualityTally.warn('ignoredColumns', f.name, 1, `已忽略不在约定内的列：${ignored.join('、')}（这些列不会进入任何输出）${also}`);
  }
  return index;
}

/**
 * Read input `f` of the folder (absent optional files are empty), feeding each valid row to
 * `onRow`. The row object is reused for the next row: `onRow` must copy the values it keeps.
 * A paged export is read part after part (see readParts). Returns whether the file was present.
 */
export function readTable<F extends InputFile>(
  folder: DataFolder, f: F, qualityTally: QualityTally, options: ReadOptions, onRow: (row: RowOf<F>, rowNumber: number) => RowOutcome,
): Promise<boolean> {
  return readParts({ folder, file: f, qualityTally, options }, (loaded, target, sameHeaderAs) => parseTable({ ...loaded, file: f, qualityTally, options, onRow, target, sameHeaderAs }));
}

/** The encoding `--encoding FILE=ENC` forces for a file: its own (`FILE=ENC`), else the global one. */
export function forcedEncoding(options: ReadOptions, name: string): Encoding | undefined {
  return options.encodings?.[name] ?? options.encoding;
}

/** A file's bytes as CSV, their encoding, and what quality.json says of it ("xlsx" for a workbook). */
export interface Loaded {
  readonly bytes: Uint8Array;
  readonly encoding: Encoding;
  readonly label: Encoding | 'xlsx';
}

/** Where an input is read from, and how its bytes are loaded (views.csv: into shared memory). */
export interface TableSource {
  readonly folder: DataFolder;
  readonly file: InputFile;
  readonly qualityTally: QualityTally;
  readonly options: ReadOptions;
  readonly load?: (source: Source) => Promise<Uint8Array>;
}

/** How one part of a file is parsed: its bytes, where it is tallied, the header it must repeat. */
export type PartParser = (loaded: Loaded, target: TallyTarget, sameHeaderAs: FoundHeader | undefined) => ParseSummary;

/**
 * Read every part of an input (docs/gate.md: a paged export is one file): one part is read as the
 * file itself; several are read in turn, each tallied on its own and added to the file, each
 * later part repeating the first one's header — a part with another header is not read and is
 * blocking (`unread-export`). `onPart` hears the index of each part about to be read.
 */
export async function readParts(from: TableSource, parse: PartParser, onPart?: (part: number) => void): Promise<boolean> {
  const { folder, file: f, qualityTally } = from;
  const sources = folder.parts(f.name);
  const tally = qualityTally.file(f.name);
  if (sources.length === 0) {
    if (f.required) throw new FatalInputError(f.name, `缺少必需文件（${f.zh}）：数据目录 ${folder.dir} 中没有 ${f.name}`);
    return false;
  }
  if (sources.length === 1) {
    const loaded = await loadSource(from, sources[0]);
    tally.present = true;
    tally.encoding = loaded.label;
    onPart?.(0);
    reportParsed(qualityTally, { file: f.name, part: null }, parse(loaded, qualityTally.whole(f.name), undefined));
    return true;
  }
  let first: FoundHeader | undefined, read = 0;
  for (const source of sources) {
    const loaded = await loadSource(from, source);
    const target = qualityTally.part(f.name, source.actual, loaded.label);
    onPart?.(read);
    let parsed: ParseSummary;
    try {
      parsed = parse(loaded, target, first);
    } catch (e) {
      if (!(e instanceof OtherHeader)) throw e;
      qualityTally.block('unread-export', f.name, `“${source.actual}”是${f.zh}（${f.name}）分页导出的一部分，但它的表头（${lineText(e.cells) || '无'}）与第一部分“${sources[0].actual}”的表头（${lineText(first?.cells ?? [])}）不同，未读取。请从平台用同样的列重新导出这一部分（或把表头改成与第一部分相同）后重新运行`);
      continue;
    }
    if (read === 0) {
      tally.present = true;
      tally.encoding = loaded.label;
      first = parsed.header ?? undefined;
    }
    read++;
    qualityTally.addPart(target);
    reportParsed(qualityTally, { file: f.name, part: source.actual }, parsed);
  }
  return true;
}

/**
 * The bytes of input `f` as CSV and their encoding, the file marked present in the ledger;
 * null for an absent optional file. Fatal for an absent required file, an unreadable file or
 * one that is not delimited text. (views.csv's reader, which reads one part its own way.)
 */
export async function loadTable(
  folder: DataFolder, f: InputFile, qualityTally: QualityTally, options: ReadOptions, load: (source: Source) => Promise<Uint8Array> = sourceBytes,
): Promise<Loaded | null> {
  const tally = qualityTally.file(f.name);
  const source = folder.source(f.name);
  if (!source) {
    if (f.required) throw new FatalInputError(f.name, `缺少必需文件（${f.zh}）：数据目录 ${folder.dir} 中没有 ${f.name}`);
    return null;
  }
  const loaded = await loadSource({ folder, file: f, qualityTally, options, load }, source);
  tally.present = true;
  tally.encoding = loaded.label;
  return loaded;
}

/** One source's bytes as CSV; fatal when it cannot be read or is not delimited text. */
async function loadSource(from: TableSource, source: Source): Promise<Loaded> {
  const { file: f, options } = from;
  let bytes: Uint8Array;
  try {
    bytes = await (from.load ?? sourceBytes)(source);
  } catch (e) {
    if (e instanceof FatalInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const file = source.actual === f.name ? f.name : `${f.name}（${source.actual}）`;
    if (code === 'ENOENT') throw new FatalInputError(file, vanishedMessage(source.path));
    if (code === 'EACCES' || code === 'EPERM') throw new FatalInputError(file, `无权限读取该文件（${code}），请检查文件权限`);
    if (code === 'EISDIR') throw new FatalInputError(file, '这是一个文件夹，不是 CSV 文件');
    throw new FatalInputError(file, `读取失败：${(e as Error).message}`);
  }
  // A workbook's sheet arrives as UTF-8 CSV made here: neither sniffing nor --encoding applies;
  // quality.json says "xlsx", not a character set the file never had.
  if (source.format === 'xlsx') return { bytes, encoding: 'utf-8', label: 'xlsx' };
  sniffFormat(f.name, bytes);
  const encoding = forcedEncoding(options, f.name) ?? detectEncoding(bytes);
  return { bytes, encoding, label: encoding };
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
  /** The header row found (null for a part read with its header already mapped, or none). */
  readonly header: FoundHeader | null;
  /** The row (local to a part) of a last row cut short by a download that stopped, or null. */
  readonly truncated: number | null;
  /** Columns under another header holding the vocabulary of a column not found (docs/gate.md). */
  readonly misnamed: readonly Misnamed[];
  /** Columns under another header holding the ids of an optional id column not found (docs/gate.md). */
  readonly unreadIds: readonly UnreadIdColumn[];
}

export interface Footer {
  readonly row: number;
  readonly text: string;
}

export function warnBlank(qualityTally: QualityTally, file: string, blank: number): void {
  if (blank > 0) qualityTally.warn('blankRows', file, null, `跳过了 ${blank} 个空行（整行没有内容，不计入行数）`);
}

/** One warning for a file's footer lines: like blank lines, they are no rows. */
export function warnFooters(qualityTally: QualityTally, file: string, footers: readonly Footer[]): void {
  if (footers.length === 0) return;
  const shown = footers.slice(0, 10).map((x) => `第 ${x.row} 行“${x.text}”`).join('、');
  qualityTally.warn('footerRows', file, footers[0].row,
    `跳过了 ${footers.length} 行合计/备注行（不是数据，不计入行数）：${shown}${footers.length > 10 ? ' 等' : ''}`);
}

/**
 * A parsed file's skipped lines told, and its blocking findings (a cut last row, a column
 * under another header): what every reading of a file reports alike.
 */
export function reportParsed(qualityTally: QualityTally, where: { file: string; part: string | null }, parsed: ParseSummary): void {
  warnBlank(qualityTally, where.file, parsed.blank);
  warnFooters(qualityTally, where.file, parsed.footers);
  if (parsed.truncated !== null) blockTruncated(qualityTally, where, parsed.truncated);
  for (const m of parsed.misnamed) blockMisnamed(qualityTally, where.file, m);
  for (const u of parsed.unreadIds) blockUnreadIds(qualityTally, where.file, u);
}

/** docs/gate.md `truncated`: the file stops in the middle of its last row. */
export function blockTruncated(qualityTally: QualityTally, where: { file: string; part: string | null }, row: number): void {
  const name = where.part === null ? where.file : `${where.file}（${where.part}）`;
  qualityTally.block('truncated', where.file, `${name} 在第 ${row} 行中途结束：最后一行不完整（列数少于表头或引号未闭合），且文件末尾没有换行——下载或复制中断了，该文件其后的行都没有读到。下载中断，请重新导出（从平台重新下载完整的文件）后重新运行`);
}

const TRUNCATED_REASON = '本行不完整：文件在此行中途结束（列数少于表头或引号未闭合，且没有换行），下载中断，请重新导出';

/** A later part of a paged export whose header is not its first part's: it is not read. */
export class OtherHeader extends Error {
  constructor(readonly cells: readonly string[]) {
    super('another header');
  }
}

/** Two header rows alike, cell by cell (NFKC, spaces, case; trailing empty cells aside). */
export function sameHeader(a: readonly string[], b: readonly string[]): boolean {
  const keys = (cells: readonly string[]) => {
    const k = cells.map(headerKey);
    while (k.length > 0 && k[k.length - 1] === '') k.pop();
    return k.join('\u0000');
  };
  return keys(a) === keys(b);
}

/**
 * A file's own shortcut for its commonest line (views.csv: known ids, platform times): takes a
 * quote-free line's `n` cells, text[starts[k], ends[k]) (no more than the header has), with the
 * header's column index, and returns true when it accepted the row itself — exactly as the
 * general path would have. False leaves the line to the general path, which decides and words
 * any rejection.
 */
export type FastLine = (text: string, starts: Int32Array, ends: Int32Array, n: number, index: readonly number[]) => boolean;

/** One reading of a file's bytes (or a part of them): what parseTable needs. */
export interface TableReading<F extends InputFile> {
  readonly bytes: Uint8Array;
  readonly encoding: Encoding;
  readonly file: F;
  readonly qualityTally: QualityTally;
  /** What becomes of a parsed row (see readTable: the row object is reused). */
  readonly onRow: (row: RowOf<F>, rowNumber: number) => RowOutcome;
  readonly options?: ReadOptions;
  /** A line-aligned byte range whose header is already mapped (a chunk of views.csv); default: the whole file. */
  readonly part?: Part | null;
  /** Where the rows are tallied; default: the file's own tally. */
  readonly target?: TallyTarget;
  /** A later part of a paged export: its first part's header, which it must repeat (else OtherHeader is thrown). */
  readonly sameHeaderAs?: FoundHeader;
  /** Known ids found in place (see IdInterner), by column key. */
  readonly interners?: Partial<Record<F['columns'][number]['key'], IdInterner>>;
  readonly fast?: FastLine;
  /** The ids read from an entity file so far, by its name: an optional id column under another header is told by them. */
  readonly knownKeys?: (file: string) => ReadonlyMap<string, unknown> | undefined;
}

/**
 * Parse the bytes of a file (or, with `part`, a line-aligned byte range of it whose header is
 * already mapped), feeding each valid row to `onRow` and tallying in the target.
 */
export function parseTable<F extends InputFile>(reading: TableReading<F>): ParseSummary {
  const { bytes, encoding, file: f, options = {}, part = null } = reading;
  const range = part ? bytes.subarray(part.from, part.to) : bytes;
  // A byte-order mark is one only at the very start of the file.
  let slices: Iterable<string> = decodeSlices(range, encoding, undefined, !part || (part.fileStart ?? part.from === 0));
  if (options.onProgress) slices = withProgress(slices, f.name, range.length, options.onProgress);
  // A UTF-8 file with invalid bytes (see detectEncoding): rows holding one are 编码错误.
  const parser = new TableParser(reading, encoding === 'utf-8' && !isUtf8(range));
  const rowShift = part ? part.firstRow - 1 : 0;
  const { records, unfinished } = readRecords(slices, rowShift ? {
    record: (cells, row, problem) => parser.record(cells, row + rowShift, problem),
    line: (text, from, to, row) => parser.line(text, from, to, row + rowShift),
    tail: (cells, row, problem) => parser.tail(cells, row + rowShift, problem),
  } : parser, part ? part.final : true, part?.delimiter);
  return parser.summary(records, unfinished, !part || part.final);
}

/** The state of one parseTable: the header, the row being finished, what was skipped. */
class TableParser<F extends InputFile> implements Required<RecordSink> {
  private readonly f: F;
  private readonly qualityTally: QualityTally;
  private readonly target: TallyTarget;
  private readonly tally: TallyTarget['tally'];
  private readonly onRow: (row: RowOf<F>, rowNumber: number) => RowOutcome;
  private readonly fast: FastLine | undefined;
  private readonly columns: F['columns'];
  private readonly instantColumn: boolean[];
  private readonly internerOf: (IdInterner | undefined)[];
  /** One row object, refilled for every row: `onRow` copies what it keeps (see its contract), which spares millions of short-lived objects on big files. */
  private readonly row: Record<string, unknown>;
  private readonly search: HeaderSearch | null;
  private index: readonly number[] | null;
  private headerWidth: number;
  private header: FoundHeader | null = null;
  private blank = 0;
  private lastBlank = false;
  private readonly footers: Footer[] = [];
  private truncated: number | null = null;
  /** Unknown columns watched for a missing column's vocabulary (docs/gate.md implausible-value). */
  private watch: VocabularyWatch | null = null;
  /** Unknown columns watched for a missing optional id column's ids (docs/gate.md implausible-value). */
  private idWatch: IdColumnWatch | null = null;
  private readonly knownKeys: TableReading<F>['knownKeys'];
  // The raw text of the row being finished, for a rule that needs how a cell was written.
  private rawCells: string[] | null = null;
  private rawText = '';
  private rawCount = 0;
  // The fast lane's cells: text[starts[k], ends[k]).
  private readonly starts = new Int32Array(64);
  private readonly ends = new Int32Array(64);

  constructor(reading: TableReading<F>, private readonly lossy: boolean) {
    const f = this.f = reading.file;
    this.qualityTally = reading.qualityTally;
    this.target = reading.target ?? reading.qualityTally.whole(f.name);
    this.tally = this.target.tally;
    this.onRow = reading.onRow;
    this.fast = reading.fast;
    this.knownKeys = reading.knownKeys;
    this.columns = f.columns;
    this.instantColumn = f.columns.map((c) => c.type === instantField);
    const interners = (reading.interners ?? {}) as Record<string, IdInterner | undefined>;
    this.internerOf = f.columns.map((c) => interners[c.key]);
    this.row = Object.fromEntries(f.columns.map((c) => [c.key, undefined]));
    const part = reading.part ?? null;
    this.index = part ? part.index : null;
    this.headerWidth = part ? part.headerWidth : 0;
    this.search = part ? null : new HeaderSearch(f, reading.qualityTally, forcedEncoding(reading.options ?? {}, f.name), reading.sameHeaderAs);
  }

  private reject(rowNumber: number, column: string | null, reason: string): void {
    this.qualityTally.rejectIn(this.target, rowNumber, column, reason);
  }

  /** The header row found: its column index, and the unknown columns to watch. */
  private found(cells: string[], index: readonly number[]): void {
    this.index = index;
    this.headerWidth = cells.length;
    this.header = { cells, index };
    this.watch = vocabularyWatch(this.f, cells, index);
    this.idWatch = idColumnWatch(this.f, cells, index, this.knownKeys);
  }

  /** A record as split cells: the header while it is searched, then a row (the general path). */
  record(cells: string[], rowNumber: number, problem: string | null): void {
    if (this.index === null) {
      const index = this.search!.offer(cells, rowNumber);
      if (index !== null) this.found(cells, index);
      return;
    }
    this.lastBlank = isBlank(cells);
    if (this.lastBlank) { this.blank++; return; }
    if (isFooterLine(cells)) { this.footers.push({ row: rowNumber, text: lineText(cells) }); return; }
    this.tally.rows++;
    if (this.watch) this.watch.see(cells);
    if (this.idWatch) this.idWatch.see(cells, rowNumber);
    if (this.lossy && cells.some((c) => c.includes('\ufffd'))) { this.badBytes(cells, rowNumber); return; }
    if (problem) { this.reject(rowNumber, null, problem); return; }
    if (cells.length > this.headerWidth) {
      const extra = cells.slice(this.headerWidth).filter((c) => c.trim() !== '').length;
      if (extra > 0) {
        this.reject(rowNumber, null, `本行有 ${cells.length} 列，比表头多 ${cells.length - this.headerWidth} 列且多出的列有内容（可能是未加引号的逗号）`);
        return;
      }
    }
    if (!this.parseCells(cells, rowNumber)) return;
    this.rawCells = cells;
    this.finish(rowNumber);
  }

  /** The cells into the row object; false (the row rejected) when a cell breaks its field type. */
  private parseCells(cells: string[], rowNumber: number): boolean {
    // No allocation for the reasons unless the row is bad: this loop runs millions of times.
    let firstBad: string | null = null;
    let reasons: string[] | null = null;
    const index = this.index!, columns = this.columns;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i];
      const at = index[i];
      const v = c.type.parse(at >= 0 ? cells[at] : undefined);
      if (v instanceof Invalid) {
        firstBad ??= c.zh;
        (reasons ??= []).push(`${c.zh}：${v.reason}`);
      } else this.row[c.key] = v;
    }
    if (firstBad !== null && reasons !== null) { this.reject(rowNumber, firstBad, reasons.join('；')); return false; }
    return true;
  }

  private badBytes(cells: string[], rowNumber: number): void {
    const at = cells.findIndex((c) => c.includes('\ufffd'));
    const column = this.index === null ? -1 : this.index.indexOf(at);
    this.reject(rowNumber, column >= 0 ? this.columns[column].zh : null, `编码错误：本行第 ${at + 1} 列含有不是 UTF-8 的字节（文件其余部分是 UTF-8），请核对该行内容后重新导出或改正`);
  }

  /** A column's cell as written (by its index in the file's columns), for a row rule. */
  private readonly rawCell = (column: number): string => {
    const at = this.index![column];
    if (this.rawCells) return at >= 0 ? this.rawCells[at] ?? '' : '';
    return at >= 0 && at < this.rawCount ? this.rawText.substring(this.starts[at], this.ends[at]) : '';
  };

  /** A parsed row: the row rules, then the caller's outcome, then the tally. */
  private finish(rowNumber: number): void {
    const broken = rowRule(this.f, this.row, this.rawCell);
    if (broken) { this.reject(rowNumber, broken.column, broken.reason); return; }
    const outcome = this.onRow(this.row as RowOf<F>, rowNumber);
    if (outcome === null) this.tally.accepted++;
    else if (outcome === 'duplicate') this.tally.duplicates++;
    else {
      this.reject(rowNumber, outcome.column, outcome.reason);
      if (outcome.unknown && outcome.column !== null) this.qualityTally.unknownId(this.f.name, outcome.column, outcome.unknown.refersTo, outcome.unknown.id);
    }
  }

  /**
   * The fast lane for quote-free lines: cells located by their commas, platform datetimes
   * read in place. Anything unusual (a blank line, a ragged row, a bad cell) goes through
   * `record` instead, so the messages and outcomes are exactly the general path's.
   */
  line(text: string, from: number, to: number, rowNumber: number): void {
    // Blank lines, and lines that may be footers (a first character of 合计/注：…, or an empty
    // first cell), are the general path's to judge; so are the lines of a watched file.
    const c0 = text.charCodeAt(from);
    const index = this.index;
    if (index === null || to === from || c0 === 44 || c0 <= 32 || c0 === 0x3000 || FOOTER_FIRST_CHARS.has(c0) || this.watch !== null || this.idWatch !== null ||
        (this.lossy && text.indexOf('\ufffd', from) !== -1 && text.indexOf('\ufffd', from) < to)) {
      this.record(text.substring(from, to).split(','), rowNumber, null);
      return;
    }
    const starts = this.starts, ends = this.ends;
    let n = 0;
    for (let p = from; ; n++) {
      if (n === 64) { this.record(text.substring(from, to).split(','), rowNumber, null); return; }
      const comma = text.indexOf(',', p);
      starts[n] = p;
      if (comma === -1 || comma >= to) { ends[n] = to; n++; break; }
      ends[n] = comma;
      p = comma + 1;
    }
    if (n > this.headerWidth) { this.record(text.substring(from, to).split(','), rowNumber, null); return; }
    if (this.fast !== undefined && this.fast(text, starts, ends, n, index)) {
      this.lastBlank = false;
      this.tally.rows++;
      this.tally.accepted++;
      return;
    }
    if (!this.readInPlace(text, n)) { this.record(text.substring(from, to).split(','), rowNumber, null); return; }
    this.lastBlank = false;
    this.tally.rows++;
    this.rawCells = null; this.rawText = text; this.rawCount = n;
    this.finish(rowNumber);
  }

  /** The fast lane's cells into the row object; false when one is not valid (the general path then words why). */
  private readInPlace(text: string, n: number): boolean {
    const index = this.index!, columns = this.columns, starts = this.starts, ends = this.ends, row = this.row;
    for (let i = 0; i < columns.length; i++) {
      const at = index[i];
      const cell = at >= 0 && at < n ? at : -1;
      const interner = this.internerOf[i];
      if (cell >= 0 && interner !== undefined) {
        const id = interner.find(text, starts[cell], ends[cell]);
        if (id !== undefined) { row[columns[i].key] = id; continue; }
      }
      if (cell >= 0 && this.instantColumn[i] && ends[cell] - starts[cell] === 19) {
        const t = parsePlatformInstantAt(text, starts[cell]);
        if (t === t) { row[columns[i].key] = t; continue; }
      }
      const v = columns[i].type.parse(cell >= 0 ? text.substring(starts[cell], ends[cell]) : undefined);
      if (v instanceof Invalid) return false;
      row[columns[i].key] = v;
    }
    return true;
  }

  /**
   * The file's last record when no line break ends it (docs/gate.md `truncated`): a row with fewer
   * cells than the header, or with a quote never closed, is a download that stopped — rejected
   * and reported, never read as a row with empty cells. A complete last row is read as any.
   */
  tail(cells: string[], rowNumber: number, problem: string | null): void {
    const open = problem !== null && problem === OPEN_QUOTE;
    if (this.index === null || isBlank(cells) || isFooterLine(cells) || (cells.length >= this.headerWidth && !open)) {
      this.record(cells, rowNumber, problem);
      return;
    }
    this.lastBlank = false;
    this.tally.rows++;
    this.reject(rowNumber, null, TRUNCATED_REASON);
    this.truncated = rowNumber;
  }

  summary(records: number, unfinished: boolean, final: boolean): ParseSummary {
    if (this.index === null) this.search?.fail();
    // The file's final line break leaves one empty record behind: that is no blank row.
    const blank = this.lastBlank && final ? this.blank - 1 : this.blank;
    return {
      records, blank, unfinished, footers: this.footers, lossy: this.lossy, header: this.header, truncated: this.truncated,
      misnamed: this.watch?.misnamed() ?? [], unreadIds: this.idWatch?.unread() ?? [],
    };
  }
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
