/**
 * The outputs on data/sample, byte for byte, against test/golden/sample/: an optimisation must
 * change nothing. When a rule or the sample changes on purpose, regenerate and review the diff:
 *   npx tsx pipeline/cli.ts --data data/sample --out test/golden/sample
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DROP_ARCHIVE_FILES, dropFolder, OUTPUT_FILES } from '../../pipeline/contract/outputs.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { OUTPUT_MARKER } from '../../pipeline/folders/guard.ts';

describe('golden outputs of data/sample', () => {
  it('are byte-identical to test/golden/sample', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'xueshi-golden-')), 'out');
    await runPipeline('data/sample', out);
    // docs/outputs.md's files, plus docs/drops.md's for a single dataset (one drop): history, ledger, the archive.
    expect(readdirSync(out).sort()).toEqual([...Object.keys(OUTPUT_FILES), 'history.json', 'ledger.json', 'drops', OUTPUT_MARKER].sort());
    for (const f of Object.keys(OUTPUT_FILES)) {
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join('test/golden/sample', f), 'utf8'));
    }
    // The archive of the one drop holds that drop's own summary and units, byte for byte.
    const archived = join(out, 'drops', dropFolder('2020-01', '2020-02-24'));
    expect(readdirSync(archived).sort()).toEqual([...DROP_ARCHIVE_FILES].sort());
    for (const f of ['summary.json', 'units.json']) expect(readFileSync(join(archived, f), 'utf8'), f).toBe(readFileSync(join('test/golden/sample', f), 'utf8'));
  });
});
