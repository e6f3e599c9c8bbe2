/**
 * Writes the output directory atomically: every file into a fresh temporary sibling folder,
 * then one rename swaps it in. A run that fails or is killed midway leaves the previous
 * output untouched. Each file passes its zod schema on the way out, which also fixes the
 * key order (the order of the schema's shape), so the bytes are stable.
 */
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { OUTPUT_FILES, type OutputName } from '../contract/outputs.ts';

export type Outputs = { [K in OutputName]: unknown };

/** Serialise one output through its schema: validated, keys in contract order, 2-space JSON. */
export function serialise(name: OutputName, value: unknown): string {
  const parsed = OUTPUT_FILES[name].parse(value);
  return JSON.stringify(parsed, null, 2) + '\n';
}

export async function writeOutputs(outDir: string, outputs: Outputs): Promise<void> {
  const target = resolve(outDir);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const temp = join(parent, `.${basename(target)}.tmp-${process.pid}`);
  const old = join(parent, `.${basename(target)}.old-${process.pid}`);
  await recoverAbandoned(parent, basename(target));
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp);
  try {
    for (const name of Object.keys(OUTPUT_FILES) as OutputName[]) {
      await writeFile(join(temp, name), serialise(name, outputs[name]));
    }
  } catch (e) {
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
    throw e;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Tidy what a killed run left beside the output: its half-written temporary folder goes; and
 * if it died between its two renames (output moved aside, new one not yet in), the previous
 * output is moved back. Folders of runs still alive are left alone.
 */
async function recoverAbandoned(parent: string, name: string): Promise<void> {
  const pattern = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(tmp|old)-(\\d+)$`);
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return;
  }
  const target = join(parent, name);
  for (const entry of entries.sort()) {
    const m = pattern.exec(entry);
    if (!m || alive(Number(m[2]))) continue;
    const path = join(parent, entry);
    if (m[1] === 'old' && !entries.includes(name)) {
      await rename(path, target);
      entries.push(name);
    } else {
      await rm(path, { recursive: true, force: true });
    }
  }
}
