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

const QUOTE_PROBLEM: Record<string, string> = {
  MissingQuotes: '引号未闭合（从此行起的内容被并入一个字段，请检查该行的双引号）',
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
    if (sink.line && delimiter === ',' && aggregate.indexOf('"') === -1) {
      // Without a quote character a record is exactly a line: the sink reads it in place.
      let from = 0;
      for (let nl = aggregate.indexOf('\n'); nl !== -1; nl = aggregate.indexOf('\n', from)) {
        sink.line(aggregate, from, nl, ++row);
        from = nl + 1;
      }
      // Like papaparse, the text after the last line break is a record of its own at the end.
      if (emitTail) sink.line(aggregate, from, aggregate.length, ++row);
      else { partial = aggregate.substring(from); base += from; }
      next = following;
      continue;
    }
    const result = parser.parse(aggregate, base, !emitTail);
    const problems = new Map<number, string>();
    for (const e of result.errors) {
      if (e.row !== undefined && e.type === 'Quotes') problems.set(e.row, QUOTE_PROBLEM[e.code] ?? '引号不匹配');
    }
    const data = result.data;
    for (let i = 0; i < data.length; i++) sink.record(data[i], ++row, problems.get(i) ?? null);
    if (!emitTail) {
      partial = aggregate.substring(result.meta.cursor - base);
      base = result.meta.cursor;
    }
    next = following;
  }
  return { records: row, delimiter, unfinished: !final && partial !== '' };
}
