/**
 * npm run generate -- --people N --seed S --out DIR [--units U] [--segments K]
 *
 * Writes a seeded synthetic dataset folder (SPEC §1). Argument parsing and messages only; the
 * generator is dataset.ts.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SEGMENTS, defaultUnitCount, generateDataset } from './dataset.ts';
import { directoryOutput } from './output.ts';

const USAGE = 'usage: npm run generate -- --people N --out DIR [--seed S=1] [--units U] [--segments K=100]';

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
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.out) throw new Error('--out DIR is required');
  const people = positiveInt('people', values.people);
  const seedText = values.seed ?? '1';
  if (!/^-?\d+$/.test(seedText)) throw new Error(`--seed must be an integer (got ${seedText})`);
  const options = {
    people,
    seed: Number(seedText) >>> 0,
    units: positiveInt('units', values.units, defaultUnitCount(people)),
    segments: positiveInt('segments', values.segments, DEFAULT_SEGMENTS),
  };
  const rows = generateDataset(options, directoryOutput(values.out));
  console.log(`generated ${values.out}: ${options.people} people, ${options.units} units, seed ${seedText}, ${options.segments} segments/person`);
  for (const [file, n] of Object.entries(rows)) console.log(`  ${file.padEnd(16)} ${n} rows`);
}

try {
  main();
} catch (e) {
  console.error(`generate: ${e instanceof Error ? e.message : String(e)}`);
  console.error(USAGE);
  process.exit(1);
}
