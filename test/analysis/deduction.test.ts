import { describe, expect, it } from 'vitest';
import { findCopies } from '../../pipeline/analysis/copy-paste.ts';
import { IntegrityFinder } from '../../pipeline/analysis/integrity.ts';
import { PeriodSchema } from '../../pipeline/contract/period.ts';
import { deductComments } from '../../pipeline/rules/deductions.ts';
import { evaluatePerson } from '../../pipeline/rules/person.ts';
import { dataset, GOOD_COMMENTS, PERIOD } from '../helpers/model.ts';

const deducting = (...rules: string[]) => PeriodSchema.parse({ ...PERIOD, integrity: { deduct: rules } });

describe('integrity.deduct: the rules withhold what the named rules flag', () => {
  // C1 (30 min) played 01:00–03:00: a flagged night; C2 by day.
  const night = { views: [['C1', '01-14 01:00', '01-14 03:00'], ['C2', '01-14 10:00', '01-14 10:20']] as [string, string, string][], comments: GOOD_COMMENTS };

  it('without deduct, a flagged night still counts, and people.json says nothing', () => {
    const ev = evaluatePerson(dataset({ people: [night] }), 0);
    expect(ev.result.online.coursesWatched).toBe(2);
    expect(ev.result.deducted).toBeUndefined();
  });

  it('deducting night withholds the night\'s credit and says so', () => {
    const ev = evaluatePerson(dataset({ period: deducting('night'), people: [night] }), 0);
    expect(ev.result.online.coursesWatched).toBe(1);
    expect(ev.result.online.creditedMinutes).toBe(20);
    expect(ev.result.deducted).toEqual({ rules: ['night'], minutes: 30, comments: 0 });
  });

  it('deducting copy-paste withholds the later copy, not the original', () => {
    const text = '认真学习了四中全会精神，深刻认识到制度优势是最大的优势，收获很大';
    const data = dataset({
      period: deducting('copy-paste'),
      people: [
        { comments: [['C1', '01-14 12:00', text]] },
        { comments: [['C1', '01-15 12:00', text.replace('收获很大', '收获大')]] },
      ],
    });
    const finder = new IntegrityFinder(data);
    finder.receiveCopies(findCopies(finder.copyJob));
    deductComments(data, finder.copiedComments);
    expect(evaluatePerson(data, 0).result.online.coursesCommented).toBe(1);
    const copier = evaluatePerson(data, 1).result;
    expect(copier.online.coursesCommented).toBe(0);
    expect(copier.deducted).toEqual({ rules: ['copy-paste'], minutes: 0, comments: 1 });
  });
});
