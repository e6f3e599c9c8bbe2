/**
 * A data root (SPEC §6): one dataset folder (it holds period.json), or a folder whose
 * subfolders, down to depth 3, hold the drops. Finds the drops and their identities
 * (period id, asOf); the order and the ordinals are history's business (history/order.ts).
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Period } from '../contract/period.ts';
import { loadPeriod } from '../ingest/period-file.ts';
import { FatalInputError } from '../ingest/errors.ts';
import { fsProblem } from '../ingest/fs-problem.ts';

/** How deep below the root a drop may lie (ROOT/a/b/c/period.json is depth 3). */
export const MAX_DROP_DEPTH = 3;

export interface DropSource {
  /** The drop's folder (absolute). */
  readonly dir: string;
  /** The folder as the user sees it: relative to the root ("." for a single dataset). */
  readonly folder: string;
  readonly period: Period;
  /** period.json's asOf (a root requires it; a single dataset may leave it to be derived). */
  readonly asOf: string | undefined;
}

export interface DataRoot {
  /** True when the root itself is one dataset folder (as before drops existed). */
  readonly single: boolean;
  readonly drops: readonly DropSource[];
}

/**
 * Whether `path` is a file. Absent is false; anything that stops us from knowing — a folder we
 * may not enter, a link whose target is gone — is fatal with its real cause, never taken for
 * "no period.json" (SPEC §7).
 */
async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (e) {
    const problem = fsProblem(e, path, '文件');
    if (problem.kind === 'missing' || problem.kind === 'not-a-folder') return false;
    throw new FatalInputError(path, problem.message);
  }
}

/** Folders below `dir` holding period.json, depth ≤ MAX_DROP_DEPTH; a drop is not descended into. */
async function dropFolders(dir: string, depth: number, found: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new FatalInputError(dir, `无法读取数据目录：${fsProblem(e, dir, '文件夹').message}`);
  }
  const names = entries
    .filter((e) => !e.isFile() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .map((e) => e.name)
    .sort();
  for (const name of names) {
    const path = join(dir, name);
    let s;
    try {
      s = await stat(path); // follows a symbolic link to a folder, as the user would expect
    } catch (e) {
      const problem = fsProblem(e, path, '文件夹');
      if (problem.kind === 'missing') continue; // removed while we looked
      // A link to a drop folder that is gone, or a folder we may not enter: the drop would vanish unseen.
      throw new FatalInputError(path, `数据根目录中的这一项无法打开：${problem.message}`);
    }
    if (!s.isDirectory()) continue;
    if (await isFile(join(path, 'period.json'))) found.push(path);
    else if (depth < MAX_DROP_DEPTH) await dropFolders(path, depth + 1, found);
  }
}

/**
 * The drops of `root`. Fatal (FatalInputError, naming the folders): no drop at all, a drop of a
 * root without asOf in its period.json, an invalid period.json, two drops with one identity.
 */
export async function findDrops(root: string): Promise<DataRoot> {
  if (await isFile(join(root, 'period.json'))) {
    const period = await loadPeriod(root);
    return { single: true, drops: [{ dir: root, folder: '.', period, asOf: period.asOf }] };
  }
  const folders: string[] = [];
  await dropFolders(root, 1, folders);
  if (folders.length === 0) {
    throw new FatalInputError(root, `数据目录中没有 period.json，其下 ${MAX_DROP_DEPTH} 层以内的子文件夹中也没有任何含 period.json 的数据批次`);
  }
  const drops: DropSource[] = [];
  const seen = new Map<string, DropSource>();
  for (const dir of folders) {
    const folder = relative(root, dir);
    const period = await loadPeriod(dir).catch((e: unknown) => {
      if (e instanceof FatalInputError) throw new FatalInputError(join(folder, 'period.json'), e.message.replace(/^period\.json：/, ''));
      throw e;
    });
    if (period.asOf === undefined) {
      throw new FatalInputError(join(folder, 'period.json'), '数据根目录中的每个数据批次都必须在 period.json 中给出 asOf（数据截至日期）：由数据推算的日期不能作为批次的稳定标识');
    }
    const drop: DropSource = { dir, folder, period, asOf: period.asOf };
    const key = `${period.id}\u0000${period.asOf}`;
    const first = seen.get(key);
    if (first) {
      throw new FatalInputError(root, `两个数据批次的标识相同（期 ${period.id}，数据截至 ${period.asOf}）：${first.folder} 与 ${folder}；请删除其中一个，或改正其 period.json 的 id / asOf`);
    }
    seen.set(key, drop);
    drops.push(drop);
  }
  return { single: false, drops };
}
