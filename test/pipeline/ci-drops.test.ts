/**
 * CI after every drop (docs/ci.md), simulated: three drops of one period arrive one after
 * another in a data root, and after each arrival CI runs the command of docs/ci.md —
 *   npm run build -- --data ROOT --history STORE --out DIST
 * — then publishes DIST with the symlink swap of docs/ci.md. A fourth drop, a partial export
 * (views.csv cut off midway), must stop the build with exit 3 and leave DIST and the published
 * site exactly as they were.
 *
 * The drops are generated true snapshots (generate/drops.ts). `--json-out` is given
 * only so the test does not write the pipeline's JSON into the checkout's build/out.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HistoryFile, HistoryFileSchema, PeopleFileSchema } from '../../pipeline/contract/outputs.ts';
import { generateRoot } from '../../generate/drops.ts';
import { directoryOutput } from '../../generate/output.ts';
import { filesBelow } from '../helpers/files.ts';

const REPO = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'xueshi-ci-drops-'));
const SOURCE = join(work, 'exports'); // what the platform exported, drop by drop
const ROOT = join(work, 'repo/data'); // the data root in the repository CI checks out
const STORE = join(work, 'history');
const DIST = join(work, 'repo/dist');
const JSON_OUT = join(work, 'repo/build/out');
const PUBLISH = join(work, 'www');
const DROPS = ['2020-01/2020-02-19', '2020-01/2020-02-21', '2020-01/2020-02-24'];

interface Run {
  readonly code: number;
  readonly out: string;
}

/** The CI job: the build command of docs/ci.md; on exit 0, the symlink swap of docs/ci.md. */
function ciJob(release: string): Run {
  const build = spawnSync('npm', ['run', 'build', '--', '--data', ROOT, '--history', STORE, '--out', DIST, '--json-out', JSON_OUT], {
    cwd: REPO, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, timeout: 600_000,
  });
  const out = `${build.stdout}\n${build.stderr}`;
  const code = build.status ?? 1;
  if (code === 0) {
    const publish = spawnSync('bash', ['-euo', 'pipefail', '-c', [
      'release="$PUBLISH/releases/$RELEASE"',
      'mkdir -p "$PUBLISH/releases"',
      'cp -a "$DIST" "$release"',
      'ln -sfn "$release" "$PUBLISH/current.tmp"',
      'mv -T "$PUBLISH/current.tmp" "$PUBLISH/current"',
      'ls -1dt "$PUBLISH"/releases/*/ | tail -n +6 | xargs -r rm -rf',
    ].join('\n')], { encoding: 'utf8', env: { ...process.env, PUBLISH, DIST, RELEASE: release } });
    expect(publish.status, publish.stderr).toBe(0);
  }
  return { code, out };
}

const arrive = (drop: string) => cpSync(join(SOURCE, drop), join(ROOT, drop), { recursive: true });
const history = () => HistoryFileSchema.parse(JSON.parse(readFileSync(join(JSON_OUT, 'history.json'), 'utf8')));

/** Every file below `dir` with its bytes, for "nothing changed" checks. */
function snapshot(dir: string): Map<string, string> {
  return new Map(filesBelow(dir).map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
}

/** People 合格/优秀 in a single drop, by running the pipeline on that drop's folder alone. */
function qualifiedIn(drop: string): Set<string> {
  const out = join(work, 'single', drop);
  const run = spawnSync('npm', ['run', 'pipeline', '--', '--data', join(SOURCE, drop), '--out', out], { cwd: REPO, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const people = PeopleFileSchema.parse(JSON.parse(readFileSync(join(out, 'people.json'), 'utf8'))).people;
  return new Set(people.filter((p) => p.grade === '合格' || p.grade === '优秀').map((p) => p.personId));
}

const runs: Run[] = [];
const historyAfter: HistoryFile[] = [];

beforeAll(() => {
  generateRoot({ people: 160, units: 4, seed: 31, segments: 8 }, {
    first: [{ asOf: '2020-02-19' }, { asOf: '2020-02-21' }, { asOf: '2020-02-24' }], second: [],
  }, (folder) => directoryOutput(join(SOURCE, folder)));
  mkdirSync(ROOT, { recursive: true });
  for (const [i, drop] of DROPS.entries()) {
    arrive(drop);
    runs.push(ciJob(`r${i + 1}`));
    if (runs[i].code === 0) historyAfter.push(history());
  }
}, 1_800_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('CI after every drop (docs/ci.md)', () => {
  it('builds and publishes after each of three drops', () => {
    expect(runs.map((r) => r.code), runs.map((r) => r.out).join('\n----\n')).toEqual([0, 0, 0]);
    expect(readlinkSync(join(PUBLISH, 'current'))).toBe(join(PUBLISH, 'releases/r3'));
    expect(readdirSync(join(PUBLISH, 'current'))).toContain('index.html');
  });

  it('history.json lists 1, 2, 3 drops after the first, second and third arrival, numbered in order', () => {
    expect(historyAfter.map((h) => h.drops.length)).toEqual([1, 2, 3]);
    expect(historyAfter[2].drops.map((d) => [d.periodId, d.asOf, d.ordinal])).toEqual([
      ['2020-01', '2020-02-19', 1], ['2020-01', '2020-02-21', 2], ['2020-01', '2020-02-24', 3],
    ]);
    expect(historyAfter[2].current).toEqual({ periodId: '2020-01', asOf: '2020-02-24' });
    expect(historyAfter[2].previous).toEqual({ periodId: '2020-01', asOf: '2020-02-21' });
    expect(historyAfter[0].previous).toBeNull();
    expect(historyAfter[0].newlyQualified).toBeNull();
  });

  it('drops already in the store are reused (复用), only the new one is computed (计算)', () => {
    const lines = (run: Run, asOf: string) => run.out.split('\n').filter((l) => l.includes(asOf) && /计算|复用/.test(l));
    expect(lines(runs[0], '2020-02-19').join('\n')).toMatch(/计算/);
    expect(lines(runs[1], '2020-02-19').join('\n')).toMatch(/复用/);
    expect(lines(runs[1], '2020-02-21').join('\n')).toMatch(/计算/);
    expect(lines(runs[2], '2020-02-19').join('\n')).toMatch(/复用/);
    expect(lines(runs[2], '2020-02-21').join('\n')).toMatch(/复用/);
    expect(lines(runs[2], '2020-02-24').join('\n')).toMatch(/计算/);
    expect(lines(runs[2], '2020-02-24').join('\n')).not.toMatch(/复用/);
  });

  it("the third drop's newlyQualified are exactly those qualified in it and not in the second", () => {
    const before = qualifiedIn(DROPS[1]);
    const now = qualifiedIn(DROPS[2]);
    const expected = [...now].filter((id) => !before.has(id)).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(historyAfter[2].newlyQualified).toEqual(expected);
    // Each drop's numbers are those the drop's own outputs give.
    expect(historyAfter[2].drops.map((d) => d.qualified)).toEqual([qualifiedIn(DROPS[0]).size, before.size, now.size]);
  });

  it('a partial export arriving as a fourth drop exits 3 and leaves DIST and the published site untouched', () => {
    const dist = snapshot(DIST);
    const published = snapshot(join(PUBLISH, 'current'));
    const link = readlinkSync(join(PUBLISH, 'current'));
    // The export stopped midway: views.csv holds only its first half, period.json a later asOf.
    const partial = join(ROOT, '2020-01/2020-02-25');
    cpSync(join(SOURCE, DROPS[2]), partial, { recursive: true });
    const period = JSON.parse(readFileSync(join(partial, 'period.json'), 'utf8'));
    writeFileSync(join(partial, 'period.json'), `${JSON.stringify({ ...period, asOf: '2020-02-25' }, null, 2)}\n`);
    const views = readFileSync(join(partial, 'views.csv'), 'utf8').split('\n');
    writeFileSync(join(partial, 'views.csv'), `${views.slice(0, Math.floor(views.length / 2)).join('\n')}\n`);

    const run = ciJob('r4');
    expect(run.code, run.out).toBe(3);
    expect(run.out).toMatch(/shrunk|减少|少于/);
    expect(readlinkSync(join(PUBLISH, 'current'))).toBe(link);
    expect(snapshot(join(PUBLISH, 'current'))).toEqual(published);
    expect(snapshot(DIST)).toEqual(dist);
  }, 600_000);
});
