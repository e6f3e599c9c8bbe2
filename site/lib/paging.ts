/**
 * Long lists split into pages, so that no HTML page grows past about 1 MB at province scale
 * (200,000 people, ~12,000 branches). A list no longer than its limit is shown whole, exactly
 * as before; a longer one shows its first page where it always was, with a pager, and the
 * other pages at their own URLs (site/lib/paths.ts):
 *
 * - /rankings/: every unit, and the branch ranking's first page; `rankings/branches/<n>/`;
 * - a unit's people (unit page): `units/<slug>/people/<n>/`; its people's year: `units/<slug>/year/<n>/`
 *   (under the unit's access when deployed, like the unit page);
 * - /year/'s 重新学习 list: per unit at `year/restudy/<unit slug>/[<n>/]` (admin, like /year/).
 *
 * Page 1 is always the page the list lived on, so every link into a list stays valid.
 * The limits are sized from measured row weights (a branch row ≈ 0.8 KB, a person row of the
 * unit page ≈ 0.83 KB plus ≈ 0.47 KB in the year table, a 重新学习 row ≈ 0.4 KB).
 * XUESHI_PAGE_ROWS (tests only) lowers every limit to one number, so both sides of a limit are
 * checked on a small dataset.
 */

/** Branch rows per page of the branch ranking (units are always listed in full). */
export const BRANCHES_PER_PAGE = 600;
/** People rows per page of a unit's people list and of its people's year. */
export const PEOPLE_PER_PAGE = 400;
/** Rows of the province's 重新学习 list shown on /year/ itself; beyond it, one list per unit. */
export const RESTUDY_ON_YEAR_PAGE = 1000;

export type PagedList = 'branches' | 'people' | 'restudy';

const LIMITS: Record<PagedList, number> = { branches: BRANCHES_PER_PAGE, people: PEOPLE_PER_PAGE, restudy: RESTUDY_ON_YEAR_PAGE };

/** The limit in force for a list (XUESHI_PAGE_ROWS, a positive integer, overrides all: tests). */
export function pageLimit(list: PagedList): number {
  const raw = process.env.XUESHI_PAGE_ROWS;
  if (raw) {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`XUESHI_PAGE_ROWS “${raw}” 应为正整数`);
    return n;
  }
  return LIMITS[list];
}

/** How many pages `count` rows take (at least one: an empty list is one empty page). */
export const pageCount = (count: number, size: number) => Math.max(1, Math.ceil(count / size));

/** Rows of page `page` (1-based). */
export function pageRows<T>(rows: readonly T[], page: number, size: number): T[] {
  return rows.slice((page - 1) * size, page * size);
}

/** Page numbers 2..pages: the pages that get their own URL. */
export function laterPages(pages: number): number[] {
  return Array.from({ length: Math.max(0, pages - 1) }, (_, i) => i + 2);
}
