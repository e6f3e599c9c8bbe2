/**
 * summary.json: the period, the totals, the rates by category and the hours distribution.
 */
import { formatDay } from '../contract/calendar.ts';
import type { Period } from '../contract/period.ts';
import type { Cram, Funnel, OutlookCounts, PersonResult, SummaryFile } from '../contract/outputs.ts';
import { SCHEMA_VERSION } from '../contract/outputs.ts';
import { periodDay } from '../rules/deadline.ts';
import { countPeople, tallyOf } from './tally.ts';

export function summaryOf(
  period: Period, asOf: number, latestDeadline: number, people: readonly PersonResult[],
  extra: { units: number; branches: number; coverageGaps: number },
  analysis: { funnel: Funnel; outlook: OutlookCounts; cram: Cram },
): SummaryFile {
  const distribution = new Map<number, number>();
  for (const p of people) distribution.set(p.totalHours, (distribution.get(p.totalHours) ?? 0) + 1);
  return {
    schemaVersion: SCHEMA_VERSION,
    period,
    asOf: formatDay(asOf),
    daysLeft: Math.max(0, periodDay(period.window.end) - asOf),
    latestDeadline: formatDay(latestDeadline),
    totals: {
      ...tallyOf(countPeople(people)),
      exempt: people.filter((p) => p.online.exempt).length,
      ...extra,
    },
    byCategory: {
      党员: tallyOf(countPeople(people.filter((p) => p.category === '党员'))),
      党外干部: tallyOf(countPeople(people.filter((p) => p.category === '党外干部'))),
    },
    hoursDistribution: [...distribution].sort((a, b) => a[0] - b[0]).map(([hours, n]) => ({ hours, people: n })),
    funnel: analysis.funnel,
    outlook: analysis.outlook,
    cram: analysis.cram,
  };
}
