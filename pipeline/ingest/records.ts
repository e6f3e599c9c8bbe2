/**
 * Text slices → CSV records, each with its Excel row number (header = 1). Papaparse's core
 * parser runs slice by slice, carrying the unfinished last record over, as its own streamers
 * do, but synchronously so that a caller can count, reject and accumulate as rows arrive.
 */
import Papa from 'papaparse';

export interface RecordSink {
  /** `cells` of the record at Excel row `row`; `problem` when papaparse found broken quoting. */
  record(cells: string[], row: number, problem: string | null): void;
  /**
   * Optional fast lane: the record at Excel row `row` is the quote-free, comma-separated line
   * text[from, to); the sink may read it in place instead of receiving split cells.
   */
  line?(text: string, from: number, to: number, row: number): void;
  /**
   * Optional: the final text's last record when no line break ends it (or a quote opened in
   * it is never closed) — where a download that stopped leaves a row cut short. Without it,
   * that record goes to `record`/`line` like any.
   */
  tail?(cells: string[], row: number, problem: string | null): void;
}

interface CoreParser {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): {
    data: string[][];
    errors: { type: string; code: string; row?: number }[];
    meta: { cursor: number };
  };
}
const CoreParser = (Papa as unknown as { Parser: new (config: object) => CoreParser }).Parser;

/** Guess the delimiter from the header line: a tab- or semicolon-separated export happens. */
export function detectDelimiter(firstSlice: string): string {
  const nl = firstSlice.indexOf('\n');
  const header = nl >= 0 ? firstSlice.slice(0, nl) : firstSlice;
  const count = (ch: string) => header.split(ch).length - 1;
  const commas = count(','), tabs = count('\t'), semis = count(';');
  if (tabs > commas && tabs >= semis) return '\t';
  if (semis > commas && semis > tabs) return ';';
  return ',';
}

/** papaparse's MissingQuotes, worded: a quote opened and never closed. */
export const OPEN_QUOTE = '引号未闭合（从此行起的内容被并入一个字段，请检查该行的双引号）';

const QUOTE_PROBLEM: Record<string, string> = {
  MissingQuotes: OPEN_QUOTE,
  InvalidQuotes: '引号位置不正确（引号后紧跟了其他字符）',
};

export interface RecordsRead {
  /** Records read (header included when the text begins the file). */
  readonly records: number;
  /** The delimiter used: given, or guessed from the first slice. */
  readonly delimiter: string;
  /**
   * A text that is not `final` ended inside a record: its last line break lay within a quoted
   * field, so the part was not cut between records (the caller must not trust the split).
   */
  readonly unfinished: boolean;
}

/**
 * Feed every record of the slices to `sink`, the delimiter given or guessed from the first
 * slice. A text that is not `final` (a line-aligned part of a file) has no record after its
 * last line break.
 */
export function readRecords(slices: Iterable<string>, sink: RecordSink, final = true, knownDelimiter?: string): RecordsRead {
  let parser: CoreParser | null = null;
  let delimiter = knownDelimiter ?? ',';
  let partial = '', base = 0, row = 0;
  const iterator = slices[Symbol.iterator]();
  let next = iterator.next();
  while (!next.done) {
    if (!parser) {
      delimiter = knownDelimiter ?? detectDelimiter(next.value);
      parser = new CoreParser({ delimiter, newline: '\n', quoteChar: '"' });
    }
    const following = iterator.next();
    const last = following.done === true;
    const emitTail = last && final;
    const aggregate = partial + next.value;
    // Where papaparse must take over: 0 (all of it), or the first record the plain reading
    // below cannot read exactly as papaparse would.
    let start = 0;
    if (sink.line && delimiter === ',') {
      const plain = plainRecords(aggregate, sink as RecordSink & Pick<Required<RecordSink>, 'line'>, emitTail, row);
      row = plain.row;
      if (!plain.odd) {
        if (!emitTail) { partial = aggregate.substring(plain.from); base += plain.from; }
        next = following;
        continue;
      }
      start = plain.from;
    }
    const result = parser.parse(start === 0 ? aggregate : aggregate.substring(start), base + start, !emitTail);
    const problems = new Map<number, string>();
    for (const e of result.errors) {
      if (e.row !== undefined && e.type === 'Quotes') problems.set(e.row, QUOTE_PROBLEM[e.code] ?? '引号不匹配');
    }
    const data = result.data;
    // The last record is a tail when no line break ends the text, or its quote never closed.
    const end = data.length - 1;
    const tail = emitTail && sink.tail && end >= 0 && (!aggregate.endsWith('\n') || problems.get(end) === OPEN_QUOTE) ? end : -1;
    for (let i = 0; i < data.length; i++) {
      if (i === tail) sink.tail!(data[i], ++row, problems.get(i) ?? null);
      else sink.record(data[i], ++row, problems.get(i) ?? null);
    }
    if (!emitTail) {
      partial = aggregate.substring(result.meta.cursor - base);
      base = result.meta.cursor;
    }
    next = following;
  }
  return { records: row, delimiter, unfinished: !final && partial !== '' };
}

const QUOTE = 0x22, COMMA = 0x2c, LF = 0x0a;

/** plainRecords' verdict on a record with quotes that it cannot finish in this text. */
const UNFINISHED = -1, ODD = -2;

/**
 * Reads the records of `text` in place as long as it can read them exactly as papaparse does:
 * a quote-free line goes to `sink.line`, a record with quotes written as RFC 4180 writes it
 * (a quoted field opened at the field's start and closed right before a comma or line break,
 * "" for a quote inside) is split here and goes to `sink.record`. Exports quote the odd cell
 * (a comment with a comma or a line break in it), and one such cell used to send its whole
 * slice through papaparse and the general row path.
 *
 * Stops at the end — `from` is where the unfinished tail begins (text.length when the text is
 * final and all read) — or, `odd`, at a record it leaves to papaparse: text after a closing
 * quote, or a quote never closed in the final text (papaparse's own messages name those).
 */
export function plainRecords(text: string, sink: RecordSink & Pick<Required<RecordSink>, 'line'>, emitTail: boolean, row: number): { row: number; from: number; odd: boolean } {
  let from = 0;
  let quote = text.indexOf('"');
  for (;;) {
    const nl = text.indexOf('\n', from);
    const lineEnd = nl === -1 ? text.length : nl;
    if (quote === -1 || quote >= lineEnd) {
      if (nl === -1) {
        // Like papaparse, the text after the last line break is a record of its own at the end.
        if (emitTail) {
          if (sink.tail && from < text.length) sink.tail(text.substring(from).split(','), ++row, null);
          else sink.line(text, from, text.length, ++row);
          from = text.length;
        }
        return { row, from, odd: false };
      }
      sink.line(text, from, nl, ++row);
      from = nl + 1;
      continue;
    }
    const cells: string[] = [];
    const end = quotedRecord(text, from, emitTail, cells);
    if (end === UNFINISHED) return { row, from, odd: false };
    if (end === ODD) return { row, from, odd: true };
    if (end === text.length) {
      if (sink.tail) sink.tail(cells, ++row, null);
      else sink.record(cells, ++row, null);
      return { row, from: end, odd: false };
    }
    sink.record(cells, ++row, null);
    from = end + 1;
    quote = text.indexOf('"', from);
  }
}

/**
 * The cells of the record at `from` (which holds a quote) into `cells`; returns the index of the
 * line break that ends it (text.length: it ends the final text), UNFINISHED when it may go on in
 * the next text, or ODD when papaparse must judge it. A quote inside an unquoted field is a
 * character like any other, as papaparse reads it.
 */
function quotedRecord(text: string, from: number, emitTail: boolean, cells: string[]): number {
  let p = from;
  for (;;) {
    if (text.charCodeAt(p) !== QUOTE) {
      const comma = text.indexOf(',', p);
      const nl = text.indexOf('\n', p);
      if (comma !== -1 && (nl === -1 || comma < nl)) { cells.push(text.substring(p, comma)); p = comma + 1; continue; }
      if (nl !== -1) { cells.push(text.substring(p, nl)); return nl; }
      if (!emitTail) return UNFINISHED;
      cells.push(text.substring(p));
      return text.length;
    }
    let value = '';
    for (let at = p + 1; ;) {
      const q = text.indexOf('"', at);
      if (q === -1) return emitTail ? ODD : UNFINISHED;
      if (q + 1 === text.length) {
        // A closing quote at the very end, or the first half of "" split from its second.
        if (!emitTail) return UNFINISHED;
        cells.push(value + text.substring(at, q));
        return text.length;
      }
      const after = text.charCodeAt(q + 1);
      if (after === QUOTE) { value += text.substring(at, q + 1); at = q + 2; continue; }
      if (after === COMMA) { cells.push(value + text.substring(at, q)); p = q + 2; break; }
      if (after === LF) { cells.push(value + text.substring(at, q)); return q + 1; }
      return ODD;
    }
  }
}
