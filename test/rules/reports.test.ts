import { describe, expect, it } from 'vitest';
import { evaluatePerson } from '../../pipeline/rules/person.ts';
import { latestReview } from '../../pipeline/rules/reports.ts';
import { dataset } from '../helpers/model.ts';

type R = Parameters<typeof dataset>[0]['people'][number]['reports'];
const reports = (rs: R, category: '党员' | '党外干部' = '党员') => evaluatePerson(dataset({ people: [{ category, reports: rs }] }), 0).result.reports;

describe('reports', () => {
  it('a member needs 2 党费日+报告; unreviewed reports count', () => {
    expect(reports([{ submitted: '01-31 10:00' }, { submitted: '02-20 10:00' }])).toEqual({ counted: 2, required: 2, recommended: 0 });
  });
  it('a report of the wrong kind does not count', () => {
    expect(reports([{ submitted: '01-31 10:00', kind: '心得体会' }]).counted).toBe(0);
    expect(reports([{ submitted: '01-31 10:00', kind: '党费日+报告' }], '党外干部')).toEqual({ counted: 0, required: 1, recommended: 0 });
  });
  it('a report whose latest review is 退回 does not count; 通过 and 推荐 do', () => {
    expect(reports([{ submitted: '01-31 10:00', verdict: '退回' }, { submitted: '02-01 10:00', verdict: '通过' }, { submitted: '02-02 10:00', verdict: '推荐' }]))
      .toEqual({ counted: 2, required: 2, recommended: 1 });
  });
  it('a report submitted outside the range does not count', () => {
    const ev = evaluatePerson(dataset({ people: [{ reports: [{ submitted: '02-24 10:00' }, { submitted: '01-12 10:00' }] }] }), 0);
    expect(ev.result.reports.counted).toBe(0);
    expect(ev.reports.outside).toBe(2);
  });
});

describe('latest review', () => {
  it('is the one with the latest reviewed_at, whatever the row order', () => {
    expect(latestReview([{ reviewedAt: 20, row: 2, verdict: '推荐' }, { reviewedAt: 10, row: 3, verdict: '退回' }])?.verdict).toBe('推荐');
  });
  it('of equal reviewed_at, the later row wins', () => {
    expect(latestReview([{ reviewedAt: 10, row: 3, verdict: '退回' }, { reviewedAt: 10, row: 2, verdict: '推荐' }])?.verdict).toBe('退回');
  });
  it('is null without reviews', () => {
    expect(latestReview([])).toBeNull();
  });
});
