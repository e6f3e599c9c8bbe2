/**
 * How heavy the built site's HTML pages are. No page may weigh more than 1 MB (docs/site.md):
 * a list long enough to pass it is split into pages or moved to an annex (site/lib/paging.ts).
 * The build warns about a page over it; the benchmark's province run fails on one.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/** The most an HTML page may weigh, in bytes (1 MB). */
export const PAGE_BYTES_LIMIT = 1024 * 1024;

export interface PageSize {
  /** Relative to the site's folder, "/"-separated: `notice/index.html`. */
  readonly path: string;
  readonly bytes: number;
}

/** Every .html file under `dir`, largest first (ties by path). */
export function htmlPagesBySize(dir: string): PageSize[] {
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.html'))
    .map((f) => ({ path: f.split(sep).join('/'), bytes: statSync(join(dir, f)).size }))
    .sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The pages over `limit`, largest first. */
export function oversizedPages(pages: readonly PageSize[], limit = PAGE_BYTES_LIMIT): PageSize[] {
  return pages.filter((p) => p.bytes > limit);
}

/** "1.26 MB" / "348 KB" (1 KB = 1,024 bytes), for messages. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The build's warning about pages over the limit (null: none), in Chinese, naming each page, the cause and the fix. */
export function oversizedWarning(pages: readonly PageSize[], limit = PAGE_BYTES_LIMIT): string | null {
  const big = oversizedPages(pages, limit);
  if (!big.length) return null;
  return `[build] ⚠ ${big.length} 个页面超过 ${sizeText(limit)}，在手机和内网上打开会很慢：\n`
    + big.slice(0, 10).map((p) => `  ${p.path}  ${sizeText(p.bytes)}`).join('\n')
    + (big.length > 10 ? `\n  ……等 ${big.length} 个` : '')
    + '\n  原因通常是页面上的列表过长（单位、支部或人员过多）；请在 site/lib/paging.ts 为这个列表分页，或调小它的每页行数。';
}
