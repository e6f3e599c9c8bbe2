/**
 * Links under the configured base path (intranet sites live under sub-paths). Every link of
 * the site goes through href(); slugs are already safe ASCII (see slug.ts).
 */

/** `base` + `path`, with exactly one slash between them. */
export function joinBase(base: string, path: string): string {
  const b = base.endsWith('/') ? base : `${base}/`;
  return b + path.replace(/^\/+/, '');
}

/** A site path ("units/", "notice/") as a link under the build's base. */
export function href(path = ''): string {
  return joinBase(import.meta.env.BASE_URL ?? '/', path);
}

export const unitPath = (slug: string) => `units/${slug}/`;
export const branchPath = (slug: string) => `branches/${slug}/`;
export const unitCsvPath = (slug: string) => `downloads/units/${slug}.csv`;
/** An archived 通报: `notices/<period slug>/<asOf>/` (asOf is a validated YYYY-MM-DD day). */
export const noticePath = (periodSlug: string, asOf: string) => `notices/${periodSlug}/${asOf}/`;
/** The current drop's 通报. */
export const CURRENT_NOTICE_PATH = 'notice/';
/**
 * A 通报's annex (附件：各单位完成情况, site/lib/paging.ts noticeAnnex), page n, below the 通报's
 * own path (`notice/` or `notices/<period slug>/<asOf>/`): an archived 通报 has its own annex,
 * so it never links to a later drop's figures.
 */
export const noticeAnnexPath = (notice: string, page: number) => `${notice}annex/${page <= 1 ? '' : `${page}/`}`;

/**
 * Pages of a long list (site/lib/paging.ts). Page 1 is the page the list has always been on;
 * the others get a folder of their own below it (below the unit for a unit's lists, so they
 * share the unit's access when deployed; below year/ for the 重新学习 lists, admin only).
 */
export const rankingBranchesPath = (page: number) => (page <= 1 ? 'rankings/' : `rankings/branches/${page}/`);
export const rankingUnitsPath = (page: number) => (page <= 1 ? 'rankings/' : `rankings/units/${page}/`);
/** Pages of the unit index: not below units/, where any folder may be a unit's (a plain id slugs to itself). */
export const unitListPath = (page: number) => (page <= 1 ? 'units/' : `unit-list/${page}/`);
export const unitPeoplePath = (slug: string, page: number) => (page <= 1 ? unitPath(slug) : `units/${slug}/people/${page}/`);
export const unitYearPath = (slug: string, page: number) => (page <= 1 ? unitPath(slug) : `units/${slug}/year/${page}/`);
/** /analysis/'s per-unit funnel table, page n (page 1 is /analysis/ itself; open, like /analysis/). */
export const analysisUnitsPath = (page: number) => (page <= 1 ? 'analysis/' : `analysis/units/${page}/`);
/** /integrity/'s per-unit table, page `page` (1: on /integrity/ itself). */
export const integrityUnitsPath = (page: number) => (page <= 1 ? 'integrity/' : `integrity/units/${page}/`);
/** /year/'s unit table, page n (page 1 is /year/ itself; admin, like /year/). */
export const yearUnitsPath = (page: number) => (page <= 1 ? 'year/' : `year/units/${page}/`);
export const restudyPath = (slug: string, page: number) => `year/restudy/${slug}/${page <= 1 ? '' : `${page}/`}`;
/** A branch's lists: 督学 (chase), everyone (people, the rows search links to), their year. */
export type BranchList = 'chase' | 'people' | 'year';
export const branchListPath = (slug: string, list: BranchList, page: number) => (page <= 1 ? branchPath(slug) : `branches/${slug}/${list}/${page}/`);
