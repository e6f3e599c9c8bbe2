/**
 * The copy-paste rule on a thread of its own (copy-paste-thread.ts): one job in, its findings
 * out. XUESHI_COPY_PASTE_WORKER_FAIL=1 makes it fail, for the test that proves the main thread
 * then does the work itself with the same result.
 */
import { parentPort } from 'node:worker_threads';
import { type CopyJob, findCopies } from './analysis/copy-paste.ts';
import { phase } from './runtime/timings.ts';

if (parentPort) {
  const port = parentPort;
  port.once('message', (job: CopyJob) => {
    if (process.env.XUESHI_COPY_PASTE_WORKER_FAIL) throw new Error('copy-paste 工作线程按 XUESHI_COPY_PASTE_WORKER_FAIL 退出');
    phase('评论相似度计算开始');
    const findings = findCopies(job);
    phase('评论相似度计算完成');
    port.postMessage(findings);
  });
}
