/**
 * docs/drops.md on small hand-checkable drops: order and ordinals, history.json's numbers, 较上期's
 * newly qualified, the year's ledger, each drop's digest, and docs/gate.md's `shrunk` gate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOtherTraining } from '../../pipeline/ingest/other-training.ts';
import { describe, expect, it } from 'vitest';
import type {
  BranchesFile, Grade, PersonResult, QualityFile, SummaryFile, Tally, UnitsFile,
} from '../../pipeline/contract/outputs.ts';
import { HistoryFileSchema, LedgerFileSchema } from '../../pipeline/contract/outputs.ts';
import type { Period } from '../../pipeline/contract/period.ts';
import { digestOf } from '../../pipeline/history/digest.ts';
import { ledgerOf } from '../../pipeline/history/ledger.ts';
import { sequenceOf } from '../../pipeline/history/order.ts';
import { type DropFigures, historyOf } from '../../pipeline/history/series.ts';
import { noLongerQualifiedWarning, shrunkProblems } from '../../pipeline/gate/shrunk.ts';
import { PERIOD } from '../helpers/model.ts';

const key = (periodId: string, asOf: string, windowStart: string) => ({ periodId, asOf, windowStart });

describe('order of drops (docs/drops.md)', () => {
  it('drops of a period are ordered by asOf and numbered 第 1, 2, … 期; periods by window.start', () => {
    // Given out of order, as a file system might list them.
    const seq = sequenceOf([
      key('2020-02', '2020-05-22', '2020-04-01'),
      key('2020-01', '2020-02-24', '2020-01-13'),
      key('2020-01', '2020-01-31', '2020-01-13'),
      key('2020-02', '2020-05-15', '2020-04-01'),
      key('2020-01', '2020-02-14', '2020-01-13'),
    ]);
    expect(seq.drops.map((d) => `${d.periodId}@${d.asOf}`)).toEqual([
      '2020-01@2020-01-31', '2020-01@2020-02-14', '2020-01@2020-02-24', '2020-02@2020-05-15', '2020-02@2020-05-22',
    ]);
    expect(seq.ordinals).toEqual([1, 2, 3, 1, 2]);
    expect(seq.periods).toEqual([{ periodId: '2020-01', latest: 2 }, { periodId: '2020-02', latest: 4 }]);
  });
  it('the current drop is the latest drop of the latest period; its previous is the drop before it in the same period', () => {
    const seq = sequenceOf([key('A', '2020-02-01', '2020-01-01'), key('A', '2020-02-08', '2020-01-01'), key('B', '2020-05-01', '2020-04-01')]);
    expect(seq.current).toBe(2);
    // B's first drop: no previous, although A's drops came before it.
    expect(seq.previous).toEqual([null, 0, null]);
  });
  it('a period whose id sorts first still comes later when its window starts later', () => {
    const seq = sequenceOf([key('Z-early', '2020-03-01', '2020-01-01'), key('A-late', '2020-02-01', '2020-06-01')]);
    expect(seq.drops.map((d) => d.periodId)).toEqual(['Z-early', 'A-late']);
  });
  it('two periods starting on the same day are ordered by period id', () => {
    const seq = sequenceOf([key('p2', '2020-01-20', '2020-01-01'), key('p1', '2020-01-30', '2020-01-01')]);
    expect(seq.drops.map((d) => d.periodId)).toEqual(['p1', 'p2']);
  });
  it("a period's window is its latest drop's (a later period.json corrects an earlier one)", () => {
    // P's first drop said it starts after Q, its second drop (the latest) says before.
    const seq = sequenceOf([key('P', '2020-01-10', '2020-03-01'), key('P', '2020-01-20', '2020-01-01'), key('Q', '2020-02-10', '2020-02-01')]);
    expect(seq.drops.map((d) => `${d.periodId}@${d.asOf}`)).toEqual(['P@2020-01-10', 'P@2020-01-20', 'Q@2020-02-10']);
  });
});

// ---------------------------------------------------------------- drops built by hand

function tally(registered: number, qualified: number, excellent: number, failed: number, avgHours: number): Tally {
  const r4 = (x: number) => Math.round(x * 10000) / 10000;
  return {
    registered, qualified, excellent, inProgress: registered - qualified - failed, failed,
    rate: registered ? r4(qualified / registered) : 0, excellentRate: registered ? r4(excellent / registered) : 0, avgHours,
  };
}

function drop(periodId: string, asOf: string, ordinal: number, t: Tally, units: [string, number, number, number | null][], branches: [string, number, number, number | null][]): DropFigures {
  const group = ([, registered, qualified, rank]: [string, number, number, number | null]) => ({
    registered, qualified, excellent: 0, inProgress: registered - qualified, failed: 0,
    rate: registered ? Math.round((qualified / registered) * 10000) / 10000 : 0, excellentRate: 0, avgHours: 0, rank,
    outlook: { unlikely: 0, behind: registered - qualified, onPace: 0 },
  });
  return {
    periodId, asOf, ordinal,
    summary: { totals: { ...t, exempt: 0, units: units.length, branches: branches.length, coverageGaps: 0 }, outlook: { unlikely: t.inProgress, behind: ordinal, onPace: 0 } } as SummaryFile,
    units: { units: units.map((u) => ({ unitId: u[0], unitName: u[0], parent: '', branchCount: 1, members: 0, nonMembers: 0, ...group(u) })) } as UnitsFile,
    branches: { branches: branches.map((b) => ({ branchId: b[0], branchName: b[0], unitId: 'U1', convener: '', sessionsHeld: 0, ...group(b) })) } as BranchesFile,
  };
}

describe('history.json (docs/drops.md)', () => {
  const d1 = drop('2020-01', '2020-02-01', 1, tally(3, 1, 0, 0, 2.5), [['U2', 1, 0, 2], ['U1', 2, 1, 1]], [['B1', 3, 1, 1]]);
  const d2 = drop('2020-01', '2020-02-08', 2, tally(3, 2, 1, 1, 6.33), [['U1', 2, 2, 1], ['U2', 1, 0, 2]], [['B1', 3, 2, 1]]);
  // A unit that appears only in the second drop (a new unit in units.csv).
  const d3 = drop('2020-02', '2020-05-01', 1, tally(2, 0, 0, 0, 1), [['U3', 2, 0, 1]], [['B9', 2, 0, 1]]);

  it("each drop's numbers are exactly those of its own summary totals, with its ordinal and 预警 counts", () => {
    const h = historyOf([d1, d2], d1, { current: ['P1', 'P2'], previous: ['P2'] });
    expect(h.drops).toEqual([
      { periodId: '2020-01', asOf: '2020-02-01', ordinal: 1, registered: 3, qualified: 1, excellent: 0, inProgress: 2, failed: 0, rate: 0.3333, excellentRate: 0, avgHours: 2.5, outlook: { unlikely: 2, behind: 1, onPace: 0 } },
      { periodId: '2020-01', asOf: '2020-02-08', ordinal: 2, registered: 3, qualified: 2, excellent: 1, inProgress: 0, failed: 1, rate: 0.6667, excellentRate: 0.3333, avgHours: 6.33, outlook: { unlikely: 0, behind: 2, onPace: 0 } },
    ]);
    expect(h.current).toEqual({ periodId: '2020-01', asOf: '2020-02-08' });
    expect(h.previous).toEqual({ periodId: '2020-01', asOf: '2020-02-01' });
    expect(HistoryFileSchema.parse(h)).toEqual(h);
  });
  it('unit and branch series are sorted by id, each in drop order, listing only the drops a group appears in', () => {
    const h = historyOf([d1, d2, d3], null, { current: [], previous: null });
    expect(h.units.map((u) => [u.unitId, u.drops.map((d) => `${d.asOf}:${d.qualified}/${d.registered}#${d.rank}`)])).toEqual([
      ['U1', ['2020-02-01:1/2#1', '2020-02-08:2/2#1']],
      ['U2', ['2020-02-01:0/1#2', '2020-02-08:0/1#2']],
      ['U3', ['2020-05-01:0/2#1']],
    ]);
    expect(h.units[0].drops[0]).toEqual({ periodId: '2020-01', asOf: '2020-02-01', registered: 2, qualified: 1, rate: 0.5, excellentRate: 0, rank: 1, outlook: { unlikely: 0, behind: 1, onPace: 0 } });
    expect(h.branches.map((b) => [b.branchId, b.drops.length])).toEqual([['B1', 2], ['B9', 1]]);
  });
  it('newlyQualified: 合格/优秀 now and not in the previous drop, sorted by personId', () => {
    const h = historyOf([d1, d2], d1, { current: ['P10', 'P02', 'P01'], previous: ['P02', 'P07'] });
    // P07 qualified before and not now: not "new", and not listed here (a warning, below).
    expect(h.newlyQualified).toEqual(['P01', 'P10']);
  });
  it("newlyQualified is null without a previous drop (a period's first drop)", () => {
    expect(historyOf([d1, d2, d3], null, { current: ['P1'], previous: null }).newlyQualified).toBeNull();
  });
});

// ---------------------------------------------------------------- the ledger

function period(id: string, start: string, year = 2020, extra: Partial<Period> = {}): Period {
  return { ...PERIOD, id, title: `专题培训 ${id}`, year, window: { start, end: start }, ...extra };
}
function person(personId: string, grade: Grade, totalHours: number, where: Partial<PersonResult> = {}): PersonResult {
  return {
    personId, name: `人员${personId}`, category: '党员', unitId: 'U1', branchId: 'B1', grade, totalHours, ...where,
  } as PersonResult;
}

describe('ledger.json (docs/drops.md): the year of the current period', () => {
  const q1 = period('2020-01', '2020-01-13');
  const q2 = period('2020-02', '2020-04-01', 2020, { requiredHours: 6 });
  const lastYear = period('2019-04', '2019-10-01', 2019);
  const ledger = ledgerOf([
    { period: lastYear, asOf: '2019-12-01', people: [person('P1', '合格', 8)] },
    { period: q1, asOf: '2020-02-24', people: [
      person('P1', '不合格', 7, { unitId: 'U1', branchId: 'B1', name: '王芳' }),
      person('P2', '优秀', 8),
      person('P3', '进行中', 3),
    ] },
    { period: q2, asOf: '2020-05-22', people: [
      // P1 moved unit and branch (and was renamed in the roster) and passed this time.
      person('P1', '合格', 8, { unitId: 'U2', branchId: 'B7', name: '王芳芳', category: '党外干部' }),
      person('P4', '不合格', 2),
    ] },
  ], '2020-05-22');

  it("keeps only the periods whose year equals the current period's, each with its latest drop's asOf", () => {
    expect(ledger.year).toBe(2020);
    expect(ledger.asOf).toBe('2020-05-22');
    expect(ledger.periods).toEqual([
      { periodId: '2020-01', title: '专题培训 2020-01', asOf: '2020-02-24', requiredHours: 8 },
      { periodId: '2020-02', title: '专题培训 2020-02', asOf: '2020-05-22', requiredHours: 6 },
    ]);
  });
  it('one 不合格 then 合格: credited the second period\'s requiredHours, the first must be 重新学习', () => {
    const p1 = ledger.people.find((p) => p.personId === 'P1')!;
    // 2019's 合格 does not count: another year.
    expect(p1.periods).toEqual([{ periodId: '2020-01', grade: '不合格', totalHours: 7 }, { periodId: '2020-02', grade: '合格', totalHours: 8 }]);
    expect(p1.creditedHours).toBe(6);
    expect(p1.remainingHours).toBe(26);
    expect(p1.restudy).toEqual(['2020-01']);
  });
  it('a person who changes unit takes name, category, unit and branch from the latest period registered in', () => {
    expect(ledger.people.find((p) => p.personId === 'P1')).toMatchObject({ name: '王芳芳', category: '党外干部', unitId: 'U2', branchId: 'B7' });
  });
  it('periods lists only those a person is registered in; 优秀 is credited, 进行中 neither credited nor restudy', () => {
    expect(ledger.people.map((p) => [p.personId, p.periods.map((x) => x.periodId), p.creditedHours, p.remainingHours, p.restudy])).toEqual([
      ['P1', ['2020-01', '2020-02'], 6, 26, ['2020-01']],
      ['P2', ['2020-01'], 8, 24, []],
      ['P3', ['2020-01'], 0, 32, []],
      ['P4', ['2020-02'], 0, 32, ['2020-02']],
    ]);
    expect(LedgerFileSchema.parse(ledger)).toEqual(ledger);
  });
  it("remainingHours never goes below 0; annualRequiredHours is the current period's", () => {
    const many = [1, 2, 3, 4, 5].map((m) => period(`2020-0${m}`, `2020-0${m}-01`, 2020, { annualRequiredHours: m === 5 ? 24 : 32 }));
    const l = ledgerOf(many.map((p) => ({ period: p, asOf: p.window.start, people: [person('P9', '合格', 8)] })), '2020-05-01');
    expect(l.annualRequiredHours).toBe(24);
    expect(l.people[0]).toMatchObject({ creditedHours: 40, remainingHours: 0 });
  });
  it('fractional requiredHours are summed and rounded to 2 decimals', () => {
    const a = period('a', '2020-01-01', 2020, { requiredHours: 0.1 });
    const b = period('b', '2020-02-01', 2020, { requiredHours: 0.2, annualRequiredHours: 1 });
    const l = ledgerOf([a, b].map((p) => ({ period: p, asOf: p.window.start, people: [person('P1', '合格', 1)] })), '2020-02-01');
    expect(l.people[0]).toMatchObject({ creditedHours: 0.3, remainingHours: 0.7 });
  });
});

describe('ledger.json with other_training.csv (其他培训学时, the issue-as-is round)', () => {
  const q1 = period('2020-01', '2020-01-13');
  const all = [{ period: q1, asOf: '2020-02-24', people: [person('P1', '合格', 8), person('P2', '进行中', 3)] }];
  const other = {
    read: 6,
    rejected: [{ row: 4, column: '学时', reason: '学时：应大于 0，实际为 0' }],
    rows: [
      { personId: 'P1', date: '2020-03-05', hours: 6, source: '州委党校春季班', row: 2 },
      { personId: 'P1', date: '2020-06-01', hours: 4.5, source: '网络培训', row: 3 },
      { personId: 'P2', date: '2019-12-30', hours: 8, source: '去年的课', row: 5 },
      { personId: 'P9', date: '2020-04-01', hours: 2, source: '别处', row: 6 },
    ],
  };
  const l = ledgerOf(all, '2020-02-24', other);

  it('adds the year’s other hours per person and counts them towards the year (remaining = 32 − credited − other)', () => {
    expect(l.people.map((p) => [p.personId, p.creditedHours, p.otherHours, p.remainingHours])).toEqual([
      ['P1', 8, 10.5, 13.5],
      ['P2', 0, 0, 32],
    ]);
    expect(LedgerFileSchema.parse(l)).toEqual(l);
  });

  it('counts the file like every input: another year ignored, an unknown person and a bad row rejected with row and reason', () => {
    expect(l.otherTraining).toMatchObject({ file: 'other_training.csv', rows: 5, accepted: 2, ignored: 1, rejected: 2, hours: 10.5 });
    expect(l.otherTraining!.rejectedRows.map((r) => [r.row, r.column])).toEqual([[4, '学时'], [6, '人员编号']]);
    expect(l.otherTraining!.rejectedRows[1].reason).toContain('P9');
  });

  it('without the file: no otherHours and no otherTraining (ledger.json as before)', () => {
    const plain = ledgerOf(all, '2020-02-24');
    expect(plain.otherTraining).toBeUndefined();
    expect(plain.people.every((p) => p.otherHours === undefined)).toBe(true);
  });
});

describe('other_training.csv read by ingest (Chinese or English headers, rows checked)', () => {
  it('reads the accepted rows with their row numbers and rejects bad ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xs-other-'));
    try {
      expect(await readOtherTraining(dir)).toBeNull();
      writeFileSync(join(dir, 'other_training.csv'), '\uFEFF人员编号,日期,学时,培训名称\nP1,2020-03-05,6,州委党校春季班\nP2,2020/3/6,abc,网络培训\nP3,,2,讲座\n');
      const r = (await readOtherTraining(dir))!;
      expect(r.rows).toEqual([{ personId: 'P1', date: '2020-03-05', hours: 6, source: '州委党校春季班', row: 2 }]);
      expect(r.rejected.map((x) => x.row)).toEqual([3, 4]);
      writeFileSync(join(dir, 'other_training.csv'), 'person_id,date,hours,source\nP1,2020-03-05,1.5,lecture\n');
      expect((await readOtherTraining(dir))!.rows[0]).toMatchObject({ personId: 'P1', hours: 1.5, source: 'lecture' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("drop.json: each drop's digest", () => {
  it('ordinal, previous, and how many qualified since and no longer qualify', () => {
    const d = digestOf({ periodId: 'A', asOf: '2020-02-08', ordinal: 2 }, ['P1', 'P3', 'P4'], { periodId: 'A', asOf: '2020-02-01', qualified: ['P2', 'P3'] });
    expect(d).toEqual({ schemaVersion: 1, periodId: 'A', asOf: '2020-02-08', ordinal: 2, previous: { periodId: 'A', asOf: '2020-02-01' }, newlyQualified: 2, noLongerQualified: 1 });
  });
  it("a period's first drop has no previous: null counts (首次统计), not zero", () => {
    expect(digestOf({ periodId: 'A', asOf: '2020-02-01', ordinal: 1 }, ['P1'], null)).toMatchObject({ previous: null, newlyQualified: null, noLongerQualified: null });
  });
});

// ---------------------------------------------------------------- the shrunk gate (docs/gate.md)

function quality(accepted: Record<string, number>): QualityFile {
  const files = Object.fromEntries(Object.entries(accepted).map(([f, n]) => [f, { present: true, encoding: 'utf-8', rows: n, accepted: n, rejected: 0, duplicates: 0, ignored: 0 }]));
  return { schemaVersion: 1, periodId: 'A', asOf: '2020-02-01', files, rejected: [], warnings: [], blocking: [] } as QualityFile;
}

describe('the shrunk gate (docs/gate.md)', () => {
  const before = { periodId: 'A', asOf: '2020-02-01', quality: quality({ 'views.csv': 15000, 'comments.csv': 800, 'reports.csv': 40 }), registered: 765 };
  it('an event file with fewer accepted rows than in the previous drop is blocking, naming the file and both counts', () => {
    const now = { periodId: 'A', asOf: '2020-02-08', quality: quality({ 'views.csv': 1200, 'comments.csv': 900, 'reports.csv': 40 }), registered: 765 };
    const problems = shrunkProblems(now, before);
    expect(problems.map((p) => [p.code, p.file])).toEqual([['shrunk', 'views.csv']]);
    expect(problems[0].message).toContain('1200');
    expect(problems[0].message).toContain('15000');
    expect(problems[0].message).toContain('不完整的导出');
  });
  it('fewer people registered is blocking', () => {
    const now = { ...before, asOf: '2020-02-08', registered: 38 };
    const problems = shrunkProblems(now, before);
    expect(problems.map((p) => [p.code, p.file])).toEqual([['shrunk', 'roster.csv']]);
    expect(problems[0].message).toMatch(/38 人.*765 人/);
  });
  it('an event file that vanished counts as 0 accepted rows', () => {
    const now = { ...before, asOf: '2020-02-08', quality: quality({ 'views.csv': 15000, 'comments.csv': 800 }) };
    expect(shrunkProblems(now, before).map((p) => p.file)).toEqual(['reports.csv']);
  });
  it('growth or equality is no problem', () => {
    expect(shrunkProblems({ ...before, asOf: '2020-02-08' }, before)).toEqual([]);
  });
  it('people qualified before and not now are one warning listing them by name and id', () => {
    const w = noLongerQualifiedWarning({ periodId: 'A', asOf: '2020-02-01' }, ['P1', 'P2', 'P3'], ['P2'],
      [person('P1', '进行中', 7, { name: '王芳' })], [person('P3', '合格', 8, { name: '刘洋' })]);
    expect(w).toMatchObject({ kind: 'noLongerQualified', file: null, row: null });
    expect(w!.message).toContain('2 人');
    expect(w!.message).toContain('王芳（P1）、刘洋（P3）');
    expect(noLongerQualifiedWarning({ periodId: 'A', asOf: '2020-02-01' }, ['P1'], ['P1', 'P2'], [], [])).toBeNull();
  });
});
