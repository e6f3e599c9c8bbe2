/**
 * Faults: a run killed while writing, a full disk, an unreadable file, a bad --out, --strict.
 * The previous output must survive every one of them, and the next run must succeed.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDataset } from '../../generate/dataset.ts';
import { directoryOutput } from '../../generate/output.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { writeOutputs } from '../../pipeline/emit/write.ts';
import { freshHistory, readOutputTree } from '../helpers/outputs.ts';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return { ...real, readFile: vi.fn(real.readFile), open: vi.fn(real.open) };
});

/** The disk is full from the `n`-th output file opened for writing on (files opened for reading are let be). */
async function diskFullFrom(n: number, error: Error): Promise<void> {
  const real = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
  let writes = 0;
  vi.mocked(fsp.open).mockImplementation(async (...args: Parameters<typeof real.open>) => {
    if (args[1] === 'w' && ++writes >= n) throw error;
    return real.open(...args);
  });
}

const run = promisify(execFile);
const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', ...args]).then(
  (r) => ({ code: 0, stderr: r.stderr }),
  (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
);
const snapshot = readOutputTree;

let work: string;
let small: string;
let medium: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'xueshi-faults-'));
  small = 'test/fixtures/tiny';
  medium = join(work, 'medium');
  generateDataset({ people: 800, seed: 11, units: 12, segments: 40 }, directoryOutput(medium));
});
afterEach(() => vi.clearAllMocks());

describe('a run killed while it writes (SIGKILL)', () => {
  it('leaves the previous output whole, or the new one whole — never a mixture — and the next run succeeds', async () => {
    const parent = join(work, 'killed');
    const out = join(parent, 'out');
    await runPipeline(small, out);
    const before = snapshot(out);
    const expectedNew = join(work, 'expected-new');
    await runPipeline(medium, expectedNew);
    const after = snapshot(expectedNew);
    let killedWhileWriting = 0;
    // Round 1 kills while reading; rounds 2–3 kill the moment the temporary output folder appears.
    for (const when of ['reading', 'writing', 'writing'] as const) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', '--data', medium, '--out', out], { stdio: 'ignore' });
      const temp = () => readdirSync(parent).some((n) => n.startsWith(`.out.tmp-${child.pid}-`));
      const exited = new Promise((r) => child.on('exit', r));
      if (when === 'reading') await new Promise((r) => setTimeout(r, 300));
      else {
        let done = false;
        void exited.then(() => { done = true; });
        while (!done && !temp()) await new Promise((r) => setTimeout(r, 2));
        if (temp()) killedWhileWriting++;
      }
      child.kill('SIGKILL');
      await exited;
      const now = snapshot(out);
      if (JSON.stringify(now) !== JSON.stringify(before)) {
        expect(now).toEqual(after);
        await runPipeline(small, out);
      }
    }
    expect(killedWhileWriting).toBeGreaterThan(0);
    await runPipeline(medium, out);
    expect(snapshot(out)).toEqual(after);
    expect(readdirSync(parent)).toEqual(['out']);
  }, 180_000);

  it('puts back an output a killed run had moved aside but not yet replaced', async () => {
    const parent = join(work, 'between-renames');
    mkdirSync(parent, { recursive: true });
    const abandoned = join(parent, '.out.old-999999999');
    await runPipeline(small, abandoned);
    await fsp.writeFile(join(abandoned, 'marker'), 'x');
    await diskFullFrom(1, Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    await expect(runPipeline(small, join(parent, 'out'))).rejects.toThrow('no space');
    vi.mocked(fsp.open).mockReset();
    // The failed run restored the abandoned output instead of leaving nothing.
    expect(existsSync(join(parent, 'out', 'marker'))).toBe(true);
    expect(readdirSync(parent)).toEqual(['out']);
  });
});

describe('a full disk', () => {
  it('fails the write, removes the temporary folder and keeps the previous output', async () => {
    const out = join(work, 'full', 'out');
    await runPipeline(small, out);
    const before = snapshot(out);
    await diskFullFrom(3, Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
    await expect(runPipeline(medium, out)).rejects.toMatchObject({ code: 'ENOSPC' });
    vi.mocked(fsp.open).mockReset();
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(join(work, 'full'))).toEqual(['out']);
  });
});

describe('unreadable input', () => {
  it('a file that cannot be read for permissions is fatal with a clear message', async () => {
    const reads = vi.mocked(fsp.readFile);
    const real = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
    reads.mockImplementation(async (path, ...rest) => {
      if (String(path).endsWith('courses.csv')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return real.readFile(path, ...(rest as [])) as never;
    });
    // A fresh history store: the drop must be computed (read), not taken from an earlier run.
    await expect(runPipeline(small, join(work, 'eacces'), { history: freshHistory() })).rejects.toThrow(/courses\.csv：无权限读取该文件（EACCES）/);
    reads.mockReset();
    expect(existsSync(join(work, 'eacces'))).toBe(false);
  });
});

describe('the command line', () => {
  it('exits 1 with a Chinese message for fatal input, keeping the previous output', async () => {
    const data = join(work, 'no-courses');
    cpSync(small, data, { recursive: true });
    writeFileSync(join(data, 'courses.csv'), '编号,名称\nC1,x\n');
    const out = join(work, 'cli-out');
    await runPipeline(small, out);
    const before = snapshot(out);
    const r = await cli(['--data', data, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('courses.csv：缺少必需列 “课件编号”（或 course_id）');
    expect(r.stderr).toContain('找到的表头：“编号”、“名称”');
    expect(snapshot(out)).toEqual(before);
  });
  it('exits 1 when the output cannot be written', async () => {
    const file = join(work, 'a-file');
    writeFileSync(file, 'x');
    const r = await cli(['--data', small, '--out', join(file, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/写入输出目录 .* 失败/);
  });
  it('--strict exits 2 when rows were rejected, naming the first ten', async () => {
    const r = await cli(['--data', medium, '--out', join(work, 'strict'), '--strict']);
    expect(r.code).toBe(2);
    const named = r.stderr.split('\n').filter((l) => /^ {2}\S+\.csv 第 \d+ 行：/.test(l));
    expect(named).toHaveLength(10);
    expect(r.stderr).toMatch(/--strict：有 \d+ 行被拒绝/);
  });
  it('exits 0 without --strict, printing one summary line per file', async () => {
    const r = await cli(['--data', small, '--out', join(work, 'plain')]);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => /^\S+\.csv +行/.test(l))).toHaveLength(12);
  });
  it('refuses an unknown option and an unknown encoding with usage', async () => {
    expect((await cli(['--data', small, '--out', join(work, 'x'), '--bogus'])).code).toBe(1);
    const enc = await cli(['--data', small, '--out', join(work, 'x'), '--encoding', 'latin9']);
    expect(enc.code).toBe(1);
    expect(enc.stderr).toContain('不支持的编码');
  });
});

describe('writeOutputs', () => {
  it('validates every file against its schema before anything is replaced', async () => {
    const out = join(work, 'invalid', 'out');
    await runPipeline(small, out);
    const before = snapshot(out);
    const bad = { ...Object.fromEntries(Object.keys(before).filter((k) => !k.includes('/') && k.endsWith('.json')).map((k) => [k, JSON.parse(before[k])])), 'people.json': { schemaVersion: 2 } };
    await expect(writeOutputs(out, bad as never)).rejects.toThrow();
    expect(snapshot(out)).toEqual(before);
  });
});

describe('a real full disk (a 512 KiB tmpfs, where mounting is allowed)', () => {
  it('exits 1 with 磁盘空间不足, keeps the previous output and leaves no temporary folder', async (ctx) => {
    const mnt = mkdtempSync(join(tmpdir(), 'xueshi-tmpfs-'));
    const mounted = await run('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mnt]).then(() => true, () => false);
    if (!mounted) ctx.skip();
    try {
      const out = join(mnt, 'out');
      expect((await cli(['--data', small, '--out', out])).code).toBe(0);
      const before = snapshot(out);
      const r = await cli(['--data', 'data/sample', '--out', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('磁盘空间不足');
      expect(snapshot(out)).toEqual(before);
      expect(readdirSync(mnt)).toEqual(['out']);
    } finally {
      await run('umount', [mnt]).catch(() => undefined);
    }
  }, 60_000);
});
