/**
 * The content hash of a drop folder: sha256 over the names and bytes of its files (hidden
 * files and subfolders aside), in name order, streamed — a 100 MB views.csv is never held whole.
 * Any file counts, not only the CSVs SPEC names: what ingest reads may grow (e.g. workbooks),
 * and hashing a README too costs nothing and can only cause a recomputation, never a stale reuse.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

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
