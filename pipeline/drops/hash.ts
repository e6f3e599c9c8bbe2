/**
 * The content hash of a drop folder: sha256 over the names and bytes of its files (hidden
 * files and subfolders aside), in name order, streamed — a 100 MB views.csv is never held whole.
 * Any file counts, not only the CSVs docs/ names: what ingest reads may grow (e.g. workbooks),
 * and hashing a README too costs nothing and can only cause a recomputation, never a stale reuse.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export async function contentHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  for (const name of names) {
    const path = join(dir, name);
    const s = await stat(path);
    if (!s.isFile()) continue;
    // The length before the bytes: no two different folders can feed the same stream.
    hash.update(`${name}\u0000${s.size}\u0000`);
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/**
 * The same hash as contentHash, computed beside the pipeline in a thread of lowest priority
 * (nice 19). When a drop is computed anyway (nothing in the store could be reused), the hash is
 * only needed to store the result: it then costs no wall time — the main thread and the views
 * worker keep both cores while reading, and the hash takes the core the single-threaded tail
 * (rules, statistics, writing) leaves idle. The thread's code is plain CommonJS evaluated from a
 * string, so it runs the same from the TypeScript sources and from the launcher's bundle.
 */
export function contentHashBeside(dir: string): Promise<string> {
  const hashed = new Promise<string>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(HASH_THREAD, { eval: true, workerData: dir });
    } catch {
      contentHash(dir).then(resolve, reject);
      return;
    }
    let answered = false;
    worker.once('message', (hex: string) => { answered = true; resolve(hex); });
    worker.once('error', (e) => { answered = true; reject(e); });
    worker.once('exit', () => { if (!answered) contentHash(dir).then(resolve, reject); });
  });
  // Should the computation fail first, nobody awaits the hash: its failure is not news then.
  hashed.catch(() => {});
  return hashed;
}

// Mirrors contentHash line for line (names in code-unit order, the length header, 1 MB reads).
const HASH_THREAD = `
const { parentPort, workerData: dir } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, readdirSync, readSync, statSync } = require('node:fs');
const { join } = require('node:path');
try { require('node:os').setPriority(0, 19); } catch {}
const hash = createHash('sha256');
const buffer = Buffer.allocUnsafe(1 << 20);
for (const name of readdirSync(dir).filter((n) => !n.startsWith('.')).sort()) {
  const path = join(dir, name);
  const s = statSync(path);
  if (!s.isFile()) continue;
  hash.update(name + '\\u0000' + s.size + '\\u0000');
  const fd = openSync(path, 'r');
  try {
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}
parentPort.postMessage(hash.digest('hex'));
`;
