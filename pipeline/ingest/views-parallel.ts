/**
 * views.csv, the one file with millions of rows, read on both cores: the main thread parses
 * the first half while a worker parses the second. Only when it is safe and pays: a big,
 * quote-free (so every record is one line), comma-separated UTF-8 or GB18030 file (a line
 * break byte never occurs inside their multi-byte characters). Otherwise, or when a worker
 * cannot start, the file is read on the main thread exactly as any other.
 */
import { Worker } from 'node:worker_threads';
import { viewsFile } from '../contract/inputs.ts';
import { decodeSlices } from './decode.ts';
import type { Ledger } from './ledger.ts';
import { readRecords } from './records.ts';
import { loadTable, mapHeader, parseTable, type ReadOptions, warnBlank } from './table.ts';
import { type ViewBuffer, viewReader } from './views.ts';
import type { ViewsJob, ViewsShare } from './views-worker.ts';

/** Below this size a worker's start-up costs more than it saves. */
export const PARALLEL_MIN_BYTES = 24 * 1024 * 1024;

export interface ParallelOptions extends ReadOptions {
  /** Smallest views.csv read on two threads (tests lower it); Infinity turns threads off. */
  readonly parallelMinBytes?: number;
  /** Told how a file was read, for the command line's log. */
  readonly onNote?: (message: string) => void;
}

/** Share of views.csv given to the worker: the main thread meanwhile reads the other files. */
const WORKER_SHARE = 0.6;

export interface ViewsReading {
  /** Parse the main thread's share (all of it without a worker) and merge the worker's. */
  finish(): Promise<void>;
  /** Stop the worker (the run failed elsewhere). */
  cancel(): void;
}

/**
 * Start reading views.csv: load it, map its header, and hand most of a big file to a worker,
 * which parses while the caller reads the remaining files; `finish()` does the rest.
 */
export async function startViews(
  dir: string, ledger: Ledger, options: ParallelOptions, personIds: readonly string[], courseIds: readonly string[], into: ViewBuffer,
): Promise<ViewsReading> {
  const loaded = await loadTable(dir, viewsFile, ledger, options);
  if (!loaded) return { finish: async () => {}, cancel: () => {} };
  const { bytes, encoding } = loaded;
  const { onRow, interners } = viewReader(personIds, courseIds, into);
  const whole: ViewsReading = {
    finish: async () => warnBlank(ledger, viewsFile.name, parseTable(bytes, encoding, viewsFile, ledger, options, onRow, null, interners).blank),
    cancel: () => {},
  };
  const headerEnd = bytes.indexOf(0x0a);
  const splittable = bytes.length >= (options.parallelMinBytes ?? PARALLEL_MIN_BYTES) && encoding !== 'utf-16le' &&
    headerEnd > 0 && bytes.indexOf(0x22) === -1 && bytes.indexOf(0x09, 0) === -1;
  if (!splittable) return whole;
  // The header, mapped here once; both shares start after it.
  const header: string[] = [];
  readRecords(decodeSlices(bytes.subarray(0, headerEnd + 1), encoding), { record: (cells) => { if (!header.length) header.push(...cells); } }, false);
  const index = mapHeader(viewsFile, header, ledger, options.encoding);
  const split = bytes.indexOf(0x0a, headerEnd + 1 + Math.floor((bytes.length - headerEnd) * (1 - WORKER_SHARE))) + 1;
  if (split <= 0 || split >= bytes.length) return whole;
  const job: ViewsJob = {
    path: `${dir}/${viewsFile.name}`, from: split, to: bytes.length, encoding, index, headerWidth: header.length,
    personIds, courseIds,
  };
  const worker = startWorker(job);
  // The progress bar follows the main thread's share, scaled to the whole file.
  const progress = options.onProgress;
  const onProgress = progress && ((file: string, done: number) => progress(file, Math.round(done / (split - headerEnd) * bytes.length), bytes.length));
  const part = (from: number, to: number, firstRow: number, final: boolean) =>
    parseTable(bytes, encoding, viewsFile, ledger, { encoding: options.encoding, onProgress: final ? undefined : onProgress }, onRow, { from, to, index, headerWidth: header.length, firstRow, final }, interners);
  return {
    cancel: worker.cancel,
    finish: async () => {
      const first = part(headerEnd + 1, split, 2, false);
      const shift = 1 + first.records;
      const share = await worker.share;
      if (share) {
        options.onNote?.(`${viewsFile.name}：分两个线程读取（第 ${shift + 1} 行起由第二个线程读取）`);
        into.append(share);
        const t = ledger.file(viewsFile.name);
        t.rows += share.rows;
        t.accepted += share.accepted;
        t.duplicates += share.duplicates;
        for (const r of share.rejected) ledger.reject(r.file, r.row + shift, r.column, r.reason);
        warnBlank(ledger, viewsFile.name, first.blank + share.blank);
      } else {
        // No worker (e.g. a runtime without the TypeScript loader in threads): the main thread reads it.
        warnBlank(ledger, viewsFile.name, first.blank + part(split, bytes.length, shift + 1, true).blank);
      }
    },
  };
}

/** The worker's share, or null when no worker could run (then the caller reads it itself). */
function startWorker(job: ViewsJob): { share: Promise<ViewsShare | null>; cancel: () => void } {
  let worker: Worker | null = null;
  const share = new Promise<ViewsShare | null>((resolve) => {
    try {
      worker = new Worker(new URL('./views-worker-boot.mjs', import.meta.url), { workerData: job });
    } catch {
      resolve(null);
      return;
    }
    worker.once('message', (result: ViewsShare) => resolve(result));
    worker.once('error', () => resolve(null));
    worker.once('exit', (code) => { if (code !== 0) resolve(null); });
  });
  return { share, cancel: () => { void worker?.terminate(); } };
}
