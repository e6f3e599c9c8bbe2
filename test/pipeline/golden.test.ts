/**
 * The outputs on data/sample, byte for byte, against test/golden/sample/: an optimisation must
 * change nothing. When a rule or the sample changes on purpose, regenerate and review the diff:
 *   npx tsx pipeline/cli.ts --data data/sample --out test/golden/sample
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_FILES } from '../../pipeline/contract/outputs.ts';
import { runPipeline } from '../../pipeline/run.ts';

describe('golden outputs of data/sample', () => {
  it('are byte-identical to test/golden/sample', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'xueshi-golden-')), 'out');
    await runPipeline('data/sample', out);
    expect(readdirSync(out).sort()).toEqual(Object.keys(OUTPUT_FILES).sort());
    for (const f of readdirSync(out)) {
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join('test/golden/sample', f), 'utf8'));
    }
  });
});
