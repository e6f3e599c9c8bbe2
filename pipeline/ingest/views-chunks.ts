/**
 * views.csv cut at line breaks into chunks that two threads take turns claiming from one shared
 * counter: the worker starts at once, the main thread joins when it has read the other files,
 * and whoever is free takes the next chunk — so the two finish together however the machine
 * is loaded. Each chunk is parsed exactly as a whole file is (same table reader, same row
 * handler) with row numbers local to the chunk; merging puts the chunks back in file order and
 * turns local row numbers into the file's own.
 *
 * A big CSV file is not held in memory at all (at 200,000 people views.csv is 1.1 GB): each
 * thread reads the chunks it claims from the file itself. Then the bounds are nominal (every
 * `chunkBytes` from the first data line) and a chunk is the lines that *start* in its range:
 * from the first line start at or after its nominal start to the first at or after its end —
 * which each thread finds on its own, by reading a little past the range.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { RejectedRow } from '../contract/outputs.ts';
import type { UnknownIds } from '../contract/model.ts';
import { viewsFile } from '../contract/inputs.ts';
import type { Encoding } from './decode.ts';
import { QualityTally } from './quality-tally.ts';
import { type Footer, parseTable } from './table.ts';
import type { ViewReader } from './views.ts';

/** What both threads share: the file's bytes, the chunks' bounds and the claim counter. */
export interface ChunkJob {
  /**
   * The whole file in memory (on a SharedArrayBuffer when a worker reads it too: a workbook's
   * sheet, a file that is not UTF-8), or null: read from `file` chunk by chunk.
   */
  readonly bytes: Uint8Array | null;
  /** The file read chunk by chunk, and its size when the reading began. */
  readonly file?: ChunkFileJob | null;
  /**
   * Chunk c is bytes [bounds[c], bounds[c + 1]); the first starts after the header line. For
   * a `file` these are nominal: the chunk is the lines starting in that range (see above).
   */
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
  /** Rows each reader makes room for at once (see ViewBuffer.reserve); 0: grow as read. */
  readonly expectedRows?: number;
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
  /** The chunk's bytes were not all valid UTF-8. */
  readonly lossy: boolean;
  /** The file's last row, cut short (a download that stopped), numbered like `rejected`; null when whole. */
  readonly truncated: number | null;
}

export interface ChunkFileJob {
  readonly path: string;
  readonly size: number;
}

/** How far past a chunk's nominal end its last line is first looked for (grown when a line is longer). */
const OVERHANG = 64 * 1024;

/**
 * One thread's reader of a file's chunks: its own descriptor and one buffer, reused for every
 * chunk, so a chunk's bytes live only while it is parsed.
 */
export class ChunkFile {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafe(0);

  constructor(private readonly job: ChunkFileJob) {
    this.fd = openSync(job.path, 'r');
  }

  /**
   * The lines starting in [lo, hi): from the line start at or after `lo` (`lo` itself when it
   * is one, as the first data line is) to the line start at or after `hi`; the file's end ends
   * the last. A line start is a byte after a line break.
   */
  lines(lo: number, hi: number, loIsLineStart: boolean): Uint8Array {
    const size = this.job.size;
    const from = loIsLineStart ? lo : lo - 1;
    let length = Math.min(size, hi + OVERHANG) - from;
    for (;;) {
      const view = this.fill(from, length);
      const reachedEnd = from + view.length >= size;
      let start = 0;
      if (!loIsLineStart) {
        const nl = view.indexOf(0x0a);
        if (nl === -1 && !reachedEnd) { length *= 2; continue; }
        start = nl === -1 ? view.length : nl + 1;
      }
      let end = view.length;
      if (hi < size) {
        const nl = view.indexOf(0x0a, hi - 1 - from);
        if (nl === -1 && !reachedEnd) { length *= 2; continue; }
        end = nl === -1 ? view.length : nl + 1;
      }
      return view.subarray(Math.min(start, end), end);
    }
  }

  /** Bytes [from, from + length) of the file (fewer if it shrank), in the reused buffer. */
  private fill(from: number, length: number): Buffer {
    if (this.buffer.length < length) this.buffer = Buffer.allocUnsafe(Math.max(length, this.buffer.length * 2));
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, this.buffer, done, length - done, from + done);
      if (n === 0) break;
      done += n;
    }
    return this.buffer.subarray(0, done);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Nominal bounds of a file read chunk by chunk: every `chunkBytes` from `from` to `size`. */
export function nominalBounds(from: number, size: number, chunkBytes: number): Float64Array {
  const bounds = [from];
  for (let at = from + chunkBytes; at < size; at += chunkBytes) bounds.push(at);
  bounds.push(Math.max(from, size));
  return Float64Array.from(bounds);
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

/**
 * Parse chunk `c` into the reader's buffer (a file's chunk read through `file`, this
 * thread's reader of it; one is opened for the call when none is given).
 */
export function readChunk(job: ChunkJob, c: number, reader: ViewReader, file?: ChunkFile): ChunkTally {
  const qualityTally = new QualityTally();
  const final = c === chunkCount(job) - 1;
  const common = { index: job.index, headerWidth: job.headerWidth, firstRow: 1, final, delimiter: job.delimiter };
  const reading = { encoding: job.encoding, file: viewsFile, qualityTally, onRow: reader.onRow, interners: reader.interners, fast: reader.fastLine };
  let parsed;
  if (job.bytes !== null) {
    parsed = parseTable({ ...reading, bytes: job.bytes, part: { from: job.bounds[c], to: job.bounds[c + 1], ...common } });
  } else {
    const own = file ?? new ChunkFile(job.file!);
    try {
      const bytes = own.lines(job.bounds[c], job.bounds[c + 1], c === 0);
      parsed = parseTable({ ...reading, bytes, part: { from: 0, to: bytes.length, fileStart: false, ...common } });
    } finally {
      if (own !== file) own.close();
    }
  }
  const t = qualityTally.file(viewsFile.name);
  return {
    chunk: c, records: parsed.records, blank: parsed.blank, rows: t.rows, accepted: t.accepted, duplicates: t.duplicates,
    rejected: qualityTally.rejected, footers: parsed.footers, unknownIds: qualityTally.unknownIds(), unfinished: parsed.unfinished, lossy: parsed.lossy,
    truncated: parsed.truncated,
  };
}

/** Claim and parse chunks until none is left; `onChunk` hears of each one done. */
export function readClaimedChunks(job: ChunkJob, reader: ViewReader, onChunk?: (c: number) => void): ChunkTally[] {
  const n = chunkCount(job);
  const tallies: ChunkTally[] = [];
  const file = job.file ? new ChunkFile(job.file) : undefined;
  try {
    for (let c = Atomics.add(job.counter, 0, 1); c < n; c = Atomics.add(job.counter, 0, 1)) {
      tallies.push(readChunk(job, c, reader, file));
      onChunk?.(c);
    }
  } finally {
    file?.close();
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
export function mergeChunks(qualityTally: QualityTally, job: ChunkJob, tallies: readonly ChunkTally[]): { blank: number; footers: Footer[]; truncated: number | null } {
  const ordered = [...tallies].sort((a, b) => a.chunk - b.chunk);
  if (ordered.length !== chunkCount(job) || ordered.some((t, i) => t.chunk !== i)) {
    throw new Error(`views.csv 分块合并出错：应有 ${chunkCount(job)} 块，得到 ${ordered.map((t) => t.chunk).join(',')}`);
  }
  const t = qualityTally.file(viewsFile.name);
  let firstRow = job.firstRow, blank = 0, truncated: number | null = null;
  const footers: Footer[] = [];
  for (const chunk of ordered) {
    if (chunk.truncated !== null) truncated = chunk.truncated + firstRow - 1;
    t.rows += chunk.rows;
    t.accepted += chunk.accepted;
    t.duplicates += chunk.duplicates;
    for (const r of chunk.rejected) qualityTally.reject(r.file, r.row + firstRow - 1, r.column, r.reason);
    for (const x of chunk.footers) footers.push({ row: x.row + firstRow - 1, text: x.text });
    qualityTally.mergeUnknownIds(chunk.unknownIds);
    firstRow += chunk.records;
    blank += chunk.blank;
  }
  return { blank, footers, truncated };
}
