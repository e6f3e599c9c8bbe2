import { describe, expect, it } from 'vitest';
import type { DropDigest, SummaryFile, UnitStat } from '../../pipeline/contract/outputs.ts';
import { buildNotice, comparisonWithPrevious, leadersAndLaggards, nameList, type NoticeDrop } from '../../site/lib/notice.ts';
import { previousArchived, readSiteData } from '../../site/lib/data.ts';
import { FIXTURE_DIR } from './fixture.ts';

function unit(unitId: string, rate: number, registered = 10, excellentRate = 0): UnitStat {
  const qualified = Math.round(rate * registered);
  return {
    unitId, unitName: `${unitId}局`, parent: '', branchCount: 1, registered, qualified, excellent: Math.round(excellentRate * registered),
    inProgress: registered - qualified, failed: 0, rate, excellentRate, avgHours: 8 * rate, members: registered, nonMembers: 0,
    rank: null,
    funnel: { registered, started: registered, onlineMet: qualified, onlineOfflineMet: qualified, qualified, excellent: Math.round(excellentRate * registered) },
    outlook: { unlikely: 0, behind: 0, onPace: registered - qualified },
  };
}

/** docs/ rank over the given units. */
function ranked(units: UnitStat[]): UnitStat[] {
  return units.map((u) => ({
    ...u,
    rank: u.registered === 0 ? null
      : 1 + units.filter((v) => v.registered > 0 && (v.rate > u.rate || (v.rate === u.rate && v.excellentRate > u.excellentRate))).length,
  }));
}

describe('leading and lagging units', () => {
  it('takes three from each end when there are enough units', () => {
    const units = ranked(['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((id, i) => unit(id, 1 - i / 10)));
    const { leading, lagging } = leadersAndLaggards(units);
    expect(leading.map((u) => u.unitId)).toEqual(['A', 'B', 'C']);
    expect(lagging.map((u) => u.unitId)).toEqual(['G', 'F', 'E']);
  });

  it('never puts a unit on both lists and keeps ties together', () => {
    const units = ranked([unit('A', 0.9), unit('B', 0.9), unit('C', 0.5), unit('D', 0.1)]);
    const { leading, lagging } = leadersAndLaggards(units);
    expect(leading.map((u) => u.unitId)).toEqual(['A', 'B']);
    expect(lagging.map((u) => u.unitId)).toEqual(['D', 'C']);
  });

  it('names nobody when every unit ties', () => {
    const units = ranked([unit('A', 1), unit('B', 1), unit('C', 1)]);
    expect(leadersAndLaggards(units)).toEqual({ leading: [], lagging: [] });
  });

  it('ignores units with nobody registered', () => {
    const units = ranked([unit('A', 0.9), unit('B', 0.2), unit('Z', 0, 0)]);
    const { leading, lagging } = leadersAndLaggards(units);
    expect([...leading, ...lagging].map((u) => u.unitId)).toEqual(['A', 'B']);
  });

  it('lists at most ten names, then counts', () => {
    const units = ranked(Array.from({ length: 12 }, (_, i) => unit(`U${i}`, 0.5)));
    expect(nameList(units, false)).toBe('U0局、U1局、U2局、U3局、U4局、U5局、U6局、U7局、U8局、U9局等12个单位');
  });
});

describe('the 通报 on the fixture', () => {
  const data = readSiteData(FIXTURE_DIR);
  const notice = buildNotice(data.summary, data.units.map((u) => u.stat));
  const all = [notice.title, notice.asOfLine, notice.opening, ...notice.overall, ...notice.units, ...notice.requirements.map((r) => r.heading + r.text)].join('\n');

  it('opens with the as-of date and the period', () => {
    expect(notice.title).toBe('关于2020年“党校到支部”党的十九届四中全会精神专题培训完成情况的通报');
    expect(notice.title).not.toContain('本期');
    expect(notice.asOfLine).toBe('（截至2020年2月24日）');
    expect(notice.opening).toContain('现将截至2月24日州直各部门单位完成情况通报如下');
  });

  it('gives the overall figures from summary.json', () => {
    expect(notice.overall[0]).toBe('州直6个部门单位、8个支部共注册参学人员16人，其中党员12人、党外干部4人。');
    expect(notice.overall[1]).toContain('（合格）8人，合格率50.0%');
    expect(notice.overall[1]).toContain('优秀2人');
    expect(all).toContain('6个部门单位中，有1个单位尚未注册参学人员（州档案馆），未实现“应培尽培”');
  });

  it('names units only, never a person', () => {
    for (const p of data.people) expect(all).not.toContain(p.name);
  });

  it('derives the requirements from the figures: extensions, re-study, below average, coverage', () => {
    const headings = notice.requirements.map((r) => r.heading);
    expect(headings).toEqual(['抓紧完成延期任务', '做好重新学习安排', '压实督学责任', '确保应培尽培', '抓好成果运用']);
    expect(notice.requirements[0].text).toContain('最迟3月23日');
    expect(notice.requirements[1].text).toContain('未在规定时间内完成的6人');
    expect(notice.belowAverage.every((u) => u.rate < data.summary.totals.rate)).toBe(true);
  });

  it('tables every unit: ranked ones by rank, then the coverage gaps', () => {
    expect(notice.table).toHaveLength(data.units.length);
    const ranks = notice.table.map((u) => u.rank);
    expect(ranks.at(-1)).toBeNull();
    expect(ranks.filter((r) => r !== null)).toEqual([...ranks.filter((r) => r !== null)].sort((a, b) => a! - b!));
  });

  it('counts days left before the end when the period is running', () => {
    const running: SummaryFile = { ...data.summary, daysLeft: 9 };
    const n = buildNotice(running, data.units.map((u) => u.stat));
    expect(n.requirements[0]).toEqual(expect.objectContaining({ heading: '抓紧完成剩余任务' }));
    expect(n.requirements[0].text).toContain('距本期学习培训结束（2月23日）还有9天，尚有2人未完成');
  });
});

describe('与上期相比 (comparisonWithPrevious)', () => {
  const digest = (ordinal: number, over: Partial<DropDigest> = {}): DropDigest => ({
    schemaVersion: 1, periodId: '2020-01', asOf: '2020-02-24', ordinal,
    previous: ordinal > 1 ? { periodId: '2020-01', asOf: '2020-02-17' } : null,
    newlyQualified: ordinal > 1 ? 0 : null, noLongerQualified: ordinal > 1 ? 0 : null, ...over,
  });
  const data = readSiteData(FIXTURE_DIR);
  /** A drop of the fixture's period with these units (the totals' rate set to `rate`). */
  const drop = (units: UnitStat[], rate: number, asOf: string, d: DropDigest): NoticeDrop => ({
    summary: { ...data.summary, asOf, totals: { ...data.summary.totals, rate } }, units: ranked(units), digest: d,
  });

  it('a period’s first drop says it is the first 通报 of the period', () => {
    const first = drop([unit('A', 0.5)], 0.5, '2020-02-07', digest(1));
    expect(comparisonWithPrevious(first, null)).toEqual(['本次通报为本期学习培训的首次通报（第1期），此前无本期数据，不作与上期的比较。']);
  });

  it('no change: 持平, and every unit held its rate', () => {
    const before = drop([unit('A', 0.5), unit('B', 0.4)], 0.45, '2020-02-17', digest(2));
    const now = drop([unit('A', 0.5), unit('B', 0.4)], 0.45, '2020-02-24', digest(3));
    expect(comparisonWithPrevious(now, before)).toEqual([
      '与上期通报（第2期，数据截至2月17日）相比，全州合格率与上期持平，均为45.0%；新增合格0人。',
      '各单位合格率均与上期持平。',
    ]);
  });

  it('a fall: the rate down in points, the people no longer qualified, the units that fell', () => {
    const before = drop([unit('A', 0.6), unit('B', 0.5), unit('C', 0.5)], 0.5333, '2020-02-17', digest(2));
    const now = drop([unit('A', 0.5), unit('B', 0.5), unit('C', 0.3)], 0.4333, '2020-02-24', digest(3, { newlyQualified: 1, noLongerQualified: 4 }));
    const [overall, units] = comparisonWithPrevious(now, before);
    expect(overall).toBe('与上期通报（第2期，数据截至2月17日）相比，全州合格率由53.3%下降到43.3%，下降10.0个百分点；新增合格1人，另有4人上期已合格、本期未达到合格（如报告被退回），须按要求补齐。');
    expect(units).toBe('合格率下降的单位：C局（下降20.0个百分点）、A局（下降10.0个百分点）。');
  });

  it('the units that moved most: at most three, largest first, ties by name', () => {
    const before = drop(['E', 'D', 'C', 'B', 'A'].map((id) => unit(id, 0.1)), 0.1, '2020-02-17', digest(2));
    const now = drop([unit('E', 0.3), unit('D', 0.3), unit('C', 0.3), unit('B', 0.5), unit('A', 0.2)], 0.32, '2020-02-24', digest(3, { newlyQualified: 11 }));
    const [overall, units] = comparisonWithPrevious(now, before);
    expect(overall).toContain('全州合格率由10.0%提高到32.0%，上升22.0个百分点；新增合格11人。');
    expect(units).toBe('合格率提高较多的单位：B局（提高40.0个百分点）、C局（提高20.0个百分点）、D局（提高20.0个百分点）。');
  });

  it('a unit new to the statistics is named as such, not as a riser', () => {
    const before = drop([unit('A', 0.5), unit('N', 0, 0)], 0.5, '2020-02-17', digest(2));
    const now = drop([unit('A', 0.6), unit('N', 0.2)], 0.5, '2020-02-24', digest(3, { newlyQualified: 3 }));
    const lines = comparisonWithPrevious(now, before);
    expect(lines[1]).toBe('合格率提高的单位：A局（提高10.0个百分点）；本期新纳入统计的单位：N局。');
  });

  it('the fixture’s 第3期 against its 第2期, from the archive alone', () => {
    const current = data.currentDrop;
    const previous = previousArchived(data.archive, current)!;
    const n = buildNotice(current.summary, current.units, { drop: current, previous });
    expect(n.comparison[0]).toBe('与上期通报（第2期，数据截至2月17日）相比，注册参学人员由14人增加到16人，全州合格率由35.7%提高到50.0%，上升14.3个百分点；新增合格4人，另有1人上期已合格、本期未达到合格（如报告被退回），须按要求补齐。');
    expect(n.comparison[1]).toContain('州教育局（提高25.0个百分点）');
    expect(n.comparison[1]).toContain('本期新纳入统计的单位：州统计局 & "数据中心"');
    for (const p of data.people) expect(n.comparison.join('')).not.toContain(p.name);
  });
});
