/**
 * The 通报's 大数据分析 paragraph (docs/analysis.md): the funnel, the 预警 counts, the 突击 share and the
 * most telling pattern — units only, never a person, and no unit named by a count small enough
 * to point at someone.
 */
import { describe, expect, it } from 'vitest';
import type { SummaryFile, UnitStat } from '../../pipeline/contract/outputs.ts';
import { analysisSentences, ANALYSIS_SENTENCES, buildNotice, type AnalysisSentence } from '../../site/lib/notice.ts';
import { readSiteData } from '../../site/lib/data.ts';
import { FIXTURE_DIR } from './fixture.ts';

const data = readSiteData(FIXTURE_DIR);

function withAnalysis(s: SummaryFile, over: Partial<Pick<SummaryFile, 'funnel' | 'outlook' | 'cram' | 'asOf'>>): SummaryFile {
  return { ...s, ...over };
}

const unit = (unitId: string, registered: number, unlikely: number): UnitStat => ({
  ...data.units[0].stat, unitId, unitName: `${unitId}局`, registered, outlook: { unlikely, behind: 0, onPace: 0 },
});

describe('the 通报 paragraph 大数据分析', () => {
  const summary = withAnalysis(data.summary, {
    asOf: '2020-02-24',
    funnel: { registered: 200, started: 190, onlineMet: 120, onlineOfflineMet: 100, qualified: 90, excellent: 10 },
    outlook: { unlikely: 12, behind: 8, onPace: 5 },
    cram: { days: 3, from: '2020-02-21', to: '2020-02-23', seconds: 36000, share: 0.35 },
  });
  const units = [unit('A', 40, 8), unit('B', 12, 6), unit('C', 9, 9), unit('D', 50, 4)];
  const text = analysisSentences(summary, units).join('');

  it('gives the funnel with shares, and where most people stop', () => {
    expect(text).toContain('注册参学的200人中，已开始学习190人（95.0%），网上学习达标120人（60.0%），网上、线下学时均达标100人（50.0%），合格90人（45.0%）');
    expect(text).toContain('人员主要停留在“已开始学习”到“网上学习达标”之间（70人）');
  });
  it('gives the 预警 counts and names only units of 10 or more with 5 or more 难以按期完成', () => {
    expect(text).toContain('尚未合格且仍在截止日期内的25人中，难以按期完成12人、需加快进度8人、可按期完成5人');
    // B (6 of 12 = 50%) before A (8 of 40 = 20%); C has 9 registered, D only 4 难以: not named.
    expect(text).toContain('难以按期完成人员占比较高的单位是B局（50.0%）、A局（20.0%）。');
    expect(text).not.toContain('C局');
    expect(text).not.toContain('D局');
  });
  it('gives the 突击 share, and calls it out when a third or more came in the last days', () => {
    expect(text).toContain('全州网上观看计入时长的35.0%集中在学习培训结束前最后3天（2月21日至2月23日），临近截止“突击学习”现象较为明显');
    const calm = analysisSentences(withAnalysis(summary, { cram: { ...summary.cram, share: 0.1 } }), units).join('');
    expect(calm).toContain('集中在学习培训结束前最后3天（2月21日至2月23日）。');
    expect(calm).not.toContain('突击学习”现象');
  });
  it('names no person: no name or id of people.json appears', () => {
    const notice = buildNotice(data.summary, data.units.map((u) => u.stat));
    const all = notice.analysis.join('');
    for (const p of data.people) {
      expect(all).not.toContain(p.personId);
      if (p.name.length > 1) expect(all).not.toContain(p.name);
    }
  });
  it('is built from its sentences in order: another analysis adds a sentence by adding a function', () => {
    const extra: AnalysisSentence = ({ summary: s }) => `另：共${s.funnel.registered}人。`;
    const out = analysisSentences(summary, units, [...ANALYSIS_SENTENCES, extra]);
    expect(out[out.length - 1]).toBe('另：共200人。');
    expect(out.slice(0, -1)).toEqual(analysisSentences(summary, units));
  });
});
