/**
 * XUESHI_TIMINGS=1: each phase's end on stderr, in milliseconds since the process started
 * (process.uptime() is the process's, so the views worker's marks share the main thread's clock),
 * for `npm run bench` and whoever profiles a slow run. Each mark is followed by a `[内存]` line:
 * the process's resident set, V8's heap and the memory outside it (typed arrays, buffers) at
 * that moment — where the memory goes, phase by phase (a line of its own, so that the phase
 * labels stay the same from run to run). With XUESHI_TIMINGS_GC=1 under `node --expose-gc`, a
 * full collection runs before each mark, so that the figures are live memory, not garbage.
 */
import { threadId } from 'node:worker_threads';

const enabled = process.env.XUESHI_TIMINGS === '1';
const MB = 1024 * 1024;

export function phase(label: string): void {
  if (!enabled) return;
  const ms = (process.uptime() * 1000).toFixed(0).padStart(6);
  const thread = threadId === 0 ? '' : `（线程 ${threadId}）`;
  if (process.env.XUESHI_TIMINGS_GC === '1') (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const mb = (n: number) => (n / MB).toFixed(0).padStart(5);
  process.stderr.write(`[耗时] ${ms} ms  ${thread}${label}\n[内存] RSS ${mb(m.rss)} MB  堆 ${mb(m.heapUsed)} MB  堆外 ${mb(m.external + m.arrayBuffers)} MB  ${thread}${label}\n`);
}
