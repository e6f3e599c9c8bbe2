/**
 * Reports (docs/rules.md): which count, which are recommended.
 */
import { normalizeKey } from '../contract/fields.ts';
import type { Category } from '../contract/fields.ts';
import type { Report, Review } from '../contract/model.ts';
import type { Period } from '../contract/period.ts';
import { inRange, type Range } from './deadline.ts';

/** The latest review by reviewed_at; of equal times, the later row. */
export function latestReview(reviews: readonly Review[]): Review | null {
  let latest: Review | null = null;
  for (const r of reviews) {
    if (!latest || r.reviewedAt > latest.reviewedAt || (r.reviewedAt === latest.reviewedAt && r.row > latest.row)) latest = r;
  }
  return latest;
}

export function reportRuleOf(period: Period, category: Category) {
  return category === '党员' ? period.reports.member : period.reports.nonMember;
}

export interface ReportCredit {
  readonly counted: number;
  readonly required: number;
  readonly recommended: number;
  /** Reports submitted outside the range (ignored rows). */
  readonly outside: number;
}

/** The kind of report the category must hand in, as ingest normalises kinds. */
export function requiredKindOf(period: Period, category: Category): string {
  return normalizeKey(reportRuleOf(period, category).kind);
}

/**
 * Whether a report submitted in range counts, and whether it is recommended: it counts when
 * its kind is the required one and its latest review is not 退回 (unreviewed counts);
 * recommended when that review is 推荐.
 */
export function reportStanding(report: Report, requiredKind: string): { counts: boolean; recommended: boolean } {
  const verdict = latestReview(report.reviews)?.verdict;
  const counts = report.kind === requiredKind && verdict !== '退回';
  return { counts, recommended: counts && verdict === '推荐' };
}

/** Counted and recommended reports in range (docs/rules.md). */
export function reportCredit(period: Period, category: Category, reports: readonly Report[], range: Range): ReportCredit {
  const rule = reportRuleOf(period, category);
  const kind = requiredKindOf(period, category);
  let counted = 0, recommended = 0, outside = 0;
  for (const r of reports) {
    if (!inRange(range, r.submittedAt)) { outside++; continue; }
    const standing = reportStanding(r, kind);
    if (standing.counts) counted++;
    if (standing.recommended) recommended++;
  }
  return { counted, required: rule.required, recommended, outside };
}
