/**
 * A drop computed in this run is serialised once: its store entry is written from the outputs
 * and the output folder copies those files. The copies must be exactly what serialising the
 * outputs gives — and a quality.json the `shrunk` gate changed must not be copied.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OUTPUT_FILES, type OutputName } from '../../pipeline/contract/outputs.ts';
import { serialise } from '../../pipeline/emit/write.ts';
import { runRoot } from '../../pipeline/run.ts';
import { freshHistory } from '../helpers/outputs.ts';

const scratch = mkdtempSync(join(tmpdir(), 'xueshi-copied-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const names = Object.keys(OUTPUT_FILES) as OutputName[];

describe('the output folder copies the store entry of a drop computed in this run', () => {
  it('every docs/outputs.md file of data/sample is byte for byte the serialised output, in the folder and in the store', async () => {
    const out = join(scratch, 'out');
    const result = await runRoot(join(import.meta.dirname, '../../data/sample'), out, { history: freshHistory() });
    const current = result.collected.drops.at(-1)!;
    expect(current.storedIn).not.toBeNull();
    for (const name of names) {
      const expected = serialise(name, result.outputs[name]);
      expect(readFileSync(join(out, name), 'utf8'), name).toBe(expected);
      expect(readFileSync(join(current.storedIn!, name), 'utf8'), name).toBe(expected);
    }
  });

  it('a root whose current drop is gated writes its own quality.json, and a reused drop is serialised afresh', async () => {
    const root = join(import.meta.dirname, '../../data');
    const history = freshHistory();
    const out = join(scratch, 'root-out');
    const first = await runRoot(root, out, { history });
    const current = first.collected.drops.at(-1)!;
    expect(current.storedIn).not.toBeNull();
    // The current drop has a previous one: quality.json went through the gate, a new object.
    expect(first.outputs['quality.json']).not.toBe(current.outputs!['quality.json']);
    expect(readFileSync(join(out, 'quality.json'), 'utf8')).toBe(serialise('quality.json', first.outputs['quality.json']));
    const second = await runRoot(root, out, { history });
    expect(second.collected.drops.at(-1)!.storedIn).toBeNull();
    for (const name of names) expect(readFileSync(join(out, name), 'utf8'), name).toBe(serialise(name, second.outputs[name]));
  });
});
