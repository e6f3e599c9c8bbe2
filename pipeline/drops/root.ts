/**
 * A data root (docs/drops.md): one dataset folder (it holds period.json), or a folder whose
 * subfolders, down to depth 3, hold the drops. Finds the drops and their identities
 * (period id, asOf); the order and the ordinals are history's business (history/order.ts).
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Period } from '../contract/period.ts';
import { loadPeriod } from '../ingest/period-file.ts';
import { ingestDataset } from '../ingest/dataset.ts';
import { latestEventDayOf } from '../ingest/as-of.ts';
import { implausibleAsOf } from './plausible.ts';
import { FatalInputError } from '../ingest/errors.ts';
import { fsProblem } from '../ingest/fs-problem.ts';

/** How deep below the root a drop may lie (ROOT/a/b/c/period.json is depth 3). */
const MAX_DROP_DEPTH = 3;

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
 * "no period.json" (docs/gate.md).
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
    refuseAsOfBeforeWindow(period, 'period.json');
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
    refuseAsOfBeforeWindow(period, join(folder, 'period.json'));
    const drop: DropSource = { dir, folder, period, asOf: period.asOf };
    const key = `${period.id}\u0000${period.asOf}`;
    const first = seen.get(key);
    if (first) throw await collision(root, period, first, drop);
    seen.set(key, drop);
    drops.push(drop);
  }
  return { single: false, drops };
}

/** docs/gate.md: an asOf before the window's start is fatal (a typed year or month, most likely). */
function refuseAsOfBeforeWindow(period: Period, file: string): void {
  if (period.asOf === undefined || period.asOf >= period.window.start) return;
  const year = Number(period.window.start.slice(0, 4));
  throw new FatalInputError(file, `数据截至日 asOf ${period.asOf} 早于本期学习培训开始日 ${period.window.start}：本期尚未开始，不可能有这一天的数据。` +
    `常见原因是年份或月份写错（如 ${year} 写成了 ${year - 1}）。请改正 asOf 后重新运行`);
}

/**
 * Two drops with one identity: fatal, naming both — and, when the data of exactly one of them
 * contradicts the shared asOf, naming that one as the drop to correct (the other is right and
 * must not be deleted). Both are read to know their latest events: this is the error path.
 */
async function collision(root: string, period: Period, first: DropSource, second: DropSource): Promise<FatalInputError> {
  const neutral = `两个数据批次的标识相同（期 ${period.id}，数据截至 ${period.asOf}）：${first.folder} 与 ${second.folder}`;
  const doubts: (string | null)[] = [];
  for (const d of [first, second]) {
    await ingestDataset(d.dir).catch(() => null); // a drop that cannot be read gives no evidence
    doubts.push(implausibleAsOf(d.asOf!, latestEventDayOf(d.dir)));
  }
  const wrong = doubts[0] !== null && doubts[1] === null ? 0 : doubts[1] !== null && doubts[0] === null ? 1 : -1;
  if (wrong < 0) return new FatalInputError(root, `${neutral}；请核对两者 period.json 中的 id 与 asOf（数据的导出日期），改正写错的那个（不要删除数据正确的批次）`);
  const bad = [first, second][wrong], good = [first, second][1 - wrong];
  return new FatalInputError(root, `${neutral}。写错的很可能是 ${join(bad.folder, 'period.json')} 的 asOf：${doubts[wrong]}；而 ${good.folder} 的数据与 ${period.asOf} 相符。` +
    `请把 ${join(bad.folder, 'period.json')} 的 asOf 改为这批数据实际导出的日期后重新运行（${good.folder} 是正确的，不要删除它）`);
}
