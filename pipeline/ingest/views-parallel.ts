/**
 * views.csv, the one file with millions of rows, read on both cores. The file is cut at line
 * breaks into chunks (views-chunks.ts); a worker starts claiming them at once, and the main
 * thread joins in when it has read the other files, so neither waits for the other. Only when
 * it pays (a big file) and is safe: UTF-8 or GB18030, where a line break byte never occurs
 * inside a multi-byte character. Quoted fields are fine; should a cut fall inside one (a line
 * break within quotes), the chunks are dropped and the file is read as one part. A small file,
 * UTF-16, or a worker that cannot start: the main thread reads it all; a worker that fails
 * midway loses nothing: the main thread reads the chunks it had claimed.
 */
import { isUtf8 } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { viewsFile } from '../contract/inputs.ts';
import { decodeSlices } from './decode.ts';
import { readFileStart } from './file-bytes.ts';
import { type DataFolder, sourceBytes } from './folder.ts';
import { phase } from '../runtime/timings.ts';
import { readRecords } from './records.ts';
import {
  blockTruncated, forcedEncoding, HEADER_SEARCH_LINES, HeaderSearch, type Loaded, loadTable, parseTable, type ReadOptions, readParts, reportParsed,
  warnBlank, warnFooters,
} from './table.ts';
import type { Encoding } from './decode.ts';
import {
  type ChunkJob, type ChunkTally, chunkBounds, chunkCount, claimCounter, cutBetweenRecords, mergeChunks, missingChunks, nominalBounds, readChunk,
  readClaimedChunks,
} from './views-chunks.ts';
import { FatalInputError } from './errors.ts';
import { Standby } from '../runtime/standby.ts';
import { QualityTally } from './quality-tally.ts';
import { ViewBuffer, type ViewReader, type ViewRows, viewReader } from './views.ts';
import type { ViewsJob, WorkerMessage } from './views-worker.ts';

/** Below this size a worker's start-up costs more than it saves. */
export const PARALLEL_MIN_BYTES = 24 * 1024 * 1024;

/** About 10 ms of parsing: fine enough that the two threads end within a chunk of each other. */
export const CHUNK_BYTES = 1024 * 1024;

export interface ParallelOptions extends ReadOptions {
  /** Smallest views.csv read on two threads (tests lower it); Infinity turns threads off. */
  readonly parallelMinBytes?: number;
  /** Chunk size (tests lower it to get many chunks from a small file). */
  readonly parallelChunkBytes?: number;
  /**
   * The main thread claims no chunk before the worker has read one (or failed): tests use it
   * so that both threads surely take part; a real run never waits.
   */
  readonly parallelHold?: boolean;
  /** Told how a file was read, for the command line's log. */
  readonly onNote?: (message: string) => void;
}

export interface ViewsReading {
  /**
   * Parse what the worker has not (all of it without a worker) into the caller's buffer and
   * tally the whole file; resolves to the rows the worker read (a part of the table to build).
   */
  finish(): Promise<ViewRows[]>;
  /** Stop the worker (the run failed elsewhere). */
  cancel(): void;
}

/**
 * views.csv as prefetched: a CSV file big enough for two threads is never loaded whole (at
 * 200,000 people it is 1.1 GB): only its first bytes are read here, for its encoding and
 * header, and each thread then reads the chunks it claims from the file itself. Anything else
 * (a small file, a workbook's sheet, or a big file that turns out not to be UTF-8) is loaded
 * whole by `whole()`, a big one into shared memory, so that the worker parses the very same
 * bytes. A failure is reported when the bytes are asked for, as for any file.
 */
export interface ViewsPrefetch {
  /** The whole file's bytes (read when first asked for). */
  readonly whole: () => Promise<Uint8Array>;
  /** A big CSV file, to be read chunk by chunk: its size and first bytes; null otherwise. */
  readonly big: Promise<BigFile | null>;
  /**
   * For a file big enough for two threads: a worker started at once, before its job is known,
   * so that Node's start of a thread and the loading of its code (100–200 ms) overlap the
   * reading of the entity files. Taken by the reading (startWorker), or stopped by `release`.
   */
  readonly standby: Promise<Standby | null>;
  /** Stop the standby worker if nothing took it (the reading ended or failed without it). */
  readonly release: () => void;
}

const WORKER_URL = new URL('./views-worker-boot.mjs', import.meta.url);

function standbyWorker(): Standby | null {
  try {
    return new Standby(new Worker(WORKER_URL, { workerData: null }));
  } catch {
    return null;
  }
}

export interface BigFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** The file's first HEAD_BYTES bytes (all of it when smaller). */
  readonly head: Uint8Array;
}

/** Enough of a file's top for its encoding sniffing (64 KB) and its first ten lines. */
const HEAD_BYTES = 1024 * 1024;

/** Start looking at views.csv now (its size, its first bytes), while the caller parses the entity files. */
export function prefetchViews(folder: DataFolder, options: ParallelOptions): ViewsPrefetch {
  const minBytes = options.parallelMinBytes ?? PARALLEL_MIN_BYTES;
  const source = folder.source(viewsFile.name);
  // A paged export is read part after part on this thread (see pagedViews).
  if (!source || folder.parts(viewsFile.name).length > 1) {
    const absent = () => Promise.reject(Object.assign(new Error('views.csv absent'), { code: 'ENOENT' }));
    return { whole: absent, big: Promise.resolve(null), standby: Promise.resolve(null), release: () => {} };
  }
  const sized = source.format === 'csv' ? stat(source.path) : null;
  sized?.catch(() => {}); // a failure is the whole reading's to report
  let released = false;
  const standby: Promise<Standby | null> = sized === null || minBytes === Infinity ? Promise.resolve(null) : sized.then(
    (s) => (s.isFile() && s.size >= minBytes && !released ? standbyWorker() : null),
    () => null,
  );
  const big: Promise<BigFile | null> = sized === null ? Promise.resolve(null) : sized.then(async (s) => {
    if (!s.isFile() || s.size < minBytes || s.size === 0) return null;
    const head = await readFileStart(source.path, new Uint8Array(Math.min(s.size, HEAD_BYTES)));
    return { path: source.path, size: s.size, mtimeMs: s.mtimeMs, head };
  }).catch(() => null);
  let bytes: Promise<Uint8Array> | null = null;
  const read = (path: string) => stat(path).then((s) => (s.isFile() && s.size >= minBytes && s.size > 0 ? readShared(path, s.size) : readFile(path)));
  return {
    whole: () => {
      bytes ??= sourceBytes(source, read, true);
      return bytes;
    },
    big,
    standby,
    release: () => {
      released = true;
      void standby.then((w) => w?.release());
    },
  };
}

/** What every reading of views.csv works with: where it comes from, where its rows go, the ids they may name. */
export interface ViewsContext {
  readonly folder: DataFolder;
  readonly qualityTally: QualityTally;
  readonly options: ParallelOptions;
  readonly personIds: readonly string[];
  readonly courseIds: readonly string[];
  /** The buffer this thread's rows go into. */
  readonly into: ViewBuffer;
  /** The file as prefetched (prefetchViews), its standby worker included. */
  readonly prefetched: ViewsPrefetch;
}

/**
 * Start reading views.csv: take its bytes, map its header, and start a worker on its chunks,
 * which parses while the caller reads the remaining files; `finish()` does the rest.
 */
export async function startViews(ctx: Omit<ViewsContext, 'prefetched'> & { readonly prefetched?: ViewsPrefetch }): Promise<ViewsReading> {
  const prefetched = ctx.prefetched ?? prefetchViews(ctx.folder, ctx.options);
  try {
    return await startReading({ ...ctx, prefetched });
  } finally {
    // The reading has taken the standby worker (chunksByBothThreads takes it at once), or went
    // without it, or failed: either way it is not wanted any more.
    prefetched.release();
  }
}

async function startReading(ctx: ViewsContext): Promise<ViewsReading> {
  const { folder, qualityTally, options, personIds, courseIds, into, prefetched } = ctx;
  if (folder.parts(viewsFile.name).length > 1) return pagedViews(ctx);
  const reader = viewReader(personIds, courseIds, into);
  const big = await prefetched.big;
  if (big) {
    const streamed = await startStreamed(ctx, reader, big);
    if (streamed) return streamed;
  }
  const minBytes = options.parallelMinBytes ?? PARALLEL_MIN_BYTES;
  const loaded = await loadTable(folder, viewsFile, qualityTally, options, prefetched.whole);
  if (!loaded) return { finish: async () => [], cancel: () => {} };
  const { bytes, encoding } = loaded;
  // Buffer's indexOf is memchr; a Uint8Array's is several times slower on 100 MB.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const whole: ViewsReading = {
    finish: async () => {
      parseWhole(qualityTally, loaded, reader, options);
      return [];
    },
    cancel: () => {},
  };
  if (!(bytes.buffer instanceof SharedArrayBuffer) || bytes.length < minBytes || encoding.startsWith('utf-16')) return whole;
  // The header, found and mapped here once (title lines may precede it); chunks start after it.
  const head = locateHeader(bytes, buffer, encoding, qualityTally, options);
  if (!head) return whole; // a line break inside a quoted cell up there: read it all as one
  const { index, headerWidth, delimiter, bodyFrom, firstRow } = head;
  const job: ChunkJob = {
    bytes, file: null, bounds: chunkBounds(bytes, bodyFrom, options.parallelChunkBytes ?? CHUNK_BYTES), counter: claimCounter(true),
    encoding, index, headerWidth, delimiter, firstRow,
  };
  const chunks = chunksByBothThreads(job, { ...job, personIds, courseIds }, reader, options, bytes.length, await prefetched.standby);
  return {
    cancel: chunks.cancel,
    finish: async () => {
      const { tallies, share } = await chunks.read();
      if (!cutBetweenRecords(tallies)) {
        // A cut fell inside a quoted field: forget the chunks, read the body as one part.
        into.length = 0;
        const body = { from: bodyFrom, to: bytes.length, index, headerWidth, firstRow, final: true, delimiter };
        reportParsed(qualityTally, { file: viewsFile.name, part: null }, parseTable({ ...readingOf(qualityTally, reader), bytes, encoding, part: body }));
        return [];
      }
      return keepChunks(qualityTally, job, tallies, share, options);
    },
  };
}

/**
 * The chunks of `job` read by both threads: a worker claims chunks at once, the main thread
 * joins in when `read` is called, and chunks of a worker that could not start or failed are
 * read on the main thread. The progress bar follows the chunks claimed by either thread.
 */
function chunksByBothThreads(
  job: ChunkJob, workerJob: ViewsJob, reader: ViewReader, options: ParallelOptions, totalBytes: number, standby: Standby | null,
): { cancel: () => void; read: () => Promise<{ tallies: ChunkTally[]; share: WorkerShare | null }> } {
  const worker = startWorker(workerJob, standby);
  const n = chunkCount(job);
  const progress = options.onProgress;
  const onChunk = progress && (() => progress(viewsFile.name, job.bounds[Math.min(n, Atomics.load(job.counter, 0))], totalBytes));
  return {
    cancel: () => { Atomics.store(job.counter, 0, n); worker.cancel(); },
    read: async () => {
      if (options.parallelHold) await worker.started;
      const mine = readClaimedChunks(job, reader, onChunk);
      phase(`views.csv 主线程读了 ${mine.length} 块`);
      const share = await worker.share;
      const tallies: ChunkTally[] = [...mine];
      if (share) tallies.push(...share.tallies);
      for (const c of missingChunks(job, tallies)) tallies.push(readChunk(job, c, reader));
      progress?.(viewsFile.name, totalBytes, totalBytes);
      return { tallies, share };
    },
  };
}

/** Chunks proved good: their rows merged in file order, the blank and footer lines warned about once. */
function keepChunks(qualityTally: QualityTally, job: ChunkJob, tallies: readonly ChunkTally[], share: WorkerShare | null, options: ParallelOptions): ViewRows[] {
  if (share && share.tallies.length > 0) options.onNote?.(`${viewsFile.name}：分两个线程读取（共 ${chunkCount(job)} 块，第二个线程读取了 ${share.tallies.length} 块）`);
  const merged = mergeChunks(qualityTally, job, tallies);
  warnBlank(qualityTally, viewsFile.name, merged.blank);
  warnFooters(qualityTally, viewsFile.name, merged.footers);
  if (merged.truncated !== null) blockTruncated(qualityTally, { file: viewsFile.name, part: null }, merged.truncated);
  return share ? [share] : [];
}

/** What every reading of views.csv's rows shares: the row handler, known ids, the fast line. */
function readingOf(qualityTally: QualityTally, reader: ViewReader) {
  return { file: viewsFile, qualityTally, onRow: reader.onRow, interners: reader.interners, fast: reader.fastLine };
}

/** views.csv read whole on this thread, as any file is. */
function parseWhole(qualityTally: QualityTally, loaded: Loaded, reader: ViewReader, options: ReadOptions): void {
  reportParsed(qualityTally, { file: viewsFile.name, part: null }, parseTable({ ...readingOf(qualityTally, reader), ...loaded, options }));
}

/**
 * A paged views export (views.csv + views_2.csv …) read part after part on this thread, each
 * part's rows in a buffer of their own (the first into the caller's): the table built from
 * them tells each part's duplicates (buildViewTable, by part).
 */
function pagedViews(ctx: ViewsContext): ViewsReading {
  const { folder, qualityTally, options, personIds, courseIds, into } = ctx;
  return {
    cancel: () => {},
    finish: async () => {
      const buffers: ViewBuffer[] = [];
      let reader = viewReader(personIds, courseIds, into);
      await readParts({ folder, file: viewsFile, qualityTally, options }, (loaded, target, sameHeaderAs) => parseTable({
        ...readingOf(qualityTally, reader), ...loaded, options, target, sameHeaderAs,
      }), (part) => {
        const buffer = part === 0 ? into : new ViewBuffer();
        buffer.length = 0; // a part not read (another header) left nothing behind
        buffers[part] = buffer;
        reader = viewReader(personIds, courseIds, buffer);
      });
      return buffers.slice(1, qualityTally.partCount(viewsFile.name));
    },
  };
}

/**
 * A big CSV views.csv read chunk by chunk from the file, by both threads; null when it cannot
 * be (its top is not UTF-8 or its header is not found there): then it is read whole. Unless an
 * encoding is forced, UTF-8 is an assumption until every chunk has proved valid UTF-8; should
 * one not, everything read is forgotten and the file is read whole, where its encoding is
 * decided over all of its bytes (as for any file). The same goes for a cut inside a quoted
 * field. The header's warnings wait in a ledger of their own until the chunks are kept, so
 * that a file read again is never warned about twice.
 */
async function startStreamed(ctx: ViewsContext, reader: ViewReader, big: BigFile): Promise<ViewsReading | null> {
  const { folder, qualityTally, options, personIds, courseIds, into, prefetched } = ctx;
  const loaded = await loadTable(folder, viewsFile, qualityTally, options, async () => big.head);
  if (!loaded) return null;
  const forced = forcedEncoding(options, viewsFile.name);
  const head = big.head;
  const lastBreak = head.lastIndexOf(0x0a);
  if (forced?.startsWith('utf-16') || lastBreak === -1) return null;
  if (forced === undefined && !isUtf8(head.subarray(0, lastBreak + 1))) return null;
  const encoding = forced ?? 'utf-8';
  qualityTally.file(viewsFile.name).encoding = encoding;
  const headLedger = new QualityTally();
  const located = locateHeader(head, Buffer.from(head.buffer, head.byteOffset, head.byteLength), encoding, headLedger, options);
  if (!located) return null;
  const { index, headerWidth, delimiter, bodyFrom, firstRow } = located;
  const job: ChunkJob = {
    bytes: null, file: { path: big.path, size: big.size }, bounds: nominalBounds(bodyFrom, big.size, options.parallelChunkBytes ?? CHUNK_BYTES),
    counter: claimCounter(true), encoding, index, headerWidth, delimiter, firstRow, expectedRows: expectedRows(head, bodyFrom, lastBreak, big.size),
  };
  into.reserve(job.expectedRows ?? 0);
  const chunks = chunksByBothThreads(job, { ...job, personIds, courseIds }, reader, options, big.size, await prefetched.standby);
  const readWhole = async (why: string): Promise<ViewRows[]> => {
    options.onNote?.(`${viewsFile.name}：${why}，整个文件重新读取`);
    into.length = 0;
    const whole = await loadTable(folder, viewsFile, qualityTally, options, prefetched.whole);
    if (whole) parseWhole(qualityTally, whole, reader, options);
    return [];
  };
  return {
    cancel: chunks.cancel,
    finish: async () => {
      const { tallies, share } = await chunks.read();
      const now = await stat(big.path).catch(() => null);
      if (!now || now.size !== big.size || now.mtimeMs !== big.mtimeMs) {
        throw new FatalInputError(viewsFile.name, '文件在读取过程中被改动（大小或修改时间变了），请等导出或复制完成后重试');
      }
      if (!cutBetweenRecords(tallies)) return readWhole('有带引号的单元格跨行，分块处恰在其中');
      if (forced === undefined && tallies.some((t) => t.lossy)) return readWhole('文件开头是 UTF-8，后面有不是 UTF-8 的字节');
      for (const w of headLedger.warnings) qualityTally.warnings.push(w);
      return keepChunks(qualityTally, job, tallies, share, options);
    },
  };
}

/**
 * The rows of a file of `size` bytes, estimated from the lines of its top (those after the
 * header, up to its last line break there), with a fifth to spare; 0 without such lines.
 */
function expectedRows(head: Uint8Array, bodyFrom: number, lastBreak: number, size: number): number {
  let lines = 0;
  for (let at = head.indexOf(0x0a, bodyFrom); at !== -1 && at <= lastBreak; at = head.indexOf(0x0a, at + 1)) lines++;
  if (lines === 0) return 0;
  return Math.ceil(((size - bodyFrom) / ((lastBreak + 1 - bodyFrom) / lines)) * 1.2) + 1024;
}

/**
 * views.csv's header among its first lines, as parseTable would find it, with the byte where
 * the data begins; null when a record there spans lines (a quoted line break): then the
 * caller reads the file as one part, which finds the header itself.
 */
function locateHeader(bytes: Uint8Array, buffer: Buffer, encoding: Encoding, qualityTally: QualityTally, options: ReadOptions) {
  const lineEnds: number[] = [];
  for (let at = buffer.indexOf(0x0a); at !== -1 && lineEnds.length < HEADER_SEARCH_LINES; at = buffer.indexOf(0x0a, at + 1)) lineEnds.push(at);
  if (lineEnds.length === 0) return null;
  const records: string[][] = [];
  const head = readRecords(decodeSlices(bytes.subarray(0, lineEnds[lineEnds.length - 1] + 1), encoding), { record: (cells) => { records.push(cells); } }, false);
  if (head.unfinished || records.length !== lineEnds.length) return null;
  const search = new HeaderSearch(viewsFile, qualityTally, forcedEncoding(options, viewsFile.name));
  for (let i = 0; i < records.length; i++) {
    const index = search.offer(records[i], i + 1);
    if (index) return { index, headerWidth: records[i].length, delimiter: head.delimiter, bodyFrom: lineEnds[i] + 1, firstRow: i + 2 };
  }
  return null; // fewer than 10 lines and no header yet: the whole-file reading decides
}

/** The file's bytes in a SharedArrayBuffer (its first `size` bytes, fewer if it shrank). */
function readShared(path: string, size: number): Promise<Uint8Array> {
  return readFileStart(path, new Uint8Array(new SharedArrayBuffer(size)));
}

type WorkerShare = Extract<WorkerMessage, { kind: 'share' }>;

/**
 * The worker's share (null when no worker could run or it failed), and `started`, which
 * settles once the worker has read its first chunk or is gone.
 */
function startWorker(job: ViewsJob, standby: Standby | null): { share: Promise<WorkerShare | null>; started: Promise<void>; cancel: () => void } {
  let worker: Worker | null = null;
  let markStarted = () => {};
  const started = new Promise<void>((resolve) => { markStarted = resolve; });
  const share = new Promise<WorkerShare | null>((resolve) => {
    const done = (result: WorkerShare | null) => { markStarted(); resolve(result); };
    try {
      // The standby worker, given its job now; or, if there is none (or it failed), a new one.
      const waiting = standby?.take() ?? null;
      if (waiting) {
        waiting.ref();
        waiting.postMessage(job);
        worker = waiting;
      } else {
        worker = new Worker(WORKER_URL, { workerData: job });
      }
    } catch {
      done(null);
      return;
    }
    worker.on('message', (m: WorkerMessage) => { if (m.kind === 'started') markStarted(); else done(m); });
    worker.once('error', () => done(null));
    worker.once('exit', () => done(null));
  });
  return { share, started, cancel: () => { void worker?.terminate(); } };
}
