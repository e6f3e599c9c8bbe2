/**
 * 完成漏斗 and 学习节律 (docs/analysis.md): the funnel never increases, whatever people look like; the
 * heatmap's cells add up to the credited seconds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromCivil, startOfDay } from '../../pipeline/contract/calendar.ts';
import { FUNNEL_STAGES, GRADES, type PeopleFile, type PersonResult, type RhythmFile, type SummaryFile, type UnitsFile } from '../../pipeline/contract/outputs.ts';
import { addToFunnel, emptyFunnel, funnelDepth } from '../../pipeline/analysis/funnel.ts';
import { StudyRhythm, weekdayOf } from '../../pipeline/analysis/rhythm.ts';
import { computeOutputs } from '../../pipeline/run.ts';

const personArb = fc.record({
  started: fc.boolean(), exempt: fc.boolean(), online: fc.constantFrom(0, 4), offlineMissing: fc.constantFrom(0, 1, 4),
  grade: fc.constantFrom(...GRADES),
});

function result(x: { exempt: boolean; online: number; offlineMissing: number; grade: PersonResult['grade'] }): PersonResult {
  return {
    online: { hours: x.online, exempt: x.exempt }, missing: { offlineHours: x.offlineMissing }, grade: x.grade,
  } as unknown as PersonResult;
}

describe('完成漏斗', () => {
  it('each stage is a subset of the one before: the counts never increase (property)', () => {
    fc.assert(fc.property(fc.array(personArb, { maxLength: 60 }), (people) => {
      const f = emptyFunnel();
      for (const p of people) addToFunnel(f, funnelDepth(result(p), p.started, 4));
      const counts = FUNNEL_STAGES.map((s) => f[s]);
      expect(counts[0]).toBe(people.length);
      for (let k = 1; k < counts.length; k++) expect(counts[k]).toBeLessThanOrEqual(counts[k - 1]);
    }));
  });
  it('a person qualified without having started (impossible by the rules, possible in config) stops at the first stage missed', () => {
    expect(funnelDepth(result({ exempt: false, online: 4, offlineMissing: 0, grade: '优秀' }), false, 4)).toBe(0);
    expect(funnelDepth(result({ exempt: true, online: 4, offlineMissing: 0, grade: '优秀' }), false, 4)).toBe(5);
    expect(funnelDepth(result({ exempt: false, online: 0, offlineMissing: 0, grade: '合格' }), true, 4)).toBe(1);
  });
});

describe('学习节律', () => {
  it('2020-01-13 is a Monday (weekday 1) and 2020-01-19 a Sunday (7)', () => {
    expect(weekdayOf(dayFromCivil(2020, 1, 13))).toBe(1);
    expect(weekdayOf(dayFromCivil(2020, 1, 19))).toBe(7);
  });
  it('an interval across Sunday midnight (Beijing) splits into Sunday 23:00 and Monday 0:00, to the millisecond', () => {
    const r = new StudyRhythm(1, dayFromCivil(2020, 1, 20));
    const monday = startOfDay(dayFromCivil(2020, 1, 20));
    r.credit(0, monday - 1200.25, monday + 600.5);
    const f = r.file('p', dayFromCivil(2020, 1, 20), ['U1']);
    const cell = (w: number, h: number) => f.cells.find((c) => c.weekday === w && c.hour === h)!.seconds;
    expect(cell(7, 23)).toBe(1200);
    expect(cell(1, 0)).toBe(601);
    expect(f.totalSeconds).toBe(1801);
    expect(f.units[0].seconds).toBe(1801);
    // The last 3 days end on Monday 20 Jan: 18–20 Jan; all of it is 突击.
    expect(f.cram).toEqual({ days: 3, from: '2020-01-18', to: '2020-01-20', seconds: 1801, share: 1 });
  });
  it('on data/sample, the heatmap sums to the total, which is everyone\'s credited seconds', async () => {
    const outputs = await computeOutputs('data/sample');
    const out = outputs as unknown as { 'rhythm.json': RhythmFile; 'people.json': PeopleFile; 'summary.json': SummaryFile; 'units.json': UnitsFile };
    const rhythm = out['rhythm.json'];
    expect(rhythm.cells).toHaveLength(168);
    expect(rhythm.cells.reduce((s, c) => s + c.seconds, 0)).toBe(rhythm.totalSeconds);
    const credited = out['people.json'].people.reduce((s, p) => s + p.online.creditedMinutes * 60, 0);
    // creditedMinutes has 2 decimals (0.3 s per person at most), each cell whole seconds (0.5 s).
    expect(Math.abs(rhythm.totalSeconds - credited)).toBeLessThanOrEqual(out['people.json'].people.length * 0.3 + 84);
    expect(rhythm.units.reduce((s, u) => s + u.seconds, 0)).toBeCloseTo(rhythm.totalSeconds, -2);
    // The funnel of the sample: never increasing, registered = everyone, qualified = the tally's.
    const f = out['summary.json'].funnel;
    expect(f.registered).toBe(out['summary.json'].totals.registered);
    expect(f.qualified).toBe(out['summary.json'].totals.qualified);
    expect(f.excellent).toBe(out['summary.json'].totals.excellent);
    const counts = FUNNEL_STAGES.map((s) => f[s]);
    for (let k = 1; k < counts.length; k++) expect(counts[k]).toBeLessThanOrEqual(counts[k - 1]);
    // Units' funnels add up to the whole.
    for (const s of FUNNEL_STAGES) expect(out['units.json'].units.reduce((n, u) => n + u.funnel[s], 0)).toBe(f[s]);
  });
});
