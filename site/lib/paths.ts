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
