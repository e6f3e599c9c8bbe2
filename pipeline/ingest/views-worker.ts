/**
 * The worker thread's side of views.csv: claim chunks from the shared counter and parse them,
 * exactly as the main thread parses the chunks it claims (views-chunks.ts), then send back
 * the rows as typed arrays with each chunk's tallies. After its first chunk it says so, which
 * the main thread may wait for (XUESHI_PARALLEL_HOLD, for tests that need both threads busy).
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { type ChunkJob, type ChunkTally, readClaimedChunks } from './views-chunks.ts';
import { ViewBuffer, viewReader } from './views.ts';
import { phase } from '../runtime/timings.ts';

export interface ViewsJob extends ChunkJob {
  readonly personIds: readonly string[];
  readonly courseIds: readonly string[];
}

export type WorkerMessage =
  | { readonly kind: 'started' }
  | {
    readonly kind: 'share';
    readonly length: number;
    readonly person: Int32Array;
    readonly course: Int32Array;
    readonly start: Float64Array;
    readonly end: Float64Array;
    readonly tallies: readonly ChunkTally[];
  };

/** Reads the chunks the job's counter gives this thread and sends back their rows. */
function run(port: MessagePort, job: ViewsJob): void {
  const buffer = new ViewBuffer();
  if (job.expectedRows) buffer.reserve(job.expectedRows);
  const reader = viewReader(job.personIds, job.courseIds, buffer);
  phase('views.csv 分块读取开始');
  // XUESHI_PARALLEL_WORKER_FAIL=n: this worker dies after its n-th chunk (tests prove nothing is lost).
  const failAfter = Number(process.env.XUESHI_PARALLEL_WORKER_FAIL || Infinity);
  let done = 0;
  const tallies = readClaimedChunks(job, reader, () => {
    if (done === 0) port.postMessage({ kind: 'started' } satisfies WorkerMessage);
    if (++done >= failAfter) throw new Error(`views.csv 工作线程按 XUESHI_PARALLEL_WORKER_FAIL 在第 ${done} 块后退出`);
  });
  phase(`views.csv 分块读完（${tallies.length} 块）`);
  // The buffers go as they are (moved, not copied): `length` says how much of them is rows.
  const share: WorkerMessage = {
    kind: 'share', length: buffer.length,
    person: buffer.person, course: buffer.course, start: buffer.start, end: buffer.end, tallies,
  };
  port.postMessage(share, [share.person.buffer, share.course.buffer, share.start.buffer, share.end.buffer] as ArrayBuffer[]);
}

// The job comes as workerData, or — a worker started ahead of it (views-parallel.ts's standby)
// — as its first message.
if (parentPort) {
  const port = parentPort;
  if (workerData) run(port, workerData as ViewsJob);
  else port.once('message', (job: ViewsJob) => run(port, job));
}
