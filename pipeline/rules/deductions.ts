/**
 * 学时真实性's deduction (period.json `integrity.deduct`; docs/analysis.md): what the rules do not credit.
 * The viewing rules' seconds each person's own evaluation finds (viewing-patterns.ts); the
 * copied comments need everyone's comments, so the pipeline finds them first
 * (analysis/integrity.ts) and hands them to the rules here, per dataset.
 */
import type { Comment, Dataset } from '../contract/model.ts';

const copied = new WeakMap<Dataset, ReadonlySet<Comment>>();

/** The comments flagged as copies, not credited when period.json deducts copy-paste. */
export function deductComments(data: Dataset, comments: ReadonlySet<Comment>): void {
  copied.set(data, comments);
}

export function deductedCommentsOf(data: Dataset): ReadonlySet<Comment> | undefined {
  return copied.get(data);
}
