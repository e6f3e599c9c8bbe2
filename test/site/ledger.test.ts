import { describe, expect, it } from 'vitest';
import type { LedgerFile } from '../../pipeline/contract/outputs.ts';
import { creditableSoFar, creditedDistribution, expectedSoFar, personExpected, restudyList, yearByUnit, yearHours, yearStatus } from '../../site/lib/ledger.ts';
import { readSiteData } from '../../site/lib/data.ts';
import { NEXT_FIXTURE_DIR } from './fixture.ts';

const person = (personId: string, unitId: string, creditedHours: number, restudy: string[] = [], branchId = `${unitId}-B`): LedgerFile['people'][number] => ({
  personId, name: personId, category: '党员', unitId, branchId, periods: [], creditedHours, remainingHours: Math.max(0, 32 - creditedHours), restudy,
});
const ledger = (people: LedgerFile['people']): LedgerFile => ({ schemaVersion: 1, year: 2020, annualRequiredHours: 32, asOf: '2020-12-01', periods: [], people });

describe('年度学时 per unit', () => {
  it('counts who reached the annual hours (credited ≥ annual), and who must re-study', () => {
    const l = ledger([person('p1', 'B', 32), person('p2', 'B', 40), person('p3', 'B', 24, ['2020-03']), person('p4', 'A', 0)]);
    expect(yearByUnit(l)).toEqual([
      { unitId: 'A', registered: 1, reached: 0, onTrack: 1, behind: 0, restudy: 0, rate: 0, otherHours: 0 },
      { unitId: 'B', registered: 3, reached: 2, onTrack: 1, behind: 0, restudy: 1, rate: 2 / 3, otherHours: 0 },
    ]);
  });

  it('in the middle of the year: on track with the periods held, behind without them; other training counts', () => {
    const both = [{ periodId: '2020-01', grade: '合格' as const, totalHours: 8 }, { periodId: '2020-02', grade: '进行中' as const, totalHours: 2 }];
    const onlySecond = [both[1]];
    const l: LedgerFile = {
      ...ledger([
        { ...person('p1', 'A', 8), periods: both }, { ...person('p2', 'A', 0), otherHours: 8, periods: both }, { ...person('p3', 'A', 0), periods: both },
        { ...person('p4', 'A', 24), otherHours: 8, periods: both }, { ...person('p5', 'A', 0), periods: onlySecond },
      ]),
      periods: [
        { periodId: '2020-01', title: '一', asOf: '2020-02-24', requiredHours: 8 },
        { periodId: '2020-02', title: '二', asOf: '2020-04-10', requiredHours: 8 },
      ],
    };
    // The second period still runs: the year so far asks for the first one's 8 hours.
    const expected = expectedSoFar(l, '2020-02');
    expect(expected).toBe(8);
    // p5 registered first in the running period: nothing expected of them yet.
    expect(l.people.map((p) => [p.personId, yearHours(p), yearStatus(l, p, '2020-02')])).toEqual([
      ['p1', 8, 'onTrack'], ['p2', 8, 'onTrack'], ['p3', 0, 'behind'], ['p4', 32, 'reached'], ['p5', 0, 'onTrack'],
    ]);
    expect(yearByUnit(l, '2020-02')).toEqual([{ unitId: 'A', registered: 5, reached: 1, onTrack: 3, behind: 1, rate: 0.2, restudy: 0, otherHours: 16 }]);
    // Both periods over: 16 hours expected.
    expect(expectedSoFar(l, null)).toBe(16);
    expect(yearStatus(l, l.people[0], null)).toBe('behind');
    expect(personExpected(l, l.people[4], null)).toBe(8);
  });

  it('lists the people to re-study by unit, branch, then id', () => {
    const l = ledger([person('p9', 'B', 0, ['x'], 'B1'), person('p2', 'B', 0, ['x'], 'B0'), person('p5', 'A', 8, ['y']), person('p1', 'A', 8)]);
    expect(restudyList(l).map((p) => p.personId)).toEqual(['p5', 'p2', 'p9']);
  });

  it('on the fixture’s year of two periods: at most 16 of 32 hours so far, nobody there yet', () => {
    const l = readSiteData(NEXT_FIXTURE_DIR).ledger!;
    expect(creditableSoFar(l)).toBe(16);
    expect(yearByUnit(l).reduce((s, u) => s + u.reached, 0)).toBe(0);
    expect(creditedDistribution(l)).toEqual([{ hours: 0, people: 6 }, { hours: 8, people: 5 }, { hours: 16, people: 6 }]);
    expect(restudyList(l).map((p) => p.personId)).toEqual(['P006', 'P008', 'P003', 'P014', '../P016', 'P015']);
  });
});
