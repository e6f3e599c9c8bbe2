/**
 * Which file of the dataset folder is which input (SPEC §1 "File names"): the contract's names
 * matched case-insensitively and with `-` for `_` (`Reviews.CSV`, `self-study.csv`), an Excel
 * workbook `X.xlsx` standing in for `X.csv`, two candidates for one input fatal, and the
 * folder's other files listed — so that a file saved under another spelling is never read as
 * absent without a word. The folder is listed once; every reader asks it for its source.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { INPUT_FILES } from '../contract/inputs.ts';
import { FatalInputError } from './errors.ts';
import type { Ledger } from './ledger.ts';
import { WORKBOOK_EXTENSIONS, workbookToCsvBytes } from './xlsx.ts';
import { danglingTarget, fsProblem } from './fs-problem.ts';

export type SourceFormat = 'csv' | 'xlsx';

/** Where one input file of the contract really is. */
export interface Source {
  /** The contract's name (`views.csv`): the name in the ledger, messages and outputs. */
  readonly name: string;
  /** The file's own name in the folder (`Views.xlsx`). */
  readonly actual: string;
  readonly path: string;
  readonly format: SourceFormat;
}

/** The dataset folder, its files resolved to the contract's inputs. */
export interface DataFolder {
  readonly dir: string;
  /** The source of an input (by the contract's name), or null when the folder has none. */
  source(name: string): Source | null;
}

/**
 * How a file name is compared: NFKC (full-width letters), lower case, `-` and spaces as `_`.
 * `Self-Study.CSV` → `self_study.csv`.
 */
export function fileKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase().replace(/[-\s]+/g, '_');
}

/** Files that are never data and never listed: period.json, READMEs, hidden and lock files. */
function unlisted(name: string): boolean {
  const key = fileKey(name);
  return key === 'period.json' || key.startsWith('.') || key.startsWith('~$') || /^readme(\.|$)/.test(key);
}

/**
 * Resolve `dir`'s files against the contract (warnings into `ledger`). Fatal when the folder
 * cannot be listed or one input has two candidates.
 */
export function resolveFolder(dir: string, ledger: Ledger | null): DataFolder {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT' && danglingTarget(dir) === null;
    throw new FatalInputError(dir, missing ? '数据目录不存在' : code === 'ENOTDIR' ? '这不是一个文件夹' : `无法列出数据目录：${fsProblem(e, dir, '文件夹').message}`);
  }
  // Directories are no input (a data root's drops are folders; the drops step handles them).
  // A symbolic link counts as a file: readFile follows it.
  const names = entries.filter((e) => !e.isDirectory()).map((e) => e.name).sort();
  const byKey = new Map<string, string[]>();
  for (const n of names) {
    const k = fileKey(n);
    byKey.set(k, [...(byKey.get(k) ?? []), n]);
  }
  const sources = new Map<string, Source>();
  const used = new Set<string>();
  for (const f of INPUT_FILES) {
    const stem = f.name.replace(/\.csv$/, '');
    const candidates: Source[] = [];
    for (const [ext, format] of [['csv', 'csv'], ...WORKBOOK_EXTENSIONS.map((x) => [x, 'xlsx'] as const)] as const) {
      for (const actual of byKey.get(`${stem}.${ext}`) ?? []) candidates.push({ name: f.name, actual, path: join(dir, actual), format });
    }
    for (const c of candidates) used.add(c.actual);
    // An old binary workbook (X.xls) is a candidate that cannot be read: never silently absent.
    const binary = byKey.get(`${stem}.xls`) ?? [];
    if (candidates.length + binary.length > 1) {
      const all = [...candidates.map((c) => c.actual), ...binary];
      throw new FatalInputError(f.name, `数据目录中有 ${all.length} 个文件都可以是${f.zh}（${f.name}）：${all.join('、')}。请只保留其中一个（删除或移走其余的）后重试`);
    }
    if (binary.length === 1) {
      throw new FatalInputError(f.name, `“${binary[0]}”是旧版 Excel 工作簿（.xls），无法读取。请用 Excel 打开，“另存为” →“Excel 工作簿（.xlsx）”或“CSV UTF-8（逗号分隔）”，保存为 ${stem}.xlsx 或 ${f.name} 后重试`);
    }
    const source = candidates[0];
    if (!source) continue;
    sources.set(f.name, source);
    if (source.actual !== f.name) {
      const how = source.format === 'xlsx' ? '按 Excel 工作簿读取其第一个工作表' : '按同一文件读取';
      ledger?.warn('fileNameVariant', f.name, null, `没有 ${f.name}，找到的是“${source.actual}”：${how}（文件名宜改为 ${f.name}）`);
    }
  }
  const others = names.filter((n) => !used.has(n) && !unlisted(n));
  if (others.length > 0) {
    ledger?.warn('otherFiles', null, null, `数据目录中还有 ${others.length} 个不属于约定的文件，未读取：${others.map((n) => `“${n}”`).join('、')}（若其中有应读取的数据，请按 docs/data-format.md 改名）`);
  }
  return { dir, source: (name) => sources.get(name) ?? null };
}

/**
 * The bytes of a source as CSV text: the file itself, or a workbook's first worksheet as
 * UTF-8 CSV (xlsx.ts). The one place bytes are loaded; `readCsv` lets views.csv read into
 * shared memory, and `shared` asks the same of a workbook's sheet.
 */
export async function sourceBytes(
  source: Source, readCsv: (path: string) => Promise<Uint8Array> = (path) => readFile(path), shared = false,
): Promise<Uint8Array> {
  if (source.format === 'csv') return readCsv(source.path);
  return workbookToCsvBytes(source.path, { shared });
}
