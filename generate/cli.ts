/**
 * npm run generate -- --people N --seed S --out DIR [--units U] [--segments K] [--behaviour] [--shape prefecture|province]
 * npm run generate -- --people N --seed S --root DIR --drops A,B,C[=FOLDER] [--later X,Y] [--units U] [--segments K]
 *
 * Writes a seeded synthetic dataset folder (docs/data-format.md), or a data root of successive drops
 * (docs/drops.md): `--drops` the asOf days of the first period's drops (2020-01), `--later` those of
 * the next period (2020-02); `ASOF=FOLDER` puts a drop in FOLDER below the root instead of
 * `<period>/<asOf>`. `--shape province`: units of ~69 people and branches of ~17 (a province's
 * 2,900 units at 200,000 people) instead of the prefecture's default (≤ 150 units, branches of ~15). Argument parsing and messages only; the generator is dataset.ts and drops.ts.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEGMENTS, defaultUnitCount, generateDataset, PROVINCE_SHAPE, provinceUnitCount } from './dataset.ts';
import { type DropSpec, generateRoot } from './drops.ts';
import { directoryOutput } from './output.ts';

const USAGE = [
  'usage: npm run generate -- --people N --out DIR [--seed S=1] [--units U] [--segments K=100] [--behaviour] [--shape prefecture|province]',
  '       npm run generate -- --people N --root DIR --drops 2020-01-31,2020-02-10,2020-02-24[=FOLDER] [--later 2020-05-08,2020-05-15] [--seed S=1] [--units U] [--segments K=100]',
].join('\n');

/** `2020-01-31,2020-02-24=sample` → drops (asOf, optional folder below the root). */
function dropList(name: string, raw: string | undefined): DropSpec[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((item) => {
    const [asOf, folder, extra] = item.trim().split('=');
    if (extra !== undefined || !asOf) throw new Error(`--${name}: cannot read ${item} (ASOF or ASOF=FOLDER)`);
    return folder === undefined ? { asOf } : { asOf, folder };
  });
}

function positiveInt(name: string, raw: string | undefined, fallback?: number): number {
  if (raw === undefined && fallback !== undefined) return fallback;
  const n = Number(raw);
  if (raw === undefined || !/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new Error(`--${name} must be a positive integer (got ${raw ?? 'nothing'})`);
  }
  return n;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      people: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' },
      units: { type: 'string' }, segments: { type: 'string' }, help: { type: 'boolean' },
      root: { type: 'string' }, drops: { type: 'string' }, later: { type: 'string' }, shape: { type: 'string' },
      behaviour: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.out === !values.root) throw new Error('give either --out DIR (one dataset) or --root DIR (drops)');
  if (values.out && (values.drops || values.later)) throw new Error('--drops and --later need --root DIR');
  const people = positiveInt('people', values.people);
  if (values.shape !== undefined && values.shape !== 'prefecture' && values.shape !== 'province') throw new Error(`--shape is prefecture or province (got ${values.shape})`);
  const province = values.shape === 'province';
  const seedText = values.seed ?? '1';
  if (!/^-?\d+$/.test(seedText)) throw new Error(`--seed must be an integer (got ${seedText})`);
  const options = {
    people,
    seed: Number(seedText) >>> 0,
    units: positiveInt('units', values.units, province ? provinceUnitCount(people) : defaultUnitCount(people)),
    branchSize: province ? PROVINCE_SHAPE.branchSize : undefined,
    segments: positiveInt('segments', values.segments, DEFAULT_SEGMENTS),
    behaviour: values.behaviour === true,
  };
  if (values.root) {
    const root = values.root;
    const plan = { first: dropList('drops', values.drops), second: dropList('later', values.later) };
    const written = generateRoot(options, plan, (folder) => directoryOutput(join(root, folder)));
    console.log(`generated ${root}: ${written.length} drops, ${options.people} people in the first period, ${options.units} units, seed ${seedText}, ${options.segments} segments/person`);
    for (const d of written) {
      const rows = Object.entries(d.rows).map(([file, n]) => `${file.replace('.csv', '')} ${n}`).join(', ');
      console.log(`  ${d.periodId} ${d.asOf}  ${join(root, d.folder)}\n    ${rows}`);
    }
    return;
  }
  const out = values.out as string;
  const rows = generateDataset(options, directoryOutput(out));
  console.log(`generated ${out}: ${options.people} people, ${options.units} units, seed ${seedText}, ${options.segments} segments/person`);
  for (const [file, n] of Object.entries(rows)) console.log(`  ${file.padEnd(16)} ${n} rows`);
}

try {
  main();
} catch (e) {
  console.error(`generate: ${e instanceof Error ? e.message : String(e)}`);
  console.error(USAGE);
  process.exit(1);
}
