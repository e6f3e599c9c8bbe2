/**
 * Builds the search box's index from the site data: names only, as compact arrays (people
 * reference their branch by position, branches their unit). Names are kept as displayed; the
 * match keys are derived from them by site/lib/search-key.ts wherever matching happens.
 */
import type { SiteData } from './data.ts';
import { personAnchor } from './data.ts';
import { branchPath, unitPath } from './paths.ts';
import type { SearchIndex } from './search-find.ts';

export function buildSearchIndex(data: SiteData): SearchIndex {
  const unitIndex = new Map(data.units.map((u, i) => [u.stat.unitId, i]));
  const branchIndex = new Map(data.branches.map((b, i) => [b.stat.branchId, i]));
  return {
    units: data.units.map((u) => [u.stat.unitName, unitPath(u.slug)]),
    branches: data.branches.map((b) => [b.stat.branchName, branchPath(b.slug), unitIndex.get(b.stat.unitId) ?? -1]),
    // [name, personId, branch index] — plus the anchor only when it is not "p-" + personId.
    people: data.people.map((p) => {
      const anchor = personAnchor(p.personId);
      const row: SearchIndex['people'][number] = [p.name, p.personId, branchIndex.get(p.branchId) ?? -1];
      if (anchor !== `p-${p.personId}`) row.push(anchor);
      return row;
    }),
  };
}
