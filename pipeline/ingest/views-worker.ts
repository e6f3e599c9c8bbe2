/**
 * A worker thread's share of views.csv: a line-aligned byte range, parsed exactly as the main
 * thread parses its own share (same table reader, same row handler), sent back as typed arrays
 * with its tallies and rejections (row numbers local to the range, shifted by the receiver).
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { viewsFile } from '../contract/inputs.ts';
import type { Encoding } from './decode.ts';
import { Ledger } from './ledger.ts';
import { parseTable } from './table.ts';
import { ViewBuffer, viewReader } from './views.ts';

export interface ViewsJob {
  readonly path: string;
  readonly from: number;
  readonly to: number;
  readonly encoding: Encoding;
  readonly index: readonly number[];
  readonly headerWidth: number;
  readonly personIds: readonly string[];
  readonly courseIds: readonly string[];
}

export interface ViewsShare {
  readonly length: number;
  readonly person: Int32Array;
  readonly course: Int32Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly rows: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly records: number;
  readonly blank: number;
  readonly rejected: Ledger['rejected'];
}

function run(job: ViewsJob): ViewsShare {
  const bytes = Buffer.allocUnsafe(job.to - job.from);
  const fd = openSync(job.path, 'r');
  try {
    for (let done = 0; done < bytes.length;) {
      const n = readSync(fd, bytes, done, bytes.length - done, job.from + done);
      if (n === 0) throw new Error(`views.csv 在读取时变短了（${job.path}）`);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  const ledger = new Ledger();
  const buffer = new ViewBuffer();
  const reader = viewReader(job.personIds, job.courseIds, buffer);
  const parsed = parseTable(bytes, job.encoding, viewsFile, ledger, {}, reader.onRow, {
    from: 0, to: bytes.length, index: job.index, headerWidth: job.headerWidth, firstRow: 1, final: true,
  }, reader.interners);
  const t = ledger.file(viewsFile.name);
  const n = buffer.length;
  return {
    length: n,
    person: buffer.person.slice(0, n), course: buffer.course.slice(0, n),
    start: buffer.start.slice(0, n), end: buffer.end.slice(0, n),
    rows: t.rows, accepted: t.accepted, duplicates: t.duplicates,
    records: parsed.records, blank: parsed.blank, rejected: ledger.rejected,
  };
}

if (parentPort) {
  const share = run(workerData as ViewsJob);
  parentPort.postMessage(share, [share.person.buffer, share.course.buffer, share.start.buffer, share.end.buffer] as ArrayBuffer[]);
}
