/**
 * 预警 (docs/analysis.md) on hand-made people, one rule and one boundary at a time (docs/analysis.md).
 * The sample period: window 2020-01-13 … 2020-02-23, online 4 h, offline cap 4 (党员: 1 h per
 * session, at most 3, self-study 1 h), 党员 reports 2.
 */
import { describe, expect, it } from 'vitest';
import { parseDay } from '../../pipeline/contract/calendar.ts';
import type { PersonResult } from '../../pipeline/contract/outputs.ts';
import { DEFAULT_OUTLOOK, outlookThresholds, PeriodSchema } from '../../pipeline/contract/period.ts';
import { byRisk, outlookFile, outlookOf, type OutlookInput } from '../../pipeline/analysis/outlook.ts';
import { SAMPLE_PERIOD } from '../../generate/sample-period.ts';

const period = PeriodSchema.parse(SAMPLE_PERIOD);
const day = (s: string) => parseDay(s) as number;
const ALL = ['C1', 'C2', 'C3'];

interface Spec {
  watched?: number; commented?: number; sessions?: number; self?: boolean; reports?: number;
  exempt?: boolean; grade?: PersonResult['grade']; deadline?: string; registeredOn?: string | null;
}

/** A 党员 with `watched` of 3 required courses watched (each needing 1000 s), and so on. */
function person(s: Spec, lastStudied: string | null): OutlookInput {
  const watched = s.exempt ? 3 : s.watched ?? 0, commented = s.exempt ? 3 : s.commented ?? 0;
  const onlineHours = s.exempt || (watched === 3 && commented === 3) ? 4 : 0;
  const offline = Math.min(4, Math.min(3, s.sessions ?? 0) + (s.self ? 1 : 0));
  const result: PersonResult = {
    personId: 'P1', name: '张三', category: '党员', unitId: 'U1', branchId: 'B1', role: '',
    registeredOn: s.registeredOn === undefined ? '2020-01-13' : s.registeredOn, deadline: s.deadline ?? '2020-02-23',
    online: { hours: onlineHours, exempt: !!s.exempt, coursesRequired: 3, coursesWatched: watched, coursesCommented: commented, creditedMinutes: 0 },
    offline: { hours: offline, sessions: Math.min(3, s.sessions ?? 0), selfStudy: !!s.self },
    totalHours: onlineHours + offline,
    reports: { counted: s.reports ?? 0, required: 2, recommended: 0 },
    grade: s.grade ?? '进行中', qualifiedOn: null,
    missing: {
      watch: s.exempt ? [] : ALL.slice(watched), comment: s.exempt ? [] : ALL.slice(commented),
      offlineHours: 4 - offline, reports: Math.max(0, 2 - (s.reports ?? 0)),
    },
  };
  return { result, lastStudied: lastStudied === null ? null : day(lastStudied), watchLeftSeconds: (3 - watched) * 1000, watchNeedSeconds: 3000 };
}

const at = (asOf: string, held = 3, thresholds = outlookThresholds(period)) => ({ period, asOf: day(asOf), thresholds, sessionsHeld: () => held });
// 2020-02-09 is day 28 of 42 (14 days left); branch B1 held 3 sessions in 28 days: ≈ 1.5 more in 14, so at most 2.
const MID = '2020-02-09';

describe('预警 states never contradict the grade', () => {
  it('a qualified person has no state', () => {
    expect(outlookOf(person({ watched: 3, commented: 3, sessions: 3, self: true, reports: 2, grade: '合格' }, MID), at(MID))).toBeNull();
    expect(outlookOf(person({ grade: '优秀', exempt: true }, MID), at(MID))).toBeNull();
  });
  it('after the deadline there is no 预警, only 不合格', () => {
    expect(outlookOf(person({ grade: '不合格' }, null), at('2020-02-24'))).toBeNull();
  });
  it('on the deadline day itself a state is given with 0 days left', () => {
    const s = outlookOf(person({ watched: 3, commented: 3, sessions: 3, self: true, reports: 1 }, '2020-02-23'), at('2020-02-23'))!;
    expect(s.daysLeft).toBe(0);
    expect(s.state).toBe('需加快');
    expect(s.reason).toContain('报告 1 篇');
  });
  it('an extension counts: daysLeft runs to the person\'s own deadline', () => {
    const s = outlookOf(person({ watched: 3, commented: 3, sessions: 3, self: true, reports: 1, deadline: '2020-03-23' }, '2020-02-23'), at('2020-02-24'))!;
    expect(s.daysLeft).toBe(28);
  });
});

describe('难以按期完成: idle for idleDays while at least half is missing', () => {
  // Done: 1 of 3 courses watched (online 0.8 × 1/3 + 0) and 1 session: progress = (4 × 0.267 + 4 × 0.25) / 8 ≈ 0.26.
  const behind = { watched: 1, sessions: 1 };
  it('14 days idle → 难以按期完成, with the days in the reason', () => {
    const s = outlookOf(person(behind, '2020-01-26'), at(MID))!;
    expect(s.state).toBe('难以按期完成');
    expect(s.reason).toContain('近 14 天无学习记录');
    expect(s.reason).toMatch(/^还差网上 2 门课件未看完（约 0\.6 小时）、3 门未评论、集中学习 2 次、自主学习 1 次、报告 2 篇；/);
  });
  it('13 days idle → not yet (需加快: it lags the time gone)', () => {
    const s = outlookOf(person(behind, '2020-01-27'), at(MID))!;
    expect(s.state).toBe('需加快');
    expect(s.reason).toContain('近 13 天无学习记录');
  });
  it('idle 14 days with less than half missing → 需加快, not 难以', () => {
    // 3 watched, 0 commented (online 0.8), 3 sessions (offline 0.75): progress 0.775.
    const s = outlookOf(person({ watched: 3, sessions: 3 }, '2020-01-26'), at(MID))!;
    expect(s.state).toBe('需加快');
  });
  it('never studied, registered 14 days ago → 难以按期完成 (尚无学习记录)', () => {
    const s = outlookOf(person({ registeredOn: '2020-01-27' }, null), at(MID))!;
    expect(s.state).toBe('难以按期完成');
    expect(s.reason).toContain('尚无学习记录');
    expect(s.lastStudied).toBeNull();
  });
  it('the threshold comes from period.json outlook.idleDays', () => {
    const t = outlookThresholds(PeriodSchema.parse({ ...SAMPLE_PERIOD, outlook: { idleDays: 20 } }));
    expect(t).toEqual({ ...DEFAULT_OUTLOOK, idleDays: 20 });
    expect(outlookOf(person(behind, '2020-01-26'), at(MID, 3, t))!.state).toBe('需加快');
  });
});

describe('难以按期完成: more sessions missing than can still be had', () => {
  // Everything done but sessions: online met, self-study; 0 sessions → 3 sessions needed.
  const noSessions = { watched: 3, commented: 3, self: true, reports: 2 };
  it('the branch is on course for 2 more (3 held in 28 days, 14 left): 3 needed → 难以', () => {
    const s = outlookOf(person(noSessions, MID), at(MID, 3))!;
    expect(s.state).toBe('难以按期完成');
    expect(s.reason).toContain('预计至多还能组织 2 次集中学习，仍差 3 次');
  });
  it('on course for 3 more (6 held): needs every one → 需加快', () => {
    const s = outlookOf(person(noSessions, MID), at(MID, 6))!;
    expect(s.state).toBe('需加快');
    expect(s.reason).toContain('须参加支部剩余 14 天内预计组织的每一次集中学习');
  });
  it('on course for 4 more (7 held) → 按期可完成', () => {
    const s = outlookOf(person(noSessions, MID), at(MID, 7))!;
    expect(s.state).toBe('按期可完成');
    expect(s.reason).toBe('还差集中学习 3 次；进度正常，剩余 14 天');
  });
});

describe('需加快: behind the time gone by more than behindSlack', () => {
  // Online met and 2 sessions + self-study: progress (4 + 4 × 0.75) / 8 = 0.875; only a session is missing.
  it('progress at time gone − slack is not behind; below it is', () => {
    // registered 2020-01-13, deadline 2020-02-23: 42 days. Online met, offline 0 → progress 0.5.
    const half = { watched: 3, commented: 3, reports: 2 };
    // 2020-02-06 is day 25: 25/42 = 0.595, − 0.1 = 0.495 ≤ 0.5: on pace; 2020-02-07, day 26: 0.619 − 0.1 = 0.519 > 0.5: behind.
    expect(outlookOf(person(half, '2020-02-06'), at('2020-02-06', 9))!.state).toBe('按期可完成');
    const s = outlookOf(person(half, '2020-02-07'), at('2020-02-07', 9))!;
    expect(s.state).toBe('需加快');
    expect(s.reason).toContain('已完成约 50%，时间已过 62%');
  });
  it('7 days without study while hours are missing → 需加快; 6 days → not', () => {
    const nearly = { watched: 3, commented: 3, sessions: 2, self: true, reports: 2 };
    expect(outlookOf(person(nearly, '2020-02-02'), at(MID, 9))!.state).toBe('需加快');
    expect(outlookOf(person(nearly, '2020-02-03'), at(MID, 9))!.state).toBe('按期可完成');
  });
  it('reports missing 7 days before the deadline → 需加快; 8 days → not', () => {
    const hoursDone = { watched: 3, commented: 3, sessions: 3, self: true, reports: 1 };
    expect(outlookOf(person(hoursDone, '2020-02-16'), at('2020-02-16'))!.state).toBe('需加快');
    expect(outlookOf(person(hoursDone, '2020-02-15'), at('2020-02-15'))!.state).toBe('按期可完成');
  });
});

describe('outlook.json', () => {
  it('lists the most at risk first and counts each state', () => {
    const a = outlookOf(person({ watched: 3, commented: 3, self: true, reports: 2 }, MID), at(MID, 7))!;
    const b = outlookOf({ ...person({ watched: 1, sessions: 1 }, '2020-01-20'), result: { ...person({ watched: 1, sessions: 1 }, null).result, personId: 'P2' } }, at(MID))!;
    const c = outlookOf({ ...person({ watched: 3, sessions: 3 }, '2020-01-26'), result: { ...person({ watched: 3, sessions: 3 }, null).result, personId: 'P3' } }, at(MID))!;
    const f = outlookFile(period, day(MID), outlookThresholds(period), [a, c, b]);
    expect(f.people.map((p) => p.state)).toEqual(['难以按期完成', '需加快', '按期可完成']);
    expect(f.totals).toEqual({ unlikely: 1, behind: 1, onPace: 1 });
    expect([c, b, a].sort(byRisk)).toEqual(f.people);
  });
});
