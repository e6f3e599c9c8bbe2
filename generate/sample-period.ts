/** The periods of the generated datasets. The first is the example of docs/data-format.md, the 2020-01 training period. */
import type { Period } from '../pipeline/contract/period.ts';

export const SAMPLE_PERIOD: Period = {
  id: '2020-01',
  title: '党的十九届四中全会精神专题培训',
  year: 2020,
  window: { start: '2020-01-13', end: '2020-02-23' },
  registrationDeadline: '2020-01-23',
  maxExtensionMonths: 1,
  asOf: '2020-02-24',
  requiredHours: 8,
  annualRequiredHours: 32,
  online: { hours: 4, watchRatio: 0.9, minCommentChars: 10 },
  offline: {
    cap: 4,
    member: { hoursPerSession: 1, maxSessions: 3, selfStudyHours: 1 },
    nonMember: { hoursPerSession: 2, maxSessions: 3, selfStudyHours: 2 },
  },
  reports: {
    member: { kind: '党费日+报告', required: 2 },
    nonMember: { kind: '心得体会', required: 1 },
  },
};

/**
 * The next period of the same year (second quarter): its own topic, window and notice words;
 * the same rules, and the same 32 学时 a year. `asOf` is the day after the window: the horizon
 * up to which the generator plays the period out, before cutting drops from it.
 */
export const SECOND_QUARTER_PERIOD: Period = {
  id: '2020-02',
  title: '统筹推进新冠肺炎疫情防控和经济社会发展专题培训',
  year: 2020,
  window: { start: '2020-04-13', end: '2020-05-24' },
  registrationDeadline: '2020-04-23',
  maxExtensionMonths: 1,
  asOf: '2020-05-25',
  requiredHours: 8,
  annualRequiredHours: 32,
  online: { hours: 4, watchRatio: 0.9, minCommentChars: 10 },
  offline: {
    cap: 4,
    member: { hoursPerSession: 1, maxSessions: 3, selfStudyHours: 1 },
    nonMember: { hoursPerSession: 2, maxSessions: 3, selfStudyHours: 2 },
  },
  reports: {
    member: { kind: '党费日+报告', required: 2 },
    nonMember: { kind: '心得体会', required: 1 },
  },
  notice: { evaluation: '第二季度“互学互评互检”' },
};
