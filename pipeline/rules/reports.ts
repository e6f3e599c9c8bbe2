/**
 * Reports (SPEC §2): which count, which are recommended.
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

/**
 * A report counts when its kind is the one required of the category, it was submitted in
 * range and its latest review is not 退回 (unreviewed counts); recommended when that is 推荐.
 */
export function reportCredit(period: Period, category: Category, reports: readonly Report[], range: Range): ReportCredit {
  const rule = reportRuleOf(period, category);
  const kind = normalizeKey(rule.kind);
  let counted = 0, recommended = 0, outside = 0;
  for (const r of reports) {
    if (!inRange(range, r.submittedAt)) { outside++; continue; }
    const verdict = latestReview(r.reviews)?.verdict;
    if (r.kind !== kind || verdict === '退回') continue;
    counted++;
    if (verdict === '推荐') recommended++;
  }
  return { counted, required: rule.required, recommended, outside };
}
