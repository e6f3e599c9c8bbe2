import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../generate/dataset.ts';
import { memoryOutput } from '../../generate/output.ts';

const SAMPLE = join(import.meta.dirname, '../../data/sample');

describe('committed sample', () => {
  it('is exactly what the command in data/sample/README.md generates', () => {
    const readme = readFileSync(join(SAMPLE, 'README.md'), 'utf8');
    expect(readme).toContain('--people 1500 --units 25 --seed 2020 --segments 30 --out data/sample');
    const { open, files } = memoryOutput();
    generateDataset({ people: 1500, units: 25, seed: 2020, segments: 30 }, open);
    const committed = readdirSync(SAMPLE).filter((n) => n !== 'README.md' && !n.startsWith('.')).sort();
    expect(committed).toEqual([...files.keys()].sort());
    for (const name of committed) {
      const same = Buffer.compare(readFileSync(join(SAMPLE, name)), Buffer.from(files.get(name) as Uint8Array)) === 0;
      expect(same, `${name} differs: regenerate data/sample with the README's command`).toBe(true);
    }
  });
});
