/**
 * The history store (docs/drops.md, `--history DIR`): per drop, its docs/outputs.md outputs as computed from its own
 * folder, with a manifest saying what they were computed from (the drop's identity, the content
 * hash of its folder, the options that change outputs, the pipeline version) and the sha256 of
 * every stored file. The only code that reads or writes the store.
 *
 *   <store>/<dropFolder(periodId, asOf)>/manifest.json, people.json, …, quality.json, qualified.json
 *
 * Nothing in an entry is trusted blindly: every file is checked against the manifest's sha256 and
 * every JSON file against its schema before use. Writes go through emit (temporary folder +
 * rename), so a killed run never leaves half an entry.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { type Check, compileCheck } from '../contract/check.ts';
import { dropFolder, OUTPUT_FILES, type OutputName } from '../contract/outputs.ts';
import { type FileToWrite, jsonFile, outputFiles, type Outputs, writeFolder } from '../emit/write.ts';
import { FatalInputError } from '../ingest/errors.ts';

const STORE_FORMAT = 1 as const;
const DEFAULT_HISTORY = 'build/history';

/** What changes a drop's outputs besides its files and the pipeline version. */
const OutputOptionsSchema = z.strictObject({
  /** --as-of (single dataset only). */
  asOf: z.string().nullable(),
  /** --encoding. */
  encoding: z.string().nullable(),
});
export type OutputOptions = z.infer<typeof OutputOptionsSchema>;

const ManifestSchema = z.strictObject({
  storeFormat: z.literal(STORE_FORMAT),
  periodId: z.string(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The drop's folder relative to the data root when it was computed (for messages). */
  folder: z.string(),
  /** sha256 of the drop folder's files (drops/hash.ts). */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  options: OutputOptionsSchema,
  pipelineVersion: z.string(),
  /** sha256 (hex) of every other file of the entry. */
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** The personIds graded 合格/优秀 in the drop, sorted: enough for 较上期 without people.json. */
const QualifiedFileSchema = z.strictObject({ personIds: z.array(z.string()) });
export const QUALIFIED_FILE = 'qualified.json';
const MANIFEST_FILE = 'manifest.json';

/** The marker of a history store: the store writes and replaces entries only in a folder holding it. */
export const HISTORY_MARKER = '.xueshi-history';
const HISTORY_MARKER_TEXT = '学时通（xueshi）的历史存储：每个数据批次的输出，按 期/数据截至日期 存放；由流水线维护，请勿在此存放其他文件。\n';

/** Every file an entry must hold besides the manifest. */
const ENTRY_FILES = [...Object.keys(OUTPUT_FILES), QUALIFIED_FILE] as const;

/**
 * Where the store lives. An explicit `--history DIR` is the user's store for this root, used as
 * it is (CI passes one and keeps it between runs). The default `build/history` is shared by
 * every root run from this checkout, so it is divided per data root: `build/history/<name of
 * the root>-<hash of its resolved path>/`. Without that, running on root A and then on an
 * unrelated root B would count A's drops in B's history as drops that "vanished" from B.
 */
export function storeDir(history: string | undefined, root: string): string {
  if (history !== undefined) return resolve(history);
  const path = resolve(root);
  const tag = createHash('sha256').update(path).digest('hex').slice(0, 16);
  const name = basename(path).replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 40) || 'root';
  return resolve(DEFAULT_HISTORY, `${name}-${tag}`);
}

/** An entry found in the store: its folder and its manifest, or why the manifest is unusable. */
export type StoreEntry =
  | { readonly dir: string; readonly manifest: Manifest; readonly problem: null }
  | { readonly dir: string; readonly manifest: null; readonly problem: string; readonly periodId: string; readonly asOf: string };

/** A loaded entry: the files asked for, parsed and validated. */
export interface LoadedEntry {
  readonly manifest: Manifest;
  readonly files: Partial<Outputs> & { 'qualified.json'?: z.infer<typeof QualifiedFileSchema> };
}

const checks = new Map<string, Check | null>();
function schemaOf(name: string): z.ZodType {
  return name === QUALIFIED_FILE ? QualifiedFileSchema : OUTPUT_FILES[name as OutputName];
}
function validate(name: string, value: unknown): unknown {
  let check = checks.get(name);
  if (check === undefined) checks.set(name, check = compileCheck(schemaOf(name)));
  return check !== null && check(value) ? value : schemaOf(name).parse(value);
}

export class HistoryStore {
  constructor(readonly dir: string) {}

  /**
   * Makes sure the folder is the store's own before anything is written into it: absent or
   * empty (marked now), marked, or a store of a version before the marker (nothing but entry
   * folders holding a manifest.json; marked now). Anything else — a data root, someone's
   * documents — is refused with a FatalInputError naming the folder and what is in it, and
   * nothing is touched: an entry replaces the folder `<period>/<asOf>/` wholesale.
   */
  async claim(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      names = [];
    }
    if (names.includes(HISTORY_MARKER)) return;
    const foreign = await foreignEntries(this.dir, names);
    if (foreign.length > 0) {
      const sample = foreign.slice(0, 5).map((e) => `“${e}”`).join('、') + (foreign.length > 5 ? ` 等 ${foreign.length} 项` : '');
      throw new FatalInputError(`--history ${this.dir}`, `该文件夹不是空的，也不是学时通的历史存储（没有标记文件 ${HISTORY_MARKER}；里面有 ${sample}）。历史存储写入条目时会整体替换其中的文件夹，为免删除不属于学时通的文件，已停止，什么都没有改动；请改用一个空文件夹或新文件夹（如 build/history）`);
    }
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, HISTORY_MARKER), HISTORY_MARKER_TEXT);
  }

  /** The folder of the entry of a drop. */
  entryDir(periodId: string, asOf: string): string {
    return join(this.dir, ...dropFolder(periodId, asOf).split('/'));
  }

  /** Every entry in the store (a missing store is an empty one). */
  async entries(): Promise<StoreEntry[]> {
    const found: StoreEntry[] = [];
    for (const p of await subfolders(this.dir)) {
      for (const a of await subfolders(join(this.dir, p))) {
        const dir = join(this.dir, p, a);
        let periodId: string;
        let asOf: string;
        try {
          periodId = decodeURIComponent(p);
          asOf = decodeURIComponent(a);
        } catch {
          continue; // not an entry of ours
        }
        if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) continue;
        found.push(await readManifest(dir, periodId, asOf));
      }
    }
    return found;
  }

  /**
   * Checks every file of the entry against the manifest (present, same sha256) and parses and
   * validates those in `wanted`. Returns the problem in Chinese instead when anything is off.
   */
  async load(entry: StoreEntry & { manifest: Manifest }, wanted: ReadonlySet<string>): Promise<LoadedEntry | string> {
    const files: Record<string, unknown> = {};
    for (const name of ENTRY_FILES) {
      const expected = entry.manifest.files[name];
      if (expected === undefined) return `清单中没有 ${name}`;
      let bytes: Buffer;
      try {
        bytes = await readFile(join(entry.dir, name));
      } catch {
        return `缺少文件 ${name}`;
      }
      if (createHash('sha256').update(bytes).digest('hex') !== expected) return `文件 ${name} 的内容与清单中的校验值不符`;
      if (!wanted.has(name)) continue;
      try {
        files[name] = validate(name, JSON.parse(bytes.toString('utf8')));
      } catch (e) {
        return `文件 ${name} 不是有效的输出（${e instanceof SyntaxError ? 'JSON 无效' : '不符合输出格式'}）`;
      }
    }
    return { manifest: entry.manifest, files: files as LoadedEntry['files'] };
  }

  /**
   * Stores a drop's outputs (replacing the entry of the same identity). Returns the entry's
   * folder, whose docs/outputs.md files are then exactly `outputs` serialised — or null when another run
   * stored the same drop at the same moment (its entry stands, and may differ).
   */
  async save(fields: Omit<Manifest, 'storeFormat' | 'files'>, outputs: Outputs, qualified: readonly string[]): Promise<string | null> {
    const files: FileToWrite[] = [...outputFiles(outputs), jsonFile(QUALIFIED_FILE, QualifiedFileSchema, { personIds: qualified })];
    const manifest = (hashes: ReadonlyMap<string, string>): FileToWrite => jsonFile(MANIFEST_FILE, ManifestSchema, {
      storeFormat: STORE_FORMAT, ...fields, files: Object.fromEntries(ENTRY_FILES.map((n) => [n, hashes.get(n)])),
    });
    const dir = this.entryDir(fields.periodId, fields.asOf);
    try {
      await writeFolder(dir, files, manifest);
      return dir;
    } catch (e) {
      // Two runs storing the same drop at the same moment: the other one's entry is as good.
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
      return null;
    }
  }
}

/**
 * What in an unmarked store folder is not a store entry: anything at the top but period folders,
 * anything in those but entry folders holding a manifest.json (or a killed write's scratch
 * `.<asOf>.tmp-…` / `.<asOf>.old-…`). Empty when the folder is empty or a store of an older version.
 */
async function foreignEntries(dir: string, names: readonly string[]): Promise<string[]> {
  const foreign: string[] = [];
  for (const p of [...names].sort()) {
    const inner = await readdir(join(dir, p), { withFileTypes: true }).catch(() => null);
    if (inner === null || p.startsWith('.')) { foreign.push(p); continue; }
    for (const a of inner) {
      if (a.name.startsWith('.') && /\.(tmp|old)-\d+(-\d+)?$/.test(a.name)) continue;
      const manifest = a.isDirectory() && (await readdir(join(dir, p, a.name)).catch(() => [] as string[])).includes(MANIFEST_FILE);
      if (!manifest) foreign.push(`${p}/${a.name}`);
    }
  }
  return foreign;
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

async function readManifest(dir: string, periodId: string, asOf: string): Promise<StoreEntry> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    return { dir, manifest: null, problem: '缺少清单 manifest.json', periodId, asOf };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { dir, manifest: null, problem: '清单 manifest.json 不是有效的 JSON', periodId, asOf };
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const format = (json as { storeFormat?: unknown } | null)?.storeFormat;
    return { dir, manifest: null, periodId, asOf, problem: format !== STORE_FORMAT ? `条目来自另一版本的历史存储（格式 ${String(format)}）` : '清单 manifest.json 格式无效' };
  }
  const m = parsed.data;
  if (m.periodId !== periodId || m.asOf !== asOf) return { dir, manifest: null, periodId, asOf, problem: `清单所记的批次（${m.periodId}，${m.asOf}）与条目所在文件夹不符` };
  return { dir, manifest: m, problem: null };
}
