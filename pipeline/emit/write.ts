/**
 * Writes the output directory atomically: every file into a fresh temporary sibling folder,
 * then one rename swaps it in. A run that fails or is killed midway leaves the previous
 * output untouched. Each file passes its zod schema on the way out, which also fixes the
 * key order (the order of the schema's shape), so the bytes are stable.
 */
import { createHash, type Hash } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import { type Check, compileCheck } from '../contract/check.ts';
import { OUTPUT_FILES, type OutputName } from '../contract/outputs.ts';
import { recoverAbandoned, type Scratch } from '../folders/abandoned.ts';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from '../folders/guard.ts';

/** One drop's outputs, each typed by its schema in OUTPUT_FILES. */
export type Outputs = { [K in OutputName]: z.infer<(typeof OUTPUT_FILES)[K]> };

const checks = new Map<OutputName, Check | null>();

/**
 * One output through its schema: validated, keys in contract order, 2-space JSON. A value the
 * schema's compiled check passes is exactly what zod would return, and is written as it is;
 * anything else goes through zod, which strips, reorders or refuses it.
 */
function validated(name: OutputName, value: unknown): unknown {
  let check = checks.get(name);
  if (check === undefined) checks.set(name, check = compileCheck(OUTPUT_FILES[name]));
  return check !== null && check(value) ? value : OUTPUT_FILES[name].parse(value);
}

/**
 * Elements of a big array per piece: under 128 KB of text (a person is about 0.9 KB), so that
 * each piece is an ordinary young string that dies in the next scavenge. Pieces of 500 people
 * went to V8's large-object space, which only a full collection frees: at 200,000 people they
 * piled up to several hundred MB while people.json was written.
 */
const PIECE_ELEMENTS = 100;

/**
 * The bytes of `JSON.stringify(validated, null, 2) + '\n'`, in pieces: a top-level array (the
 * 20,000 people) element by element, so that no string of the whole file is ever built (it
 * was 136 MB of UTF-16 at 80,000 people) and writing overlaps serialising.
 */
function* serialisePieces(name: OutputName, value: unknown): Generator<string> {
  yield* prettyPieces(validated(name, value));
}

/** `JSON.stringify(ready, null, 2) + '\n'` in pieces (any JSON value; arrays at the top level of an object split). */
export function* prettyPieces(ready: unknown): Generator<string> {
  if (typeof ready !== 'object' || ready === null || Array.isArray(ready)) { yield JSON.stringify(ready, null, 2) + '\n'; return; }
  // What JSON.stringify leaves out of an object.
  const entries = Object.entries(ready).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) { yield '{}\n'; return; }
  let head = '{\n';
  for (const [i, [key, v]] of entries.entries()) {
    const end = i === entries.length - 1 ? '\n}\n' : ',\n';
    if (!Array.isArray(v) || v.length === 0) {
      head += `  ${JSON.stringify(key)}: ${indent(JSON.stringify(v, null, 2), '  ')}${end}`;
      continue;
    }
    yield `${head}  ${JSON.stringify(key)}: [\n`;
    head = '';
    for (let from = 0; from < v.length; from += PIECE_ELEMENTS) {
      const to = Math.min(v.length, from + PIECE_ELEMENTS);
      // A slice of the array stringified at once, one level down (so already indented as in
      // the whole file), then cut out of its wrapper: {"x":[ … ]}.
      const wrapped = JSON.stringify({ x: v.slice(from, to) }, null, 2);
      yield wrapped.slice(WRAPPER_HEAD, wrapped.length - WRAPPER_TAIL) + (to < v.length ? ',\n' : '\n');
    }
    head = `  ]${end}`;
  }
  yield head;
}

const WRAPPER_HEAD = '{\n  "x": [\n'.length;
const WRAPPER_TAIL = '\n  ]\n}'.length;

/** A nested value's lines moved right (JSON strings hold no raw line break, so every one is a line's end). */
function indent(json: string, by: string): string {
  return json.indexOf('\n') === -1 ? json : json.replaceAll('\n', '\n' + by);
}

/** One output as a single string (tests; the writer uses the pieces). */
export function serialise(name: OutputName, value: unknown): string {
  return [...serialisePieces(name, value)].join('');
}

/** One file of an output folder: its path inside the folder ("/"-separated) and its bytes in pieces. */
export interface FileToWrite {
  readonly path: string;
  readonly pieces: Iterable<string>;
  /**
   * Instead of the pieces: a file already holding exactly these bytes, copied by the kernel
   * (the history store's entry written a moment before from the same outputs — serialising
   * people.json twice cost about as much as computing the statistics). Not in the hashes returned.
   */
  readonly copyFrom?: string;
}

/** A JSON file validated by its schema on the way out (keys in schema order, 2-space JSON). */
export function jsonFile(path: string, schema: z.ZodType, value: unknown): FileToWrite {
  let check = extraChecks.get(schema);
  if (check === undefined) extraChecks.set(schema, check = compileCheck(schema));
  const ready = check !== null && check(value) ? value : schema.parse(value);
  return { path, pieces: prettyPieces(ready) };
}

const extraChecks = new WeakMap<z.ZodType, Check | null>();

/** The docs/outputs.md files of one drop, in contract order. */
export function outputFiles(outputs: Outputs): FileToWrite[] {
  return (Object.keys(OUTPUT_FILES) as OutputName[]).map((name) => ({ path: name, pieces: serialisePieces(name, outputs[name]) }));
}

/**
 * The output folder: the docs/outputs.md files, `extras`, the marker. `copyFrom(name)` names a file holding
 * exactly the bytes `outputs[name]` serialises to, to copy instead (null: serialise).
 */
export async function writeOutputs(
  outDir: string, outputs: Outputs, extras: readonly FileToWrite[] = [], copyFrom: (name: OutputName) => string | null = () => null,
): Promise<void> {
  const files = outputFiles(outputs).map((f): FileToWrite => {
    const from = copyFrom(f.path as OutputName);
    return from === null ? f : { path: f.path, pieces: [], copyFrom: from };
  });
  // The marker: this folder is the program's own, so a later run may replace it (guard.ts).
  await writeFolder(outDir, [...files, ...extras, { path: OUTPUT_MARKER, pieces: [OUTPUT_MARKER_TEXT] }]);
}

/** Distinguishes two writes of one process into the same parent (a pid alone does not). */
let writeCounter = 0;

/**
 * Writes `files` into a fresh temporary sibling of `outDir` and swaps it in with renames; a
 * failed or killed run leaves the previous folder as it was. `last`, when given, is written
 * after all the others and sees their sha256 (hex) by path — a manifest of what was written.
 * Returns the sha256 of every file written.
 */
export async function writeFolder(
  outDir: string, files: readonly FileToWrite[], last?: (hashes: ReadonlyMap<string, string>) => FileToWrite,
): Promise<Map<string, string>> {
  const target = resolve(outDir);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const tag = `${process.pid}-${++writeCounter}`;
  const temp = join(parent, `.${basename(target)}.tmp-${tag}`);
  const old = join(parent, `.${basename(target)}.old-${tag}`);
  recoverAbandoned(parent, target, scratchOf(basename(target)));
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp);
  const hashes = new Map<string, string>();
  // Each file is written while the next one is serialised (the writes run off this thread);
  // all of them have settled before the folder is kept or removed.
  const writes: Promise<void>[] = [];
  const start = async (file: FileToWrite) => {
    const path = join(temp, ...file.path.split('/'));
    if (file.path.includes('/')) await mkdir(dirname(path), { recursive: true });
    const hash = createHash('sha256');
    const write = file.copyFrom !== undefined
      ? copyFile(file.copyFrom, path)
      : writeHashed(path, file.pieces, hash).then(() => { hashes.set(file.path, hash.digest('hex')); });
    write.catch(() => {}); // reported through allSettled, not as unhandled
    writes.push(write);
  };
  try {
    for (const file of files) await start(file);
    let failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
    if (!failed && last) {
      await start(last(hashes));
      failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
    }
    if (failed) throw (failed as PromiseRejectedResult).reason;
  } catch (e) {
    await Promise.allSettled(writes);
    await rm(temp, { recursive: true, force: true });
    throw e;
  }
  // Swap: move the previous output aside, move the new one in, then drop the old.
  let hadOld = true;
  try {
    await rename(target, old);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    hadOld = false;
  }
  try {
    await rename(temp, target);
  } catch (e) {
    if (hadOld) await rename(old, target);
    else await rm(temp, { recursive: true, force: true });
    throw e;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
  return hashes;
}

/** Room for a piece's UTF-8 (a piece is under 128 K UTF-16 units; 3 bytes each at most). */
const PIECE_BUFFER = 512 * 1024;

/**
 * Writes the pieces to a new file as UTF-8, hashing the bytes on the way. Each piece is encoded
 * once, into one buffer the file reuses: hashing the string and writing it would each encode it,
 * and a fresh Buffer per piece lives outside V8's heap, whose growth V8 answers with garbage
 * collections (people.json at 20,000 people is 17 MB: encoding it into a reused buffer takes
 * 9 ms, into fresh Buffers 20–260 ms).
 */
async function writeHashed(path: string, pieces: Iterable<string>, hash: Hash): Promise<void> {
  const handle = await open(path, 'w');
  try {
    let buffer = Buffer.allocUnsafe(PIECE_BUFFER);
    for (const piece of pieces) {
      if (piece.length * 3 > buffer.length) buffer = Buffer.allocUnsafe(piece.length * 3);
      const n = buffer.write(piece, 0, 'utf8');
      const bytes = buffer.subarray(0, n);
      hash.update(bytes);
      for (let done = 0; done < n;) done += (await handle.write(bytes, done, n - done)).bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

/**
 * The scratch folders a write leaves beside output `name` when killed (abandoned.ts tidies them):
 * `.<name>.tmp-<pid>-<n>` half written, `.<name>.old-<pid>-<n>` the previous output moved aside.
 */
function scratchOf(name: string): (entry: string) => Scratch | null {
  const pattern = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(tmp|old)-(\\d+)(?:-\\d+)?$`);
  return (entry) => {
    const m = pattern.exec(entry);
    return m ? { pid: Number(m[2]), movedAside: m[1] === 'old' } : null;
  };
}
