import { describe, expect, it } from 'vitest';
import { ratioHalfUp, round2, roundHalfUp } from '../../pipeline/rules/decimal.ts';
import { addPerson, emptyCounts, tallyOf } from '../../pipeline/stats/tally.ts';
import type { PersonResult } from '../../pipeline/contract/outputs.ts';

describe('rounding half-up on the exact decimal', () => {
  it('round2(1.005) is 1.01, not 1 (1.005 × 100 is 100.49999… in binary)', () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(2.675)).toBe(2.68);
    expect(round2(1.0049999)).toBe(1);
    expect(round2(0.125)).toBe(0.13);
    expect(round2(4)).toBe(4);
    expect(round2(0)).toBe(0);
    expect(roundHalfUp(0.00005, 4)).toBe(0.0001);
    expect(roundHalfUp(1e-9, 2)).toBe(0);
  });

  it('a credited 60.3 seconds is 1.01 minutes (1.005)', () => {
    expect(round2(60.3 / 60)).toBe(1.01);
  });

  it('ratios of counts round exactly: 57/800 = 0.07125 → 0.0713; 1/3 → 0.3333; 2/3 → 0.6667', () => {
    expect(ratioHalfUp(57, 800, 4)).toBe(0.0713);
    expect(ratioHalfUp(1, 3, 4)).toBe(0.3333);
    expect(ratioHalfUp(2, 3, 4)).toBe(0.6667);
    expect(ratioHalfUp(800, 800, 4)).toBe(1);
    expect(ratioHalfUp(0, 7, 4)).toBe(0);
  });

  it('a group\'s rate and mean hours round half-up on the exact quotient (57 of 800 qualified; 0.29 h over 2 people)', () => {
    const person = (grade: PersonResult['grade'], totalHours: number) => ({ grade, totalHours }) as PersonResult;
    const c = emptyCounts();
    for (let i = 0; i < 800; i++) addPerson(c, person(i < 57 ? '合格' : '进行中', 0));
    expect(tallyOf(c).rate).toBe(0.0713); // Math.round(57 / 800 * 10000) / 10000 gave 0.0712
    const d = emptyCounts();
    addPerson(d, person('进行中', 0.1));
    addPerson(d, person('进行中', 0.19));
    expect(tallyOf(d).avgHours).toBe(0.15); // 0.145: the float mean gave 0.14
  });
});
