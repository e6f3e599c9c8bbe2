import type { Worker } from 'node:worker_threads';

/**
 * A worker started before its job is known, so that Node's start of a thread and the loading of
 * its code overlap other work: the views worker (ingest/views-parallel.ts; views-worker.ts reads
 * its job from its first message) and copy-paste's (copy-paste-thread.ts).
 */
export class Standby {
  private worker: Worker | null;
  private gone = false;
  /** Settles when the worker's thread has ended (released, failed, or done with its job). */
  readonly ended: Promise<void>;
  constructor(worker: Worker) {
    this.worker = worker;
    // Until taken it must not keep the process alive, and its failure is only noted: the
    // taker then does without it (another worker, or the main thread).
    worker.unref();
    worker.once('error', () => { this.gone = true; });
    this.ended = new Promise((resolve) => worker.once('exit', () => { this.gone = true; resolve(); }));
  }

  /** The worker, if it still runs and nobody took it; it is the taker's from now on. */
  take(): Worker | null {
    const worker = this.gone ? null : this.worker;
    this.worker = null;
    return worker;
  }

  release(): void {
    void this.take()?.terminate();
  }
}
