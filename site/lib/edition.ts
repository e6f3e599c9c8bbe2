/**
 * The site's editions, decided here and nowhere else: pages ask what the edition contains,
 * and the deployment configuration asks who may read each route (site/lib/deploy.ts).
 *
 * - full (default): everything, for the intranet behind the generated nginx configuration — a
 *   unit's accounts read that unit's pages, the admin reads everything, pages without
 *   personal data are open.
 * - public: no personal data at all — no names, no person ids, no 召集人, no people tables, no
 *   people CSVs, no people in the search index; data quality and anomalies as counts only.
 *
 * The edition comes from XUESHI_EDITION, set by site/scripts/build.ts (--edition).
 */
import type { SiteData } from './data.ts';

export const EDITIONS = ['full', 'public'] as const;
export type Edition = (typeof EDITIONS)[number];

export interface EditionContents {
  readonly edition: Edition;
  /** 完整版 / 公开版, for the footer. */
  readonly label: string;
  /** Names and ids of people: people tables, 督学 lists, people CSVs, people in search. */
  readonly people: boolean;
  /** Branch conveners (召集人) by name. */
  readonly conveners: boolean;
  /** Rejected rows and warnings row by row (their texts carry names and ids), anomalies person by person. */
  readonly rows: boolean;
}

const CONTENTS: Record<Edition, EditionContents> = {
  full: { edition: 'full', label: '完整版', people: true, conveners: true, rows: true },
  public: { edition: 'public', label: '公开版', people: false, conveners: false, rows: false },
};

/**
 * Small groups (docs/site.md): in an edition without people, a unit or branch with fewer than
 * SMALL_GROUP registered is shown without its breakdown, and elsewhere a count of 1 … 4 is
 * shown as "<5" (a rate derived from it as a range), so no figure points at a person. The
 * full edition, read behind per-unit accounts, shows every number. Pages ask these helpers,
 * never the edition's name.
 */
export const SMALL_GROUP = 10;
/** Counts below this (and above 0) are not published as numbers. */
export const SMALL_COUNT = 5;
export const SMALL_GROUP_NOTE = '人数较少，不公开分项';

/** Whether a group of `registered` people is shown without its breakdown (0 is a coverage gap, not small). */
export function isSmallGroup(registered: number, e: EditionContents = edition()): boolean {
  return !e.people && registered > 0 && registered < SMALL_GROUP;
}

/** Whether a count is published only as "<5". */
export const isSmallCount = (n: number, e: EditionContents = edition()) => !e.people && n > 0 && n < SMALL_COUNT;

/** A count as the edition may publish it: "<5" for 1 … 4 without people, else the number (thousands grouped). */
export function publicCount(n: number, e: EditionContents = edition()): string {
  return isSmallCount(n, e) ? `<${SMALL_COUNT}` : n.toLocaleString('en-US');
}

/** publicCount for a place that printed the bare number: "<5" for 1 … 4 without people, else the number itself (no grouping). */
export const publicNumber = (n: number, e: EditionContents = edition()): number | string => (isSmallCount(n, e) ? `<${SMALL_COUNT}` : n);

/**
 * A rate count/of as the edition may publish it: a small count's rate is the range it could be
 * (1/of … 4/of), e.g. "0.5%–2.0%"; over a base that is itself 1 … 4 (shown "<5") no rate at all
 * ("—": the base would be read back from it). `format` prints one rate (pct).
 */
export function publicRate(count: number, of: number, format: (r: number) => string, e: EditionContents = edition()): string {
  if (of <= 0 || isSmallCount(of, e)) return '—';
  return isSmallCount(count, e) ? `${format(1 / of)}–${format((SMALL_COUNT - 1) / of)}` : format(count / of);
}

/**
 * publicRate for a rate the pipeline computed (`rate`, rounded to four places): printed from it,
 * as before, whenever it is published as one value.
 */
export function publishedRate(rate: number, count: number, of: number, format: (r: number) => string, e: EditionContents = edition()): string {
  return of > 0 && isExactRate(count, of, e) ? format(rate) : publicRate(count, of, format, e);
}

/**
 * Whether the rate count/of is published as one value (not a range or "—"), so that figures
 * derived from it — a difference from another rate, a change since the previous drop, a point
 * of a chart — may be published too. Always in an edition with people.
 */
export function isExactRate(count: number, of: number, e: EditionContents = edition()): boolean {
  return e.people || (!isSmallCount(count, e) && !isSmallCount(of, e));
}

/**
 * Sort keys (a table's data-sort) and bar widths as the edition may publish them: a hidden count
 * sorts as 2.5, between 0 and 5, and its rate as 2.5/of — never as itself, which the attribute
 * would carry into the page. A rate over a hidden base sorts as -1, like a group without rate.
 */
export const publicSortCount = (n: number, e: EditionContents = edition()): number => (isSmallCount(n, e) ? SMALL_COUNT / 2 : n);
export function publicSortRate(rate: number, count: number, of: number, e: EditionContents = edition()): number {
  if (isExactRate(count, of, e)) return rate;
  return of <= 0 || isSmallCount(of, e) ? -1 : SMALL_COUNT / 2 / of;
}

/** The same for a unit's or branch's rate: a small group publishes no rate at all. */
export function isExactGroupRate(count: number, registered: number, e: EditionContents = edition()): boolean {
  return !isSmallGroup(registered, e) && isExactRate(count, registered, e);
}

export function parseEdition(raw: string | undefined): Edition {
  const value = raw && raw.length ? raw : 'full';
  if (!(EDITIONS as readonly string[]).includes(value)) throw new Error(`未知的版本“${value}”（可用：${EDITIONS.join('、')}）`);
  return value as Edition;
}

/** What the edition being built contains. */
export function edition(): EditionContents {
  return CONTENTS[parseEdition(process.env.XUESHI_EDITION)];
}

export function contentsOf(e: Edition): EditionContents {
  return CONTENTS[e];
}

/** The CSV tables of /downloads/ (besides one per unit), by file name. */
export type CsvTable = 'units' | 'branches' | 'people' | 'rejected' | 'anomalies';

/** Which summary CSVs the edition has: the public one only the units and branches (without 召集人). */
export function csvTables(e: EditionContents = edition()): CsvTable[] {
  return e.people ? ['units', 'branches', 'people', 'rejected', 'anomalies'] : ['units', 'branches'];
}

/** Whether the edition has one people CSV per unit. */
export const unitCsvs = (e: EditionContents = edition()) => e.people;

/** A unit's piece of the people search index (full edition): under the unit's own access. */
export const searchPiecePath = (unitSlug: string) => `search/${unitSlug}.json`;

/** Who may read a route of the full edition behind the deployment configuration. */
export type Audience = { kind: 'open' } | { kind: 'unit'; unitId: string; unitSlug: string } | { kind: 'admin' };

export interface RouteRule {
  /** A path under the base: exact ("quality/") or a folder prefix ending in "/" with `prefix`. */
  readonly path: string;
  readonly prefix: boolean;
  readonly audience: Audience;
}

/** Pages that list people of every unit: data quality, and the year's 重新学习 list (year/). */
const ADMIN_PAGES = ['quality/', 'year/'];

/** The search box's people shards by name character and by id bucket (site/lib/search-find.ts). */
export const SEARCH_SHARD_FOLDERS = ['search/k/', 'search/id/'];

/**
 * Every protected route of the full edition, from the same slugs the pages use: a unit's
 * dashboard, its branches, its CSV and its search piece belong to the unit; data quality and
 * the CSVs that mix units (people, branches with 召集人, rejected rows, anomalies) to the admin.
 * Whatever no rule names is open — the exhaustive check is classifyFile() over dist.
 */
export function routeRules(data: SiteData, e: EditionContents = edition()): RouteRule[] {
  if (!e.people) return [];
  const rules: RouteRule[] = [];
  for (const u of data.units) {
    const audience: Audience = { kind: 'unit', unitId: u.stat.unitId, unitSlug: u.slug };
    rules.push({ path: `units/${u.slug}/`, prefix: true, audience });
    for (const b of u.branches) rules.push({ path: `branches/${b.slug}/`, prefix: true, audience });
    rules.push({ path: `downloads/units/${u.slug}.csv`, prefix: false, audience });
    rules.push({ path: searchPiecePath(u.slug), prefix: false, audience });
  }
  for (const p of ADMIN_PAGES) rules.push({ path: p, prefix: true, audience: { kind: 'admin' } });
  // The search shards mix units (site/lib/search-index.ts): the admin's, like the people CSV.
  for (const p of SEARCH_SHARD_FOLDERS) rules.push({ path: p, prefix: true, audience: { kind: 'admin' } });
  for (const t of csvTables(e)) if (t !== 'units') rules.push({ path: `downloads/${t}.csv`, prefix: false, audience: { kind: 'admin' } });
  return rules;
}

/** Astro's hashed assets folder (astro.config.mjs build.assets): names change with content. */
export const ASSETS = '_assets/';

/** Files of dist that are open by nature: the pages and files without personal data. */
const OPEN_FILES = [
  /^index\.html$/, /^404\.html$/, /^units\/index\.html$/, /^analysis\/index\.html$/, /^analysis\/units\/\d+\/index\.html$/, /^integrity\/index\.html$/, /^integrity\/units\/\d+\/index\.html$/, /^rankings\/index\.html$/, /^rankings\/(?:branches|units)\/\d+\/index\.html$/, /^unit-list\/\d+\/index\.html$/, /^courses\/index\.html$/,
  /^notice\/index\.html$/, /^notice\/tongbao\.docx$/, /^notice\/annex\/(?:\d+\/)?index\.html$/, /^downloads\/index\.html$/, /^downloads\/units\.csv$/,
  /^search-index\.json$/, /^\.xueshi-site$/, /^_assets\/[^/]+\.(?:js|css)$/,
  // The 通报 archive: units only, like /notice/; each 通报's annex (附件) too.
  /^notices\/index\.html$/, /^notices\/[a-z0-9_-]+\/\d{4}-\d{2}-\d{2}\/(?:index\.html|tongbao\.docx|annex\/(?:\d+\/)?index\.html)$/,
];

/**
 * The audience of one file of dist (a path relative to dist, "/"-separated), or null when no
 * rule knows it — a new kind of page must be classified here before it can be deployed.
 */
export function classifyFile(file: string, rules: readonly RouteRule[], e: EditionContents = edition()): Audience | null {
  for (const r of rules) {
    if (r.prefix ? file.startsWith(r.path) : file === r.path) return r.audience;
  }
  if (!e.people) {
    // The public edition has nothing to protect; every file is open, but only known kinds.
    return OPEN_FILES.some((re) => re.test(file)) || /^(units|branches)\/[a-z0-9_-]+\/index\.html$/.test(file)
      || /^downloads\/branches\.csv$/.test(file) || /^(?:quality|year)\/index\.html$/.test(file) ? { kind: 'open' } : null;
  }
  return OPEN_FILES.some((re) => re.test(file)) ? { kind: 'open' } : null;
}

/**
 * A rejected row's reason as a kind, for counting: quoted values (“P000496”) and numbers
 * masked, so rows that fail the same way count together and no value is shown.
 */
export function reasonKind(reason: string): string {
  return reason.replace(/“[^”]*”/g, '“…”').replace(/\d+/g, 'N');
}

/** Rejected rows counted per file, column and kind of reason (what the public edition shows). */
export function rejectedCounts(rejected: readonly { file: string; column?: string | null; reason: string }[]): { file: string; column: string; reason: string; rows: number }[] {
  const counts = new Map<string, { file: string; column: string; reason: string; rows: number }>();
  for (const r of rejected) {
    const column = r.column ?? '（整行）';
    const reason = reasonKind(r.reason);
    const key = `${r.file}\u0000${column}\u0000${reason}`;
    const c = counts.get(key);
    if (c) c.rows++;
    else counts.set(key, { file: r.file, column, reason, rows: 1 });
  }
  return [...counts.values()];
}
