/**
 * Finding and ranking in the search index. Pure: used by the client (site/client/search.ts)
 * and tested on the sample's real names (test/site/search.test.ts). The index format is
 * written by site/pages/search-index.json.ts.
 */
import { EXACT, NO_MATCH, idKey, matchTier, searchKey, withoutTitle } from './search-key.ts';

export interface SearchIndex {
  /** [name, url path] */
  units: [string, string][];
  /** [name, url path, unit index] */
  branches: [string, string, number][];
  /**
   * [name, person id, branch index, anchor (when not "p-" + person id) — or, for a person on a
   * later page of a large branch's list, that page and anchor: "people/2/#p-…"]
   */
  people: [string, string, number, string?][];
  /**
   * Full edition: the people live in one piece per unit, [unit slug, url path] (each behind its
   * unit's access when deployed; site/lib/edition.ts), and `people` above is empty.
   */
  pieces?: [string, string][];
  /**
   * Full edition: the same people again in shards that mix units (admin-only when deployed),
   * so that one name is found by downloading one small shard, never the province.
   */
  shards?: ShardDirectory;
}

/**
 * The people shards (site/lib/search-index.ts). A name shard holds everyone whose name key
 * contains its character (anywhere: a search finds names containing the query), so every
 * match of a query lies in the shard of any one of its characters — the client takes the
 * smallest. An id shard holds everyone whose id key falls in its bucket (ids match exactly).
 */
export interface ShardDirectory {
  /** Name-key character → rows in its shard; a character nobody's name holds is absent. */
  names: Record<string, number>;
  /** How many id buckets (search/id/<n>.json). */
  ids: number;
}

/** `search/k/<code point in hex>.json`: the shard of one name-key character. */
export const nameShardPath = (ch: string) => `search/k/${(ch.codePointAt(0) ?? 0).toString(16)}.json`;
export const idShardPath = (bucket: number) => `search/id/${bucket}.json`;

/** The bucket of an id key: FNV-1a over its UTF-16 units, mod the bucket count. */
export function idBucket(key: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % buckets;
}

/**
 * The shards that hold every person a query can find: for the query's key, and for the key
 * without a trailing title (find() retries with it), the shard of the key's rarest character
 * (none when some character is in nobody's name); and the id bucket of the query.
 */
export function shardsFor(dir: ShardDirectory, query: string): string[] {
  const paths: string[] = [];
  const shorter = withoutTitle(query);
  for (const key of shorter === null ? [searchKey(query)] : [searchKey(query), searchKey(shorter)]) {
    let best = '';
    let fewest = Infinity;
    for (const ch of Array.from(key)) {
      const n = Object.prototype.hasOwnProperty.call(dir.names, ch) ? dir.names[ch] : 0;
      if (n === 0) { best = ''; break; }
      if (n < fewest) { fewest = n; best = ch; }
    }
    if (best && paths.indexOf(nameShardPath(best)) < 0) paths.push(nameShardPath(best));
  }
  const id = idKey(query);
  if (id && dir.ids > 0) paths.push(idShardPath(idBucket(id, dir.ids)));
  return paths;
}

/** Which people files this browser reads: the shards (open site, admin) or its units' pieces. */
export function searchMode(cookie: string): 'shards' | 'units' {
  const has = (name: string) => new RegExp(`(?:^|;\\s*)${name}=1(?:;|$)`).test(cookie);
  return !has('xs_protected') || has('xs_admin') ? 'shards' : 'units';
}

/** A unit's piece of the people index: rows as in SearchIndex.people (branch index global). */
export interface SearchPiece {
  people: SearchIndex['people'];
}

/**
 * The pieces this browser may fetch, from the cookies the generated nginx configuration sets
 * (hints only; nginx's authentication protects the files): not served behind it (no
 * xs_protected) or an admin → all; else the units whose pages this browser has opened. So a
 * unit's account is never asked for a password by a search.
 */
export function piecesToFetch(pieces: readonly [string, string][], cookie: string): string[] {
  const has = (name: string) => new RegExp(`(?:^|;\\s*)${name}=1(?:;|$)`).test(cookie);
  if (!has('xs_protected') || has('xs_admin')) return pieces.map((p) => p[1]);
  return pieces.filter(([slug]) => has(`xs_u_${slug}`)).map((p) => p[1]);
}

/** The index with every name's key computed once, on load. */
/** Where a person's row is, under the base: their branch page (or its later page) and anchor. */
export function personTarget(branchPath: string, personId: string, anchor?: string): string {
  if (anchor && anchor.indexOf('#') >= 0) return branchPath + anchor;
  return `${branchPath}#${anchor || `p-${personId}`}`;
}

export interface PreparedIndex {
  index: SearchIndex;
  unitKeys: string[];
  branchKeys: string[];
  peopleKeys: string[];
  peopleIds: string[];
}

export function prepareIndex(index: SearchIndex): PreparedIndex {
  return {
    index,
    unitKeys: index.units.map((u) => searchKey(u[0])),
    branchKeys: index.branches.map((b) => searchKey(b[0])),
    peopleKeys: index.people.map((p) => searchKey(p[0])),
    peopleIds: index.people.map((p) => idKey(p[1])),
  };
}

/** Units before branches before people when they match equally well. */
export type HitKind = 'unit' | 'branch' | 'person';
const KIND_ORDER: Record<HitKind, number> = { unit: 0, branch: 1, person: 2 };

export interface Hit {
  kind: HitKind;
  /** Position in its list of the index. */
  at: number;
  /** 0 exact name or person id, 1 name starts with the query, 2 name contains it. */
  tier: number;
}

export interface Found {
  hits: Hit[];
  /** Matches beyond the limit. */
  more: number;
  /** The query as matched, when a trailing title had to be removed to find anything. */
  without?: string;
}

function scan(p: PreparedIndex, key: string, id: string): Hit[] {
  const hits: Hit[] = [];
  const lists: [HitKind, string[]][] = [['unit', p.unitKeys], ['branch', p.branchKeys], ['person', p.peopleKeys]];
  for (const [kind, keys] of lists) {
    for (let i = 0; i < keys.length; i++) {
      let tier = matchTier(keys[i], key);
      if (kind === 'person' && id && p.peopleIds[i] === id) tier = EXACT;
      if (tier !== NO_MATCH) hits.push({ kind, at: i, tier });
    }
  }
  return hits;
}

/**
 * Everything matching the query, best first: exact name or exact person id, then names that
 * start with the query, then names containing it; within a tier units, branches, people, each
 * in index order. When nothing matches and the query ends with a title (`科长`, `（副主任）`),
 * the query without it is tried.
 */
export function find(p: PreparedIndex, query: string, limit: number): Found {
  const key = searchKey(query);
  if (!key) return { hits: [], more: 0 };
  let hits = scan(p, key, idKey(query));
  let without: string | undefined;
  if (!hits.length) {
    const shorter = withoutTitle(query);
    if (shorter !== null) {
      hits = scan(p, searchKey(shorter), '');
      if (hits.length) without = shorter;
    }
  }
  hits.sort((a, b) => a.tier - b.tier || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.at - b.at);
  const more = Math.max(0, hits.length - limit);
  return { hits: more ? hits.slice(0, limit) : hits, more, without };
}
