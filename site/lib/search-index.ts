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
import { edition, searchPiecePath, type EditionContents } from './edition.ts';
import { branchPath, unitPath } from './paths.ts';
import type { SearchIndex, SearchPiece } from './search-find.ts';

type UnitEntry = SiteData['units'][number];

function indexes(data: SiteData) {
  return {
    unitIndex: new Map(data.units.map((u, i) => [u.stat.unitId, i])),
    branchIndex: new Map(data.branches.map((b, i) => [b.stat.branchId, i])),
  };
}

function placesOf(data: SiteData, unitIndex: Map<string, number>): Pick<SearchIndex, 'units' | 'branches'> {
  return {
    units: data.units.map((u) => [u.stat.unitName, unitPath(u.slug)]),
    branches: data.branches.map((b) => [b.stat.branchName, branchPath(b.slug), unitIndex.get(b.stat.unitId) ?? -1]),
  };
}

/** [name, personId, branch index] — plus the anchor only when it is not "p-" + personId. */
function peopleRows(people: SiteData['people'], branchIndex: Map<string, number>): SearchIndex['people'] {
  return people.map((p) => {
    const anchor = personAnchor(p.personId);
    const row: SearchIndex['people'][number] = [p.name, p.personId, branchIndex.get(p.branchId) ?? -1];
    if (anchor !== `p-${p.personId}`) row.push(anchor);
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
  };
}

/** One unit's people for the search box. */
export function buildSearchPiece(data: SiteData, unit: UnitEntry): SearchPiece {
  return { people: peopleRows(unit.people, indexes(data).branchIndex) };
}

/** Everything in one index: what the client holds once it has fetched every piece. */
export function buildWholeSearchIndex(data: SiteData): SearchIndex {
  const { unitIndex, branchIndex } = indexes(data);
  return { ...placesOf(data, unitIndex), people: peopleRows(data.people, branchIndex) };
}
