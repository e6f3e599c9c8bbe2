/**
 * The history store never deletes what is not its own (docs/drops.md, "Where the store lives"):
 * `--history` is refused — exit 1, a Chinese message naming both folders, nothing touched —
 * when it is, contains or lies inside the data root or `--out`, for the pipeline and the site
 * build; and the store writes only into a folder it marked (or an empty one, or an older store).
 * The case that started it: `--history` pointed at the data root replaced both drop folders
 * with store entries, deleting every raw CSV and period.json, exit 0.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { HISTORY_MARKER } from '../../pipeline/drops/store.ts';
import { filesBelow } from '../helpers/files.ts';

// Each case spawns the command line (a few seconds each on a busy 2-core machine).
vi.setConfig({ testTimeout: 240_000 });

const root = resolve(import.meta.dirname, '../..');
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const run = promisify(execFile);
const spawnTs = (script: string, args: string[]) => run(process.execPath, ['--import', tsx, join(root, script), ...args], { cwd: root }).then(
  (r) => ({ code: 0, stderr: r.stderr }),
  (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
);
const cli = (args: string[]) => spawnTs('pipeline/cli.ts', args);
const temp = () => mkdtempSync(join(tmpdir(), 'xueshi-history-guard-'));

/** Every file under a folder with its content (missing folder: empty). */
const snapshot = (dir: string): Record<string, string> =>
  (existsSync(dir) ? Object.fromEntries(filesBelow(dir).map((f) => [f, readFileSync(join(dir, f), 'latin1')])) : {});

/**
 * A data root whose drop folders sit exactly where store entries would go: `<period>/<asOf>/`
 * (two drops of period 2020-01, from the tiny dataset).
 */
function dataRootAt(dir: string): string {
  for (const asOf of ['2020-02-10', '2020-02-24']) {
    const drop = join(dir, '2020-01', asOf);
    cpSync(join(root, 'test/fixtures/tiny'), drop, { recursive: true });
    const period = JSON.parse(readFileSync(join(drop, 'period.json'), 'utf8')) as { asOf: string };
    writeFileSync(join(drop, 'period.json'), JSON.stringify({ ...period, asOf }, null, 2));
  }
  return dir;
}

describe('pipeline --history is refused where its entries would replace data or outputs', () => {
  it.each([
    ['is the data root', (d: string, _o: string) => d, '历史存储目录就是数据目录'],
    ['lies inside the data root', (d: string, _o: string) => join(d, 'store'), '历史存储目录位于数据目录'],
    ['contains the data root', (d: string, _o: string) => resolve(d, '..'), '历史存储目录包含数据目录'],
    ['is --out', (_d: string, o: string) => o, '历史存储目录就是输出目录（--out）'],
    ['lies inside --out', (_d: string, o: string) => join(o, 'history'), '历史存储目录位于输出目录（--out）'],
  ])('--history that %s: exit 1, both folders named, nothing deleted', async (_what, history, message) => {
    const base = temp();
    const data = dataRootAt(join(base, 'data'));
    const out = join(temp(), 'out');
    const store = history(data, out);
    const before = snapshot(base);
    const r = await cli(['--data', data, '--out', out, '--history', store]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(`--history ${store}`);
    expect(r.stderr).toContain(message.includes('数据') ? data : out);
    expect(r.stderr).toContain('什么都没有改动');
    expect(snapshot(base)).toEqual(before);
    expect(existsSync(out)).toBe(false);
  });

  it('--history that contains --out: exit 1, the store untouched (the output would replace part of it)', async () => {
    const data = dataRootAt(temp());
    const history = temp();
    const r = await cli(['--data', data, '--out', join(history, 'out'), '--history', history]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(history);
    expect(readdirSync(history)).toEqual([]);
  });
});

describe('the history store writes only into a folder of its own', () => {
  it('a copy of a data root given as --history (not the root read) is refused by its missing marker: exit 1, nothing deleted', async () => {
    const data = dataRootAt(temp());
    const history = dataRootAt(temp());
    const before = snapshot(history);
    const r = await cli(['--data', data, '--out', join(temp(), 'out'), '--history', history]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`--history ${history}`);
    expect(r.stderr).toContain(`没有标记文件 ${HISTORY_MARKER}`);
    expect(r.stderr).toContain('“2020-01/2020-02-10”');
    expect(snapshot(history)).toEqual(before);
  });

  it('a folder holding other files is refused; an empty or new folder is marked and used', async () => {
    const data = dataRootAt(temp());
    const foreign = temp();
    writeFileSync(join(foreign, '年度总结.docx'), 'not ours');
    const refused = await cli(['--data', data, '--out', join(temp(), 'out'), '--history', foreign]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('“年度总结.docx”');
    expect(readdirSync(foreign)).toEqual(['年度总结.docx']);

    const fresh = join(temp(), 'new-store');
    expect((await cli(['--data', data, '--out', join(temp(), 'out'), '--history', fresh])).code).toBe(0);
    expect(readdirSync(fresh).sort()).toEqual([HISTORY_MARKER, '2020-01']);
  });

  it('a store of a version before the marker (only entries with a manifest) is recognised, marked and reused', async () => {
    const data = dataRootAt(temp());
    const history = temp();
    expect((await cli(['--data', data, '--out', join(temp(), 'out'), '--history', history])).code).toBe(0);
    rmSync(join(history, HISTORY_MARKER));
    const again = await cli(['--data', data, '--out', join(temp(), 'out'), '--history', history]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('复用 期 2020-01 数据截至 2020-02-24');
    expect(existsSync(join(history, HISTORY_MARKER))).toBe(true);
  });
});

describe('npm run build --history', () => {
  it('pointed at the data root: exit 1 before the pipeline runs, both folders named, nothing deleted', async () => {
    const base = temp();
    const data = dataRootAt(join(base, 'data'));
    const before = snapshot(base);
    const r = await spawnTs('site/scripts/build.ts', ['--data', data, '--history', data, '--out', join(base, 'dist'), '--json-out', join(base, 'json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`--history ${data}：历史存储目录就是数据目录 ${data}`);
    expect(snapshot(base)).toEqual(before);
  });

  it('inside the site folder or the pipeline output: exit 1, nothing written', async () => {
    const base = temp();
    const data = dataRootAt(join(base, 'data'));
    mkdirSync(join(base, 'dist'));
    for (const [history, what] of [[join(base, 'dist', 'h'), '网站目录（--out）'], [join(base, 'json', 'h'), '流水线输出目录（--json-out）']]) {
      const r = await spawnTs('site/scripts/build.ts', ['--data', data, '--history', history, '--out', join(base, 'dist'), '--json-out', join(base, 'json')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`历史存储目录位于${what}`);
    }
    expect(readdirSync(base).sort()).toEqual(['data', 'dist']);
    expect(readdirSync(join(base, 'dist'))).toEqual([]);
  });
});
