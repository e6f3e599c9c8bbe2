import { describe, expect, it } from 'vitest';
import { formatDay, startOfDay } from '../../pipeline/contract/calendar.ts';
import { deadlineOf, rangeOf, registeredLate } from '../../pipeline/rules/deadline.ts';
import { evaluatePerson } from '../../pipeline/rules/person.ts';
import { at, dataset, day, PERIOD } from '../helpers/model.ts';

describe('deadline D(p)', () => {
  it('is window.end without extensions', () => {
    expect(formatDay(deadlineOf(PERIOD, []).day)).toBe('2020-02-23');
  });
  it('takes the latest extension naming the person or the branch', () => {
    const d = deadlineOf(PERIOD, [day('03-01'), day('03-10'), day('02-28')]);
    expect(formatDay(d.day)).toBe('2020-03-10');
    expect(d.clamped).toBe(false);
  });
  it('ignores an extension before window.end (the later of the two wins)', () => {
    expect(formatDay(deadlineOf(PERIOD, [day('02-01')]).day)).toBe('2020-02-23');
  });
  it('clamps to window.end + maxExtensionMonths calendar months and says so', () => {
    const d = deadlineOf(PERIOD, [day('04-30')]);
    expect(formatDay(d.day)).toBe('2020-03-23');
    expect(d.clamped).toBe(true);
    expect(deadlineOf(PERIOD, [day('03-23')]).clamped).toBe(false);
  });
  it('a calendar month from the 31st ends on the last day of the shorter month', () => {
    const period = { ...PERIOD, window: { start: '2020-01-01', end: '2020-01-31' } };
    expect(formatDay(deadlineOf(period, [day('12-31')]).day)).toBe('2020-02-29');
  });
  it('a person extension and a branch extension both reach the person (dataset)', () => {
    const data = dataset({ people: [{ extensions: ['03-05'] }, {}] });
    expect(evaluatePerson(data, 0).result.deadline).toBe('2020-03-05');
    expect(evaluatePerson(data, 1).result.deadline).toBe('2020-02-23');
  });
});

describe('range [S, min(D(p), T))', () => {
  it('starts at window.start 00:00 Beijing time and ends at 00:00 after the deadline day', () => {
    const r = rangeOf(PERIOD, day('02-23'), day('03-30'));
    expect(r.from).toBe(at('01-13 00:00'));
    expect(r.to).toBe(startOfDay(day('02-24')));
  });
  it('ends at 00:00 after asOf when asOf comes first', () => {
    const r = rangeOf(PERIOD, day('02-23'), day('02-01'));
    expect(r.to).toBe(at('02-02 00:00'));
  });
});

describe('逾期注册 (registeredLate)', () => {
  it('is a registration after registrationDeadline, not on it; no date is never late', () => {
    expect(PERIOD.registrationDeadline).toBe('2020-01-23');
    expect(registeredLate(PERIOD, day('01-23'))).toBe(false);
    expect(registeredLate(PERIOD, day('01-24'))).toBe(true);
    expect(registeredLate(PERIOD, null)).toBe(false);
  });
});
