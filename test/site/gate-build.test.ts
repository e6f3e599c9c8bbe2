/**
 * `npm run build` and the publish gate (docs/gate.md), with the real build script on a blocking
 * drop (the tiny dataset without attendance.csv): exit 3 and the site folder exactly as it
 * was; --accept-blocking builds (once for this file) with a banner on every page and the
 * blocking problems first on the data-quality page. And `--out` never deletes what is not its own.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// Builds spawn the real build script; the refusals too (they stop before the pipeline).
vi.setConfig({ testTimeout: 300_000 });
import { SITE_MARKER } from '../../pipeline/folders/guard.ts';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'xs-gate-build-'));

function build(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'site/scripts/build.ts', ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under a folder with its bytes, as relative paths. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

const data = join(work, 'drop');
cpSync(join(root, 'test/fixtures/tiny'), data, { recursive: true });
rmSync(join(data, 'attendance.csv'));

describe('npm run build and blocking problems', () => {
  const previous = join(work, 'site-prev');
  const accepted = join(work, 'site-accepted');
  let blocked: ReturnType<typeof build>;
  let acceptedRun: ReturnType<typeof build>;

  beforeAll(() => {
    // A site this program built before (its marker inside), to be left exactly as it was.
    mkdirSync(join(previous, 'units'), { recursive: true });
    writeFileSync(join(previous, SITE_MARKER), 'marker');
    writeFileSync(join(previous, 'index.html'), '<p>上期通报</p>');
    writeFileSync(join(previous, 'units', 'index.html'), '<p>单位</p>');
    const before = snapshot(previous);
    blocked = build(['--data', data, '--json-out', join(work, 'json-blocked'), '--out', previous]);
    expect(snapshot(previous)).toEqual(before);
    mkdirSync(accepted); // an empty folder is fine
    acceptedRun = build(['--data', data, '--json-out', join(work, 'json-accepted'), '--out', accepted, '--accept-blocking']);
  }, 600_000);

  it('stops with exit 3, prints the blocking problems last, and leaves the site folder as it was', () => {
    expect(blocked.code).toBe(3);
    const lines = blocked.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^处理：.*--accept-blocking/);
    expect(lines.at(-2)).toContain('缺少 attendance.csv（集中学习签到）');
    expect(blocked.stderr).toMatch(/\[build\] 停止：阻断问题（1 个）：这批数据不能照此发布（网站未更新/);
    expect(readFileSync(join(previous, 'index.html'), 'utf8')).toBe('<p>上期通报</p>');
  });

  it('--accept-blocking builds anyway, every page carrying the banner', () => {
    expect(acceptedRun.code, acceptedRun.stderr).toBe(0);
    expect(existsSync(join(accepted, SITE_MARKER))).toBe(true);
    const pages = Object.keys(snapshot(accepted)).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) {
      const html = readFileSync(join(accepted, page), 'utf8');
      expect(html, page).toMatch(/<section class="blocking-banner[^"]*" role="alert" aria-labelledby="blocking-banner-title"/);
      expect(html, page).toContain('注意：本批数据有 1 个阻断问题');
      expect(html, page).toContain('缺少 attendance.csv（集中学习签到）');
    }
  });

  it('the data-quality page lists the blocking problems first', () => {
    const html = readFileSync(join(accepted, 'quality', 'index.html'), 'utf8');
    const main = html.slice(html.indexOf('<main'));
    const blockingAt = main.indexOf('id="h-blocking"');
    expect(blockingAt).toBeGreaterThan(-1);
    expect(blockingAt).toBeLessThan(main.indexOf('id="h-files"'));
    expect(main).toContain('missing-file');
    // Each code in words (pages/quality.astro keeps one for every code of the contract).
    expect(main).toContain('<strong class="down">缺少文件</strong>');
  });
});

describe('npm run build --out never deletes what is not its own', () => {
  it('refuses a foreign non-empty folder: exit 1, nothing touched', () => {
    const foreign = join(work, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'index.html'), '<p>别的网站</p>');
    const before = snapshot(foreign);
    const r = build(['--data', join(root, 'test/fixtures/tiny'), '--json-out', join(work, 'json-f'), '--out', foreign]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('该文件夹不是空的，也不是学时通以前的网站目录');
    expect(snapshot(foreign)).toEqual(before);
    expect(existsSync(join(work, 'json-f'))).toBe(false); // refused before the pipeline ran
  });

  it('refuses --out equal to --data, a parent of --data, and --out .', () => {
    const before = snapshot(work);
    for (const [out, message] of [[data, '网站目录就是数据目录'], [work, '网站目录包含数据目录'], ['.', '--out .：']] as const) {
      const r = build(['--data', data, '--out', out]);
      expect(r.code, out).toBe(1);
      expect(r.stderr, out).toContain(message);
      expect(r.stderr, out).toContain('什么都没有改动');
    }
    expect(snapshot(work)).toEqual(before);
  });
});
