/**
 * npm run bench:drops [-- --people 20000] [--runs 3] [--generate-only]
 *
 * The successive-drops round "Speed": a new drop must cost about one drop, not all of them. A root of three
 * snapshots of one period (generated with generate/drops.ts, cached in bench/.cache/),
 * measured side by side, runs alternating:
 *   one   — the newest drop alone: a root holding only it, with an empty history store;
 *   new   — the root of all three, whose store already holds the two older drops (goal ≤ 1.3 × one);
 *   warm  — the same root again, nothing new (goal: a fraction of one).
 * Each is `node pipeline/launch.mjs --data ROOT --history STORE --out OUT` — what
 * `npm run pipeline` runs — as a child process. Writes bench/drops-results.json and the
 * "Successive drops" section of bench/RESULTS.md (kept below its notes mark, so `npm run bench`
 * leaves it alone).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execSync } from 'node:child_process';
import { generateRoot } from '../generate/drops.ts';
import { directoryOutput } from '../generate/output.ts';
import { type Measurement, measureNode } from './measure.ts';
import { NOTES_MARK } from './report.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bench = join(root, 'bench');
const SEED = 2020;
const SEGMENTS = 100;
const DROPS = ['2020-02-14', '2020-02-19', '2020-02-24'];
const START = '<!-- drops bench: written by npm run bench:drops -->';
const END = '<!-- /drops bench -->';

const log = (message: string) => process.stderr.write(`[bench:drops] ${message}\n`);
const sh = (command: string) => execSync(command, { cwd: root, encoding: 'utf8' }).trim();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** The cached root of three snapshots: generated into a temporary folder, then renamed. */
function snapshots(people: number): string {
  const dir = join(bench, '.cache', `drops-${people}-seed-${SEED}-seg-${SEGMENTS}`);
  if (existsSync(join(dir, '2020-01', DROPS[2], 'views.csv'))) return dir;
  log(`generating three snapshots of ${people} people → ${dir}`);
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  generateRoot({ people, seed: SEED, segments: SEGMENTS }, { first: DROPS.map((asOf) => ({ asOf })), second: [] }, (folder) => directoryOutput(join(tmp, folder)));
  renameSync(tmp, dir);
  return dir;
}

interface Case {
  readonly name: 'one' | 'new' | 'warm';
  readonly data: string;
  /** A fresh copy of this store before each run (null: an empty store). */
  readonly storeSeed: string | null;
}

async function runCase(c: Case, scratch: string): Promise<Measurement> {
  const store = join(scratch, `store-${c.name}`);
  const out = join(scratch, `out-${c.name}`);
  rmSync(store, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  if (c.storeSeed) cpSync(c.storeSeed, store, { recursive: true });
  const m = await measureNode([join(root, 'pipeline/launch.mjs'), '--data', c.data, '--history', store, '--out', out], root);
  if (m.exitCode !== 0) throw new Error(`${c.name}: exit ${m.exitCode}\n${m.stderr}`);
  return m;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { people: { type: 'string', default: '20000' }, runs: { type: 'string', default: '3' }, 'generate-only': { type: 'boolean', default: false } },
    strict: true,
  });
  const people = Number(values.people);
  const runs = Number(values.runs);
  if (!Number.isInteger(people) || people < 1 || !Number.isInteger(runs) || runs < 1) throw new Error('--people and --runs take positive integers');
  const all = snapshots(people);
  if (values['generate-only']) return;
  const scratch = mkdtempSync(join(tmpdir(), 'xueshi-bench-drops-'));
  try {
    // Roots made of hard links to the cached files: the newest alone, the two older, all three.
    const rootOf = (name: string, drops: readonly string[]) => {
      const dir = join(scratch, name);
      for (const d of drops) {
        mkdirSync(join(dir, '2020-01'), { recursive: true });
        execSync(`cp -al ${JSON.stringify(join(all, '2020-01', d))} ${JSON.stringify(join(dir, '2020-01', d))}`);
      }
      return dir;
    };
    const newest = rootOf('root-newest', [DROPS[2]]);
    const older = rootOf('root-older', DROPS.slice(0, 2));
    const three = rootOf('root-three', DROPS);
    log('filling a store with the two older drops');
    const olderStore = join(scratch, 'store-older');
    const fill = await measureNode([join(root, 'pipeline/launch.mjs'), '--data', older, '--history', olderStore, '--out', join(scratch, 'out-older')], root);
    if (fill.exitCode !== 0) throw new Error(`filling the store: exit ${fill.exitCode}\n${fill.stderr}`);
    log('filling a store with all three drops (for the warm rebuild)');
    const fullStore = join(scratch, 'store-full');
    const full = await measureNode([join(root, 'pipeline/launch.mjs'), '--data', three, '--history', fullStore, '--out', join(scratch, 'out-full')], root);
    if (full.exitCode !== 0) throw new Error(`filling the store: exit ${full.exitCode}\n${full.stderr}`);

    const cases: Case[] = [
      { name: 'one', data: newest, storeSeed: null },
      { name: 'new', data: three, storeSeed: olderStore },
      { name: 'warm', data: three, storeSeed: fullStore },
    ];
    const results = new Map<string, Measurement[]>(cases.map((c) => [c.name, []]));
    for (let r = 0; r < runs; r++) {
      for (const c of cases) {
        const m = await runCase(c, scratch);
        results.get(c.name)?.push(m);
        log(`run ${r + 1}/${runs} ${c.name}: ${(m.wallMs / 1000).toFixed(2)} s wall, ${m.cpuMs === null ? '?' : (m.cpuMs / 1000).toFixed(2)} s CPU, load ${m.loadBefore.toFixed(1)}`);
      }
    }
    const wall = (name: string) => median((results.get(name) ?? []).map((m) => m.wallMs));
    const cpu = (name: string) => median((results.get(name) ?? []).map((m) => m.cpuMs ?? Number.NaN));
    const rss = (name: string) => median((results.get(name) ?? []).map((m) => m.maxRssMB ?? Number.NaN));
    const maxLoad = Math.max(...[...results.values()].flat().flatMap((m) => [m.loadBefore, m.loadAfter]));
    const sample = (results.get('new') ?? [])[0];
    const model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
    const record = {
      date: sh('date'), machine: `${sh('nproc')} CPUs (${model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; Node ${process.version}`,
      commit: sh('git rev-parse --short HEAD'), people, drops: DROPS, runs, maxLoad,
      cases: Object.fromEntries(cases.map((c) => [c.name, { wallMs: wall(c.name), cpuMs: cpu(c.name), maxRssMB: rss(c.name) }])),
      ratios: {
        newOverOne: wall('new') / wall('one'), warmOverOne: wall('warm') / wall('one'),
        newOverOneCpu: cpu('new') / cpu('one'), warmOverOneCpu: cpu('warm') / cpu('one'),
      },
      buildLog: sample ? `${sample.stdout}\n${sample.stderr}`.split('\n').filter((l) => /计算|复用/.test(l)) : [],
    };
    writeFileSync(join(bench, 'drops-results.json'), `${JSON.stringify(record, null, 2)}\n`);
    writeSection(render(record));
    log(`new/one ${record.ratios.newOverOne.toFixed(2)}×, warm/one ${record.ratios.warmOverOne.toFixed(2)}× — bench/RESULTS.md`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

type DropsRecord = {
  date: string; machine: string; commit: string; people: number; drops: string[]; runs: number; maxLoad: number;
  cases: Record<string, { wallMs: number; cpuMs: number; maxRssMB: number }>;
  ratios: { newOverOne: number; warmOverOne: number; newOverOneCpu: number; warmOverOneCpu: number };
  buildLog: string[];
};

function render(r: DropsRecord): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const row = (name: string, what: string) => {
    const c = r.cases[name];
    return `| ${what} | ${s(c.wallMs)} | ${Number.isNaN(c.cpuMs) ? '–' : s(c.cpuMs)} | ${Number.isNaN(c.maxRssMB) ? '–' : `${Math.round(c.maxRssMB)} MB`} |`;
  };
  const verdict = (x: number, goal: number) => (x <= goal ? 'met' : 'missed');
  return [
    START,
    '## Successive drops (the successive-drops round "Speed")',
    '',
    `Written by \`npm run bench:drops\` (bench/drops.ts); figures also in \`bench/drops-results.json\`.`,
    '',
    `- Date: ${r.date}; machine: ${r.machine}; code: commit ${r.commit}`,
    `- Root: three snapshots of period 2020-01 with ${r.people.toLocaleString('en-US')} people (asOf ${r.drops.join(', ')}; the last is the whole period), \`generateRoot\` seed ${SEED}, ${SEGMENTS} segments/person.`,
    `- Each figure is the median of ${r.runs} run(s), the three cases alternating; \`node pipeline/launch.mjs --data ROOT --history STORE --out OUT\` as a child process (wall includes Node start). Max 1-minute load during the runs: ${r.maxLoad.toFixed(1)} on 2 cores.`,
    '',
    '| case | wall | CPU (user+sys) | peak RSS |',
    '|---|---:|---:|---:|',
    row('one', 'the newest drop alone (a root of one drop, empty store)'),
    row('new', 'the root of three, the store holding the two older drops'),
    row('warm', 'the root of three again, nothing new (warm rebuild)'),
    '',
    '| goal | wall | CPU (user+sys) | target | verdict (wall / CPU) |',
    '|---|---:|---:|---:|---|',
    `| a new drop costs about one drop: new ÷ one | ${r.ratios.newOverOne.toFixed(2)}× | ${r.ratios.newOverOneCpu.toFixed(2)}× | ≤ 1.3× | ${verdict(r.ratios.newOverOne, 1.3)} / ${verdict(r.ratios.newOverOneCpu, 1.3)} |`,
    `| a warm rebuild costs a fraction of one drop: warm ÷ one | ${r.ratios.warmOverOne.toFixed(2)}× | ${r.ratios.warmOverOneCpu.toFixed(2)}× | < 1× | ${verdict(r.ratios.warmOverOne, 0.99)} / ${verdict(r.ratios.warmOverOneCpu, 0.99)} |`,
    '',
    'On a shared, loaded machine wall time is inflated by waiting for a core; CPU time is the steadier figure.',
    '',
    'What the build said in the "new" case:',
    '',
    '```',
    ...r.buildLog,
    '```',
    END,
  ].join('\n');
}

/** Replaces the section between START and END (or appends it after the notes mark). */
function writeSection(section: string): void {
  const file = join(bench, 'RESULTS.md');
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  let next: string;
  if (from >= 0 && to > from) next = `${text.slice(0, from)}${section}${text.slice(to + END.length)}`;
  else if (text.includes(NOTES_MARK)) next = `${text.trimEnd()}\n\n${section}\n`;
  else next = `${text.trimEnd()}\n\n${NOTES_MARK}\n\n${section}\n`;
  writeFileSync(file, next);
}

main().catch((e: unknown) => {
  console.error(`bench:drops: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
