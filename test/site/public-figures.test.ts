/**
 * The public edition's small-count rule (docs/site.md) where figures are derived from counts:
 * the 通报's sentences (web page and .docx read the same model) give a rate from 1–4 people as
 * its range and a small unit's rate not at all, and 较上期 is told only between figures both
 * published as numbers. The full edition, behind accounts, keeps every figure — each check is
 * made against it too, so none is blind.
 */
import { describe, expect, it } from 'vitest';
import type { DropDigest, SummaryFile, Tally, UnitStat } from '../../pipeline/contract/outputs.ts';
import { PeriodSchema } from '../../pipeline/contract/period.ts';
import { SAMPLE_PERIOD } from '../../generate/sample-period.ts';
import { contentsOf, isExactGroupRate, isExactRate, publicRate, publishedRate, publicSortRate } from '../../site/lib/edition.ts';
import { describeChange, groupChanges, publicCountChange, publicRateChange } from '../../site/lib/changes.ts';
import { buildNotice, funnelSentence, type NoticeDrop, type NoticeModel } from '../../site/lib/notice.ts';
import { lossWords, widestLoss } from '../../site/lib/analysis.ts';
import { funnelChart, hoursChart } from '../../site/charts/charts.ts';
import { publicNumber } from '../../site/lib/edition.ts';
import { noticeDocx } from '../../site/lib/notice-docx.ts';
import { pct } from '../../site/lib/format.ts';
import { readDocx } from '../helpers/docx.ts';

const PUBLIC = contentsOf('public');
const FULL = contentsOf('full');

const ratio = (n: number, of: number) => (of ? Math.round((n / of) * 10_000) / 10_000 : 0);
const tally = (registered: number, qualified: number, excellent: number, failed = 0): Tally => ({
  registered, qualified, excellent, inProgress: registered - qualified - failed, failed,
  rate: ratio(qualified, registered), excellentRate: ratio(excellent, registered), avgHours: 4,
});

function unit(id: string, name: string, t: Tally, rank: number): UnitStat {
  return {
    unitId: id, unitName: name, parent: '', branchCount: 1, ...t, members: t.registered, nonMembers: 0, rank,
    funnel: { registered: t.registered, started: t.registered, onlineMet: t.qualified, onlineOfflineMet: t.qualified, qualified: t.qualified, excellent: t.excellent },
    outlook: { unlikely: 0, behind: 0, onPace: t.inProgress },
  };
}

function summary(asOf: string, units: UnitStat[], member: Tally, nonMember: Tally): SummaryFile {
  const period = PeriodSchema.parse({ ...SAMPLE_PERIOD, asOf });
  const sum = (k: keyof Tally) => units.reduce((s, u) => s + (u[k] as number), 0);
  const totals = {
    ...tally(sum('registered'), sum('qualified'), sum('excellent'), sum('failed')), exempt: 0, units: units.length, branches: units.length, coverageGaps: 0,
  };
  return {
    schemaVersion: 1, period, asOf, daysLeft: 5, latestDeadline: period.window.end, totals, byCategory: { 党员: member, 党外干部: nonMember },
    hoursDistribution: [],
    funnel: { registered: totals.registered, started: totals.registered, onlineMet: 40, onlineOfflineMet: 3, qualified: totals.qualified, excellent: totals.excellent },
    outlook: { unlikely: 0, behind: 0, onPace: totals.inProgress },
    cram: { days: 3, from: '2020-02-10', to: '2020-02-12', seconds: 0, share: 0 },
  } as unknown as SummaryFile;
}

// Now: 州财政局 40 people with 3 qualified (7.5%, a range 2.5%–10.0% in public); 州教育局 8
// people (a small group); 州审计局 60 with 30; 州水利局 50 with 20. Before: the same units.
const now = [
  unit('U1', '州财政局', tally(40, 3, 0), 4),
  unit('U2', '州教育局', tally(8, 6, 1), 1),
  unit('U3', '州审计局', tally(60, 30, 2), 2),
  unit('U4', '州水利局', tally(50, 20, 6), 3),
];
const before = [
  unit('U1', '州财政局', tally(40, 0, 0), 2),
  unit('U2', '州教育局', tally(8, 2, 0), 1),
  unit('U3', '州审计局', tally(60, 12, 0), 3),
  unit('U4', '州水利局', tally(50, 10, 0), 4),
];
const nowSummary = summary('2020-02-12', now, tally(155, 57, 9), tally(3, 2, 0));
const beforeSummary = summary('2020-02-05', before, tally(155, 24, 0), tally(3, 0, 0));
const digest = (asOf: string, ordinal: number, previous: boolean): DropDigest => ({
  schemaVersion: 1, periodId: nowSummary.period.id, asOf, ordinal,
  previous: previous ? { periodId: nowSummary.period.id, asOf: '2020-02-05' } : null, newlyQualified: previous ? 35 : null, noLongerQualified: previous ? 2 : null,
} as DropDigest);
const drop: NoticeDrop = { summary: nowSummary, units: now, digest: digest('2020-02-12', 2, true) };
const previous: NoticeDrop = { summary: beforeSummary, units: before, digest: digest('2020-02-05', 1, false) };

const notice = (e: typeof PUBLIC) => buildNotice(nowSummary, now, { drop, previous }, {}, e);
const sentences = (n: NoticeModel) => [n.opening, ...n.overall, ...n.comparison, ...n.analysis, ...n.units, ...n.requirements.map((r) => r.text)].join('\n');

describe('the 通报’s sentences in the public edition', () => {
  const pub = sentences(notice(PUBLIC));
  const full = sentences(notice(FULL));

  it('give a rate from 1–4 people as its range, never as one value', () => {
    // 优秀 9 of 155 is published; 党外干部 3 registered: no rate at all (it would give 3 back).
    expect(full).toContain('州财政局（7.5%）');
    expect(pub).not.toContain('7.5%');
    expect(pub).toContain('州财政局（2.5%–10.0%）');
    expect(full).toContain('党外干部合格率66.7%');
    expect(pub).not.toContain('66.7%');
    expect(pub).toContain('党外干部人数较少，不公开合格率');
    // The funnel's stage of 3 people: its share is a range too.
    expect(full).toContain('网上、线下学时均达标3人（1.9%）');
    expect(pub).toContain('网上、线下学时均达标不足5人（0.6%–2.5%）');
  });

  it('name a small unit without its rate', () => {
    expect(full).toContain('州教育局（75.0%）');
    expect(pub).not.toContain('75.0%');
    expect(pub).toContain('州教育局（人数较少）');
  });

  it('tell a unit’s change only between rates published as one value in both drops, and say which were left out', () => {
    // 州财政局 0 → 3 of 40 (+7.5 points) and 州教育局 (small, +50) are not compared; 州审计局 +30, 州水利局 +20 are.
    expect(full).toContain('州教育局（提高50.0个百分点）');
    expect(pub).not.toMatch(/州财政局（提高/);
    expect(pub).not.toMatch(/州教育局（提高/);
    expect(pub).toContain('州审计局（提高30.0个百分点）');
    expect(pub).toContain('州水利局（提高20.0个百分点）');
    expect(pub).toContain('另有2个单位人数较少或合格人数不足5人，合格率的变化不作比较');
    expect(full).not.toContain('不作比较');
    // 另有 2 people no longer qualified: 不足5.
    expect(full).toContain('另有2人');
    expect(pub).toContain('另有不足5人');
  });

  it('the prefecture’s change is told without points when either rate is not one value', () => {
    const small = summary('2020-02-12', [unit('U1', '州财政局', tally(40, 3, 0), 1)], tally(40, 3, 0), tally(0, 0, 0));
    const smallBefore = summary('2020-02-05', [unit('U1', '州财政局', tally(40, 1, 0), 1)], tally(40, 1, 0), tally(0, 0, 0));
    const units = [unit('U1', '州财政局', tally(40, 3, 0), 1)];
    const n = (e: typeof PUBLIC) => buildNotice(small, units, {
      drop: { summary: small, units, digest: digest('2020-02-12', 2, true) },
      previous: { summary: smallBefore, units: [unit('U1', '州财政局', tally(40, 1, 0), 1)], digest: digest('2020-02-05', 1, false) },
    }, {}, e).comparison.join('');
    expect(n(FULL)).toContain('全州合格率由2.5%提高到7.5%，上升5.0个百分点');
    expect(n(PUBLIC)).toContain('全州合格率由2.5%–10.0%变为2.5%–10.0%');
    expect(n(PUBLIC)).not.toContain('个百分点');
  });

  it('the .docx reads the same public text: no exact rate from a small count in any paragraph or cell', async () => {
    const doc = readDocx(await noticeDocx(notice(PUBLIC)));
    const text = [...doc.paragraphs, ...doc.rows.flat()].join('\n');
    for (const leak of ['7.5%', '75.0%', '66.7%', '提高7.5个百分点']) expect(text, leak).not.toContain(leak);
    expect(text).toContain('州财政局（2.5%–10.0%）');
    expect(text).toContain('另有2个单位人数较少或合格人数不足5人，合格率的变化不作比较');
    // Its table row: 州财政局's 合格 as <5 and its rate as the range; 州教育局 without breakdown.
    expect(doc.rows.find((r) => r.includes('州财政局'))).toEqual(expect.arrayContaining(['<5', '2.5%–10.0%']));
    expect(doc.rows.find((r) => r.includes('州教育局'))).toContain('人数较少，不公开分项');
    const fullDoc = readDocx(await noticeDocx(notice(FULL)));
    expect(fullDoc.paragraphs.join('\n')).toContain('州财政局（7.5%）');
  });
});

describe('the funnel’s widest loss', () => {
  it('is told in people only when both stages it is the difference of are published', () => {
    // 48 started, 3 met the online hours: 45 lost — but 48 − 45 gives the "不足5" back.
    const funnel = { registered: 50, started: 48, onlineMet: 3, onlineOfflineMet: 2, qualified: 2, excellent: 0 };
    const s = { ...nowSummary, funnel } as SummaryFile;
    expect(funnelSentence({ summary: s, units: [], edition: FULL })).toContain('之间（45人）');
    const pub = funnelSentence({ summary: s, units: [], edition: PUBLIC })!;
    expect(pub).toContain('人员主要停留在“已开始学习”到“网上学习达标”之间。');
    expect(pub).not.toContain('45');
    const loss = widestLoss(funnel)!;
    expect(lossWords(loss, FULL)).toBe('：45 人');
    expect(lossWords(loss, PUBLIC)).toBe('');
    expect(lossWords(widestLoss({ ...funnel, onlineMet: 10 })!, PUBLIC)).toBe('：38 人');
  });
});

describe('charts’ value labels', () => {
  const label = (n: number) => String(publicNumber(n, PUBLIC));
  const labels = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&lt;/g, '<'));
  it('write a count of 1–4 as "<5" (and a funnel stage’s share not at all)', () => {
    const hours = hoursChart([{ hours: 0, people: 3 }, { hours: 8, people: 40 }] as never, 8, undefined, label);
    expect(labels(hours)).toEqual(expect.arrayContaining(['<5', '40']));
    expect(labels(hours)).not.toContain('3');
    expect(labels(hoursChart([{ hours: 0, people: 3 }, { hours: 8, people: 40 }] as never, 8))).toContain('3');
    const funnel = funnelChart([{ label: '注册参学', people: 40, ofRegistered: 1 }, { label: '合格', people: 3, ofRegistered: 0.075 }], undefined, label);
    expect(labels(funnel)).toEqual(expect.arrayContaining(['40（100%）', '<5']));
    expect(labels(funnel).join(' ')).not.toMatch(/7\.5|8%/);
  });
});

describe('较上期 in the public edition (publishedChange)', () => {
  it('a count’s change only when both counts are published: 3 → 8 is “—”, 5 → 8 is ↑3人', () => {
    expect(describeChange(publicCountChange(8, 3, false, PUBLIC)!, 'people').text).toBe('—');
    expect(describeChange(publicCountChange(3, 3, false, PUBLIC)!, 'people').label).toBe('人数较少，不公开变化');
    expect(describeChange(publicCountChange(8, 5, false, PUBLIC)!, 'people').label).toBe('较上期增加3人');
    expect(describeChange(publicCountChange(8, 3, false, FULL)!, 'people').label).toBe('较上期增加5人');
    // 首次统计 says nothing about a count.
    expect(publicCountChange(3, undefined, true, PUBLIC)).toEqual({ kind: 'first' });
  });

  it('a rate’s change only when both rates are one value', () => {
    expect(publicRateChange({ rate: 0.075, count: 3, of: 40 }, { rate: 0, count: 0, of: 40 }, false, PUBLIC)).toEqual({ kind: 'hidden' });
    expect(publicRateChange({ rate: 0.2, count: 8, of: 40 }, { rate: 0, count: 0, of: 40 }, false, PUBLIC)).toEqual({ kind: 'up', amount: 20 });
    expect(publicRateChange({ rate: 0.075, count: 3, of: 40 }, { rate: 0, count: 0, of: 40 }, false, FULL)).toEqual({ kind: 'up', amount: 7.5 });
  });

  it('a unit’s or branch’s rate change: hidden for a small group or 1–4 qualified in either drop; the rank’s movement stays', () => {
    const was = (registered: number, qualified: number, rank: number) => ({ periodId: 'p', asOf: '2020-02-05', registered, qualified, rate: qualified / registered, excellentRate: 0, rank, outlook: { unlikely: 0, behind: 0, onPace: 0 } });
    expect(groupChanges({ rate: 0.075, rank: 1, registered: 40, qualified: 3 }, was(40, 0, 2), PUBLIC)).toEqual({ rate: { kind: 'hidden' }, rank: { kind: 'up', amount: 1 } });
    expect(groupChanges({ rate: 0.5, rank: 1, registered: 40, qualified: 20 }, was(40, 2, 2), PUBLIC).rate).toEqual({ kind: 'hidden' });
    expect(groupChanges({ rate: 0.75, rank: 1, registered: 8, qualified: 6 }, was(8, 0, 2), PUBLIC).rate).toEqual({ kind: 'hidden' });
    expect(groupChanges({ rate: 0.5, rank: 1, registered: 40, qualified: 20 }, was(40, 10, 2), PUBLIC).rate).toEqual({ kind: 'up', amount: 25 });
    expect(groupChanges({ rate: 0.075, rank: 1, registered: 40, qualified: 3 }, was(40, 0, 2), FULL).rate).toEqual({ kind: 'up', amount: 7.5 });
  });
});

describe('rates, sort keys and bars as published', () => {
  it('a rate over a base of 1–4 is not given; a rate from 1–4 is a range, sorts and draws at its middle', () => {
    expect(publicRate(2, 3, pct, PUBLIC)).toBe('—');
    expect(publicRate(3, 40, pct, PUBLIC)).toBe('2.5%–10.0%');
    expect(isExactRate(3, 40, PUBLIC)).toBe(false);
    expect(isExactRate(5, 40, PUBLIC)).toBe(true);
    expect(isExactGroupRate(6, 8, PUBLIC)).toBe(false);
    expect(publicSortRate(0.075, 3, 40, PUBLIC)).toBe(2.5 / 40);
    expect(publicSortRate(0.075, 3, 40, FULL)).toBe(0.075);
    expect(publishedRate(0.0896, 6, 67, pct, PUBLIC)).toBe('9.0%');
    expect(publishedRate(0.0896, 6, 67, pct, FULL)).toBe('9.0%');
  });
});
