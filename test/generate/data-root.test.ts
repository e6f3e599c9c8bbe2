/**
 * The embedded data root data/ (docs/drops.md): exactly what the command in data/README.md generates,
 * byte for byte — the earlier drops of 2020-01 cut from the same world as data/sample, and the
 * second quarter's drops — and no period.json under data/ other than those drops'.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRoot } from '../../generate/drops.ts';
import { memoryOutput } from '../../generate/output.ts';

const DATA = join(import.meta.dirname, '../../data');
const COMMAND = 'npm run generate -- --people 1500 --units 25 --seed 2020 --segments 30 --root data --drops 2020-01-31,2020-02-14,2020-02-24=sample --later 2020-05-15,2020-05-22';

function periodFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return periodFiles(path);
    return name === 'period.json' ? [relative(DATA, path)] : [];
  });
}

describe('the embedded data root', () => {
  it('is exactly what the command in data/README.md generates', () => {
    expect(readFileSync(join(DATA, 'README.md'), 'utf8')).toContain(COMMAND);
    const generated = new Map<string, Map<string, Uint8Array>>();
    generateRoot({ people: 1500, units: 25, seed: 2020, segments: 30 }, {
      first: [{ asOf: '2020-01-31' }, { asOf: '2020-02-14' }, { asOf: '2020-02-24', folder: 'sample' }],
      second: [{ asOf: '2020-05-15' }, { asOf: '2020-05-22' }],
    }, (folder) => {
      const { open, files } = memoryOutput();
      generated.set(folder, files);
      return open;
    });
    expect([...generated.keys()]).toEqual(['2020-01/2020-01-31', '2020-01/2020-02-14', 'sample', '2020-02/2020-05-15', '2020-02/2020-05-22']);
    for (const [folder, files] of generated) {
      const committed = readdirSync(join(DATA, folder)).filter((n) => n !== 'README.md' && !n.startsWith('.')).sort();
      expect(committed, folder).toEqual([...files.keys()].sort());
      for (const name of committed) {
        const same = Buffer.compare(readFileSync(join(DATA, folder, name)), Buffer.from(files.get(name) as Uint8Array)) === 0;
        expect(same, `${folder}/${name} differs: regenerate data/ with the command in data/README.md`).toBe(true);
      }
    }
  });

  it('holds no period.json but its five drops (a root finds every one at depth ≤ 3)', () => {
    expect(periodFiles(DATA).sort()).toEqual([
      '2020-01/2020-01-31/period.json', '2020-01/2020-02-14/period.json', '2020-02/2020-05-15/period.json',
      '2020-02/2020-05-22/period.json', 'sample/period.json',
    ]);
  });
});
