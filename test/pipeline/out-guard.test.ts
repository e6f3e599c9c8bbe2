/**
 * `--out` never deletes what is not its own (docs/gate.md), for the pipeline's command line: an
 * empty or new folder and a previous output are written; a foreign non-empty folder, the data
 * folder, a parent of it and the current folder are refused with exit 1 and nothing touched.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';

// Each case spawns the command line (a few seconds each on a busy 2-core machine).
vi.setConfig({ testTimeout: 240_000 });
import { OUTPUT_MARKER, outFolderProblem, PIPELINE_OUT } from '../../pipeline/folders/guard.ts';

const root = resolve(import.meta.dirname, '../..');
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const run = promisify(execFile);
const cli = (args: string[], cwd = root) => run(process.execPath, ['--import', tsx, join(root, 'pipeline/cli.ts'), ...args], { cwd }).then(
  (r) => ({ code: 0, stderr: r.stderr }),
  (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
);
const temp = () => mkdtempSync(join(tmpdir(), 'xueshi-outguard-'));
/** Every file under a folder with its content. */
const snapshot = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out[prefix + e.name] = readFileSync(join(d, e.name), 'latin1');
    }
  };
  walk(dir, '');
  return out;
};
/** A copy of the tiny dataset at `dir`. */
const tinyAt = (dir: string) => { cpSync(join(root, 'test/fixtures/tiny'), dir, { recursive: true }); return dir; };

describe('pipeline --out', () => {
  it('writes into an empty folder, and marks it as its own', async () => {
    const out = temp();
    const r = await cli(['--data', 'test/fixtures/tiny', '--out', out]);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'people.json'))).toBe(true);
    expect(existsSync(join(out, OUTPUT_MARKER))).toBe(true);
  });

  it('replaces a previous output (marked), and one of an older version (only known file names, no marker)', async () => {
    const out = join(temp(), 'out');
    expect((await cli(['--data', 'test/fixtures/tiny', '--out', out])).code).toBe(0);
    expect((await cli(['--data', 'test/fixtures/tiny', '--out', out])).code).toBe(0);
    rmSync(join(out, OUTPUT_MARKER));
    expect((await cli(['--data', 'test/fixtures/tiny', '--out', out])).code).toBe(0);
    expect(existsSync(join(out, OUTPUT_MARKER))).toBe(true);
  });

  it('refuses a non-empty folder that is not its own: exit 1, a Chinese message, nothing touched', async () => {
    const out = temp();
    writeFileSync(join(out, '年度总结.docx'), 'not ours');
    writeFileSync(join(out, 'people.json'), '{"mine": true}');
    const before = snapshot(out);
    const r = await cli(['--data', 'test/fixtures/tiny', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('该文件夹不是空的，也不是学时通以前的输出目录');
    expect(r.stderr).toContain('“年度总结.docx”');
    expect(r.stderr).toContain('什么都没有改动');
    expect(snapshot(out)).toEqual(before);
  });

  it('refuses --out equal to --data', async () => {
    const data = tinyAt(temp());
    const before = snapshot(data);
    writeFileSync(join(data, OUTPUT_MARKER), 'a marker does not make the data folder an output');
    const r = await cli(['--data', data, '--out', data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('输出目录就是数据目录');
    rmSync(join(data, OUTPUT_MARKER));
    expect(snapshot(data)).toEqual(before);
  });

  it('refuses --out that contains --data (a parent, or the same folder through a symlink)', async () => {
    const parent = temp();
    const data = tinyAt(join(parent, 'drop'));
    const before = snapshot(parent);
    const r = await cli(['--data', data, '--out', parent]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('输出目录包含数据目录');
    const link = join(temp(), 'link');
    symlinkSync(parent, link);
    const viaLink = await cli(['--data', data, '--out', link]);
    expect(viaLink.code).toBe(1);
    expect(viaLink.stderr).toContain('输出目录包含数据目录');
    expect(snapshot(parent)).toEqual(before);
  });

  it('refuses --out . (the current folder), even when it is empty', async () => {
    const r = await cli(['--data', 'test/fixtures/tiny', '--out', '.']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/包含数据目录|当前所在的文件夹/); // the repository holds test/fixtures/tiny
    const empty = temp();
    const r2 = await cli(['--data', join(root, 'test/fixtures/tiny'), '--out', '.'], empty);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('输出目录是当前所在的文件夹');
    expect(readdirSync(empty)).toEqual([]);
  });
});

describe('outFolderProblem', () => {
  const kind = PIPELINE_OUT;
  it('allows an absent folder, an empty one, and an output folder inside the data (it is not the data)', () => {
    const base = temp();
    expect(outFolderProblem(join(base, 'new'), [join(base, 'data')], kind, '/')).toBeNull();
    mkdirSync(join(base, 'empty'));
    expect(outFolderProblem(join(base, 'empty'), [join(base, 'data')], kind, '/')).toBeNull();
    expect(outFolderProblem(join(base, 'data', 'out'), [join(base, 'data')], kind, '/')).toBeNull();
  });
  it('refuses a file where a folder should be', () => {
    const base = temp();
    writeFileSync(join(base, 'f'), '');
    expect(outFolderProblem(join(base, 'f'), [], kind, '/')).toContain('是一个文件');
  });
  it('a legacy output holds only known names', () => {
    const base = temp();
    writeFileSync(join(base, 'people.json'), '{}');
    writeFileSync(join(base, 'quality.json'), '{}');
    expect(outFolderProblem(base, [], kind, '/')).toBeNull();
    writeFileSync(join(base, 'notes.txt'), '');
    expect(outFolderProblem(base, [], kind, '/')).toContain('notes.txt');
  });
});
