/**
 * The 通报's wording where review found it wrong: the last day of the window, the 党外干部
 * paragraph at exactly 10 points, and the fixed words taken from period.json's `notice`.
 */
import { describe, expect, it } from 'vitest';
import type { SummaryFile, Tally, UnitStat } from '../../pipeline/contract/outputs.ts';
import { PeriodSchema } from '../../pipeline/contract/period.ts';
import { SAMPLE_PERIOD } from '../../generate/sample-period.ts';
import { buildNotice, NOTICE_DEFAULTS } from '../../site/lib/notice.ts';

const tally = (registered: number, qualified: number, inProgress = registered - qualified, failed = 0): Tally => ({
  registered, qualified, excellent: 0, inProgress, failed,
  rate: registered ? qualified / registered : 0, excellentRate: 0, avgHours: 4,
});

function summary(opts: { asOf: string; member: Tally; nonMember: Tally; notice?: object }): SummaryFile {
  const period = PeriodSchema.parse({ ...SAMPLE_PERIOD, asOf: opts.asOf, ...(opts.notice ? { notice: opts.notice } : {}) });
  const end = Date.parse(period.window.end), at = Date.parse(opts.asOf);
  const totals = {
    ...tally(opts.member.registered + opts.nonMember.registered, opts.member.qualified + opts.nonMember.qualified,
      opts.member.inProgress + opts.nonMember.inProgress, opts.member.failed + opts.nonMember.failed),
    exempt: 3, units: 1, branches: 1, coverageGaps: 0,
  };
  return {
    schemaVersion: 1, period, asOf: opts.asOf, daysLeft: Math.max(0, Math.round((end - at) / 86_400_000)),
    latestDeadline: period.window.end, totals, byCategory: { 党员: opts.member, 党外干部: opts.nonMember }, hoursDistribution: [],
    funnel: { registered: totals.registered, started: totals.registered, onlineMet: totals.qualified, onlineOfflineMet: totals.qualified, qualified: totals.qualified, excellent: 0 },
    outlook: { unlikely: 0, behind: 0, onPace: totals.inProgress },
    cram: { days: 3, from: '2020-02-21', to: '2020-02-23', seconds: 0, share: 0 },
  } as unknown as SummaryFile;
}
const unit: UnitStat = {
  unitId: 'U1', unitName: '州财政局', parent: '', branchCount: 1, registered: 120, qualified: 100, excellent: 0, inProgress: 20, failed: 0,
  rate: 0.8333, excellentRate: 0, avgHours: 4, members: 100, nonMembers: 20, rank: 1,
  funnel: { registered: 120, started: 120, onlineMet: 100, onlineOfflineMet: 100, qualified: 100, excellent: 0 },
  outlook: { unlikely: 0, behind: 0, onPace: 20 },
} as UnitStat;
const text = (n: ReturnType<typeof buildNotice>) =>
  [n.title, n.opening, ...n.overall, ...n.units, ...n.requirements.map((r) => r.heading + r.text), n.issuer, n.addressee].join('\n');

describe('the 通报 on the last day of the window (--as-of = window.end)', () => {
  const n = buildNotice(summary({ asOf: '2020-02-23', member: tally(100, 85), nonMember: tally(20, 15) }), [unit]);
  it('does not say the period has ended, nor count the unfinished as extended', () => {
    expect(text(n)).not.toContain('已于');
    expect(text(n)).not.toContain('延期');
    expect(text(n)).toContain('今天（2月23日）是本期学习培训的最后一天，尚有20人未完成');
  });
  it('the day after, it has ended', () => {
    const after = buildNotice(summary({ asOf: '2020-02-24', member: tally(100, 85), nonMember: tally(20, 15) }), [unit]);
    expect(text(after)).toContain('本期学习培训时间已于2月23日结束');
  });
});

describe('the 党外干部 paragraph', () => {
  it('appears at exactly 10 points (85 % against 75 %: 0.85 − 0.75 is 0.0999… in floats)', () => {
    const n = buildNotice(summary({ asOf: '2020-02-20', member: tally(100, 85), nonMember: tally(20, 15) }), [unit]);
    expect(n.requirements.map((r) => r.heading)).toContain('加强对党外干部的教育引导');
  });
  it('does not appear just under 10 points (85 of 100 against 76 of 100)', () => {
    const n = buildNotice(summary({ asOf: '2020-02-20', member: tally(100, 85), nonMember: tally(100, 76) }), [unit]);
    expect(n.requirements.map((r) => r.heading)).not.toContain('加强对党外干部的教育引导');
  });
});

describe('the 通报\'s fixed words come from period.json\'s notice', () => {
  const base = { asOf: '2020-02-20', member: tally(100, 85), nonMember: tally(20, 15) };
  it('defaults are the seed\'s', () => {
    const all = text(buildNotice(summary(base), [unit]));
    for (const word of Object.values(NOTICE_DEFAULTS)) expect(all).toContain(word);
  });
  it('other words replace every default, and none of the defaults is left', () => {
    const notice = { issuer: '阿州干部在线学院', addressee: '州属各单位党委（党组）', evaluation: '第二季度“比学赶超”', partySchool: '州行政学院' };
    const n = buildNotice(summary({ ...base, notice }), [unit]);
    const all = text(n);
    for (const word of Object.values(notice)) expect(all).toContain(word);
    for (const word of Object.values(NOTICE_DEFAULTS)) expect(all).not.toContain(word);
    expect(n.issuer).toBe('阿州干部在线学院');
    expect(n.addressee).toBe('州属各单位党委（党组）');
  });
  it('a partial notice keeps the other defaults', () => {
    const n = buildNotice(summary({ ...base, notice: { issuer: '阿州干部在线学院' } }), [unit]);
    expect(n.addressee).toBe(NOTICE_DEFAULTS.addressee);
    expect(text(n)).toContain(NOTICE_DEFAULTS.partySchool);
  });
});

describe('the 通报 in the public edition: no count of people from 1 to 4', () => {
  it('says 不足5 where the full edition says 4人, and keeps the numbers of units', () => {
    const s = summary({ asOf: '2020-02-20', member: tally(100, 85, 14, 1), nonMember: tally(4, 2) });
    const before = process.env.XUESHI_EDITION;
    try {
      process.env.XUESHI_EDITION = 'public';
      const pub = text(buildNotice(s, [unit]));
      expect(pub).toContain('党外干部不足5人');
      expect(pub).toContain('州直1个部门单位');
      expect(pub).not.toMatch(/[^\d.][1-4]人/);
    } finally {
      if (before === undefined) delete process.env.XUESHI_EDITION;
      else process.env.XUESHI_EDITION = before;
    }
    expect(text(buildNotice(s, [unit]))).toContain('党外干部4人');
  });
});
