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
  /** [name, person id, branch index, anchor (when not "p-" + person id)] */
  people: [string, string, number, string?][];
  /**
   * Full edition: the people live in one piece per unit, [unit slug, url path] (each behind its
   * unit's access when deployed; site/lib/edition.ts), and `people` above is empty.
   */
  pieces?: [string, string][];
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
