/**
 * views.csv cut at line breaks into chunks that two threads take turns claiming from one shared
 * counter: the worker starts at once, the main thread joins when it has read the other files,
 * and whoever is free takes the next chunk — so the two finish together however the machine
 * is loaded. Each chunk is parsed exactly as a whole file is (same table reader, same row
 * handler) with row numbers local to the chunk; merging puts the chunks back in file order and
 * turns local row numbers into the file's own.
 */
import type { RejectedRow } from '../contract/outputs.ts';
import type { UnknownIds } from '../contract/model.ts';
import { viewsFile } from '../contract/inputs.ts';
import type { Encoding } from './decode.ts';
import { Ledger } from './ledger.ts';
import { type Footer, parseTable } from './table.ts';
import type { ViewReader } from './views.ts';

/** What both threads share: the file's bytes, the chunks' bounds and the claim counter. */
export interface ChunkJob {
  /** The whole file (on a SharedArrayBuffer when a worker reads it too). */
  readonly bytes: Uint8Array;
  /** Chunk c is bytes [bounds[c], bounds[c + 1]); the first starts after the header line. */
  readonly bounds: Float64Array;
  /** counter[0]: the next unclaimed chunk (Atomics). */
  readonly counter: Int32Array;
  readonly encoding: Encoding;
  /** The header, mapped once by the main thread, and the delimiter found in it. */
  readonly index: readonly number[];
  readonly headerWidth: number;
  readonly delimiter: string;
  /** Excel row number of the first data line (2, or later after title lines). */
  readonly firstRow: number;
}

/** One chunk's outcome, its rejected rows numbered from 1 at the chunk's first line. */
export interface ChunkTally {
  readonly chunk: number;
  readonly records: number;
  readonly blank: number;
  readonly rows: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: readonly RejectedRow[];
  /** Footer lines skipped, numbered like `rejected`. */
  readonly footers: readonly Footer[];
  /** The chunk's unknown ids (for the publish gate), merged in chunk order. */
  readonly unknownIds: readonly UnknownIds[];
  /** The chunk ended inside a quoted field: the cut was not between records. */
  readonly unfinished: boolean;
}

/**
 * Line-aligned bounds: chunks of about `chunkBytes` from `from` (the first data line) to the
 * end. A chunk ends just after a line break, so no record and no CRLF is cut in two.
 */
export function chunkBounds(bytes: Uint8Array, from: number, chunkBytes: number): Float64Array {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bounds = [from];
  for (let at = from; at < bytes.length;) {
    const nl = at + chunkBytes >= bytes.length ? -1 : buffer.indexOf(0x0a, at + chunkBytes - 1);
    at = nl === -1 ? bytes.length : nl + 1;
    bounds.push(at);
  }
  if (bounds.length === 1) bounds.push(from); // an empty body is one empty chunk
  return Float64Array.from(bounds);
}

/** A counter on shared memory when threads share the job, else on plain memory. */
export function claimCounter(shared: boolean): Int32Array {
  return new Int32Array(shared ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
}

export function chunkCount(job: ChunkJob): number {
  return job.bounds.length - 1;
}

/** Parse chunk `c` into the reader's buffer. */
export function readChunk(job: ChunkJob, c: number, reader: ViewReader): ChunkTally {
  const ledger = new Ledger();
  const parsed = parseTable(job.bytes, job.encoding, viewsFile, ledger, {}, reader.onRow, {
    from: job.bounds[c], to: job.bounds[c + 1], index: job.index, headerWidth: job.headerWidth,
    firstRow: 1, final: c === chunkCount(job) - 1, delimiter: job.delimiter,
  }, reader.interners, reader.fastLine);
  const t = ledger.file(viewsFile.name);
  return {
    chunk: c, records: parsed.records, blank: parsed.blank, rows: t.rows, accepted: t.accepted, duplicates: t.duplicates,
    rejected: ledger.rejected, footers: parsed.footers, unknownIds: ledger.unknownIds(), unfinished: parsed.unfinished,
  };
}

/** Claim and parse chunks until none is left; `onChunk` hears of each one done. */
export function readClaimedChunks(job: ChunkJob, reader: ViewReader, onChunk?: (c: number) => void): ChunkTally[] {
  const n = chunkCount(job);
  const tallies: ChunkTally[] = [];
  for (let c = Atomics.add(job.counter, 0, 1); c < n; c = Atomics.add(job.counter, 0, 1)) {
    tallies.push(readChunk(job, c, reader));
    onChunk?.(c);
  }
  return tallies;
}

/**
 * Every cut fell between records. A line break inside a quoted field (legal CSV, if odd in
 * views.csv) can put a cut inside a record: then the chunks' readings are wrong from there on,
 * and the file must be read as one part instead.
 */
export function cutBetweenRecords(tallies: readonly ChunkTally[]): boolean {
  return tallies.every((t) => !t.unfinished);
}

/** Chunks no tally covers (a worker that failed took them with it). */
export function missingChunks(job: ChunkJob, tallies: readonly ChunkTally[]): number[] {
  const have = new Set(tallies.map((t) => t.chunk));
  const missing: number[] = [];
  for (let c = 0; c < chunkCount(job); c++) if (!have.has(c)) missing.push(c);
  return missing;
}

/**
 * Into the ledger, in file order: counts, and rejected rows at their Excel row numbers (the
 * header is row 1 unless title lines precede it, so chunk 0 starts at row `job.firstRow`). Returns the
 * blank and footer lines, for one warning each.
 */
export function mergeChunks(ledger: Ledger, job: ChunkJob, tallies: readonly ChunkTally[]): { blank: number; footers: Footer[] } {
  const ordered = [...tallies].sort((a, b) => a.chunk - b.chunk);
  if (ordered.length !== chunkCount(job) || ordered.some((t, i) => t.chunk !== i)) {
    throw new Error(`views.csv 分块合并出错：应有 ${chunkCount(job)} 块，得到 ${ordered.map((t) => t.chunk).join(',')}`);
  }
  const t = ledger.file(viewsFile.name);
  let firstRow = job.firstRow, blank = 0;
  const footers: Footer[] = [];
  for (const chunk of ordered) {
    t.rows += chunk.rows;
    t.accepted += chunk.accepted;
    t.duplicates += chunk.duplicates;
    for (const r of chunk.rejected) ledger.reject(r.file, r.row + firstRow - 1, r.column, r.reason);
    for (const x of chunk.footers) footers.push({ row: x.row + firstRow - 1, text: x.text });
    ledger.mergeUnknownIds(chunk.unknownIds);
    firstRow += chunk.records;
    blank += chunk.blank;
  }
  return { blank, footers };
}
