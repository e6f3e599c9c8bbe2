/**
 * What a killed run leaves behind, and how the next run tidies it: scratch folders named after
 * their owner's pid (removed once the owner is gone, or moved back when they hold the previous
 * output that a run moved aside and died before replacing), and lock folders (taken over from a
 * dead owner). Used by the output writer (write.ts) and the site build (site/scripts/build.ts);
 * the launcher (pipeline/launch.mjs) keeps its own liveness check, as it runs before any
 * TypeScript can be loaded.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Whether process `pid` still runs on this machine: signal 0 tests without sending anything;
 * EPERM means it runs under another user (alive, not ours to judge).
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A scratch folder's owner, and whether it holds the previous output moved aside. */
export interface Scratch {
  readonly pid: number;
  readonly movedAside: boolean;
}

/**
 * Tidy what killed runs left in `parent`: each entry `scratchOf` recognises whose owner is gone
 * is removed, except a moved-aside previous output while `target` is missing (the run died
 * between its two renames), which is moved back to `target`. Entries of live owners are left
 * alone; a missing `parent` has nothing to tidy.
 */
export function recoverAbandoned(parent: string, target: string, scratchOf: (entry: string) => Scratch | null): void {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries.sort()) {
    const s = scratchOf(entry);
    if (!s || processAlive(s.pid)) continue;
    const path = join(parent, entry);
    if (s.movedAside && !existsSync(target)) renameSync(path, target);
    else rmSync(path, { recursive: true, force: true });
  }
}

/**
 * A lock folder whose pid file is still missing (or unreadable) long after the folder was made:
 * its owner was killed between making it and writing the pid — microseconds apart, so a pid
 * file that has not come after this long never will. (Before, the next build waited forever.)
 */
export const LOCK_WITHOUT_PID_MS = 30_000;
function ownerNeverWrote(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs > LOCK_WITHOUT_PID_MS;
  } catch {
    return false; // gone already: the next mkdir decides
  }
}

/**
 * Takes the lock folder `lock` (mkdir is atomic), holding this process's pid; waits while a
 * live process holds it, takes it over from a dead one. Resolves to the release.
 */
export async function lockFolder(lock: string, pollMs = 500): Promise<() => void> {
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = NaN;
      try { owner = Number(readFileSync(join(lock, 'pid'), 'utf8')); } catch { /* being written */ }
      if (Number.isFinite(owner) && owner > 0 ? !processAlive(owner) : ownerNeverWrote(lock)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
