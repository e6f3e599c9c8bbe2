import { describe, expect, it } from 'vitest';
import { countChange, describeChange, groupChanges, groupSeries, previousGroups, previousTotals, rankChange, rateChange } from '../../site/lib/changes.ts';
import { readSiteData } from '../../site/lib/data.ts';
import { FIXTURE_DIR, NEXT_FIXTURE_DIR } from './fixture.ts';

describe('较上期 of a rate, in percentage points', () => {
  it('a rise and a fall, measured on the rates as shown (one decimal)', () => {
    expect(describeChange(rateChange(0.5, 0.3571), 'points')).toMatchObject({ arrow: '↑', word: '上升', text: '14.3个百分点', label: '较上期上升14.3个百分点', tone: 'up' });
    expect(describeChange(rateChange(0.452, 0.46), 'points')).toMatchObject({ arrow: '↓', text: '0.8个百分点', tone: 'down' });
  });

  it('a change too small to show is 持平, never ↑0.0', () => {
    expect(describeChange(rateChange(0.50004, 0.5), 'points')).toMatchObject({ arrow: '', text: '持平', tone: 'same' });
  });

  it('a first drop says 首次统计, never a change of zero', () => {
    expect(describeChange(rateChange(0.5, 0.5, true), 'points').text).toBe('首次统计');
    expect(describeChange(countChange(8, undefined, true), 'people').text).toBe('首次统计');
  });

  it('a group absent from the previous drop is 新增', () => {
    expect(describeChange(rateChange(0.2, null), 'points').text).toBe('新增');
  });
});

describe('rank movement', () => {
  it('a smaller rank number is a rise', () => {
    expect(describeChange(rankChange(2, 5)!, 'places')).toMatchObject({ arrow: '↑', text: '3位', label: '较上期上升3位' });
    expect(describeChange(rankChange(4, 3)!, 'places')).toMatchObject({ arrow: '↓', text: '1位' });
    expect(describeChange(rankChange(3, 3)!, 'places').text).toBe('—');
  });

  it('unranked now has no movement; unranked before is new', () => {
    expect(rankChange(null, 2)).toBeNull();
    expect(rankChange(2, null)).toEqual({ kind: 'new' });
  });
});

describe('the history of the fixture (2020-01 第3期 against 第2期)', () => {
  const { history } = readSiteData(FIXTURE_DIR);
  const units = previousGroups(history, 'units');

  it('the previous totals are 第2期’s', () => {
    expect(previousTotals(history)).toMatchObject({ asOf: '2020-02-17', ordinal: 2, qualified: 5 });
  });

  it('单位/1 rose from 50.0% (2nd) to 75.0% (1st); U01 held 60.0% and fell one place', () => {
    expect(groupChanges({ rate: 0.75, rank: 1, registered: 4, qualified: 3 }, units('单位/1'))).toEqual({ rate: { kind: 'up', amount: 25 }, rank: { kind: 'up', amount: 1 } });
    expect(groupChanges({ rate: 0.6, rank: 2, registered: 5, qualified: 3 }, units('U01'))).toEqual({ rate: { kind: 'same' }, rank: { kind: 'down', amount: 1 } });
  });

  it('a unit first exported in this drop (u?1) is new; one with nobody registered has no change', () => {
    expect(units('u?1')).toBeNull();
    expect(groupChanges({ rate: 0, rank: 5, registered: 2, qualified: 0 }, units('u?1'))).toEqual({ rate: { kind: 'new' }, rank: { kind: 'new' } });
    expect(groupChanges({ rate: 0, rank: null, registered: 0, qualified: 0 }, units('..'))).toEqual({ rate: null, rank: null });
  });

  it('a series carries each drop’s 第N期', () => {
    expect(groupSeries(history, 'units', 'U01').map((d) => [d.asOf, d.ordinal, d.rate])).toEqual([['2020-02-07', 1, 0.2], ['2020-02-17', 2, 0.6], ['2020-02-24', 3, 0.6]]);
  });
});

describe('a period’s first drop (the later period of the next fixture)', () => {
  const { history } = readSiteData(NEXT_FIXTURE_DIR);
  it('has no previous figures: every group says 首次统计', () => {
    expect(previousTotals(history)).toBeNull();
    const units = previousGroups(history, 'units');
    expect(groupChanges({ rate: 0.6, rank: 1, registered: 5, qualified: 3 }, units('U01'))).toEqual({ rate: { kind: 'first' }, rank: { kind: 'first' } });
  });
});
