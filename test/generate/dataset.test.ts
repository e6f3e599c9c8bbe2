import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../pipeline/contract/fields.ts';
import { INPUT_FILES, rosterFile, viewsFile } from '../../pipeline/contract/inputs.ts';
import { PeriodSchema } from '../../pipeline/contract/period.ts';
import { parseDay, parseInstant, startOfDay } from '../../pipeline/contract/calendar.ts';
import { type GenerateOptions, generateDataset } from '../../generate/dataset.ts';
import { memoryOutput } from '../../generate/output.ts';
import { invalidRows, missingColumns, readAll, type Table } from './read-dataset.ts';

const OPTIONS: GenerateOptions = { people: 600, units: 12, seed: 2020, segments: 40 };

function generate(options: GenerateOptions): Map<string, Uint8Array> {
  const { open, files } = memoryOutput();
  generateDataset(options, open);
  return files;
}

let files: Map<string, Uint8Array>;
let tables: Map<string, Table>;
const table = (name: string) => tables.get(name) as Table;

beforeAll(() => {
  files = generate(OPTIONS);
  tables = readAll(files);
});

describe('determinism', () => {
  it('the same options give byte-identical files', () => {
    const again = generate(OPTIONS);
    expect([...again.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [name, bytes] of files) expect(Buffer.compare(Buffer.from(again.get(name) as Uint8Array), Buffer.from(bytes)), name).toBe(0);
  });

  it('another seed gives other people and other viewing', () => {
    const other = generate({ ...OPTIONS, seed: 2021 });
    for (const name of ['roster.csv', 'views.csv', 'comments.csv', 'reports.csv']) {
      expect(Buffer.compare(Buffer.from(other.get(name) as Uint8Array), Buffer.from(files.get(name) as Uint8Array)), name).not.toBe(0);
    }
  });
});

describe('dataset folder', () => {
  it('has period.json, the contract (docs/) example, valid under PeriodSchema', () => {
    const period = JSON.parse(new TextDecoder().decode(files.get('period.json')));
    const parsed = PeriodSchema.safeParse(period);
    expect(parsed.success).toBe(true);
    expect(period).toMatchObject({ id: '2020-01', window: { start: '2020-01-13', end: '2020-02-23' }, asOf: '2020-02-24', registrationDeadline: '2020-01-23' });
  });

  it('has every input file, each with the columns inputs.ts requires (Chinese or English headers)', () => {
    for (const f of INPUT_FILES) {
      expect(files.has(f.name), f.name).toBe(true);
      expect(missingColumns(f, table(f.name).header), f.name).toEqual([]);
    }
  });

  it('saves files the way their sources do: GB18030 + CRLF from Excel, UTF-8 with and without BOM', () => {
    expect(table('roster.csv').encoding).toBe('gb18030');
    expect(table('sessions.csv').encoding).toBe('gb18030');
    expect(table('comments.csv').encoding).toBe('utf-8-bom');
    expect(table('views.csv').encoding).toBe('utf-8');
    const roster = files.get('roster.csv') as Uint8Array;
    expect(Buffer.from(roster).includes('\r\n')).toBe(true);
    expect(Buffer.from(files.get('views.csv') as Uint8Array).includes('\r')).toBe(false);
    expect(table('views.csv').header).toEqual(viewsFile.columns.map((c) => c.en));
  });

  it('gives the roster ID-card and phone columns with plausible values (the pipeline must drop them)', () => {
    const { header, rows } = table('roster.csv');
    expect(header).toContain('身份证号');
    expect(header).toContain('手机号');
    const valid = rows.filter((r) => /^6528\d{13}[\dX]$/.test(r['身份证号']) && /^1[3-9]\d{9}$/.test(r['手机号']));
    expect(valid.length).toBe(rows.length);
  });

  it('holds fields that need CSV quoting: commas, quotes and line breaks', () => {
    const cells = [...tables.values()].flatMap((t) => t.rows.flatMap((r) => Object.values(r)));
    expect(cells.some((c) => c.includes('\n'))).toBe(true);
    expect(cells.some((c) => c.includes('"'))).toBe(true);
    expect(cells.some((c) => c.includes(','))).toBe(true);
  });
});

describe('realism', () => {
  const nonMemberWords = new Set<string>(['党外干部', ...CATEGORIES.党外干部]);

  it('has about 10 % 党外干部, some spelled with aliases', () => {
    const categories = table('roster.csv').rows.map((r) => r['人员类别']);
    const share = categories.filter((c) => nonMemberWords.has(c)).length / categories.length;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.15);
    expect(categories.some((c) => c === '中共党员' || c === '预备党员')).toBe(true);
    expect(categories.some((c) => c === '群众' || c === '无党派人士')).toBe(true);
  });

  it('has Han, Uyghur and Mongol names, and about 5 % leaders who passed the party school', () => {
    const rows = table('roster.csv').rows;
    const dotted = rows.filter((r) => r['姓名'].includes('·')).length / rows.length;
    expect(dotted).toBeGreaterThan(0.25);
    expect(dotted).toBeLessThan(0.6);
    const passed = rows.filter((r) => r['党校培训合格'] === '是');
    expect(passed.length / rows.length).toBeGreaterThan(0.02);
    expect(passed.length / rows.length).toBeLessThan(0.09);
    expect(passed.every((r) => r['职务'].includes('县级'))).toBe(true);
  });

  it('registers some people after the deadline, and leaves one unit without anyone (coverage gap)', () => {
    const deadline = parseDay('2020-01-23') as number;
    const late = table('roster.csv').rows.filter((r) => {
      const d = parseDay(r['注册日期'].normalize('NFKC'));
      return typeof d === 'number' && d > deadline;
    });
    expect(late.length).toBeGreaterThan(0);
    const branchUnit = new Map(table('branches.csv').rows.map((b) => [b['支部编号'], b['单位编号']]));
    const staffed = new Set(table('roster.csv').rows.map((r) => branchUnit.get(r['支部编号'])));
    const empty = table('units.csv').rows.filter((u) => !staffed.has(u['单位编号']));
    expect(new Set(empty.map((u) => u['单位编号'])).size).toBe(1);
  });

  it('logs about `segments` heartbeat segments per person, a few outside the window, one exact duplicate', () => {
    const views = table('views.csv').rows;
    const perPerson = views.length / OPTIONS.people;
    expect(perPerson).toBeGreaterThan((OPTIONS.segments as number) * 0.8);
    expect(perPerson).toBeLessThan((OPTIONS.segments as number) * 1.25);
    const start = startOfDay(parseDay('2020-01-13') as number);
    const afterAsOf = startOfDay((parseDay('2020-02-24') as number) + 1);
    const times = views.map((v) => parseInstant(v['开始时间'])).filter((t): t is number => typeof t === 'number');
    const outside = times.filter((t) => t < start || t >= afterAsOf).length;
    expect(outside).toBeGreaterThan(0);
    expect(outside / views.length).toBeLessThan(0.02);
    const lines = views.map((v) => Object.values(v).join(','));
    expect(new Set(lines).size).toBeLessThan(lines.length);
  });

  it('has sessions in most but not all branches, and sign-ins at other branches', () => {
    const sessions = table('sessions.csv').rows;
    const held = new Set(sessions.map((s) => s['支部编号']));
    const branches = table('branches.csv').rows.map((b) => b['支部编号']);
    expect(branches.filter((b) => held.has(b)).length / branches.length).toBeGreaterThan(0.7);
    expect(branches.some((b) => !held.has(b))).toBe(true);
    const sessionBranch = new Map(sessions.map((s) => [s['场次编号'], s['支部编号']]));
    const personBranch = new Map(table('roster.csv').rows.map((r) => [r['人员编号'], r['支部编号']]));
    const visits = table('attendance.csv').rows.filter((a) => sessionBranch.has(a['场次编号']) && personBranch.has(a['人员编号']) && sessionBranch.get(a['场次编号']) !== personBranch.get(a['人员编号']));
    expect(visits.length).toBeGreaterThan(0);
  });

  it('has short comments, all three verdicts, unconfirmed self-study and an extension beyond the limit', () => {
    const texts = table('comments.csv').rows.map((c) => [...c['评论内容'].trim()].length);
    const short = texts.filter((n) => n > 0 && n < 10).length;
    expect(short).toBeGreaterThan(0);
    expect(short / texts.length).toBeLessThan(0.2);
    for (const v of ['通过', '推荐', '退回']) expect(table('reviews.csv').rows.some((r) => r['结果'] === v), v).toBe(true);
    expect(table('self_study.csv').rows.some((r) => r['是否认定'] === '否')).toBe(true);
    const limit = parseDay('2020-03-23') as number;
    expect(table('extensions.csv').rows.some((r) => (parseDay(r['延至'].normalize('NFKC')) as number) > limit)).toBe(true);
  });

  it('breaks only a handful of rows per file, but several files have some', () => {
    let filesWithBroken = 0;
    for (const f of INPUT_FILES) {
      const bad = invalidRows(f, table(f.name));
      expect(bad.length, f.name).toBeLessThanOrEqual(6);
      if (bad.length > 0) filesWithBroken++;
    }
    expect(filesWithBroken).toBeGreaterThanOrEqual(6);
    const ids = table('roster.csv').rows.map((r) => r['人员编号']);
    expect(new Set(ids).size).toBe(ids.length - 1);
    expect(invalidRows(rosterFile, table('roster.csv')).some((r) => r['注册日期'] === '2020-02-30')).toBe(true);
  });
});

describe('province shape (--shape province)', () => {
  it('units of ~69 people and branches of ~17, as a province has them (2,900 units at 200,000)', async () => {
    const { PROVINCE_SHAPE, provinceUnitCount } = await import('../../generate/dataset.ts');
    expect(provinceUnitCount(200_000)).toBeGreaterThanOrEqual(2_850);
    expect(provinceUnitCount(200_000)).toBeLessThanOrEqual(2_950);
    const people = 6_900;
    const t = readAll(generate({ people, units: provinceUnitCount(people), branchSize: PROVINCE_SHAPE.branchSize, seed: 7, segments: 2 }));
    const units = (t.get('units.csv') as Table).rows.length - 1;   // one appended duplicate row (broken data)
    const branches = (t.get('branches.csv') as Table).rows.length;
    expect(units).toBeGreaterThanOrEqual(99);
    expect(units).toBeLessThanOrEqual(101);
    expect(people / branches).toBeGreaterThan(15);
    expect(people / branches).toBeLessThan(20);
  });
});
