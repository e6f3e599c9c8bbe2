import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_WITHOUT_PID_MS, lockFolder, processAlive, recoverAbandoned, type Scratch } from '../../pipeline/folders/abandoned.ts';

/** Above Linux's largest pid_max (2^22), so surely no running process. */
const DEAD = 4999999;

const scratchOf = (entry: string): Scratch | null => {
  const m = /^\.out\.(tmp|old)-(\d+)$/.exec(entry);
  return m ? { pid: Number(m[2]), movedAside: m[1] === 'old' } : null;
};

function folder(path: string, content: string): void {
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'file.txt'), content);
}

describe('abandoned scratch folders and locks', () => {
  it('tells a live process from a gone one', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(DEAD)).toBe(false);
  });

  it('keeps a live pid’s scratch, removes a dead pid’s, leaves other entries alone', () => {
    const parent = mkdtempSync(join(tmpdir(), 'xueshi-abandoned-'));
    folder(join(parent, 'out'), 'current');
    folder(join(parent, `.out.tmp-${process.pid}`), 'being written');
    folder(join(parent, `.out.tmp-${DEAD}`), 'half written');
    folder(join(parent, `.out.old-${DEAD}`), 'previous, but out exists');
    folder(join(parent, 'other'), 'not ours');
    recoverAbandoned(parent, join(parent, 'out'), scratchOf);
    expect(readdirSync(parent).sort()).toEqual([`.out.tmp-${process.pid}`, 'other', 'out']);
    expect(readFileSync(join(parent, 'out', 'file.txt'), 'utf8')).toBe('current');
  });

  it('moves a dead run’s moved-aside output back when the target is missing (killed between the renames)', () => {
    const parent = mkdtempSync(join(tmpdir(), 'xueshi-abandoned-'));
    folder(join(parent, `.out.old-${DEAD}`), 'previous');
    folder(join(parent, `.out.tmp-${DEAD}`), 'new, unfinished');
    recoverAbandoned(parent, join(parent, 'out'), scratchOf);
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readFileSync(join(parent, 'out', 'file.txt'), 'utf8')).toBe('previous');
  });

  it('a live run’s moved-aside output stays where it is', () => {
    const parent = mkdtempSync(join(tmpdir(), 'xueshi-abandoned-'));
    folder(join(parent, `.out.old-${process.pid}`), 'previous');
    recoverAbandoned(parent, join(parent, 'out'), scratchOf);
    expect(readdirSync(parent)).toEqual([`.out.old-${process.pid}`]);
  });

  it('a missing parent has nothing to tidy', () => {
    expect(() => recoverAbandoned(join(tmpdir(), 'xueshi-no-such-folder', 'x'), '/nowhere', scratchOf)).not.toThrow();
  });

  it('takes over a dead owner’s lock', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'xueshi-lock-')), 'build.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(DEAD));
    const release = await lockFolder(lock, 20);
    expect(readFileSync(join(lock, 'pid'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose owner died before writing its pid, but not one being made now', async () => {
    const stale = join(mkdtempSync(join(tmpdir(), 'xueshi-lock-')), 'build.lock');
    mkdirSync(stale);
    const long = (Date.now() - LOCK_WITHOUT_PID_MS - 5_000) / 1000;
    utimesSync(stale, long, long);
    const release = await lockFolder(stale, 20);
    expect(readFileSync(join(stale, 'pid'), 'utf8')).toBe(String(process.pid));
    release();

    const fresh = join(mkdtempSync(join(tmpdir(), 'xueshi-lock-')), 'build.lock');
    mkdirSync(fresh);
    let got = false;
    const waiting = lockFolder(fresh, 20).then((r) => { got = true; return r; });
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toBe(false); // its owner may be writing the pid this very moment
    writeFileSync(join(fresh, 'pid'), String(DEAD)); // …and then dies
    (await waiting)();
    expect(got).toBe(true);
  });

  it('waits while a live owner holds the lock, and gets it once released', async () => {
    const lock = join(mkdtempSync(join(tmpdir(), 'xueshi-lock-')), 'build.lock');
    const first = await lockFolder(lock, 20);
    let got = false;
    const second = lockFolder(lock, 20).then((release) => { got = true; return release; });
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toBe(false);
    first();
    const release = await second;
    expect(got).toBe(true);
    expect(existsSync(lock)).toBe(true);
    release();
  });
});
