/**
 * The timeline's credited seconds and active viewers per day: pieces split at Beijing
 * midnight, whatever order they come in (the day of the previous piece is remembered).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOfInstant, parseDay, startOfDay } from '../../pipeline/contract/calendar.ts';
import { DailyActivity } from '../../pipeline/stats/timeline.ts';

const FIRST = parseDay('2020-01-13') as number, LAST = FIRST + 9;

/** Day by day: each piece's overlap with each day it touches. */
function reference(pieces: [number, number, number][]) {
  const seconds = new Map<number, number>(), viewers = new Map<number, Set<number>>();
  for (const [who, from, to] of pieces) {
    for (let d = dayOfInstant(from); d <= dayOfInstant(to - 1); d++) {
      const overlap = Math.min(to, startOfDay(d + 1)) - Math.max(from, startOfDay(d));
      if (d < FIRST || d > LAST || overlap <= 0) continue;
      seconds.set(d, (seconds.get(d) ?? 0) + overlap);
      (viewers.get(d) ?? viewers.set(d, new Set()).get(d)!).add(who);
    }
  }
  return { seconds, viewers };
}

describe('DailyActivity.credit', () => {
  it('splits at midnight and counts each viewer once a day, in any order', () => {
    // Starts and ends on midnight itself are the cases to get right: drawn often.
    const piece = fc.tuple(fc.integer({ min: -2, max: 12 }), fc.oneof(fc.constantFrom(0, 86399), fc.integer({ min: 0, max: 86399 })),
      fc.oneof(fc.constantFrom(1, 86400, 2 * 86400), fc.integer({ min: 1, max: 2 * 86400 })));
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (raw) => {
      // People come one after another (as the pipeline evaluates them); pieces in any order within.
      const pieces = raw.map(([d, s, len], i): [number, number, number] => [Math.floor(i / 3), startOfDay(FIRST + d) + s, startOfDay(FIRST + d) + s + len]);
      const daily = new DailyActivity(FIRST, LAST);
      for (const [who, from, to] of pieces) daily.credit(who, from, to);
      const want = reference(pieces);
      for (let d = FIRST; d <= LAST; d++) {
        expect(daily.seconds[d - FIRST]).toBe(want.seconds.get(d) ?? 0);
        expect(daily.viewers[d - FIRST]).toBe(want.viewers.get(d)?.size ?? 0);
      }
    }), { numRuns: 200 });
  });
});
