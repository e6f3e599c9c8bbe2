/**
 * The misleading messages of the drop-invariants round, each made right: ids stored as numbers in
 * roster.xlsx (the advice was backwards: it told views.csv to drop its zeros), an asOf before
 * the window (fatal) or far after the data (a warning naming both days), an asOf typo in a data
 * root blamed on the drop that has it (not the older, correct one), a damaged courses.csv
 * blamed on itself rather than on views/comments. Run through the command line where the exit
 * code is part of the promise.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { QualityFileSchema } from '../../pipeline/contract/outputs.ts';
import { diagnose, damagedReference, excelNumberDigits } from '../../pipeline/gate/gate.ts';
import { writeDataset } from '../helpers/files.ts';
import { PERIOD } from '../helpers/model.ts';
import { openpyxlWorkbook } from '../helpers/workbooks.ts';

vi.setConfig({ testTimeout: 240_000 });

const run = promisify(execFile);
const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', ...args]).then(
  (r) => ({ code: 0, stderr: r.stderr }),
  (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
);
const outDir = () => join(mkdtempSync(join(tmpdir(), 'xueshi-msg-out-')), 'out');
const qualityOf = (out: string) => QualityFileSchema.parse(JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8')));

const IDS = Array.from({ length: 40 }, (_, i) => String(i + 1).padStart(6, '0'));
const ALL_EVENTS = {
  'comments.csv': '人员编号,课件编号,评论时间,评论内容\n', 'sessions.csv': '场次编号,支部编号,日期,主题\n',
  'attendance.csv': '场次编号,人员编号\n', 'reports.csv': '报告编号,人员编号,类型,标题,提交时间\n',
  'self_study.csv': '人员编号,日期,内容,是否认定\n', 'reviews.csv': '报告编号,审核时间,结果,点评,评审人\n', 'extensions.csv': '支部编号,人员编号,延至,批准日期\n',
};
const views = (ids: readonly string[], course = (_i: number) => 'C1') => '人员编号,课件编号,开始时间,结束时间\n' +
  ids.map((id, i) => `${id},${course(i)},2020-01-14 09:00:00,2020-01-14 09:30:00\n`).join('');

describe('ids stored as numbers: the advice names the damaged file and fits its form', () => {
  it('roster.xlsx holding the numbers 1…40: roster is blamed (views.csv is right), with workbook steps', async () => {
    // openpyxl writes an int as a number cell: the zeros are gone from the file itself.
    const roster = openpyxlWorkbook([['人员编号', '姓名', '支部编号', '人员类别'], ...IDS.map((id, i) => [Number(id), `学员${i + 1}`, 'B1', '党员'])]);
    const dir = writeDataset({ ...ALL_EVENTS, 'roster.csv': null, 'roster.xlsx': roster, 'views.csv': views(IDS) });
    const out = outDir();
    const r = await cli(['--data', dir, '--out', out]);
    expect(r.code).toBe(3);
    const b = qualityOf(out).blocking.find((x) => x.file === 'views.csv')!;
    expect(b.code).toBe('mostly-rejected');
    expect(b.message).toContain('出错的是 roster.csv（Excel 工作簿），不是 views.csv');
    expect(b.message).toContain('views.csv 中的“000001”在 roster.csv 中成了“1”');
    expect(b.message).toContain('设置单元格格式');
    expect(b.message).toContain('重新输入');
    // Not the backwards advice of before: never "000001 应为 1", never the CSV import steps.
    expect(b.message).not.toContain('“000001”应为“1”');
    expect(b.message).not.toContain('从文本/CSV');
  });

  it('roster.xlsx holding 18-digit ids as numbers (15 digits kept): roster is blamed, the lost digits said to be lost', async () => {
    const long = IDS.map((_, i) => `6528241963011${String(54404 + i * 7919).padStart(5, '0')}`);
    const roster = openpyxlWorkbook([['人员编号', '姓名', '支部编号', '人员类别'], ...long.map((id, i) => [Number(id), `学员${i + 1}`, 'B1', '党员'])]);
    const dir = writeDataset({ ...ALL_EVENTS, 'roster.csv': null, 'roster.xlsx': roster, 'views.csv': views(long) });
    const out = outDir();
    expect((await cli(['--data', dir, '--out', out])).code).toBe(3);
    const b = qualityOf(out).blocking.find((x) => x.file === 'views.csv')!;
    expect(b.message).toContain('出错的是 roster.csv（Excel 工作簿），不是 views.csv');
    expect(b.message).toContain('第 15 位以后变成了 0（如 views.csv 中的“652824196301154404”在 roster.csv 中成了“652824196301154000”）');
    expect(b.message).toContain('设置单元格格式');
  });

  it('Excel keeps 15 significant digits of a number, rounding the 15th', () => {
    expect(excelNumberDigits('652824196301154404')).toBe('652824196301154000');
    expect(excelNumberDigits('652824196301154504')).toBe('652824196301155000');
    expect(excelNumberDigits('999999999999999900')).toBe('1000000000000000000');
    expect(excelNumberDigits('123456789012345')).toBeNull();
    expect(excelNumberDigits('0652824196301154404')).toBeNull();
  });

  it('the direction is told by which id is the shorter; a CSV gets the CSV steps, a workbook the workbook steps', () => {
    const sample = { file: 'views.csv', column: '人员编号', refersTo: 'roster.csv', rows: 40 };
    const fromViews = diagnose({ ...sample, sample: ['1', '2', '3'] }, IDS.slice(0, 3), () => 'csv')!;
    expect(fromViews).toContain('views.csv 的“人员编号”列的编号被 Excel 或 WPS 当成了数字：去掉了前导零（如“1”应为“000001”）');
    expect(fromViews).toContain('从文本/CSV');
    const viewsBook = diagnose({ ...sample, sample: ['1', '2', '3'] }, IDS.slice(0, 3), (f) => (f === 'views.csv' ? 'xlsx' : 'csv'))!;
    expect(viewsBook).toContain('views.csv（Excel 工作簿）');
    expect(viewsBook).toContain('设置单元格格式');
    const fromRoster = diagnose({ ...sample, sample: IDS.slice(0, 3) }, ['1', '2', '3'], () => 'csv')!;
    expect(fromRoster).toContain('出错的是 roster.csv，不是 views.csv');
    expect(fromRoster).toContain('从文本/CSV');
    // A roster CSV saved by Excel with its long ids in E-notation: the roster is blamed.
    const eRoster = diagnose({ ...sample, sample: ['100000000000', '200000000000'] }, ['1E+11', '2E+11'], () => 'csv')!;
    expect(eRoster).toContain('出错的是 roster.csv');
    expect(eRoster).toContain('在 roster.csv 中成了“1E+11”');
  });
});

describe('asOf: before the window is fatal, far after the data a warning', () => {
  it('asOf before the window\'s start: exit 1 naming period.json and both days', async () => {
    const dir = writeDataset(ALL_EVENTS, { ...PERIOD, asOf: '2019-02-24' });
    const r = await cli(['--data', dir, '--out', outDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('period.json');
    expect(r.stderr).toContain('2019-02-24 早于本期学习培训开始日 2020-01-13');
  });

  it('--as-of before the window: exit 1 naming --as-of', async () => {
    const dir = writeDataset(ALL_EVENTS, { ...PERIOD, asOf: undefined });
    const r = await cli(['--data', dir, '--out', outDir(), '--as-of', '2020-01-05']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--as-of');
    expect(r.stderr).toContain('早于本期学习培训开始日');
  });

  it('asOf more than 60 days after the latest event: a warning naming both days (a typed year)', async () => {
    const dir = writeDataset({ ...ALL_EVENTS, 'views.csv': views(['P01']) }, { ...PERIOD, asOf: '2021-02-24' });
    const out = outDir();
    const r = await cli(['--data', dir, '--out', out]);
    expect([0, 3]).toContain(r.code);
    const w = qualityOf(out).warnings.find((x) => x.kind === 'asOfImplausible');
    expect(w?.message).toContain('2021-02-24');
    expect(w?.message).toContain('2020-01-14'); // the one view, the latest event
  });

  it('an asOf within 60 days of the latest event is not questioned', async () => {
    const dir = writeDataset({ ...ALL_EVENTS, 'views.csv': views(['P01']) }, { ...PERIOD, asOf: '2020-02-24' });
    const out = outDir();
    await cli(['--data', dir, '--out', out]);
    expect(qualityOf(out).warnings.some((x) => x.kind === 'asOfImplausible')).toBe(false);
  });
});

describe('an asOf typo in a data root is blamed on the drop that has it', () => {
  /** A root: `early` (data to 2020-01-20, asOf 2020-01-25: right) and `late` (tiny's data to 2020-02-21, asOf typed). */
  function root(lateAsOf: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'xueshi-msg-root-'));
    const early = writeDataset({ ...ALL_EVENTS, 'views.csv': '人员编号,课件编号,开始时间,结束时间\nP01,C1,2020-01-20 09:00:00,2020-01-20 09:30:00\n' }, { ...PERIOD, asOf: '2020-01-25' });
    cpSync(early, join(dir, 'early'), { recursive: true });
    cpSync('test/fixtures/tiny', join(dir, 'late'), { recursive: true });
    const period = JSON.parse(readFileSync(join(dir, 'late', 'period.json'), 'utf8'));
    writeFileSync(join(dir, 'late', 'period.json'), JSON.stringify({ ...period, asOf: lateAsOf }));
    return dir;
  }

  it('two drops with one identity: the one whose data contradicts the asOf is named, the other is not to be deleted', async () => {
    const r = await cli(['--data', root('2020-01-25'), '--out', outDir(), '--history', join(mkdtempSync(join(tmpdir(), 'xueshi-msg-h-')), 'h')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('两个数据批次的标识相同');
    expect(r.stderr).toContain('写错的很可能是 late/period.json 的 asOf');
    expect(r.stderr).toContain('2020-02-21');
    expect(r.stderr).toContain('early 是正确的，不要删除它');
  });

  it('a drop typed too early, so ordered before a drop it is newer than: that drop is named, exit 1, nothing stored under its wrong identity', async () => {
    const history = join(mkdtempSync(join(tmpdir(), 'xueshi-msg-h-')), 'h');
    const r = await cli(['--data', root('2020-01-21'), '--out', outDir(), '--history', history]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('late/period.json');
    expect(r.stderr).toContain('asOf 2020-01-21 很可能写错了');
    expect(r.stderr).toContain('2020-01-25');
    expect(r.stderr).toContain('不要删除 early 的批次');
    // The store holds at most the right drop (early), never one under the mistyped 2020-01-21.
    const stored = existsSync(history) ? readdirSync(history, { recursive: true }).map(String) : [];
    expect(stored.some((p) => p.includes('2020-01-21'))).toBe(false);
  });

  it('the same root with the right asOf runs (no false alarm)', async () => {
    const r = await cli(['--data', root('2020-02-24'), '--out', outDir(), '--history', join(mkdtempSync(join(tmpdir(), 'xueshi-msg-h-')), 'h')]);
    expect(r.stderr).not.toContain('很可能写错');
    expect(r.stderr).not.toContain('错误：');
  });
});

describe('a damaged courses.csv is blamed on itself, not on views and comments', () => {
  it('courses.csv whose rows were lost: the blocking problems of views.csv and comments.csv point at courses.csv', async () => {
    const roster = '人员编号,姓名,支部编号,人员类别\n' + IDS.map((id, i) => `${id},学员${i + 1},B1,党员\n`).join('');
    // Thirty courses on the platform; the file kept its header and one row (a partial download).
    const courses = '课件编号,课件名称,时长(分钟),是否必修\nC01,四中全会精神解读,30,是\n';
    const course = (i: number) => `C${String(1 + (i % 30)).padStart(2, '0')}`;
    const comments = '人员编号,课件编号,评论时间,评论内容\n' + IDS.map((id, i) => `${id},${course(i + 7)},2020-01-15 10:00:00,认真学习了四中全会精神，很受启发\n`).join('');
    const dir = writeDataset({ ...ALL_EVENTS, 'roster.csv': roster, 'courses.csv': courses, 'views.csv': views(IDS, course), 'comments.csv': comments });
    const out = outDir();
    const r = await cli(['--data', dir, '--out', out]);
    expect(r.code).toBe(3);
    const blocking = qualityOf(out).blocking.filter((b) => b.code === 'mostly-rejected');
    expect(blocking.map((b) => b.file).sort()).toEqual(['comments.csv', 'views.csv']);
    for (const b of blocking) {
      expect(b.message).toContain(`出错的很可能是 courses.csv，不是 ${b.file}`);
      expect(b.message).toContain('重新导出完整的 courses.csv');
    }
  });

  it('a whole courses.csv with a few stray course ids in views: views.csv is the file to fix', () => {
    const files = {
      'views.csv': { present: true, encoding: 'utf-8' as const, rows: 400, accepted: 370, rejected: 30, duplicates: 0, ignored: 0 },
      'courses.csv': { present: true, encoding: 'utf-8' as const, rows: 30, accepted: 30, rejected: 0, duplicates: 0, ignored: 0 },
    };
    const unknown = [{ file: 'views.csv', column: '课件编号', refersTo: 'courses.csv', rows: 30, sample: ['X1', 'X2'] }];
    expect(damagedReference('views.csv', files, unknown)).toBeNull();
    // The same courses.csv having lost most rows: blamed.
    const lost = { ...files, 'courses.csv': { ...files['courses.csv'], accepted: 2, rejected: 28 } };
    expect(damagedReference('views.csv', lost, unknown)).toContain('出错的很可能是 courses.csv');
  });
});
