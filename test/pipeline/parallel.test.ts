/**
 * views.csv read on two threads gives exactly what one thread gives: values, rejections and
 * their row numbers, duplicates across chunks, blank lines — in UTF-8 and GB18030.
 * (Workers need the TypeScript loader, so this runs the real command line.)
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freshHistory, readOutputTree } from '../helpers/outputs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeGb18030 } from '../../generate/gb18030.ts';
import { generateDataset } from '../../generate/dataset.ts';
import { directoryOutput } from '../../generate/output.ts';

const run = promisify(execFile);
// Every run below is about how a drop is computed: each gets a fresh history store (the default
// one would hand back an earlier run's outputs without reading views.csv at all).
// Small chunks, and the main thread waits for the worker's first chunk: both threads surely read.
const threads = (minBytes: string) => ({ ...process.env, XUESHI_PARALLEL_MIN_BYTES: minBytes, XUESHI_PARALLEL_CHUNK_BYTES: '4096', XUESHI_PARALLEL_HOLD: '1' });
const cli = (data: string, out: string, minBytes: string) =>
  run(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', '--data', data, '--out', out, '--history', freshHistory()], { env: threads(minBytes) });
const snapshot = readOutputTree;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'xueshi-parallel-'));
  const base = join(work, 'utf8');
  generateDataset({ people: 300, seed: 5, units: 6, segments: 40 }, directoryOutput(base));
  // Plant trouble in both halves: bad rows, a blank line, and duplicates whose twin is in the other half.
  const lines = readFileSync(join(base, 'views.csv'), 'utf8').replace(/^\ufeff/, '').trimEnd().split(/\r?\n/).filter((l) => !l.includes('"'));
  const [header, ...rows] = lines;
  const mid = rows.length >> 1;
  const mixed = [header, ...rows.slice(0, mid), 'P000001,C01,2020-02-30 09:00:00,2020-02-30 09:10:00', '', rows[mid + 5], 'NOBODY,C01,2020-01-20 09:00:00,2020-01-20 09:10:00',
    ...rows.slice(mid), rows[3], '', 'P000002,C01,2020-01-20 09:10:00,2020-01-20 09:00:00'];
  writeFileSync(join(base, 'views.csv'), mixed.join('\n') + '\n');
  const gb = join(work, 'gb');
  cpSync(base, gb, { recursive: true });
  writeFileSync(join(gb, 'views.csv'), encodeGb18030(mixed.join('\r\n') + '\r\n'));
  // Every cell quoted, as some exporters write.
  const quoted = join(work, 'quoted');
  cpSync(base, quoted, { recursive: true });
  writeFileSync(join(quoted, 'views.csv'), mixed.map((l) => (l ? l.split(',').map((c) => `"${c}"`).join(',') : l)).join('\n') + '\n');
  // A quoted cell with line breaks, long enough that some 4 KB cut falls inside it.
  const multiline = join(work, 'multiline');
  cpSync(base, multiline, { recursive: true });
  const long = `"P000003${'\n多行内容'.repeat(1200)}"`;
  writeFileSync(join(multiline, 'views.csv'), [...mixed.slice(0, mid), `${long},C01,2020-01-20 09:00:00,2020-01-20 09:10:00`, ...mixed.slice(mid)].join('\n') + '\n');
});

describe('views.csv on two threads', () => {
  it.each(['utf8', 'gb'])('(%s) equals one thread, byte for byte', async (name) => {
    const data = join(work, name);
    const two = await cli(data, join(work, `${name}-two`), '0');
    const one = await cli(data, join(work, `${name}-one`), 'Infinity');
    expect(two.stderr).toMatch(/views\.csv：分两个线程读取（共 \d+ 块，第二个线程读取了 [1-9]\d* 块）/);
    expect(one.stderr).not.toContain('分两个线程');
    expect(snapshot(join(work, `${name}-two`))).toEqual(snapshot(join(work, `${name}-one`)));
    const q = JSON.parse(readFileSync(join(work, `${name}-two`, 'quality.json'), 'utf8'));
    expect(q.files['views.csv'].duplicates).toBeGreaterThanOrEqual(2);
    expect(q.rejected.filter((r: { file: string }) => r.file === 'views.csv').length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});

describe('a worker that dies midway', () => {
  it('loses nothing: the main thread reads the chunks it had taken', async () => {
    const data = join(work, 'utf8');
    const died = await run(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', '--data', data, '--out', join(work, 'died'), '--history', freshHistory()], {
      env: { ...threads('0'), XUESHI_PARALLEL_WORKER_FAIL: '3' },
    });
    await cli(data, join(work, 'died-one'), 'Infinity');
    // Its share never came, so no chunk is said to be the second thread's.
    expect(died.stderr).not.toContain('分两个线程');
    expect(snapshot(join(work, 'died'))).toEqual(snapshot(join(work, 'died-one')));
  }, 120_000);
});

describe('quoted views.csv', () => {
  it('(every cell quoted) is read on two threads and equals one thread', async () => {
    const data = join(work, 'quoted');
    const two = await cli(data, join(work, 'quoted-two'), '0');
    await cli(data, join(work, 'quoted-one'), 'Infinity');
    expect(two.stderr).toMatch(/分两个线程读取（共 \d+ 块，第二个线程读取了 [1-9]\d* 块）/);
    expect(snapshot(join(work, 'quoted-two'))).toEqual(snapshot(join(work, 'quoted-one')));
    // And equals the unquoted file: quoting changes no value.
    expect(snapshot(join(work, 'quoted-two'))['people.json']).toBe(snapshot(join(work, 'utf8-one'))['people.json']);
  }, 120_000);

  it('(a line break inside quotes, cut through) is read as one part and equals one thread', async () => {
    const data = join(work, 'multiline');
    const two = await cli(data, join(work, 'multiline-two'), '0');
    await cli(data, join(work, 'multiline-one'), 'Infinity');
    expect(two.stderr).not.toContain('分两个线程');
    expect(snapshot(join(work, 'multiline-two'))).toEqual(snapshot(join(work, 'multiline-one')));
    const q = JSON.parse(readFileSync(join(work, 'multiline-two', 'quality.json'), 'utf8'));
    expect(q.rejected.some((r: { file: string; reason: string }) => r.file === 'views.csv' && r.reason.includes('P000003'))).toBe(true);
  }, 120_000);
});

describe('npm run pipeline (the bundled launcher)', () => {
  it('keeps only the newest few bundles of earlier source versions', async () => {
    const dir = join('build', '.pipeline');
    mkdirSync(dir, { recursive: true });
    const fakes = ['a', 'b', 'c', 'd', 'e', 'f'].map((c, i) => {
      const path = join(dir, c.repeat(16));
      mkdirSync(path, { recursive: true });
      utimesSync(path, new Date(2000, 0, 1 + i), new Date(2000, 0, 1 + i)); // older than any real bundle
      return path;
    });
    // A bundling killed midway leaves <hash>.tmp-<pid>; a pid that is surely gone (above pid_max).
    const killed = join(dir, `${'9'.repeat(16)}.tmp-4999999`);
    mkdirSync(killed, { recursive: true });
    await run(process.execPath, ['pipeline/launch.mjs', '--data', 'test/fixtures/tiny', '--out', join(work, 'prune'), '--history', freshHistory()]);
    expect(existsSync(killed)).toBe(false);
    const bundles = readdirSync(dir).filter((n) => /^[0-9a-f]{16}$/.test(n));
    expect(bundles.length).toBeLessThanOrEqual(5);
    // The two oldest of six at least are gone (four others at most are kept beside the current one).
    expect(existsSync(fakes[0]) || existsSync(fakes[1])).toBe(false);
    for (const f of fakes) rmSync(f, { recursive: true, force: true });
  }, 120_000);

  it('runs the sources when build/ cannot be written, with the same outputs', async () => {
    // A copy of the launcher and the pipeline whose build/ is a file: no bundle can be written there.
    const copy = join(work, 'readonly-root');
    cpSync('pipeline', join(copy, 'pipeline'), { recursive: true });
    for (const f of ['package.json', 'package-lock.json']) cpSync(f, join(copy, f));
    symlinkSync(join(process.cwd(), 'node_modules'), join(copy, 'node_modules'));
    writeFileSync(join(copy, 'build'), 'not a folder');
    const data = join(work, 'utf8');
    const fallback = await run(process.execPath, [join(copy, 'pipeline/launch.mjs'), '--data', data, '--out', join(work, 'fallback'), '--history', freshHistory()], { env: threads('0') });
    expect(fallback.stderr).toContain('直接运行源代码');
    expect(fallback.stderr).toContain('views.csv：分两个线程读取'); // the worker starts from sources too
    await cli(data, join(work, 'fallback-sources'), '0');
    expect(snapshot(join(work, 'fallback'))).toEqual(snapshot(join(work, 'fallback-sources')));
  }, 120_000);

  it('gives the same outputs as the TypeScript sources, with the worker bundled too', async () => {
    const data = join(work, 'utf8');
    const bundled = await run(process.execPath, ['pipeline/launch.mjs', '--data', data, '--out', join(work, 'bundled'), '--history', freshHistory()], { env: threads('0') });
    expect(bundled.stderr).toContain('views.csv：分两个线程读取');
    await cli(data, join(work, 'sources'), '0');
    expect(snapshot(join(work, 'bundled'))).toEqual(snapshot(join(work, 'sources')));
  }, 120_000);
});
