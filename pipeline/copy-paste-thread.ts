/**
 * 学时真实性's copy-paste rule (analysis/copy-paste.ts) beside the per-person loop. At 20,000 people
 * it is about a second of CPU over ≈ 100,000 comments, which on the main thread made the
 * analyses a third of the pipeline. After reading, the second core is idle (the views worker
 * is done), so a worker thread runs findCopies while the main thread evaluates everyone; the
 * main thread waits for it only when integrity.json is put together — or at once, when
 * period.json deducts copies and the rules must know them first.
 *
 * The thread is started as soon as comments.csv is read (CopyPasteThread.prepare), so that its
 * start (loading its code: 50–300 ms) overlaps the rest of the reading; it gets its job when
 * the people's ranges are known. The same function on the same input: the outputs are
 * byte-identical on either thread. A small job runs on the main thread (a thread's start costs
 * more than it saves); a thread that cannot start or fails costs only time: the main thread
 * then does the job itself.
 */
import { Worker } from 'node:worker_threads';
import { type CopyFinding, type CopyJob, findCopies, jobSize } from './analysis/copy-paste.ts';
import { Standby } from './runtime/standby.ts';

/** Below this many comments the job runs on the main thread. */
export const COPY_PASTE_THREAD_MIN = 20_000;

export interface CopyPasteThreadOptions {
  /** Fewest comments worth a thread (tests lower it to 0 to use the thread on a small dataset). */
  readonly copyPasteThreadMin?: number;
  /** Told when the job goes to the thread, and when the thread failed and the main thread did the job. */
  readonly onNote?: (message: string) => void;
}

const WORKER_URL = new URL('./copy-paste-worker-boot.mjs', import.meta.url);

/** One drop's copy-paste thread, from the reading of comments.csv to its findings. */
export class CopyPasteThread {
  private standby: Standby | null = null;
  private readonly min: number;

  constructor(private readonly options: CopyPasteThreadOptions = {}) {
    this.min = options.copyPasteThreadMin ?? COPY_PASTE_THREAD_MIN;
  }

  /** comments.csv was read with `accepted` rows: start the thread now if the job will be worth one. */
  prepare(accepted: number): void {
    if (this.standby || accepted < this.min) return;
    try {
      this.standby = new Standby(new Worker(WORKER_URL));
    } catch {
      this.standby = null; // the main thread will do the job
    }
  }

  /** The job, on the thread when one was prepared (or is worth starting now); the returned function gives the findings. */
  run(job: CopyJob): () => Promise<CopyFinding[]> {
    if (!this.standby && jobSize(job) >= this.min) this.prepare(jobSize(job));
    const worker = this.standby?.take() ?? null;
    this.standby = null;
    if (!worker) {
      let findings: CopyFinding[] | null = null;
      return async () => (findings ??= findCopies(job));
    }
    this.options.onNote?.(`评论相似度：${jobSize(job)} 条评论在另一个线程比对`);
    const onThread = jobOnThread(worker, job).catch((e: Error) => {
      this.options.onNote?.(`评论相似度计算的工作线程失败（${e.message}），改在主线程计算`);
      return findCopies(job);
    });
    return () => onThread;
  }

  /** Stop a thread that got no job (the run failed before it). */
  cancel(): void {
    this.standby?.release();
    this.standby = null;
  }
}

function jobOnThread(worker: Worker, job: CopyJob): Promise<CopyFinding[]> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => { if (!settled) { settled = true; f(); } };
    worker.once('message', (findings: CopyFinding[]) => {
      settle(() => resolve(findings));
      void worker.terminate();
    });
    worker.once('error', (e) => settle(() => reject(e)));
    worker.once('exit', (code) => settle(() => reject(new Error(`工作线程退出（${code}）`))));
    worker.ref(); // now the run waits for it
    worker.postMessage(job); // copied, not moved: should the thread fail, this thread does the job on the same input
  });
}
