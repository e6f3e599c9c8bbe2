/**
 * Successive drops from the generator (docs/drops.md): a period's drops are true snapshots of one
 * played-out world — a later drop holds every row of an earlier one, in the same order, plus
 * what happened since — and the next period of the year repeats most people, with the turnover
 * the year's ledger must follow.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { dayOfInstant, parseDay, parseInstant } from '../../pipeline/contract/calendar.ts';
import { PeriodSchema } from '../../pipeline/contract/period.ts';
import { type GenerateOptions, generateDataset } from '../../generate/dataset.ts';
import { generateRoot, type RootPlan, turnoverOf } from '../../generate/drops.ts';
import { memoryOutput } from '../../generate/output.ts';
import { readAll, type Table } from './read-dataset.ts';

const OPTIONS: GenerateOptions = { people: 300, units: 6, seed: 7, segments: 20 };
const PLAN: RootPlan = {
  first: [{ asOf: '2020-02-14' }, { asOf: '2020-01-31' }, { asOf: '2020-02-24', folder: 'sample' }],
  second: [{ asOf: '2020-05-15' }, { asOf: '2020-05-22' }],
};
const FOLDERS = ['2020-01/2020-01-31', '2020-01/2020-02-14', 'sample', '2020-02/2020-05-15', '2020-02/2020-05-22'];

function generate(options: GenerateOptions, plan: RootPlan): Map<string, Map<string, Uint8Array>> {
  const drops = new Map<string, Map<string, Uint8Array>>();
  generateRoot(options, plan, (folder) => {
    const { open, files } = memoryOutput();
    drops.set(folder, files);
    return open;
  });
  return drops;
}

let root: Map<string, Map<string, Uint8Array>>;
const tables = new Map<string, Map<string, Table>>();
const table = (folder: string, file: string) => tables.get(folder)?.get(file) as Table;
const period = (folder: string) => PeriodSchema.parse(JSON.parse(new TextDecoder().decode(root.get(folder)?.get('period.json'))));
const day = (text: string) => parseDay(text) as number;

beforeAll(() => {
  root = generate(OPTIONS, PLAN);
  for (const [folder, files] of root) tables.set(folder, readAll(files));
});

describe('a data root of drops', () => {
  it('writes each drop in <period>/<asOf> (or the folder given), in period and asOf order', () => {
    expect([...root.keys()]).toEqual(FOLDERS);
    expect(FOLDERS.map((f) => [period(f).id, period(f).asOf])).toEqual([
      ['2020-01', '2020-01-31'], ['2020-01', '2020-02-14'], ['2020-01', '2020-02-24'], ['2020-02', '2020-05-15'], ['2020-02', '2020-05-22'],
    ]);
  });

  it('is byte-identical when generated again', () => {
    const again = generate(OPTIONS, PLAN);
    for (const [folder, files] of root) {
      for (const [name, bytes] of files) {
        expect(Buffer.compare(Buffer.from(again.get(folder)?.get(name) as Uint8Array), Buffer.from(bytes)), `${folder}/${name}`).toBe(0);
      }
    }
  });

  it("the drop on the period's own asOf is the single dataset, byte for byte", () => {
    const { open, files } = memoryOutput();
    generateDataset(OPTIONS, open);
    for (const [name, bytes] of files) expect(Buffer.compare(Buffer.from(root.get('sample')?.get(name) as Uint8Array), Buffer.from(bytes)), name).toBe(0);
  });

  it('the second period is another period of the same year, 32 学时 a year, later window, its own notice words', () => {
    const first = period('sample');
    const second = period('2020-02/2020-05-22');
    expect(second.id).not.toBe(first.id);
    expect(second.title).not.toBe(first.title);
    expect(second.year).toBe(2020);
    expect(second.annualRequiredHours).toBe(32);
    expect(second.window.start > first.window.end).toBe(true);
    expect(second.notice?.evaluation).toContain('第二季度');
  });

  it('refuses a drop outside its period, two drops on one day, and two drops in one folder', () => {
    expect(() => generate(OPTIONS, { first: [{ asOf: '2020-03-01' }], second: [] })).toThrow(/outside period 2020-01/);
    expect(() => generate(OPTIONS, { first: [{ asOf: '2020-02-01' }, { asOf: '2020-02-01', folder: 'x' }], second: [] })).toThrow(/two drops on 2020-02-01/);
    expect(() => generate(OPTIONS, { first: [{ asOf: '2020-02-01', folder: 'x' }, { asOf: '2020-02-02', folder: 'x' }], second: [] })).toThrow(/same folder x/);
    expect(() => generate(OPTIONS, { first: [{ asOf: '2020-02-30' }], second: [] })).toThrow(/not a day/);
  });
});

/** Is `small` a subsequence of `big` (rows as joined cells)? */
function isSubsequence(small: readonly string[], big: readonly string[]): boolean {
  let j = 0;
  for (const row of small) {
    while (j < big.length && big[j] !== row) j++;
    if (j === big.length) return false;
    j++;
  }
  return true;
}
const rowsOf = (t: Table) => t.rows.map((r) => JSON.stringify(Object.values(r)));

describe('successive drops are true snapshots', () => {
  const pairs = [['2020-01/2020-01-31', '2020-01/2020-02-14'], ['2020-01/2020-02-14', 'sample'], ['2020-02/2020-05-15', '2020-02/2020-05-22']];
  it.each(pairs)('every row of %s is in %s, in the same order', (earlier, later) => {
    for (const file of [...(tables.get(later)?.keys() ?? [])]) {
      const a = table(earlier, file);
      const b = table(later, file);
      expect(a, `${earlier}/${file}`).toBeDefined();
      expect(isSubsequence(rowsOf(a), rowsOf(b)), `${earlier}/${file} ⊆ ${later}/${file}`).toBe(true);
    }
  });

  it.each(pairs)('%s → %s: what happened since arrives — more views, comments, reports, sign-ins', (earlier, later) => {
    for (const file of ['views.csv', 'comments.csv', 'reports.csv', 'attendance.csv', 'reviews.csv']) {
      expect(table(later, file).rows.length, file).toBeGreaterThan(table(earlier, file).rows.length);
    }
  });

  it("a cut drop holds nothing dated after its asOf (registrations, sessions, self-study, views, comments, reports, reviews, approvals)", () => {
    for (const folder of ['2020-01/2020-01-31', '2020-01/2020-02-14', '2020-02/2020-05-15', '2020-02/2020-05-22']) {
      const asOf = day(period(folder).asOf as string);
      const days = (file: string, column: string, instant: boolean) =>
        table(folder, file).rows.map((r) => r[column].normalize('NFKC').trim()).filter((v) => v !== '')
          .map((v) => (instant ? parseInstant(v) : parseDay(v))).filter((v): v is number => typeof v === 'number')
          .map((v) => (instant ? dayOfInstant(v) : v));
      const checks: [string, string, boolean][] = [
        ['roster.csv', '注册日期', false], ['sessions.csv', '日期', false], ['self_study.csv', '日期', false],
        ['views.csv', '结束时间', true], ['comments.csv', '评论时间', true], ['reports.csv', '提交时间', true],
        ['reviews.csv', '审核时间', true], ['extensions.csv', '批准日期', false],
      ];
      for (const [file, column, instant] of checks) {
        const found = days(file, column, instant);
        if (file !== 'extensions.csv') expect(found.length, `${folder}/${file}`).toBeGreaterThan(0);
        expect(Math.max(...found, -Infinity), `${folder}/${file} ${column}`).toBeLessThanOrEqual(asOf);
      }
    }
  });

  it('the first drop of 2020-01 misses the people who registered after it, the last one has them', () => {
    const ids = (folder: string) => new Set(table(folder, 'roster.csv').rows.map((r) => r['人员编号']));
    const early = ids('2020-01/2020-01-31');
    const late = ids('sample');
    expect(early.size).toBeLessThan(late.size);
    for (const id of early) expect(late.has(id)).toBe(true);
  });
});

describe('the next period of the year repeats most people, with turnover', () => {
  // The first row of an id is the one that counts (a later one is a re-used id, rejected).
  const roster = (folder: string) => new Map([...table(folder, 'roster.csv').rows].reverse().map((r): [string, Record<string, string>] => [r['人员编号'], r]));
  const unitOf = (folder: string) => new Map(table(folder, 'branches.csv').rows.map((r) => [r['支部编号'], r['单位编号']]));
  const member = (category: string) => ['党员', '中共党员', '预备党员'].includes(category);

  it('most people of 2020-01 are registered again under the same id, name and ID card', () => {
    const before = roster('sample');
    const after = roster('2020-02/2020-05-22');
    const again = [...before.keys()].filter((id) => after.has(id));
    expect(again.length / before.size).toBeGreaterThan(0.85);
    for (const id of again) {
      expect(after.get(id)?.['姓名']).toBe(before.get(id)?.['姓名']);
      expect(after.get(id)?.['身份证号']).toBe(before.get(id)?.['身份证号']);
    }
  });

  it('some left, some are new, some changed unit, some 党外干部 joined the party — as turnoverOf says', () => {
    const t = turnoverOf(OPTIONS);
    const before = roster('sample');
    const after = roster('2020-02/2020-05-22');
    const units1 = unitOf('sample');
    const units2 = unitOf('2020-02/2020-05-22');
    expect(t.left.length).toBeGreaterThan(0);
    expect(t.joined.length).toBeGreaterThan(0);
    expect(t.changedUnit.length).toBeGreaterThan(0);
    expect(t.changedCategory.length).toBeGreaterThan(0);
    for (const id of t.left) expect(after.has(id), id).toBe(false);
    for (const id of t.joined) expect([before.has(id), after.has(id)], id).toEqual([false, true]);
    for (const id of t.changedUnit) {
      expect(units2.get(after.get(id)?.['支部编号'] as string), id).not.toBe(units1.get(before.get(id)?.['支部编号'] as string));
    }
    for (const id of t.changedCategory) {
      expect([member(before.get(id)?.['人员类别'] as string), after.get(id)?.['人员类别']], id).toEqual([false, '预备党员']);
    }
  });
});
