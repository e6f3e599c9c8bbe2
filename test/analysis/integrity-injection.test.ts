/**
 * 学时真实性 judged by injection (docs/analysis.md): into a clean generated dataset, inject comments
 * copied from other people with up to 10 % of their characters edited and the punctuation
 * changed, days over the daily cap, nights and marathons; each rule must flag at least 95 % of
 * its injections, and at most 1 % of the other people. The seed of the reported figures
 * (bench/RESULTS.md) is INJECTION_SEED, not the one the thresholds were tried on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IntegrityFile, PeopleFile } from '../../pipeline/contract/outputs.ts';
import { computeOutputs } from '../../pipeline/run.ts';
import { type Injected, injectedDataset } from '../helpers/injection.ts';

export const INJECTION_SEED = Number(process.env.INJECTION_SEED ?? 4242);

async function injectedRun(seed: number): Promise<{ injected: Injected[]; integrity: IntegrityFile; people: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'xueshi-injection-'));
  const injected = injectedDataset(dir, seed);
  const outputs = await computeOutputs(dir);
  return { injected, integrity: outputs['integrity.json'] as IntegrityFile, people: (outputs['people.json'] as PeopleFile).people.map((p) => p.personId) };
}

describe('学时真实性 by injection into a generated dataset', () => {
  it('flags ≥ 95 % of each rule\'s injections and ≤ 1 % of the other people', async () => {
    const { injected, integrity, people } = await injectedRun(INJECTION_SEED);
    const lines: string[] = [];
    for (const { rule, people: targets } of injected) {
      const flagged = new Set(integrity.flags.filter((f) => f.rule === rule).map((f) => f.personId));
      const detected = [...targets].filter((p) => flagged.has(p)).length / targets.size;
      const others = people.filter((p) => !targets.has(p));
      const falseRate = others.filter((p) => flagged.has(p)).length / others.length;
      lines.push(`${rule}: detected ${(detected * 100).toFixed(1)} % of ${targets.size}, other people flagged ${(falseRate * 100).toFixed(2)} % of ${others.length}`);
      expect(detected, rule).toBeGreaterThanOrEqual(0.95);
      expect(falseRate, rule).toBeLessThanOrEqual(0.01);
    }
    console.log(`seed ${INJECTION_SEED}, ${people.length} people:\n${lines.join('\n')}`);
  });
});
