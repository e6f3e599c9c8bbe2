/**
 * Builds the search box's index from the site data: names only, as compact arrays (people
 * reference their branch by position, branches their unit). Names are kept as displayed; the
 * match keys are derived from them by site/lib/search-key.ts wherever matching happens.
 *
 * The open index (search-index.json) has units and branches; the people are split into one
 * piece per unit (search/<slug>.json), so each lives behind its unit's access when deployed
 * (site/lib/edition.ts). The public edition has no people at all.
 */
import type { SiteData } from './data.ts';
import { personAnchor } from './data.ts';
import { edition, searchPiecePath, SMALL_COUNT, type EditionContents } from './edition.ts';
import { branchPath, unitPath } from './paths.ts';
import { pageLimit } from './paging.ts';
import { idBucket, type SearchIndex, type SearchPiece, type ShardDirectory } from './search-find.ts';
import { idKey, searchKey } from './search-key.ts';

type UnitEntry = SiteData['units'][number];

function indexes(data: SiteData) {
  // People on a later page of a large branch's list (paging.ts) are linked to that page.
  const size = pageLimit('people');
  const laterPage = new Map<string, number>();
  for (const b of data.branches) {
    for (let i = size; i < b.people.length; i++) laterPage.set(b.people[i].personId, Math.floor(i / size) + 1);
  }
  return {
    unitIndex: new Map(data.units.map((u, i) => [u.stat.unitId, i])),
    branchIndex: new Map(data.branches.map((b, i) => [b.stat.branchId, i])),
    laterPage,
  };
}

function placesOf(data: SiteData, unitIndex: Map<string, number>): Pick<SearchIndex, 'units' | 'branches'> {
  return {
    units: data.units.map((u) => [u.stat.unitName, unitPath(u.slug)]),
    branches: data.branches.map((b) => [b.stat.branchName, branchPath(b.slug), unitIndex.get(b.stat.unitId) ?? -1]),
  };
}

/**
 * [name, personId, branch index] — plus the anchor only when it is not "p-" + personId, or,
 * for a person on page n ≥ 2 of a large branch's list, `people/<n>/#<anchor>` (relative to the
 * branch's page; the client tells the two apart by the "#").
 */
function peopleRows(people: SiteData['people'], { branchIndex, laterPage }: ReturnType<typeof indexes>): SearchIndex['people'] {
  return people.map((p) => {
    const anchor = personAnchor(p.personId);
    const row: SearchIndex['people'][number] = [p.name, p.personId, branchIndex.get(p.branchId) ?? -1];
    const page = laterPage.get(p.personId);
    if (page) row.push(`people/${page}/#${anchor}`);
    else if (anchor !== `p-${p.personId}`) row.push(anchor);
    return row;
  });
}

/** The open index: units, branches, and the list of per-unit people pieces (full edition). */
export function buildSearchIndex(data: SiteData, e: EditionContents = edition()): SearchIndex {
  const { unitIndex } = indexes(data);
  return {
    ...placesOf(data, unitIndex),
    people: [],
    pieces: e.people ? data.units.filter((u) => u.people.length > 0).map((u): [string, string] => [u.slug, searchPiecePath(u.slug)]) : [],
    ...(e.people ? { shards: searchShards(data).directory } : {}),
  };
}

/** About this many people per id bucket (ids match exactly, so a bucket is any slice). */
export const ID_SHARD_ROWS = 1000;

export interface SearchShards {
  directory: ShardDirectory;
  /** Name-key character → the people whose name key contains it (people order). */
  names: Map<string, SearchIndex['people']>;
  /** Id bucket → its people. */
  ids: SearchIndex['people'][];
}

let shardCache: { data: SiteData; shards: SearchShards } | null = null;

/**
 * The people in shards that mix units (site/lib/search-find.ts ShardDirectory): one per
 * character of the name keys, one per id bucket. Computed once per build.
 */
export function searchShards(data: SiteData): SearchShards {
  if (shardCache?.data === data) return shardCache.shards;
  const rows = peopleRows(data.people, indexes(data));
  const names = new Map<string, SearchIndex['people']>();
  const buckets = Math.max(1, Math.ceil(rows.length / ID_SHARD_ROWS));
  const ids: SearchIndex['people'][] = Array.from({ length: buckets }, () => []);
  for (const row of rows) {
    for (const ch of new Set(searchKey(row[0]))) {
      const shard = names.get(ch);
      if (shard) shard.push(row);
      else names.set(ch, [row]);
    }
    ids[idBucket(idKey(row[1]), buckets)].push(row);
  }
  // The directory is in the open index: a character's count is published no lower than
  // SMALL_COUNT (docs/site.md: no count 1 … 4 that could point at a person); the client only uses
  // it to pick the smallest shard, and the shard itself is behind the admin's access.
  const directory: ShardDirectory = { names: Object.fromEntries([...names].map(([ch, r]) => [ch, Math.max(r.length, SMALL_COUNT)])), ids: buckets };
  shardCache = { data, shards: { directory, names, ids } };
  return shardCache.shards;
}

/** One unit's people for the search box. */
export function buildSearchPiece(data: SiteData, unit: UnitEntry): SearchPiece {
  return { people: peopleRows(unit.people, indexes(data)) };
}

/** Everything in one index: what the client holds once it has fetched every piece. */
export function buildWholeSearchIndex(data: SiteData): SearchIndex {
  const ix = indexes(data);
  return { ...placesOf(data, ix.unitIndex), people: peopleRows(data.people, ix) };
}
