/**
 * `--out` never deletes what is not its own (docs/gate.md). Writing an output replaces the whole
 * folder, so before anything is touched the folder must be empty, absent, or a previous
 * output of this program (its marker file inside; or, from versions before the marker, only
 * names this program writes) — and it must not be, or contain, the data or the current folder.
 * Used by the pipeline (cli.ts) and the site build (site/scripts/build.ts).
 */
import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { OUTPUT_FILES } from '../contract/outputs.ts';

/** The marker the pipeline writes into every output folder. */
export const OUTPUT_MARKER = '.xueshi-output';
/** The marker the site build writes into every site folder (dist/). */
export const SITE_MARKER = '.xueshi-site';

export const OUTPUT_MARKER_TEXT = '学时通（xueshi）流水线的输出目录：每次运行会整体替换本文件夹，请勿在此存放其他文件。\n';
export const SITE_MARKER_TEXT = '学时通（xueshi）生成的网站目录：每次构建会整体替换本文件夹，请勿在此存放其他文件。\n';

export interface OutFolderKind {
  /** The marker file this program writes into such a folder. */
  readonly marker: string;
  /** A folder of an older version (no marker yet) that is surely this program's. */
  readonly legacy: (entries: readonly string[], dir: string) => boolean;
  /** What the folder is, for messages: "输出目录" / "网站目录". */
  readonly what: string;
  /** The option that named it: "--out". */
  readonly option: string;
}

/** Names a pipeline output folder may hold (today's and the drops' outputs). */
const PIPELINE_NAMES = new Set<string>([...Object.keys(OUTPUT_FILES), 'history.json', 'ledger.json', 'drops', OUTPUT_MARKER]);

export const PIPELINE_OUT: OutFolderKind = {
  marker: OUTPUT_MARKER,
  // Before the marker: a folder holding nothing but this program's output files.
  legacy: (entries) => entries.length > 0 && entries.every((e) => PIPELINE_NAMES.has(e)) && entries.some((e) => e.endsWith('.json')),
  what: '输出目录',
  option: '--out',
};

export const SITE_OUT: OutFolderKind = {
  marker: SITE_MARKER,
  // Before the marker: an Astro build of this site (its search index is this site's own page).
  legacy: (entries) => ['index.html', 'search-index.json', '_astro'].every((e) => entries.includes(e)),
  what: '网站目录',
  option: '--out',
};

/** The real path of `p`, following symlinks of the part that exists (the rest appended). */
export function realPath(p: string): string {
  const abs = resolve(p);
  let head = abs;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(head), ...rest.reverse());
    } catch {
      const up = dirname(head);
      if (up === head) return abs;
      rest.push(basename(head));
      head = up;
    }
  }
}

/** `inner` is `outer` or lies inside it. */
export function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Why `out` may not be written (a Chinese message naming the folder and what to do), or null
 * when it may. `data` are the folders the run reads; `as` is how the user wrote `out`.
 * Nothing is touched either way.
 */
export function outFolderProblem(out: string, data: readonly string[], kind: OutFolderKind, cwd = process.cwd(), as = out): string | null {
  const target = realPath(out);
  const shown = `${kind.option} ${as}`;
  const refuse = (why: string) => `${shown}：${why}。为免删除不属于学时通的文件，已停止，什么都没有改动；请改用一个空文件夹或新文件夹（如 build/out）。`;
  for (const d of data) {
    const dataDir = realPath(d);
    if (dataDir === target) return refuse(`${kind.what}就是数据目录 ${d}，写入时会整体替换它，数据将被删除`);
    if (within(dataDir, target)) return refuse(`${kind.what}包含数据目录 ${d}，写入时会整体替换它，数据将被删除`);
  }
  if (within(realPath(cwd), target)) return refuse(`${kind.what}是当前所在的文件夹${realPath(cwd) === target ? '' : '的上级'}（${target}），写入时会整体替换它`);
  if (!existsSync(target)) return null;
  const stat = lstatSync(out).isSymbolicLink() ? statSync(out) : lstatSync(target);
  if (!stat.isDirectory()) return refuse(`${target} 是一个文件，不是文件夹`);
  let entries: string[];
  try {
    entries = readdirSync(target);
  } catch (e) {
    return refuse(`无法读取该文件夹（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`);
  }
  if (entries.length === 0 || entries.includes(kind.marker) || kind.legacy(entries, target)) return null;
  const sample = entries.sort().slice(0, 5).map((e) => `“${e}”`).join('、') + (entries.length > 5 ? ` 等 ${entries.length} 项` : '');
  return refuse(`该文件夹不是空的，也不是学时通以前的${kind.what}（没有标记文件 ${kind.marker}；里面有 ${sample}）`);
}

/** A folder the history store must keep clear of: the data root, `--out`, the site folder. */
export interface GuardedFolder {
  readonly dir: string;
  /** What it is, for messages: "数据目录", "输出目录 (--out)". */
  readonly what: string;
}

/**
 * Why `history` may not be the history store (a Chinese message naming the folder it collides
 * with, to follow "--history DIR："), or null. A store entry replaces the folder `<store>/<period>/<asOf>/`: a store
 * that is, contains or lies inside the data root would replace drop folders (every raw CSV and
 * period.json); inside an output folder it would be deleted with the next output. Nothing is
 * touched either way.
 */
export function historyFolderProblem(history: string, others: readonly GuardedFolder[]): string | null {
  const store = realPath(history);
  for (const other of others) {
    const dir = realPath(other.dir);
    const why = dir === store ? `历史存储目录就是${other.what} ${other.dir}`
      : within(dir, store) ? `历史存储目录包含${other.what} ${other.dir}`
      : within(store, dir) ? `历史存储目录位于${other.what} ${other.dir} 之内`
      : null;
    if (why === null) continue;
    return `${why}。历史存储写入条目时会整体替换其中的文件夹，${other.what}中的文件将被删除；为免丢失数据，已停止，什么都没有改动。请让历史存储使用单独的文件夹（如 build/history），既不在${other.what}之内，也不包含它`;
  }
  return null;
}
