import { describe, expect, it } from 'vitest';
import { startOfDay } from '../../pipeline/contract/calendar.ts';
import { INTEGRITY_DEFAULTS } from '../../pipeline/contract/period.ts';
import { againstPrevious, stableId } from '../../pipeline/analysis/integrity.ts';
import type { IntegrityFile } from '../../pipeline/contract/outputs.ts';
import {
  CreditedIntervals, daysOverCap, deductedWindows, marathonsOf, nightsOver, playbackOf,
} from '../../pipeline/rules/viewing-patterns.ts';

const DAY = 18300; // 2020-02-08
const h = (hours: number) => startOfDay(DAY) + hours * 3600;

function intervals(...pieces: [number, number, number][]): CreditedIntervals {
  const iv = new CreditedIntervals();
  for (const [course, from, to] of pieces) iv.push(course, h(from), h(to));
  return iv;
}

describe('daysOverCap', () => {
  it('flags a day with more than the cap, not one with exactly the cap', () => {
    expect(daysOverCap(intervals([0, 8, 12], [1, 13, 17]), 8)).toEqual([]);
    const over = daysOverCap(intervals([0, 8, 12], [1, 13, 17.5]), 8);
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ day: DAY, seconds: 8.5 * 3600, courses: [0, 1] });
  });

  it('splits a playback across midnight between the two days', () => {
    // 20:00–04:00 the next day: 4 h on each day, none over 8 h; 6 h over a cap of 3 h on both.
    expect(daysOverCap(intervals([0, 20, 28]), 8)).toEqual([]);
    expect(daysOverCap(intervals([0, 18, 30]), 3).map((d) => [d.day, d.seconds])).toEqual([[DAY, 6 * 3600], [DAY + 1, 6 * 3600]]);
  });
});

describe('nightsOver', () => {
  it('counts only 00:00–05:00, and more than the limit', () => {
    expect(nightsOver(intervals([0, 4, 5]), 60)).toEqual([]); // exactly 60 minutes
    expect(nightsOver(intervals([0, 3.5, 6]), 60).map((d) => d.seconds)).toEqual([1.5 * 3600]);
    expect(nightsOver(intervals([0, 22, 25.5]), 60).map((d) => d.day)).toEqual([DAY + 1]);
  });
});

describe('marathonsOf', () => {
  it('joins pauses under the gap and breaks at a pause of the gap or more', () => {
    // 8–10, pause 9 min, 10:09–12:30: one run of 4.5 h.
    expect(marathonsOf(intervals([0, 8, 10], [1, 10 + 9 / 60, 12.5]), 4, 10).map((m) => (m.to - m.from) / 3600)).toEqual([4.5]);
    // A 10-minute pause breaks it into 2 h and 2.33 h.
    expect(marathonsOf(intervals([0, 8, 10], [1, 10 + 10 / 60, 12.5]), 4, 10)).toEqual([]);
    // Exactly 4 hours is not more than 4.
    expect(marathonsOf(intervals([0, 8, 12]), 4, 10)).toEqual([]);
  });
});

describe('playbackOf', () => {
  it('counts each second once whatever plays, without the course cap, inside the range', () => {
    const start = new Float64Array([h(1), h(1.5), h(3)]);
    const end = new Float64Array([h(2), h(2.5), h(4)]);
    const views = { course: new Int32Array([0, 1, 0]), start, end, offsets: new Int32Array([0, 3]) };
    const iv = playbackOf(views, 0, { from: h(0), to: h(3.5) }, new CreditedIntervals());
    const pieces = Array.from({ length: iv.length }, (_, i) => [iv.course[i], (iv.from[i] - h(0)) / 3600, (iv.to[i] - h(0)) / 3600]);
    expect(pieces).toEqual([[0, 1, 2], [1, 2, 2.5], [0, 3, 3.5]]);
  });
});

describe('deductedWindows', () => {
  it('deducts a day beyond the instant the cap was reached, a whole flagged night, a marathon beyond its hours', () => {
    const settings = { ...INTEGRITY_DEFAULTS, deduct: ['daily-cap', 'night', 'marathon'] as const };
    const iv = intervals([0, 1, 3], [0, 8, 11], [1, 12, 16.5]);
    const windows = deductedWindows(iv, { ...settings, deduct: [...settings.deduct] }).map(([a, b]) => [(a - h(0)) / 3600, (b - h(0)) / 3600]);
    // Day: 2 + 3 + 4.5 = 9.5 h; 8 h reached at 15:00. Night: 2 h (01–03) over 60 min. Marathon: 12–16.5, 4.5 h, beyond 16:00.
    expect(windows).toEqual([[0, 5], [15, 24], [16, 16.5]]);
  });
});

describe('stable flags', () => {
  it('the same rule, person and evidence give the same id; new is decided against the previous drop', () => {
    expect(stableId('night', 'P1', '2020-02-08')).toBe(stableId('night', 'P1', '2020-02-08'));
    expect(stableId('night', 'P1', '2020-02-08')).not.toBe(stableId('night', 'P2', '2020-02-08'));
    const flag = (id: string) => ({ id, rule: 'night' as const, personId: 'P1', name: '张三', unitId: 'U1', branchId: 'B1', new: true, reason: '', evidence: { courses: [] }, deducted: false });
    const file = (asOf: string, ids: string[]) => ({ asOf, flags: ids.map(flag) }) as unknown as IntegrityFile;
    const marked = againstPrevious(file('2020-02-10', ['a', 'b']), file('2020-02-03', ['a']));
    expect(marked.previousAsOf).toBe('2020-02-03');
    expect(marked.flags.map((f) => [f.id, f.new])).toEqual([['a', false], ['b', true]]);
  });
});
