/**
 * The publish gate end to end (docs/gate.md): datasets broken the way exports really break — a file
 * lost, an empty roster, a views.csv re-saved by Excel with the ids' leading zeros gone or in
 * E-notation — through the command line: quality.json.blocking, exit 3, outputs still written,
 * and stderr ending with the problems in plain Chinese.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';

// Each case spawns the command line (a few seconds each on a busy 2-core machine).
vi.setConfig({ testTimeout: 240_000 });
import { QualityFileSchema } from '../../pipeline/contract/outputs.ts';
import { writeDataset } from '../helpers/files.ts';

const run = promisify(execFile);
const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', ...args]).then(
  (r) => ({ code: 0, stderr: r.stderr }),
  (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
);
const outDir = () => join(mkdtempSync(join(tmpdir(), 'xueshi-gate-out-')), 'out');
const qualityOf = (out: string) => QualityFileSchema.parse(JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')));
/** The last lines of stderr, after the summary. */
const tail = (stderr: string) => stderr.slice(stderr.indexOf('阻断问题'));

/** A copy of the tiny dataset without some files. */
function tinyWithout(...files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'xueshi-gate-data-'));
  cpSync('test/fixtures/tiny', dir, { recursive: true });
  for (const f of files) rmSync(join(dir, f));
  return dir;
}

/** 40 people whose ids are digits with leading zeros, as the platform exports them. */
const IDS = Array.from({ length: 40 }, (_, i) => String(i + 1).padStart(6, '0'));
const roster = (ids: readonly string[]) => '人员编号,姓名,支部编号,人员类别,注册日期,党校培训合格,职务\n' +
  ids.map((id, i) => `${id},学员${i + 1},B1,党员,2020-01-15,否,科员\n`).join('');
/** views.csv as Excel saves it after opening it: UTF-8 with BOM, CRLF, each id as Excel displays it. */
const excelViews = (display: (id: string) => string) => '\ufeff人员编号,课件编号,开始时间,结束时间\r\n' +
  IDS.map((id) => `${display(id)},C1,2020/1/14 9:00:00,2020/1/14 9:30:00\r\n`).join('');
/** Excel's General format: a number, so no leading zeros; beyond 11 digits, 6 significant in E-notation. */
const excelGeneral = (digits: string) => {
  const n = Number(digits);
  return digits.replace(/^0+/, '').length <= 11 ? String(n) : n.toExponential(5).replace(/\.?0+e/, 'e').replace('e+', 'E+').toUpperCase();
};
// One row each where a correct drop always has rows (docs/gate.md empty-file), so that each case
// below meets only the problem it is about.
const ALL_EVENTS = {
  'comments.csv': '人员编号,课件编号,评论时间,评论内容\n000001,C1,2020-01-14 10:00,认真学习全会精神收获很大\n',
  'sessions.csv': '场次编号,支部编号,日期,主题\nS1,B1,2020-01-20,集中学习\n',
  'attendance.csv': '场次编号,人员编号\nS1,000001\n', 'reports.csv': '报告编号,人员编号,类型,标题,提交时间\nR1,000001,心得体会,学习体会,2020-02-10 10:00\n',
  'self_study.csv': '人员编号,日期,内容,是否认定\n', 'reviews.csv': '报告编号,审核时间,结果,点评,评审人\n', 'extensions.csv': '支部编号,人员编号,延至,批准日期\n',
};

describe('the publish gate on the command line', () => {
  it('a complete dataset has no blocking problem and exits 0', async () => {
    const out = outDir();
    const r = await cli(['--data', 'test/fixtures/tiny', '--out', out]);
    expect(r.code).toBe(0);
    expect(qualityOf(out).blocking).toEqual([]);
    expect(r.stderr).not.toContain('阻断问题');
  });

  it('missing-file: attendance.csv absent → exit 3, outputs written, stderr ends with the problem and what to do', async () => {
    const out = outDir();
    const r = await cli(['--data', tinyWithout('attendance.csv'), '--out', out]);
    expect(r.code).toBe(3);
    expect(existsSync(join(out, 'people.json'))).toBe(true);
    const q = qualityOf(out);
    expect(q.blocking).toHaveLength(1);
    expect(q.blocking[0]).toMatchObject({ code: 'missing-file', file: 'attendance.csv' });
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.at(-3)).toMatch(/^阻断问题（1 个）/);
    expect(lines.at(-2)).toContain('缺少 attendance.csv（集中学习签到）');
    expect(lines.at(-2)).toContain('集中学习学时都会按 0 计');
    expect(lines.at(-1)).toMatch(/^处理：.*--accept-blocking/);
  });

  it('missing-file lists every lost event file; self_study, reviews and extensions absent are warnings only', async () => {
    const out = outDir();
    const r = await cli(['--data', tinyWithout('views.csv', 'reports.csv', 'self_study.csv', 'reviews.csv', 'extensions.csv'), '--out', out]);
    expect(r.code).toBe(3);
    const q = qualityOf(out);
    expect(q.blocking.map((b) => [b.code, b.file])).toEqual([['missing-file', 'views.csv'], ['missing-file', 'reports.csv']]);
    expect(q.warnings.filter((w) => w.kind === 'fileAbsent').map((w) => w.file)).toEqual(['self_study.csv', 'reviews.csv', 'extensions.csv']);
  });

  it('only optional files absent: warnings, exit 0', async () => {
    const out = outDir();
    const r = await cli(['--data', tinyWithout('self_study.csv'), '--out', out]);
    expect(r.code).toBe(0);
    expect(qualityOf(out).warnings.some((w) => w.kind === 'fileAbsent' && w.file === 'self_study.csv')).toBe(true);
  });

  it('empty-roster: a roster with a header and no row → exit 3', async () => {
    const out = outDir();
    const dir = writeDataset({ ...ALL_EVENTS, 'views.csv': '人员编号,课件编号,开始时间,结束时间\n000001,C1,2020-01-14 09:00:00,2020-01-14 09:30:00\n', 'roster.csv': '人员编号,姓名,支部编号,人员类别\n' });
    const r = await cli(['--data', dir, '--out', out]);
    expect(r.code).toBe(3);
    // Other invariants may speak too (reports.csv is header-only as well): empty-roster is named.
    expect(qualityOf(out).blocking.map((b) => b.code)).toContain('empty-roster');
    expect(tail(r.stderr)).toContain('roster.csv（学籍注册）没有任何数据行');
  });

  it('mostly-rejected: ids Excel stripped of their leading zeros are named, with how to fix the column', async () => {
    const out = outDir();
    const dir = writeDataset({ ...ALL_EVENTS, 'roster.csv': roster(IDS), 'views.csv': excelViews(excelGeneral) });
    const r = await cli(['--data', dir, '--out', out]);
    expect(r.code).toBe(3);
    const [b] = qualityOf(out).blocking;
    expect(b).toMatchObject({ code: 'mostly-rejected', file: 'views.csv' });
    expect(b.message).toContain('40 行中有 40 行（100%）被拒绝');
    expect(b.message).toContain('去掉了前导零（如“1”应为“000001”）');
    expect(b.message).toMatch(/“人员编号”列的数据类型改为“文本”/);
    expect(b.message).toContain('WPS');
    expect(tail(r.stderr)).toContain(b.message);
  });

  it('mostly-rejected: ids in E-notation that expand to known ids are named', async () => {
    const ids = IDS.map((_, i) => String((i + 1) * 10 ** 11)); // 12- and 13-digit ids: 100000000000 … 4000000000000
    const dir = writeDataset({
      ...ALL_EVENTS, 'roster.csv': roster(ids),
      'views.csv': '\ufeff人员编号,课件编号,开始时间,结束时间\r\n' + ids.map((id) => `${excelGeneral(id)},C1,2020/1/14 9:00:00,2020/1/14 9:30:00\r\n`).join(''),
    });
    const out = outDir();
    const r = await cli(['--data', dir, '--out', out]);
    expect(r.code).toBe(3);
    const [b] = qualityOf(out).blocking;
    expect(b.code).toBe('mostly-rejected');
    expect(b.message).toContain('变成了科学计数法（如“1E+11”应为“100000000000”）');
  });

  it('mostly-rejected: 18-digit ids whose digits E-notation lost are said to be lost', async () => {
    const ids = IDS.map((_, i) => `6528241963011${String(54404 + i * 7919).padStart(5, '0')}`);
    const dir = writeDataset({
      ...ALL_EVENTS, 'roster.csv': roster(ids),
      'views.csv': '\ufeff人员编号,课件编号,开始时间,结束时间\r\n' + ids.map((id) => `${excelGeneral(id)},C1,2020/1/14 9:00:00,2020/1/14 9:30:00\r\n`).join(''),
    });
    const out = outDir();
    expect((await cli(['--data', dir, '--out', out])).code).toBe(3);
    const [b] = qualityOf(out).blocking;
    expect(b.message).toContain('变成了科学计数法（如“6.52824E+17”），多出的位数已丢失，无法还原：必须重新导出');
  });

  it('rejected rows under the thresholds (5 % and 20) do not block', async () => {
    // 19 of 40 rows rejected: more than 5 %, but fewer than 20.
    const views = '人员编号,课件编号,开始时间,结束时间\n' + IDS.map((id, i) => `${i < 19 ? 'X' + id : id},C1,2020-01-14 09:00:00,2020-01-14 09:30:00\n`).join('');
    const dir = writeDataset({ ...ALL_EVENTS, 'roster.csv': roster(IDS), 'views.csv': views });
    const out = outDir();
    await cli(['--data', dir, '--out', out]);
    // (The drop has no comment, session or report at all: the invariants block it, not mostly-rejected.)
    expect(qualityOf(out).blocking.filter((b) => b.code === 'mostly-rejected')).toEqual([]);
    expect(qualityOf(out).files['views.csv'].rejected).toBe(19);
  });

  it('with --strict and blocking problems, 3 wins over 2 and stderr still ends with the blocking problems', async () => {
    const out = outDir();
    const dir = writeDataset({ ...ALL_EVENTS, 'roster.csv': roster(IDS), 'views.csv': excelViews(excelGeneral) });
    const r = await cli(['--data', dir, '--out', out, '--strict']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--strict：有 40 行被拒绝');
    expect(r.stderr.indexOf('--strict')).toBeLessThan(r.stderr.indexOf('阻断问题'));
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^处理：/);
  });
});
