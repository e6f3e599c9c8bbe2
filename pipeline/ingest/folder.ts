/**
 * Which file of the dataset folder is which input (docs/data-format.md, file names): the contract's names
 * matched case-insensitively and with `-` for `_` (`Reviews.CSV`, `self-study.csv`), an Excel
 * workbook `X.xlsx` standing in for `X.csv`, two candidates for one input fatal, and the
 * folder's other files listed — so that a file saved under another spelling is never read as
 * absent without a word. The folder is listed once; every reader asks it for its source.
 */
import { closeSync, readdirSync, openSync, readSync, type Dirent } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { INPUT_FILES, type InputFile, matchHeader } from '../contract/inputs.ts';
import { decodeSlices, detectEncoding } from './decode.ts';
import { FatalInputError } from './errors.ts';
import type { QualityTally } from './quality-tally.ts';
import { readRecords } from './records.ts';
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
  /** The source of an input (by the contract's name), or null when the folder has none; its first part when paged. */
  source(name: string): Source | null;
  /** Every part of an input, in reading order: one for a file that is not paged, none when absent. */
  parts(name: string): readonly Source[];
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
  // other_training.csv belongs to the data root (a single drop's folder may be the root): ingest/other-training.ts reads it.
  return key === 'period.json' || key === 'other_training.csv' || key.startsWith('.') || key.startsWith('~$') || /^readme(\.|$)/.test(key);
}

/** The forms read as an input: CSV, and a workbook's first worksheet (the forms xlsx.ts reads). */
const READABLE: ReadonlyMap<string, SourceFormat> = new Map([['csv', 'csv'], ...WORKBOOK_EXTENSIONS.map((x) => [x, 'xlsx'] as const)]);

/**
 * Forms an office saves an export in that are not read (docs/gate.md `unread-export`): each is
 * named with how to make it readable, never passed over as "another file".
 */
const UNREAD_FORMS: Readonly<Record<string, string>> = {
  xls: '旧版 Excel 工作簿（.xls）', xlsb: 'Excel 二进制工作簿（.xlsb）',
  et: 'WPS 表格文件（.et）', ett: 'WPS 表格模板（.ett）', ods: 'OpenDocument 表格（.ods）', txt: '文本文件（.txt）', tsv: '制表符分隔文件（.tsv）',
};

/** A file of the folder named as an input: which input, which page, in which form. */
interface Named {
  readonly input: InputFile;
  readonly actual: string;
  /** The page of a paged export (`views_2.csv` → 2, `观看记录(1).csv` → 1); null: no number. */
  readonly page: number | null;
  readonly ext: string;
  /** The name has an extension too many (`reviews.csv.csv`). */
  readonly doubled: boolean;
}

/** Each input's names as fileKey gives them: `views`, and its Chinese name `观看记录`. */
const INPUT_STEMS: ReadonlyMap<string, InputFile> = new Map(INPUT_FILES.flatMap((f) => [
  [fileKey(f.name.replace(/\.csv$/, '')), f] as const, [fileKey(f.zh), f] as const,
]));

/**
 * The input a file name names (docs/data-format.md), or null: a stem of the contract (`views`,
 * `Self-Study`, `观看记录`), optionally a page number (`_2`, `-2`, ` 2`, `(2)`, `（2）`), and an
 * extension; an extension doubled (`reviews.csv.csv`) still names the input.
 */
export function namedInput(actual: string): Named | null {
  const key = fileKey(actual);
  const dot = key.lastIndexOf('.');
  if (dot <= 0) return null;
  const ext = key.slice(dot + 1);
  let stem = key.slice(0, dot);
  const inner = /\.([a-z]+)$/.exec(stem);
  const doubled = inner !== null && (READABLE.has(inner[1]) || inner[1] in UNREAD_FORMS);
  if (doubled) stem = stem.slice(0, -inner[0].length);
  if (!READABLE.has(ext) && !(ext in UNREAD_FORMS)) return null;
  const direct = INPUT_STEMS.get(stem);
  if (direct) return { input: direct, actual, page: null, ext, doubled };
  const m = /^(.+?)_?(?:\((\d{1,3})\)|_(\d{1,3}))$/.exec(stem);
  const input = m ? INPUT_STEMS.get(m[1]) : undefined;
  if (!m || !input) return null;
  return { input, actual, page: Number(m[2] ?? m[3]), ext, doubled };
}

/** An export in the folder that is not read (docs/gate.md `unread-export`): its name and why. */
export interface UnreadExport {
  readonly input: InputFile;
  readonly actual: string;
  readonly message: string;
}

/** Why a file named as `input` is not read, and the fix, in an office worker's words. */
function unreadMessage(n: Named): string {
  const what = `“${n.actual}”看起来是${n.input.zh}（${n.input.name}）${n.page !== null ? `的第 ${n.page} 部分` : ''}`;
  const target = n.page !== null ? `${n.input.name.replace(/\.csv$/, '')}_${n.page}.csv` : n.input.name;
  if (n.doubled) return `${what}，但文件名多了一个扩展名，未读取。请把它改名为 ${target} 后重新运行`;
  if (n.ext === 'txt' || n.ext === 'tsv') return `${what}，但它是${UNREAD_FORMS[n.ext]}，未读取。若它是导出的表格，请把它改名为 ${target}（制表符分隔也能读取）后重新运行`;
  return `${what}，但它是${UNREAD_FORMS[n.ext]}，本程序不读取，未读取。请用 Excel 或 WPS 打开它，“另存为”→“CSV UTF-8（逗号分隔）”或“Excel 工作簿（.xlsx）”，保存为 ${target}（或 .xlsx）后重新运行`;
}

/**
 * Resolve `dir`'s files against the contract (warnings into `ledger`). Fatal when the folder
 * cannot be listed, one page of an input has two candidates, or a required input is there
 * only in a form that cannot be read.
 */
export function resolveFolder(dir: string, qualityTally: QualityTally | null): DataFolder {
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
  const named = new Map<InputFile, Named[]>();
  for (const n of names) {
    const x = namedInput(n);
    if (x) named.set(x.input, [...(named.get(x.input) ?? []), x]);
  }
  const sources = new Map<string, Source[]>();
  const used = new Set<string>();
  const unread: UnreadExport[] = [];
  for (const f of INPUT_FILES) {
    const pages = resolvePages(f, named.get(f) ?? []);
    for (const n of pages) used.add(n.actual);
    const readable = pages.filter((n) => READABLE.has(n.ext) && !n.doubled);
    const notRead = pages.filter((n) => !readable.includes(n));
    if (readable.length === 0 && notRead.length > 0 && f.required) {
      throw new FatalInputError(f.name, notRead.map(unreadMessage).join('；'));
    }
    for (const n of notRead) unread.push({ input: f, actual: n.actual, message: unreadMessage(n) });
    if (readable.length === 0) continue;
    sources.set(f.name, readable.map((n) => ({ name: f.name, actual: n.actual, path: join(dir, n.actual), format: READABLE.get(n.ext)! })));
    warnNames(f, sources.get(f.name)!, qualityTally);
  }
  const rest = names.filter((n) => !used.has(n) && !unlisted(n));
  const others: string[] = [];
  for (const n of rest) {
    const input = inputOfHeader(join(dir, n));
    if (input) unread.push({ input, actual: n, message: `“${n}”的表头是${input.zh}（${input.name}）的表头，但文件名不是约定的名称，未读取。若它是${input.zh}的全部，请改名为 ${input.name}；若是分页导出的一页，请改名为 ${input.name.replace(/\.csv$/, '')}_2.csv 等（与第一页同一表头）后重新运行` });
    else others.push(n);
  }
  for (const u of unread) qualityTally?.block('unread-export', u.input.name, u.message);
  if (others.length > 0) {
    qualityTally?.warn('otherFiles', null, null, `数据目录中还有 ${others.length} 个不属于约定的文件，未读取：${others.map((n) => `“${n}”`).join('、')}（若其中有应读取的数据，请按 docs/data-format.md 改名）`);
  }
  return { dir, source: (name) => sources.get(name)?.[0] ?? null, parts: (name) => sources.get(name) ?? [] };
}

/**
 * The files naming input `f`, in page order (no number first, then 1, 2, …): fatal when two
 * name the same page (`views.csv` and `views.xlsx`, `reviews.csv` and `点评审推结果.csv`).
 */
function resolvePages(f: InputFile, files: readonly Named[]): Named[] {
  const byPage = new Map<number, Named[]>();
  for (const n of files) {
    const page = n.page ?? 0;
    byPage.set(page, [...(byPage.get(page) ?? []), n]);
  }
  for (const same of byPage.values()) {
    if (same.length > 1) {
      const all = same.map((n) => n.actual);
      throw new FatalInputError(f.name, `数据目录中有 ${all.length} 个文件都可以是${f.zh}（${f.name}）${same[0].page !== null ? `的第 ${same[0].page} 部分` : ''}：${all.join('、')}。请只保留其中一个（删除或移走其余的）后重试`);
    }
  }
  return [...byPage.entries()].sort((a, b) => a[0] - b[0]).map(([, [n]]) => n);
}

/** The warning for an input read from files not named as the contract names it. */
function warnNames(f: InputFile, parts: readonly Source[], qualityTally: QualityTally | null): void {
  if (parts.length > 1) {
    qualityTally?.warn('fileNameVariant', f.name, null, `${f.zh}（${f.name}）分 ${parts.length} 部分导出：${parts.map((p) => `“${p.actual}”`).join('、')}，按顺序作为同一文件读取（各部分的行数见 quality.json 的 parts）`);
    return;
  }
  const source = parts[0];
  if (source.actual !== f.name) {
    const how = source.format === 'xlsx' ? '按 Excel 工作簿读取其第一个工作表' : '按同一文件读取';
    qualityTally?.warn('fileNameVariant', f.name, null, `没有 ${f.name}，找到的是“${source.actual}”：${how}（文件名宜改为 ${f.name}）`);
  }
}

/** Bytes of a file's top read to tell its header: its encoding and first lines. */
const SNIFF_BYTES = 64 * 1024;

/**
 * The input whose header a text file's first lines carry (every required column of it, the
 * most specific input when several fit), or null: a file of the folder under another name
 * that is an export all the same (`副本.csv`, `导出 (3).csv`).
 */
export function inputOfHeader(path: string): InputFile | null {
  const key = fileKey(path);
  if (!/\.(csv|txt|tsv)$/.test(key)) return null;
  let bytes: Uint8Array;
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      bytes = buffer.subarray(0, readSync(fd, buffer, 0, SNIFF_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  const lines: string[][] = [];
  const first = decodeSlices(bytes, detectEncoding(bytes)).next();
  if (first.done) return null;
  readRecords([first.value], { record: (cells) => { if (lines.length < HEADER_LINES) lines.push(cells); } }, true);
  let best: InputFile | null = null, bestCount = 0;
  for (const cells of lines) {
    for (const f of INPUT_FILES) {
      const m = matchHeader(f, cells);
      const count = f.columns.filter((c, i) => c.required && m.index[i] >= 0).length;
      if (m.missing.length === 0 && count > bestCount) { best = f; bestCount = count; }
    }
    if (best) return best;
  }
  return null;
}

/** How many lines from the top a header may be on (the table reader's rule, docs/data-format.md). */
const HEADER_LINES = 10;

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
