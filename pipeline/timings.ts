/**
 * XUESHI_TIMINGS=1: each phase's end on stderr, in milliseconds since the process started
 * (process.uptime() is the process's, so the views worker's marks share the main thread's clock),
 * for `npm run bench` and whoever profiles a slow run.
 */
import { threadId } from 'node:worker_threads';

const enabled = process.env.XUESHI_TIMINGS === '1';

export function phase(label: string): void {
  if (!enabled) return;
  const ms = (process.uptime() * 1000).toFixed(0).padStart(6);
  process.stderr.write(`[耗时] ${ms} ms  ${threadId === 0 ? '' : `（线程 ${threadId}）`}${label}\n`);
}
