/**
 * Long lists split into pages, so that no HTML page grows past about 1 MB at province scale
 * (200,000 people, ~12,000 branches). A list no longer than its limit is shown whole, exactly
 * as before; a longer one shows its first page where it always was, with a pager, and the
 * other pages at their own URLs (site/lib/paths.ts):
 *
 * - /rankings/: the unit ranking's and the branch ranking's first pages; `rankings/units/<n>/`,
 *   `rankings/branches/<n>/`;
 * - /units/ (the unit index, with each unit's branches): `unit-list/<n>/` (a folder no unit slug
 *   can take, and open: units only);
 * - a unit's people (unit page): `units/<slug>/people/<n>/`; its people's year: `units/<slug>/year/<n>/`
 *   (under the unit's access when deployed, like the unit page);
 * - /year/'s unit table: `year/units/<n>/` (admin, like /year/; as many units a page as /units/);
 * - /year/'s 重新学习 list: per unit at `year/restudy/<unit slug>/[<n>/]` (admin, like /year/);
 * - the 通报's units table: beyond NOTICE_UNITS_IN_BODY units it leaves the 通报's body for an
 *   annex (附件：各单位完成情况) at `<the 通报's path>annex/[<n>/]` (open, like the 通报); see noticeAnnex;
 * - /analysis/'s per-unit funnel table: `analysis/units/<n>/` (open, like /analysis/; as many
 *   units a page as /units/), and its per-unit charts draw at most UNITS_IN_CHART units;
 * - /integrity/'s per-unit table: `integrity/units/<n>/` (open, like /integrity/; as many units a
 *   page as /units/: at a province it was 895 KB whole, the page nearest the limit).
 *
 * Page 1 is always the page the list lived on, so every link into a list stays valid.
 * The limits are sized from measured row weights (a branch row ≈ 0.8 KB, a person row of the
 * unit page ≈ 0.83 KB plus ≈ 0.47 KB in the year table, a 重新学习 row ≈ 0.4 KB, a unit row
 * ≈ 0.93 KB with its 较上期 and ≈ 0.6 KB more on /units/ for its branches' links: a province
 * has ~2,900 units, and /units/ whole was 2.7 MB).
 * XUESHI_PAGE_ROWS (tests only) lowers every limit to one number, so both sides of a limit are
 * checked on a small dataset; `N,units=M` gives the unit lists their own (a small dataset has
 * fewer units than people in a unit), `notice=K,annex=J` the 通报's body and annex theirs, and
 * `chart=C` the charts of /analysis/.
 */

/** Branch rows per page of the branch ranking. */
export const BRANCHES_PER_PAGE = 600;
/** Unit rows per page of /units/ and of the unit ranking (with 600 branch rows, /rankings/ ≈ 0.8 MB). */
export const UNITS_PER_PAGE = 300;
/** People rows per page of a unit's people list and of its people's year. */
export const PEOPLE_PER_PAGE = 400;
/** Rows of the province's 重新学习 list shown on /year/ itself; beyond it, one list per unit. */
export const RESTUDY_ON_YEAR_PAGE = 1000;
/**
 * The most units the 通报 lists in its own body. A prefecture (≤ 150 units) keeps its table in
 * the 通报, as it always has; a province's ~2,900 rows are an annex, not the body of a notice a
 * committee signs (and made /notice/ 1.26 MB).
 */
export const NOTICE_UNITS_IN_BODY = 200;
/**
 * Unit rows per page of the 通报's annex: a row is ≈ 0.2 KB (plain rows, site/lib/rows-html.ts),
 * so a province's ~2,900 units print from one page of ≈ 0.6 MB.
 */
export const ANNEX_UNITS_PER_PAGE = 3000;

/**
 * The most units a per-unit bar chart of /analysis/ (预警, 突击学习) draws: a prefecture's all;
 * of a province's ~2,900 (a chart 64,000 px tall, /analysis/ 3.5 MB) the highest, and it says so.
 */
export const UNITS_IN_CHART = 200;

export type PagedList = 'units' | 'branches' | 'people' | 'restudy' | 'notice' | 'annex' | 'chart';

const LIMITS: Record<PagedList, number> = {
  units: UNITS_PER_PAGE, branches: BRANCHES_PER_PAGE, people: PEOPLE_PER_PAGE, restudy: RESTUDY_ON_YEAR_PAGE,
  notice: NOTICE_UNITS_IN_BODY, annex: ANNEX_UNITS_PER_PAGE, chart: UNITS_IN_CHART,
};

/** The limit in force for a list (XUESHI_PAGE_ROWS, a positive integer, overrides all: tests). */
export function pageLimit(list: PagedList): number {
  const all = process.env.XUESHI_PAGE_ROWS;
  if (all) {
    const [first, ...own] = all.split(',');
    const mine = own.map((o) => o.split('=')).find(([name]) => name === list);
    const raw = mine ? mine[1] ?? '' : first;
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

/**
 * Where the 通报 of `units` units puts its units table: null — in its body, as always (at most
 * NOTICE_UNITS_IN_BODY units); else in an annex of `pages` pages of `size` rows.
 */
export function noticeAnnex(units: number): { pages: number; size: number } | null {
  if (units <= pageLimit('notice')) return null;
  const size = pageLimit('annex');
  return { pages: pageCount(units, size), size };
}
