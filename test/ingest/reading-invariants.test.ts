/**
 * docs/gate.md "Invariants, not a list of cases", the reading side: every page of an export read
 * (or named), a download cut short, a file with no data row, a column under another header
 * holding a contract vocabulary, two columns of one field, invisible characters in ids. Each
 * damage is made the way real tools make it (a platform's paged export, a browser's "(1)"
 * download, Notepad's stray extension, a download that stopped mid-row) on test/fixtures/tiny,
 * and the outcome is either the clean result person by person or a named blocking problem.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { QualityFileSchema, type QualityFile } from '../../pipeline/contract/outputs.ts';
import type { IngestOptions } from '../../pipeline/ingest/dataset.ts';
import { FatalInputError } from '../../pipeline/ingest/errors.ts';
import { namedInput } from '../../pipeline/ingest/folder.ts';
import { computeOutputs } from '../../pipeline/run.ts';

/** A copy of test/fixtures/tiny in a fresh temp folder. */
function copyDataset(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'xueshi-reading-')), 'data');
  cpSync('test/fixtures/tiny', dir, { recursive: true });
  return dir;
}

const ONE_THREAD: IngestOptions = { parallelMinBytes: Infinity };
/** views.csv read chunk by chunk by two threads (64-byte chunks, so the last row is a chunk's). */
const TWO_THREADS: IngestOptions = { parallelMinBytes: 1, parallelChunkBytes: 64, parallelHold: true };

async function outputsOf(dir: string, options: IngestOptions = ONE_THREAD) {
  const o = await computeOutputs(dir, options);
  // Every quality.json here must keep its schema (parts, part in rejections).
  const quality = QualityFileSchema.parse(JSON.parse(JSON.stringify(o['quality.json']))) as QualityFile;
  return { people: JSON.stringify(o['people.json']), quality };
}

function balanced(q: QualityFile): void {
  for (const [name, f] of Object.entries(q.files)) {
    expect(f.rows, name).toBe(f.accepted + f.rejected + f.duplicates);
    for (const p of f.parts ?? []) expect(p.rows, p.file).toBe(p.accepted + p.rejected + p.duplicates);
    if (f.parts) {
      for (const k of ['rows', 'accepted', 'rejected', 'duplicates'] as const) expect(f.parts.reduce((s, p) => s + p[k], 0), `${name} ${k}`).toBe(f[k]);
    }
  }
}

const codes = (q: QualityFile) => q.blocking.map((b) => b.code);

/** Split a CSV file's text after data row `n`: [first part, second part], the header repeated. */
function split(text: string, n: number): [string, string] {
  const lines = text.split('\n');
  const header = lines[0];
  return [lines.slice(0, n + 1).join('\n') + '\n', [header, ...lines.slice(n + 1)].join('\n')];
}

let clean: Awaited<ReturnType<typeof outputsOf>>;
beforeAll(async () => { clean = await outputsOf('test/fixtures/tiny'); });

describe('paged exports are read as one file (docs/gate.md unread-export)', () => {
  it('views.csv + views_2.csv: the same people as one file; each part counted with its own rows and row numbers', async () => {
    const dir = copyDataset();
    const [a, b] = split(readFileSync(join(dir, 'views.csv'), 'utf8'), 6);
    writeFileSync(join(dir, 'views.csv'), a);
    writeFileSync(join(dir, 'views_2.csv'), b);
    const got = await outputsOf(dir);
    expect(got.people).toBe(clean.people);
    expect(got.quality.blocking).toEqual([]);
    const f = got.quality.files['views.csv'];
    const whole = clean.quality.files['views.csv'];
    expect({ rows: f.rows, accepted: f.accepted, rejected: f.rejected, duplicates: f.duplicates }).toEqual({ rows: whole.rows, accepted: whole.accepted, rejected: whole.rejected, duplicates: whole.duplicates });
    expect(f.parts).toEqual([
      // The tiny views: row 4 repeats row 3 (a duplicate in part 1); P09 and an end before its start in part 2.
      { file: 'views.csv', encoding: 'utf-8', rows: 6, accepted: 5, rejected: 0, duplicates: 1 },
      { file: 'views_2.csv', encoding: 'utf-8', rows: 5, accepted: 3, rejected: 2, duplicates: 0 },
    ]);
    // Rejections name the part and count rows in it (header = 1); the file is the contract's.
    expect(got.quality.rejected.filter((r) => r.file === 'views.csv').map((r) => [r.part, r.row])).toEqual([['views_2.csv', 5], ['views_2.csv', 6]]);
    expect(clean.quality.rejected.filter((r) => r.file === 'views.csv').map((r) => r.row)).toEqual([11, 12]);
    expect(got.quality.warnings.find((w) => w.kind === 'fileNameVariant' && w.file === 'views.csv')?.message).toContain('分 2 部分导出');
    balanced(got.quality);
  });

  it('观看记录(1).csv + 观看记录（2）.csv, and 评论 (1).csv + 评论 (2).csv: Chinese names, browser and full-width numbering', async () => {
    const dir = copyDataset();
    const [a, b] = split(readFileSync(join(dir, 'views.csv'), 'utf8'), 3);
    rmSync(join(dir, 'views.csv'));
    writeFileSync(join(dir, '观看记录(1).csv'), a);
    writeFileSync(join(dir, '观看记录（2）.csv'), b);
    const [c, d] = split(readFileSync(join(dir, 'comments.csv'), 'utf8'), 2);
    rmSync(join(dir, 'comments.csv'));
    writeFileSync(join(dir, '评论 (1).csv'), c);
    writeFileSync(join(dir, '评论 (2).csv'), d);
    const got = await outputsOf(dir);
    expect(got.people).toBe(clean.people);
    expect(got.quality.blocking).toEqual([]);
    expect(got.quality.files['views.csv'].parts?.map((p) => p.file)).toEqual(['观看记录(1).csv', '观看记录（2）.csv']);
    expect(got.quality.files['comments.csv'].parts?.map((p) => p.file)).toEqual(['评论 (1).csv', '评论 (2).csv']);
    balanced(got.quality);
  });

  it('on two threads too: a paged views export gives the one-file result', async () => {
    const dir = copyDataset();
    const [a, b] = split(readFileSync(join(dir, 'views.csv'), 'utf8'), 6);
    writeFileSync(join(dir, 'views.csv'), a);
    writeFileSync(join(dir, 'views-2.csv'), b);
    const got = await outputsOf(dir, TWO_THREADS);
    expect(got.people).toBe(clean.people);
    expect(got.quality.files['views.csv'].parts).toHaveLength(2);
  });

  it('rejections are listed part after part, each with its own row numbers', async () => {
    const dir = copyDataset();
    const [a, b] = split(readFileSync(join(dir, 'views.csv'), 'utf8'), 10);
    writeFileSync(join(dir, 'views.csv'), a);
    writeFileSync(join(dir, 'views_2.csv'), b);
    const got = await outputsOf(dir);
    expect(got.quality.rejected.filter((r) => r.file === 'views.csv').map((r) => [r.part, r.row, r.column])).toEqual([
      ['views.csv', 11, '人员编号'], ['views_2.csv', 2, '结束时间'],
    ]);
  });

  it('a row repeated on the next page is a duplicate of the later page', async () => {
    const dir = copyDataset();
    const text = readFileSync(join(dir, 'attendance.csv'), 'utf8');
    const [a, b] = split(text, 3);
    writeFileSync(join(dir, 'attendance.csv'), a);
    // The platform's pages overlap by one row: the last row of page 1 again at the top of page 2.
    writeFileSync(join(dir, 'attendance_2.csv'), b.replace('\n', `\n${a.trimEnd().split('\n').at(-1)}\n`));
    const got = await outputsOf(dir);
    expect(got.people).toBe(clean.people);
    expect(got.quality.files['attendance.csv'].parts).toEqual([
      { file: 'attendance.csv', encoding: 'utf-8', rows: 3, accepted: 2, rejected: 0, duplicates: 1 },
      { file: 'attendance_2.csv', encoding: 'utf-8', rows: 5, accepted: 3, rejected: 1, duplicates: 1 },
    ]);
    balanced(got.quality);
  });

  it('a part with another header is not read: blocking, naming the part and both headers', async () => {
    const dir = copyDataset();
    const [a, b] = split(readFileSync(join(dir, 'views.csv'), 'utf8'), 6);
    writeFileSync(join(dir, 'views.csv'), a);
    writeFileSync(join(dir, 'views_2.csv'), b.replace('人员编号,课件编号,开始时间,结束时间', '人员编号,课件编号,开始时间,结束时间,观看时长'));
    const got = await outputsOf(dir);
    expect(codes(got.quality)).toContain('unread-export');
    const b0 = got.quality.blocking.find((x) => x.code === 'unread-export')!;
    expect(b0.file).toBe('views.csv');
    expect(b0.message).toMatch(/“views_2\.csv”是观看记录（views\.csv）分页导出的一部分，但它的表头（.*观看时长）与第一部分“views\.csv”的表头（.*）不同，未读取/);
    expect(got.quality.files['views.csv'].rows).toBe(6);
    balanced(got.quality);
  });

  it('two files for the same page are fatal, naming both', async () => {
    const dir = copyDataset();
    const [a, b] = split(readFileSync(join(dir, 'views.csv'), 'utf8'), 6);
    writeFileSync(join(dir, 'views.csv'), a);
    writeFileSync(join(dir, 'views_2.csv'), b);
    writeFileSync(join(dir, 'views(2).csv'), b);
    const e = await outputsOf(dir).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FatalInputError);
    expect((e as Error).message).toMatch(/的第 2 部分：views\(2\)\.csv、views_2\.csv/);
  });
});

describe('exports in the folder that are not read are blocking, with the fix (docs/gate.md unread-export)', () => {
  it.each([
    ['reviews.csv', 'reviews.et', /WPS 表格文件（\.et）.*另存为/],
    ['reviews.csv', 'reviews.csv.csv', /文件名多了一个扩展名，未读取。请把它改名为 reviews\.csv/],
    ['extensions.csv', 'extensions.xlsb', /Excel 二进制工作簿（\.xlsb）/],
    ['comments.csv', 'Comments.TXT', /文本文件（\.txt）.*改名为 comments\.csv/],
    ['views.csv', '观看记录_3.tsv', /第 3 部分.*制表符分隔文件/],
  ])('%s saved as %s', async (input, saved, message) => {
    const dir = copyDataset();
    renameSync(join(dir, input), join(dir, saved));
    const got = await outputsOf(dir);
    const unread = got.quality.blocking.filter((b) => b.code === 'unread-export');
    expect(unread).toHaveLength(1);
    expect(unread[0].file).toBe(input);
    expect(unread[0].message).toContain(`“${saved}”`);
    expect(unread[0].message).toMatch(message);
  });

  it('点评审推结果.csv, the Chinese name alone, is reviews.csv (read, with a warning)', async () => {
    const dir = copyDataset();
    renameSync(join(dir, 'reviews.csv'), join(dir, '点评审推结果.csv'));
    const got = await outputsOf(dir);
    expect(got.people).toBe(clean.people);
    expect(got.quality.blocking).toEqual([]);
    expect(got.quality.warnings.find((w) => w.kind === 'fileNameVariant')?.message).toContain('点评审推结果.csv');
  });

  it('which names name an input, and which page', () => {
    const page = (n: string) => { const x = namedInput(n); return x && [x.input.name, x.page, x.ext, x.doubled]; };
    expect(page('views_2.csv')).toEqual(['views.csv', 2, 'csv', false]);
    expect(page('Views-2.CSV')).toEqual(['views.csv', 2, 'csv', false]);
    expect(page('views 12.xlsx')).toEqual(['views.csv', 12, 'xlsx', false]);
    expect(page('self-study(3).csv')).toEqual(['self_study.csv', 3, 'csv', false]);
    expect(page('集中学习签到（2）.csv')).toEqual(['attendance.csv', 2, 'csv', false]);
    expect(page('reviews.csv.csv')).toEqual(['reviews.csv', null, 'csv', true]);
    expect(page('views_2019.csv')).toBeNull(); // a year, not a page: its header decides
    expect(page('viewsx.csv')).toBeNull();
    expect(page('views.pdf')).toBeNull();
  });
});

describe('a download that stopped mid-row is truncated, not a short row (docs/gate.md truncated)', () => {
  const cut = (dir: string, file: string, keep: number) => {
    const text = readFileSync(join(dir, file), 'utf8');
    writeFileSync(join(dir, file), text.slice(0, keep));
  };
  it.each([['one thread', ONE_THREAD], ['two threads, chunk by chunk', TWO_THREADS]] as const)('views.csv cut within its last row (%s)', async (_, options) => {
    const dir = copyDataset();
    const text = readFileSync(join(dir, 'views.csv'), 'utf8');
    // Cut 10 characters into row 6 (the fifth data row): fewer cells than the header, no final line break.
    const at = text.split('\n').slice(0, 5).join('\n').length + 1 + 10;
    cut(dir, 'views.csv', at);
    const got = await outputsOf(dir, options);
    const t = got.quality.blocking.filter((b) => b.code === 'truncated');
    expect(t).toEqual([{ code: 'truncated', file: 'views.csv', message: expect.stringMatching(/^views\.csv 在第 6 行中途结束.*下载中断，请重新导出/) }]);
    expect(got.quality.rejected.find((r) => r.file === 'views.csv' && r.row === 6)?.reason).toContain('下载中断');
    expect(got.quality.files['views.csv']).toMatchObject({ rows: 5, accepted: 3, duplicates: 1, rejected: 1 });
  });

  it('comments.csv cut inside a quoted text (an open quote, no final line break)', async () => {
    const dir = copyDataset();
    const text = readFileSync(join(dir, 'comments.csv'), 'utf8');
    cut(dir, 'comments.csv', text.indexOf('多行') + 2);
    const got = await outputsOf(dir);
    expect(got.quality.blocking.map((b) => [b.code, b.file])).toEqual([['truncated', 'comments.csv']]);
    expect(got.quality.blocking[0].message).toContain('第 6 行');
  });

  it('an exporter that never writes a final line break: complete last rows without one are no truncation', async () => {
    const dir = copyDataset();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv'))) writeFileSync(join(dir, f), readFileSync(join(dir, f), 'utf8').trimEnd());
    const got = await outputsOf(dir);
    expect(got.people).toBe(clean.people);
    expect(got.quality.blocking).toEqual([]);
  });

  it('one file alone without a final line break, where every other file ends with one, is named in a warning (a cut inside its last column looks complete), not blocked: the contract\'s truncated is a last row cut short', async () => {
    const dir = copyDataset();
    const text = readFileSync(join(dir, 'comments.csv'), 'utf8');
    // A download that stopped inside P03's first 评论内容: every field there, no open quote.
    writeFileSync(join(dir, 'comments.csv'), text.slice(0, text.indexOf('坚定制度自信')));
    const got = await outputsOf(dir);
    expect(got.quality.blocking).toEqual([]);
    const warning = got.quality.warnings.find((w) => w.kind === 'unterminated');
    expect(warning?.file).toBe('comments.csv');
    expect(warning?.message).toMatch(/^comments\.csv 的末尾没有换行，而本批其他 \d+ 个 CSV 文件都以换行结束/);
    expect(warning?.message).toContain('请核对该文件的最后几行');
    // The same file with its line break (or saved again by Excel, CRLF) says nothing.
    writeFileSync(join(dir, 'comments.csv'), text.replace(/\r?\n/g, '\r\n'));
    expect((await outputsOf(dir)).quality.warnings.filter((w) => w.kind === 'unterminated')).toEqual([]);
  });

  it('views.csv read in chunks by two threads, alone without a final line break: the same warning, nothing blocked', async () => {
    const dir = copyDataset();
    writeFileSync(join(dir, 'views.csv'), readFileSync(join(dir, 'views.csv'), 'utf8').trimEnd());
    const got = await outputsOf(dir, TWO_THREADS);
    expect(got.quality.blocking).toEqual([]);
    expect(got.quality.warnings.filter((w) => w.kind === 'unterminated').map((w) => w.file)).toEqual(['views.csv']);
  });

  it('a workbook has no line breaks: a drop of CSVs and one .xlsx is not blocked for it', async () => {
    const dir = copyDataset();
    const { csvToWorkbook } = await import('../helpers/workbooks.ts');
    await csvToWorkbook(readFileSync(join(dir, 'comments.csv')), join(dir, 'comments.xlsx'));
    rmSync(join(dir, 'comments.csv'));
    const got = await outputsOf(dir);
    expect(got.quality.blocking).toEqual([]);
  });
});

describe('a file with no data row (docs/gate.md empty-file)', () => {
  it.each([
    ['views.csv', '人员编号,课件编号,开始时间,结束时间\r\n'],
    ['attendance.csv', ''],
    ['sessions.csv', '\ufeff场次编号,支部编号,日期,主题\n\n'],
    ['comments.csv', '人员编号,课件编号,评论时间,评论内容\n合计：0 条\n'],
  ])('%s with a header alone (or nothing) is blocking', async (file, content) => {
    const dir = copyDataset();
    writeFileSync(join(dir, file), content);
    const got = await outputsOf(dir);
    const empty = got.quality.blocking.filter((b) => b.code === 'empty-file');
    expect(empty.map((b) => b.file)).toEqual([file]);
    expect(empty[0].message).toMatch(/没有任何数据行.*请从平台重新导出/);
  });

  it('reports.csv empty: blocking once two thirds of the window have passed by asOf, not before', async () => {
    const dir = copyDataset();
    writeFileSync(join(dir, 'reports.csv'), '报告编号,人员编号,类型,标题,提交时间\n');
    writeFileSync(join(dir, 'reviews.csv'), '报告编号,审核时间,结果,点评,评审人\n');
    const late = await outputsOf(dir);
    expect(late.quality.blocking.map((b) => [b.code, b.file])).toEqual([['empty-file', 'reports.csv']]);
    // The window is 13 Jan – 23 Feb (41 days): two thirds have passed on 9 Feb (27.3 days in).
    const early = await outputsOf(dir, { ...ONE_THREAD, asOf: '2020-02-08' });
    expect(early.quality.blocking.filter((b) => b.file === 'reports.csv')).toEqual([]);
  });

  it('self_study, reviews and extensions may be empty', async () => {
    const dir = copyDataset();
    writeFileSync(join(dir, 'self_study.csv'), '人员编号,日期,内容,是否认定\n');
    writeFileSync(join(dir, 'extensions.csv'), '');
    const got = await outputsOf(dir);
    expect(got.quality.blocking).toEqual([]);
  });
});

describe('columns read as meant', () => {
  it('评论内容 beside 评论内容（全文）: fatal, naming both headers', async () => {
    const dir = copyDataset();
    const text = readFileSync(join(dir, 'comments.csv'), 'utf8');
    writeFileSync(join(dir, 'comments.csv'), text.replace('评论内容\n', '评论内容,评论内容（全文）\n'));
    const e = await outputsOf(dir).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FatalInputError);
    expect((e as Error).message).toMatch(/^comments\.csv：表头“评论内容”和“评论内容（全文）”都是“评论内容”列/);
  });

  it('时长(秒) beside 时长（分钟）: minutes are read, seconds listed as ignored', async () => {
    const dir = copyDataset();
    writeFileSync(join(dir, 'courses.csv'), '课件编号,课件名称,时长(秒),时长（分钟）,是否必修\nC1,四中全会精神解读,1800,30,是\nC2,学习纲要导读,1200,20,是\nC3,选修：白皮书,600,10,否\n');
    const got = await outputsOf(dir);
    expect(got.people).toBe(clean.people);
    expect(got.quality.warnings.find((w) => w.kind === 'ignoredColumns' && w.file === 'courses.csv')?.message).toContain('时长(秒)（以秒计；时长按“时长（分钟）”列读取）');
  });

  it.each([
    ['courses.csv', '是否必修', '课程类型', (v: string) => (v === '是' ? '必修' : '选修')],
    ['self_study.csv', '是否认定', '认定状态', (v: string) => (v === '否' ? '未认定' : '已认定')],
  ])('%s: %s under another header (%s) holding its words is implausible-value, naming both', async (file, header, other, word) => {
    const dir = copyDataset();
    const lines = readFileSync(join(dir, file), 'utf8').trimEnd().split('\n');
    const rows = lines.slice(1).map((l) => { const cells = l.split(','); cells[cells.length - 1] = word(cells[cells.length - 1]); return cells.join(','); });
    writeFileSync(join(dir, file), [lines[0].replace(header, other), ...rows].join('\n') + '\n');
    const got = await outputsOf(dir);
    const b = got.quality.blocking.filter((x) => x.code === 'implausible-value');
    expect(b).toEqual([{ code: 'implausible-value', file, message: expect.stringContaining(`请把表头“${other}”改为“${header}”`) }]);
    // Under the contract's header the same words are read (必修 is 是, 未认定 is 否).
    writeFileSync(join(dir, file), [lines[0], ...rows].join('\n') + '\n');
    const fixed = await outputsOf(dir);
    expect(fixed.people).toBe(clean.people);
    expect(fixed.quality.blocking).toEqual([]);
  });

  it('认定状态 holding 是/否 (its header shares 认定 with 是否认定) is implausible-value too', async () => {
    const dir = copyDataset();
    const text = readFileSync(join(dir, 'self_study.csv'), 'utf8');
    writeFileSync(join(dir, 'self_study.csv'), text.replace('是否认定', '认定状态'));
    const got = await outputsOf(dir);
    expect(got.quality.blocking.map((b) => [b.code, b.file])).toEqual([['implausible-value', 'self_study.csv']]);
    expect(got.quality.blocking[0].message).toContain('请把表头“认定状态”改为“是否认定”');
  });

  it("extensions.csv: 支部编号 under another header (所在支部), a row naming its branch only there, is implausible-value naming both headers and the row", async () => {
    const dir = copyDataset();
    const text = readFileSync(join(dir, 'extensions.csv'), 'utf8');
    writeFileSync(join(dir, 'extensions.csv'), text.replace('支部编号', '所在支部'));
    const got = await outputsOf(dir);
    expect(got.quality.blocking.map((b) => [b.code, b.file])).toEqual([['implausible-value', 'extensions.csv']]);
    const message = got.quality.blocking[0].message;
    expect(message).toContain('“所在支部”列填的是 branches.csv 中的支部编号（如“B2”、“B1”）');
    expect(message).toContain('第 2 行只在这一列填了编号');
    expect(message).toContain('请把表头“所在支部”改为“支部编号”');
  });

  it('extensions.csv: a branch column beside a filled 人员编号 in every row (the person\'s branch, for information) is no unread 支部编号', async () => {
    const dir = copyDataset();
    writeFileSync(join(dir, 'extensions.csv'), '人员编号,所在支部,延至,批准日期\nP04,B2,2020-04-30,2020-02-20\nP01,B1,2020-03-01,\n');
    const got = await outputsOf(dir);
    expect(got.quality.blocking).toEqual([]);
    expect(got.quality.warnings.find((w) => w.kind === 'ignoredColumns' && w.file === 'extensions.csv')?.message).toContain('所在支部');
  });

  it('extensions.csv: an unknown column of other words (备注) in rows naming nobody is not taken for 支部编号', async () => {
    const dir = copyDataset();
    writeFileSync(join(dir, 'extensions.csv'), '备注,人员编号,延至,批准日期\n机关第二支部,,2020-03-10,2020-02-20\n,P04,2020-04-30,2020-02-20\n');
    const got = await outputsOf(dir);
    expect(got.quality.blocking.filter((b) => b.code === 'implausible-value')).toEqual([]);
  });

  it('an extra 是/否 column is not mistaken for a missing column (no field word in it, an unrelated header)', async () => {
    const dir = copyDataset();
    const lines = readFileSync(join(dir, 'roster.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'roster.csv'), lines.map((l, i) => `${l},${i === 0 ? '是否少数民族' : i % 2 ? '是' : '否'}`).join('\n') + '\n');
    const got = await outputsOf(dir);
    expect(got.quality.blocking).toEqual([]);
  });

  it('a zero-width space (or word joiner) after ids no longer rejects rows', async () => {
    const dir = copyDataset();
    for (const f of ['views.csv', 'attendance.csv']) {
      const text = readFileSync(join(dir, f), 'utf8');
      writeFileSync(join(dir, f), text.replace(/P0(\d)/g, (m) => `${m}\u200b`).replace(/S(\d)/g, (m) => `${m}\u2060`));
    }
    const got = await outputsOf(dir);
    expect(got.people).toBe(clean.people);
    expect(got.quality.rejected).toEqual(clean.quality.rejected);
  });
});
