/**
 * The standby views worker: started as soon as views.csv is known to be big enough for two
 * threads (so that starting a thread overlaps reading the entity files), taken by the reading,
 * or stopped when the reading goes without it — it never outlives its use.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveFolder } from '../../pipeline/ingest/folder.ts';
import { prefetchViews } from '../../pipeline/ingest/views-parallel.ts';

function folderWithViews(bytes: number) {
  const dir = mkdtempSync(join(tmpdir(), 'xueshi-standby-'));
  writeFileSync(join(dir, 'views.csv'), '人员编号,课件编号,开始时间,结束时间\n' + 'P01,C1,2020-01-14 09:00:00,2020-01-14 09:10:00\n'.repeat(Math.ceil(bytes / 47)));
  return resolveFolder(dir, null);
}

describe('the standby views worker', () => {
  it('is started for a file big enough for two threads, and stopped when released untaken', async () => {
    const prefetched = prefetchViews(folderWithViews(2000), { parallelMinBytes: 1000 });
    const standby = await prefetched.standby;
    expect(standby).not.toBeNull();
    prefetched.release();
    await standby!.ended; // its thread is stopped…
    expect(standby!.take()).toBeNull(); // …and nobody can take it any more
  });

  it('is handed over once: the taker owns it', async () => {
    const prefetched = prefetchViews(folderWithViews(2000), { parallelMinBytes: 1000 });
    const standby = (await prefetched.standby)!;
    const worker = standby.take();
    expect(worker).not.toBeNull();
    expect(standby.take()).toBeNull();
    prefetched.release(); // does not stop a worker already taken
    await new Promise((r) => setTimeout(r, 100));
    expect(worker!.threadId).toBeGreaterThan(0); // still running (threadId is -1 once it has ended)
    await worker!.terminate();
    await standby.ended;
  });

  it('is not started for a small file, nor with threads turned off', async () => {
    expect(await prefetchViews(folderWithViews(500), { parallelMinBytes: 1000 }).standby).toBeNull();
    expect(await prefetchViews(folderWithViews(2000), { parallelMinBytes: Infinity }).standby).toBeNull();
  });
});
