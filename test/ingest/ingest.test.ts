import { describe, expect, it } from 'vitest';
import { ingestDataset } from '../../pipeline/ingest/dataset.ts';
import { FatalInputError } from '../../pipeline/ingest/errors.ts';
import { QUALITY_FILE_ORDER } from '../../pipeline/run.ts';
import { encodeGb18030 } from '../../generate/gb18030.ts';
import { BASE_FILES, writeDataset } from '../helpers/files.ts';

const BOM = '\ufeff';
const ingest = (files: Parameters<typeof writeDataset>[0], period?: object) => ingestDataset(writeDataset(files, period));
const rejected = async (files: Parameters<typeof writeDataset>[0]) => (await ingest(files)).qualityTally.rejected;

describe('encodings', () => {
  it('reads GB18030 (Excel on Chinese Windows) and UTF-8 with and without BOM alike', async () => {
    const gb = await ingest({ 'roster.csv': encodeGb18030(BASE_FILES['roster.csv'].replace(/\n/g, '\r\n')) });
    const bom = await ingest({ 'roster.csv': BOM + BASE_FILES['roster.csv'] });
    const plain = await ingest({});
    for (const r of [gb, bom, plain]) expect(r.dataset.people.map((p) => p.person.name)).toEqual(['王芳', '巴图·孟和']);
    expect(gb.qualityTally.file('roster.csv').encoding).toBe('gb18030');
    expect(bom.qualityTally.file('roster.csv').encoding).toBe('utf-8');
  });
  it('a GB18030 file behind a stray UTF-8 BOM is still read as GB18030', async () => {
    const bytes = encodeGb18030(BASE_FILES['roster.csv']);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    const r = await ingest({ 'roster.csv': withBom });
    expect(r.qualityTally.file('roster.csv').encoding).toBe('gb18030');
    expect(r.dataset.people[0].person.name).toBe('王芳');
  });
  it('--encoding overrides detection for every file', async () => {
    const gb = Object.fromEntries(Object.entries(BASE_FILES).map(([k, v]) => [k, encodeGb18030(v)]));
    const r = await ingestDataset(writeDataset(gb), { encoding: 'gb18030' });
    expect(r.dataset.people).toHaveLength(2);
    // Forcing the wrong one garbles the headers: the fatal message says which encoding was forced.
    await expect(ingestDataset(writeDataset({}), { encoding: 'gb18030' })).rejects.toThrow(/--encoding gb18030/);
  });
});

describe('CSV shapes', () => {
  it('multi-line quoted fields keep Excel row numbers right (header = row 1)', async () => {
    const comments = '人员编号,课件编号,评论时间,评论内容\nP01,C1,2020-01-14 10:00,"第一行\n第二行,有逗号和""引号"""\nP09,C1,2020-01-14 10:00,未知人员\n';
    const r = await ingest({ 'comments.csv': comments });
    expect(r.qualityTally.rejected).toEqual([{ file: 'comments.csv', row: 3, column: '人员编号', reason: '人员编号“P09”不在 roster.csv 中' }]);
    expect(r.dataset.people[0].comments[0].chars).toBe('第一行\n第二行,有逗号和"引号"'.length);
  });
  it('CRLF, LF and mixed line endings read alike', async () => {
    const views = ['人员编号,课件编号,开始时间,结束时间', 'P01,C1,2020-01-14 09:00:00,2020-01-14 09:10:00', 'P01,C1,2020-01-14 10:00:00,2020-01-14 10:10:00', 'P02,C1,2020-01-14 10:00:00,2020-01-14 10:10:00'];
    const mixed = views[0] + '\r\n' + views[1] + '\n' + views[2] + '\r\n' + views[3] + '\r\n';
    const r = await ingest({ 'views.csv': mixed });
    expect(r.qualityTally.file('views.csv')).toMatchObject({ rows: 3, accepted: 3, rejected: 0 });
  });
  it('English alias headers, full-width brackets, stray spaces and extra columns are accepted', async () => {
    const r = await ingest({
      'courses.csv': ' course_id ,TITLE, 时长（分钟） ,是否必修,备注\nC1,解读,30,,内部\n',
      'roster.csv': 'person_id,name,branch_id,category,身份证号,手机号\nP01,王芳,B1,党员,650101199001011234,13800000000\n',
    });
    expect(r.dataset.courses[0]).toMatchObject({ courseId: 'C1', durationSec: 1800, required: true });
    expect(JSON.stringify(r.dataset.people)).not.toContain('13800000000');
    expect(JSON.stringify(r.dataset.people)).not.toContain('650101199001011234');
    expect(r.qualityTally.warnings.some((w) => w.kind === 'ignoredColumns' && w.message.includes('身份证号'))).toBe(true);
  });
  it('a tab-separated export is read', async () => {
    const r = await ingest({ 'units.csv': '单位编号\t单位名称\nU1\t州财政局\nU2\t州教育局\n' });
    expect(r.dataset.units.map((u) => u.unitName)).toEqual(['州财政局', '州教育局']);
  });
  it('ids differing only by full-width characters or spaces are the same id', async () => {
    const r = await ingest({ 'attendance.csv': '场次编号,人员编号\nS1,Ｐ０１\nS1, P01 \n', 'sessions.csv': '场次编号,支部编号,日期\nS1,B1,2020-01-20\n' });
    expect(r.qualityTally.file('attendance.csv')).toMatchObject({ rows: 2, accepted: 1, duplicates: 1 });
  });
  it('a row with more non-empty cells than headers is rejected; trailing empty cells are fine', async () => {
    const rej = await rejected({ 'units.csv': '单位编号,单位名称\nU1,州财政局,\nU2,州教育局,多余\n' });
    expect(rej).toHaveLength(1);
    expect(rej[0]).toMatchObject({ file: 'units.csv', row: 3 });
    expect(rej[0].reason).toContain('比表头多');
  });
  it('an unterminated quote rejects its row, not the run', async () => {
    const r = await ingest({ 'units.csv': '单位编号,单位名称\nU1,州财政局\nU2,"州教育局\n' });
    expect(r.qualityTally.file('units.csv')).toMatchObject({ rows: 2, accepted: 1, rejected: 1 });
    expect(r.qualityTally.rejected[0].reason).toContain('引号');
  });
});

describe('rejections name file, Excel row, column and reason', () => {
  it('bad dates and datetimes', async () => {
    const rej = await rejected({ 'views.csv': '人员编号,课件编号,开始时间,结束时间\nP01,C1,2020-02-30 09:00:00,2020-02-30 09:10:00\nP01,C1,2020-01-14 24:00,2020-01-14 24:10\n' });
    expect(rej.map((r) => [r.row, r.column])).toEqual([[2, '开始时间'], [3, '开始时间']]);
    expect(rej[0].reason).toContain('2020年2月没有30日');
  });
  it('a view that ends before it starts, or lasts over 24 h', async () => {
    const rej = await rejected({ 'views.csv': '人员编号,课件编号,开始时间,结束时间\nP01,C1,2020-01-14 09:00:00,2020-01-14 08:00:00\nP01,C1,2020-01-14 09:00:00,2020-01-15 10:00:00\n' });
    expect(rej.map((r) => r.reason)).toEqual(['结束时间不晚于开始时间', '单次观看超过 24 小时']);
  });
  it('unknown ids: person, course, session, report, branch, unit', async () => {
    const rej = await rejected({
      'branches.csv': '支部编号,支部名称,单位编号\nB1,机关党支部,U1\nB2,孤儿支部,U9\n',
      'views.csv': '人员编号,课件编号,开始时间,结束时间\nP09,C1,2020-01-14 09:00:00,2020-01-14 09:10:00\nP01,C9,2020-01-14 09:00:00,2020-01-14 09:10:00\n',
      'attendance.csv': '场次编号,人员编号\nS9,P01\n',
      'reviews.csv': '报告编号,审核时间,结果\nR9,2020-02-01 09:00:00,通过\n',
    });
    // The ledger lists them in reading order; quality.json sorts them by file (docs/ order), then row.
    const order = (f: string) => QUALITY_FILE_ORDER.indexOf(f);
    expect(rej.map((r) => `${r.file}:${r.row}:${r.column}`).sort((a, b) => order(a.split(':')[0]) - order(b.split(':')[0]))).toEqual([
      'branches.csv:3:单位编号', 'views.csv:2:人员编号', 'views.csv:3:课件编号', 'attendance.csv:2:场次编号', 'reviews.csv:2:报告编号',
    ]);
  });
  it('a second row with an existing key is rejected (重复编号) and the first kept', async () => {
    const r = await ingest({ 'roster.csv': '人员编号,姓名,支部编号,人员类别\nP01,王芳,B1,党员\nP01,李四,B1,党员\n' });
    expect(r.dataset.people.map((p) => p.person.name)).toEqual(['王芳']);
    expect(r.qualityTally.rejected[0]).toMatchObject({ file: 'roster.csv', row: 3, column: '人员编号' });
    expect(r.qualityTally.rejected[0].reason).toContain('重复编号');
  });
  it('empty required cells and bad enumerations', async () => {
    const rej = await rejected({ 'roster.csv': '人员编号,姓名,支部编号,人员类别\nP01,,B1,党员\nP02,李四,B1,团员\n' });
    expect(rej.map((r) => [r.row, r.column])).toEqual([[2, '姓名'], [3, '人员类别']]);
  });
});

describe('accounting: rows = accepted + rejected + duplicates', () => {
  it('holds for every file, with exact duplicates of event rows counted once', async () => {
    const v = 'P01,C1,2020-01-14 09:00:00,2020-01-14 09:10:00';
    const r = await ingest({
      'views.csv': `人员编号,课件编号,开始时间,结束时间\n${v}\n${v}\n${v.replace('2020-01-14 09:00:00', '2020/1/14 9:00')}\nP09,C1,2020-01-14 09:00:00,2020-01-14 09:10:00\n`,
      'self_study.csv': '人员编号,日期,内容,是否认定\nP01,2020-01-20,自学,是\nP01,2020-01-20,自学,是\nP01,2020-01-20,自学,\n',
    });
    // The reformatted row has the same values: it is a duplicate too.
    expect(r.qualityTally.file('views.csv')).toMatchObject({ rows: 4, accepted: 1, rejected: 1, duplicates: 2 });
    expect(r.qualityTally.file('self_study.csv')).toMatchObject({ rows: 3, accepted: 1, duplicates: 2 });
    for (const [, t] of r.qualityTally.files) expect(t.rows).toBe(t.accepted + t.rejected + t.duplicates);
  });
  it('comments, reviews and attendance: only rows equal in every kept value are duplicates, the first one stays', async () => {
    const r = await ingest({
      'comments.csv': '人员编号,课件编号,评论时间,评论内容\n' + [
        'P01,C1,2020-01-14 09:00:00,学习体会一', 'P02,C1,2020-01-14 09:00:00,学习体会一', 'P01,C1,2020-01-14 09:00:00, 学习体会一 ',
        'P01,C1,2020-01-14 09:00:00,学习体会二', 'P01,C1,2020-01-14 09:00:01,学习体会一', 'P01,C1,2020/1/14 9:00,学习体会一',
      ].join('\n') + '\n',
      'reports.csv': '报告编号,人员编号,类型,标题,提交时间\nR1,P01,党费日+报告,体会,2020-01-20 09:00:00\n',
      'reviews.csv': '报告编号,审核时间,结果,点评,评审人\n' + [
        'R1,2020-01-21 09:00:00,通过,好,张', 'R1,2020-01-21 09:00:00,退回,好,张', 'R1,2020-01-21 09:00:00,通过,好,张',
        'R1,2020-01-21 09:00:00,通过,好,李', 'R1,2020-01-21 09:00:00,通过,很好,张',
      ].join('\n') + '\n',
      'sessions.csv': '场次编号,支部编号,日期,主题\nS1,B1,2020-01-18,学习\nS2,B1,2020-01-25,学习\n',
      'attendance.csv': '场次编号,人员编号\nS1,P01\nS2,P01\nS1,P02\nS1,P01\nS2,P01\n',
    });
    // Trimmed text and a reformatted time are the same values.
    expect(r.qualityTally.file('comments.csv')).toMatchObject({ rows: 6, accepted: 4, duplicates: 2 });
    expect(r.dataset.people[0].comments.map((c) => [c.at % 60, c.chars])).toEqual([[0, 5], [0, 5], [1, 5]]);
    expect(r.qualityTally.file('reviews.csv')).toMatchObject({ rows: 5, accepted: 4, duplicates: 1 });
    expect(r.dataset.people[0].reports[0].reviews.map((v) => [v.row, v.verdict])).toEqual([[2, '通过'], [3, '退回'], [5, '通过'], [6, '通过']]);
    expect(r.qualityTally.file('attendance.csv')).toMatchObject({ rows: 5, accepted: 3, duplicates: 2 });
    expect(r.dataset.people.map((p) => p.attendance)).toEqual([[0, 1], [0]]);
  });
  it('absent optional files are listed as not present, with zero rows', async () => {
    const r = await ingest({});
    expect(r.qualityTally.file('views.csv')).toMatchObject({ present: false, encoding: null, rows: 0 });
  });
});

describe('fatal input', () => {
  it('a missing required file', async () => {
    await expect(ingest({ 'courses.csv': null })).rejects.toThrow(/courses\.csv：缺少必需文件/);
  });
  it('a missing required column names the file, the column and the headers found', async () => {
    const err = await ingest({ 'units.csv': '编号,单位名称\nU1,州财政局\n' }).catch((e) => e);
    expect(err).toBeInstanceOf(FatalInputError);
    expect(err.message).toContain('units.csv');
    expect(err.message).toContain('“单位编号”');
    expect(err.message).toContain('找到的表头：“编号”、“单位名称”');
  });
  it('a missing required column in an optional file is fatal too', async () => {
    await expect(ingest({ 'views.csv': '人员编号,课件编号,开始时间\nP01,C1,2020-01-14 09:00:00\n' })).rejects.toThrow(/views\.csv：缺少必需列 “结束时间”/);
  });
  it('an invalid period.json names the field', async () => {
    const { PERIOD } = await import('../helpers/model.ts');
    await expect(ingest({}, { ...PERIOD, online: { ...PERIOD.online, watchRatio: 1.5 } })).rejects.toThrow(/period\.json：.*online\.watchRatio/);
    await expect(ingest({}, { ...PERIOD, extra: 1 })).rejects.toThrow(/未知字段 extra/);
  });
  it('an .xlsx saved as .csv gets a message telling to save as CSV', async () => {
    await expect(ingest({ 'units.csv': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) })).rejects.toThrow(/另存为/);
  });
});
