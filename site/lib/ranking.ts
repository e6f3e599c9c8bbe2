/**
 * The order of the ranking tables (/rankings/ and its branch pages): by docs/ rank, unranked
 * groups (nobody registered) last, ties by id (byCodeUnit, the one string order) — one order,
 * so the pages of the branch ranking follow each other without gaps or repeats.
 */
import { byCodeUnit } from '../../pipeline/contract/compare.ts';

export function byRank<T extends { stat: { rank: number | null } }>(xs: readonly T[], id: (x: T) => string): T[] {
  return [...xs].sort((a, b) => (a.stat.rank ?? Infinity) - (b.stat.rank ?? Infinity) || byCodeUnit(id(a), id(b)));
}
