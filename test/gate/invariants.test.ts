/**
 * The publish gate's invariants (docs/gate.md "Invariants, not a list of cases"), as pure functions
 * on hand-made inputs at each boundary: who must witness a requirement and when, the 1 % and
 * 20-people thresholds, regressions above 2 % and 10 people, a unit below half, a unit's event
 * records shrinking, rows outside the window, course durations, reports absent late.
 */
import { describe, expect, it } from 'vitest';
import { parseDay } from '../../pipeline/contract/calendar.ts';
import type { Category } from '../../pipeline/contract/fields.ts';
import type { FileQuality, PersonResult } from '../../pipeline/contract/outputs.ts';
import { PeriodSchema } from '../../pipeline/contract/period.ts';
import { gate } from '../../pipeline/gate/gate.ts';
import {
  isGroupShrunk, isRegressed, regressedFindings, regressionsOf, shrunkPerUnit, unitShrunkProblems, wentDown,
} from '../../pipeline/gate/shrunk.ts';
import {
  allRejected, emptyOptionalWarnings, emptyReports, emptyReviews, extensionsBeforeWindowEnd, implausibleDurations, outsideWindow,
} from '../../pipeline/gate/values.ts';
import { isMostlyRejected } from '../../pipeline/gate/gate.ts';
import {
  enoughWitnesses, type PersonWitness, requirementsOf, respelledReportKinds, thirdsPassed, unwitnessedRequirements, WitnessTally,
} from '../../pipeline/gate/witnesses.ts';
import { course, PERIOD } from '../helpers/model.ts';

const day = (iso: string) => parseDay(iso) as number;
const COURSES = [course('C1', 30), course('C2', 20, false)];

/** n people of a category, the first `witnesses` of whom witness every requirement. */
function tally(groups: { category: Category; n: number; witnesses?: Partial<Record<keyof PersonWitness, number>>; exempt?: number; kinds?: string[] }[]): WitnessTally {
  const t = new WitnessTally();
  for (const g of groups) {
    for (let i = 0; i < g.n; i++) {
      const has = (k: 'view' | 'comment' | 'session' | 'selfStudy' | 'report') => i < (g.witnesses?.[k] ?? g.n);
      t.add({
        category: g.category, exempt: i >= g.n - (g.exempt ?? 0),
        view: has('view'), comment: has('comment'), session: has('session'), selfStudy: has('selfStudy'), report: has('report'),
        reports: (g.kinds ?? []).map((kind) => ({ kind })),
      });
    }
  }
  return t;
}
const codes = (b: readonly { code: string; file: string | null }[]) => b.map((x) => `${x.code}:${x.file}`);

describe('unwitnessed-requirement (docs/gate.md)', () => {
  it('thirds of the window: 42 days from 01-13, a third passed on 01-26, two thirds on 02-09 (asOf counted)', () => {
    expect(thirdsPassed(PERIOD, day('2020-01-25'))).toBe(0);
    expect(thirdsPassed(PERIOD, day('2020-01-26'))).toBe(1);
    expect(thirdsPassed(PERIOD, day('2020-02-08'))).toBe(1);
    expect(thirdsPassed(PERIOD, day('2020-02-09'))).toBe(2);
    expect(thirdsPassed(PERIOD, day('2020-01-01'))).toBe(0);
  });

  it('1 % of the category, and at least one person', () => {
    expect(enoughWitnesses(0, 20)).toBe(false);
    expect(enoughWitnesses(1, 20)).toBe(true);
    expect(enoughWitnesses(1, 100)).toBe(true);
    expect(enoughWitnesses(1, 101)).toBe(false);
    expect(enoughWitnesses(2, 200)).toBe(true);
    expect(enoughWitnesses(2, 201)).toBe(false);
  });

  it('the seed period: members must self-study (3 sessions × 1 h < 4 h), 党外干部 need not (3 × 2 h ≥ 4 h)', () => {
    expect(requirementsOf(PERIOD, '党员', COURSES)).toEqual(['view', 'comment', 'session', 'selfStudy', 'report']);
    expect(requirementsOf(PERIOD, '党外干部', COURSES)).toEqual(['view', 'comment', 'session', 'report']);
    // No required course: online has nothing to witness (and counts as done, with a warning).
    expect(requirementsOf(PERIOD, '党员', [course('C1', 30, false)])).toEqual(['session', 'selfStudy', 'report']);
  });

  it('a drop where every requirement is worked toward has no problem', () => {
    const t = tally([{ category: '党员', n: 300 }, { category: '党外干部', n: 40 }]);
    expect(unwitnessedRequirements(t, PERIOD, day('2020-02-24'), COURSES)).toEqual([]);
  });

  it('nobody viewing a required course blocks once a third has passed, not before', () => {
    const t = tally([{ category: '党员', n: 300, witnesses: { view: 0 } }]);
    expect(unwitnessedRequirements(t, PERIOD, day('2020-01-25'), COURSES)).toEqual([]);
    const found = unwitnessedRequirements(t, PERIOD, day('2020-01-26'), COURSES);
    expect(codes(found)).toEqual(['unwitnessed-requirement:views.csv']);
    expect(found[0].message).toContain('300 名未获党校培训合格免修的党员中没有任何人');
    expect(found[0].message).toMatch(/views\.csv.*courses\.csv/);
    expect(found[0].message).toContain('处理：');
  });

  it('below 1 % is blocking: 2 of 201 witnesses is not enough, 3 is', () => {
    expect(codes(unwitnessedRequirements(tally([{ category: '党员', n: 201, witnesses: { session: 2 } }]), PERIOD, day('2020-02-24'), COURSES)))
      .toEqual(['unwitnessed-requirement:attendance.csv']);
    expect(unwitnessedRequirements(tally([{ category: '党员', n: 201, witnesses: { session: 3 } }]), PERIOD, day('2020-02-24'), COURSES)).toEqual([]);
  });

  it('a category of fewer than 20 people is not judged', () => {
    expect(unwitnessedRequirements(tally([{ category: '党外干部', n: 19, witnesses: { comment: 0 } }]), PERIOD, day('2020-02-24'), COURSES)).toEqual([]);
    expect(codes(unwitnessedRequirements(tally([{ category: '党外干部', n: 20, witnesses: { comment: 0 } }]), PERIOD, day('2020-02-24'), COURSES)))
      .toEqual(['unwitnessed-requirement:comments.csv']);
  });

  it('the exempt neither count nor witness for online: 25 members of whom 10 exempt are 15 people, not judged', () => {
    expect(unwitnessedRequirements(tally([{ category: '党员', n: 25, exempt: 10, witnesses: { view: 0 } }]), PERIOD, day('2020-02-24'), COURSES)).toEqual([]);
    // 30 of whom 10 exempt: 20 judged; an exempt person's view would not count (the tally ignores it).
    const t = tally([{ category: '党员', n: 30, exempt: 10, witnesses: { view: 0 } }]);
    t.add({ category: '党员', exempt: true, view: true, comment: true, session: true, selfStudy: true, report: true, reports: [] });
    expect(codes(unwitnessedRequirements(t, PERIOD, day('2020-02-24'), COURSES))).toEqual(['unwitnessed-requirement:views.csv']);
  });

  it('reports are judged only from two thirds of the window, and the message shows the kinds the platform wrote', () => {
    const t = tally([{ category: '党员', n: 100, witnesses: { report: 0 }, kinds: ['党费日报告'] }]);
    expect(unwitnessedRequirements(t, PERIOD, day('2020-02-08'), COURSES)).toEqual([]);
    const found = unwitnessedRequirements(t, PERIOD, day('2020-02-09'), COURSES);
    expect(codes(found)).toEqual(['unwitnessed-requirement:reports.csv']);
    expect(found[0].message).toContain('“党费日报告”（100 份）');
    expect(found[0].message).toContain('须交“党费日+报告”');
    expect(found[0].message).not.toContain('乱码');
  });

  it('a report kind with U+FFFD in period.json names the encoding as the cause', () => {
    const period = PeriodSchema.parse({ ...PERIOD, reports: { ...PERIOD.reports, member: { kind: '党费\ufffd\ufffd报告', required: 2 } } });
    const found = unwitnessedRequirements(tally([{ category: '党员', n: 100, witnesses: { report: 0 } }]), period, day('2020-02-24'), COURSES);
    expect(found[0].message).toContain('GBK');
  });

  it('members without any self-study block; 党外干部 without any do not', () => {
    const t = tally([{ category: '党员', n: 50, witnesses: { selfStudy: 0 } }, { category: '党外干部', n: 50, witnesses: { selfStudy: 0 } }]);
    const found = unwitnessedRequirements(t, PERIOD, day('2020-02-24'), COURSES);
    expect(codes(found)).toEqual(['unwitnessed-requirement:self_study.csv']);
    expect(found[0].message).toContain('党员');
  });

  it('gate() runs it when given the drop, and finds nothing without it', () => {
    const files = {};
    const base = { files, rejected: [], unknownIds: [], knownIds: () => [] };
    expect(gate(base).blocking).toEqual([]);
    const t = tally([{ category: '党员', n: 50, witnesses: { view: 0 } }]);
    expect(codes(gate({ ...base, drop: { period: PERIOD, asOf: day('2020-02-24'), courses: COURSES, witnesses: t } }).blocking))
      .toEqual(['unwitnessed-requirement:views.csv']);
  });
});

describe('implausible-value: a report kind re-spelled in part of reports.csv (docs/gate.md)', () => {
  /** Members with two reports each (`right` of the required kind), 党外干部 with one 心得体会; the rest spelled `odd`. */
  const reports = (members: number, nonMembers: number, odd: string, oddReports: number) => {
    const t = new WitnessTally();
    let left = oddReports;
    for (let i = 0; i < members; i++) {
      const kinds = [0, 1].map(() => (left-- > 0 ? odd : '党费日+报告'));
      t.add({ category: '党员', exempt: false, view: true, comment: true, session: true, selfStudy: true, report: true, reports: kinds.map((kind) => ({ kind })) });
    }
    for (let i = 0; i < nonMembers; i++) {
      t.add({ category: '党外干部', exempt: false, view: true, comment: true, session: true, selfStudy: true, report: true, reports: [{ kind: '心得体会' }] });
    }
    return t;
  };

  it('one unknown kind in 10 % of the reports is blocking, naming the value, the words period.json has and the fix', () => {
    const found = respelledReportKinds(reports(500, 100, '党费日报告', 110), PERIOD);
    expect(codes(found)).toEqual(['implausible-value:reports.csv']);
    expect(found[0].message).toContain('110 份报告（占 1100 份的 10%）写的是“党费日报告”');
    expect(found[0].message).toContain('“党费日+报告”、“心得体会”');
    expect(found[0].message).toContain('很可能就是“党费日+报告”的另一种写法');
    expect(found[0].message).toContain('“类型”列把“党费日报告”统一替换为“党费日+报告”');
    // The witness rule does not see it: most members still hand in the right kind.
    expect(unwitnessedRequirements(reports(500, 100, '党费日报告', 110), PERIOD, day('2020-02-24'), COURSES)).toEqual([]);
  });

  it('the floor: fewer than 20 reports, or fewer than 2 % of them, is a stray kind, not a re-spelling', () => {
    expect(respelledReportKinds(reports(500, 100, '党费日报告', 19), PERIOD)).toEqual([]);
    expect(codes(respelledReportKinds(reports(500, 100, '党费日报告', 22), PERIOD))).toEqual(['implausible-value:reports.csv']);
    // 2 % of 2,100 is 42: 41 reports are under the share, 42 are not.
    expect(respelledReportKinds(reports(1000, 100, '党费日 报告', 41), PERIOD)).toEqual([]);
    const found = respelledReportKinds(reports(1000, 100, '党费日 报告', 42), PERIOD);
    expect(codes(found)).toEqual(['implausible-value:reports.csv']);
    expect(found[0].message).toContain('删去这些行'); // the other fix, should it be another report after all
  });

  it('a report of another type altogether (nothing like a word of period.json) is not blocked, however many: it does not count, and the drop is correct', () => {
    expect(respelledReportKinds(reports(1000, 100, '思想汇报', 400), PERIOD)).toEqual([]);
    expect(respelledReportKinds(reports(1000, 100, '调研报告', 400), PERIOD)).toEqual([]);
  });

  it("period.json's own words are never unknown, whichever category hands them in (a member's 心得体会)", () => {
    const t = reports(100, 100, '心得体会', 150);
    expect(respelledReportKinds(t, PERIOD)).toEqual([]);
  });

  it('gate() lists it under implausible-value when given the drop', () => {
    const base = { files: {}, rejected: [], unknownIds: [], knownIds: () => [] };
    const drop = { period: PERIOD, asOf: day('2020-02-24'), courses: COURSES, witnesses: reports(500, 100, '学习心得', 300) };
    expect(codes(gate({ ...base, drop }).blocking)).toEqual(['implausible-value:reports.csv']);
  });
});

const fq = (rows: number, ignored = 0, present = true): FileQuality => ({ present, encoding: present ? 'utf-8' : null, rows, accepted: rows, rejected: 0, duplicates: 0, ignored });

describe('implausible-value: course durations (docs/gate.md)', () => {
  it('1 minute and 8 hours are plausible; less or more is blocking', () => {
    expect(implausibleDurations([course('C1', 1), course('C2', 480)])).toEqual([]);
    expect(codes(implausibleDurations([course('C1', 0.9)]))).toEqual(['implausible-value:courses.csv']);
    expect(codes(implausibleDurations([course('C1', 481)]))).toEqual(['implausible-value:courses.csv']);
  });
  it('durations in seconds under a minutes header: the message says so', () => {
    const [b] = implausibleDurations([course('C1', 1800), course('C2', 1200)]);
    expect(b.message).toContain('以秒为单位');
    expect(b.message).toContain('C1');
    expect(b.message).toContain('÷ 60');
  });
});

describe('outside-window (docs/gate.md)', () => {
  /** outside-window over one file of `rows` rows, `outside` of them outside the window and the extensions. */
  const judged = (file: string, rows: number, outside: number) => outsideWindow({ [file]: fq(rows, outside) }, { [file]: outside }, PERIOD);
  it('more than 20 % of an event file outside the window is blocking; exactly 20 % is not', () => {
    expect(judged('views.csv', 100, 20)).toEqual([]);
    const found = judged('views.csv', 100, 21);
    expect(codes(found)).toEqual(['outside-window:views.csv']);
    expect(found[0].message).toContain('2020-01-13 至 2020-02-23');
    expect(found[0].message).toContain('年份');
  });
  it('a file of fewer than 20 rows is not judged; entity files never', () => {
    expect(judged('sessions.csv', 19, 19)).toEqual([]);
    expect(codes(judged('sessions.csv', 20, 20))).toEqual(['outside-window:sessions.csv']);
    expect(judged('roster.csv', 100, 100)).toEqual([]);
  });
  it('rows only after the as-of day (a drop looked at as of an earlier day) are ignored, not outside the window', () => {
    expect(outsideWindow({ 'views.csv': fq(100, 60) }, { 'views.csv': 0 }, PERIOD)).toEqual([]);
  });
});

describe('empty-file: reports.csv (docs/gate.md)', () => {
  it('no report row once two thirds of the window have passed is blocking', () => {
    expect(codes(emptyReports({ 'reports.csv': fq(0) }, PERIOD, day('2020-02-09')))).toEqual(['empty-file:reports.csv']);
  });
  it('an early drop with no reports yet is legitimate; so is an absent file (missing-file says that)', () => {
    expect(emptyReports({ 'reports.csv': fq(0) }, PERIOD, day('2020-02-08'))).toEqual([]);
    expect(emptyReports({ 'reports.csv': fq(0, 0, false) }, PERIOD, day('2020-02-24'))).toEqual([]);
    expect(emptyReports({ 'reports.csv': fq(1) }, PERIOD, day('2020-02-24'))).toEqual([]);
  });
});

describe('extensions ending before the window does; small files mostly rejected', () => {
  const end = day('2020-02-23');
  it('most extensions ending on or before window.end is outside-window; half or fewer is not', () => {
    expect(codes(extensionsBeforeWindowEnd([end, end - 30, end + 10], PERIOD, end))).toEqual(['outside-window:extensions.csv']);
    expect(extensionsBeforeWindowEnd([end, end + 1], PERIOD, end)).toEqual([]);
    expect(extensionsBeforeWindowEnd([], PERIOD, end)).toEqual([]);
    expect(extensionsBeforeWindowEnd([end + 1, end + 20], PERIOD, end)).toEqual([]);
  });
  it('more than half of a small file (3 rows or more) refused is mostly-rejected, below the 20-row floor', () => {
    const f = (rows: number, rejected: number): FileQuality => ({ ...fq(rows), accepted: rows - rejected, rejected });
    expect(codes(allRejected({ 'extensions.csv': f(10, 6) }, isMostlyRejected))).toEqual(['mostly-rejected:extensions.csv']);
    expect(allRejected({ 'extensions.csv': f(10, 5) }, isMostlyRejected)).toEqual([]);
    expect(codes(allRejected({ 'extensions.csv': f(3, 2) }, isMostlyRejected))).toEqual(['mostly-rejected:extensions.csv']);
    expect(allRejected({ 'extensions.csv': f(2, 2) }, isMostlyRejected)).toEqual([]);
    // Said once: where mostly-rejected already speaks, this does not.
    expect(allRejected({ 'views.csv': f(40, 40) }, isMostlyRejected)).toEqual([]);
  });
});

describe('empty-file: reviews.csv, and optional files present without a row', () => {
  const files = (reviews: FileQuality, reports = fq(20)) => ({ 'reviews.csv': reviews, 'reports.csv': reports });
  it('no review while 20 reports are in, two thirds along, is blocking', () => {
    expect(codes(emptyReviews(files(fq(0)), PERIOD, day('2020-02-09')))).toEqual(['empty-file:reviews.csv']);
  });
  it('not before two thirds, nor with fewer than 20 reports, nor when absent (docs/: a warning), nor with a row', () => {
    expect(emptyReviews(files(fq(0)), PERIOD, day('2020-02-08'))).toEqual([]);
    expect(emptyReviews(files(fq(0), fq(19)), PERIOD, day('2020-02-24'))).toEqual([]);
    expect(emptyReviews(files(fq(0, 0, false)), PERIOD, day('2020-02-24'))).toEqual([]);
    expect(emptyReviews(files(fq(1)), PERIOD, day('2020-02-24'))).toEqual([]);
  });
  it('an emptied self_study, reviews or extensions file is named like an absent one', () => {
    const w = emptyOptionalWarnings({ 'extensions.csv': fq(0), 'self_study.csv': fq(3), 'reviews.csv': fq(0, 0, false) });
    expect(w.map((x) => x.file)).toEqual(['extensions.csv']);
    expect(w[0].message).toContain('按无人延期计');
  });
});

const person = (personId: string, grade: PersonResult['grade'], unitId = 'U1'): PersonResult => ({
  personId, name: `人${personId}`, category: '党员', unitId, branchId: 'B1', role: '', registeredOn: null, deadline: '2020-02-23',
  online: { hours: 0, exempt: false, coursesRequired: 1, coursesWatched: 0, coursesCommented: 0, creditedMinutes: 0 },
  offline: { hours: 0, sessions: 0, selfStudy: false }, totalHours: 0, reports: { counted: 0, required: 2, recommended: 0 },
  grade, qualifiedOn: null, missing: { watch: [], comment: [], offlineHours: 0, reports: 0 },
});
const A = { periodId: '2020-01', asOf: '2020-02-01' }, B = { periodId: '2020-01', asOf: '2020-02-08' };

describe('regressed (docs/gate.md)', () => {
  it('what counts as going down', () => {
    expect(wentDown('优秀', '合格')).toBe(true);
    expect(wentDown('合格', '进行中')).toBe(true);
    expect(wentDown('优秀', '不合格')).toBe(true);
    expect(wentDown('进行中', '不合格')).toBe(false); // the deadline passing
    expect(wentDown('合格', '优秀')).toBe(false);
    expect(wentDown('进行中', '合格')).toBe(false);
  });
  it('people gone from the roster regress; others are compared by grade', () => {
    const r = regressionsOf([person('P1', '合格'), person('P2', '进行中'), person('P3', '优秀')], [person('P3', '合格')]);
    expect(r.map((x) => [x.personId, x.to])).toEqual([['P1', null], ['P2', null], ['P3', '合格']]);
  });
  it('more than 2 % and at least 10: 10 of 499 blocks, 10 of 500 does not, 9 of 100 does not', () => {
    expect(isRegressed(10, 499)).toBe(true);
    expect(isRegressed(10, 500)).toBe(false);
    expect(isRegressed(9, 100)).toBe(false);
    expect(isRegressed(11, 500)).toBe(true);
  });
  it('blocking above the threshold, with the people named', () => {
    const regressions = Array.from({ length: 12 }, (_, i) => ({ personId: `P${i}`, name: `人${i}`, from: '合格' as const, to: '进行中' as const }));
    const { blocking, warning } = regressedFindings(B, A, 100, regressions);
    expect(blocking).toMatchObject({ code: 'regressed', file: null });
    expect(blocking!.message).toContain('12 人');
    expect(blocking!.message).toContain('人0（P0，合格→进行中）');
    expect(warning).toBeNull();
  });
  it('fewer: a warning listing those noLongerQualified does not already list (优秀→合格, 进行中 gone)', () => {
    const { blocking, warning } = regressedFindings(B, A, 100, [
      { personId: 'P1', name: '王芳', from: '优秀', to: '合格' },
      { personId: 'P2', name: '刘洋', from: '合格', to: '进行中' },
      { personId: 'P3', name: '张伟', from: '进行中', to: null },
    ]);
    expect(blocking).toBeNull();
    expect(warning!.message).toContain('王芳（P1，优秀→合格）、张伟（P3，进行中→不在名单中）');
    expect(warning!.message).not.toContain('刘洋');
  });
});

describe('unit-shrunk and shrunk per unit (docs/gate.md)', () => {
  it('a group of at least 10 below half of them', () => {
    expect(isGroupShrunk(10, 4)).toBe(true);
    expect(isGroupShrunk(10, 5)).toBe(false);
    expect(isGroupShrunk(9, 0)).toBe(false);
  });
  it('a unit gone while others grew is blocking, the totals notwithstanding', () => {
    const found = unitShrunkProblems(B, A, [{
      kind: '单位',
      before: [{ id: 'U1', name: '州财政局', registered: 20 }, { id: 'U2', name: '州教育局', registered: 30 }],
      now: [{ id: 'U2', name: '州教育局', registered: 60 }],
    }]);
    expect(codes(found)).toEqual(['unit-shrunk:roster.csv']);
    expect(found[0].message).toContain('州财政局（U1）20 → 0 人');
  });
  it('an event file with fewer records for a unit than before is shrunk, unless people left that unit', () => {
    const before = { U1: { 'views.csv': 100, 'comments.csv': 10 }, U2: { 'views.csv': 50 } };
    const now = { U1: { 'views.csv': 40, 'comments.csv': 10 }, U2: { 'views.csv': 200 } };
    const found = shrunkPerUnit(B, A, now, before, new Set(), (id) => `单位${id}`);
    expect(codes(found)).toEqual(['shrunk:views.csv']);
    expect(found[0].message).toContain('单位U1（U1）100 → 40 条');
    expect(shrunkPerUnit(B, A, now, before, new Set(['U1']), (id) => id)).toEqual([]);
    expect(shrunkPerUnit(B, A, before, before, new Set(), (id) => id)).toEqual([]);
  });
});
