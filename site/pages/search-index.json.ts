/**
 * The search box's index: names only, as compact arrays (people reference their branch by
 * position, branches their unit), fetched by site/client/search.ts on first use.
 */
import type { APIRoute } from 'astro';
import { loadSiteData, personAnchor } from '../lib/data.ts';
import { branchPath, unitPath } from '../lib/paths.ts';

export const GET: APIRoute = () => {
  const data = loadSiteData();
  const unitIndex = new Map(data.units.map((u, i) => [u.stat.unitId, i]));
  const branchIndex = new Map(data.branches.map((b, i) => [b.stat.branchId, i]));
  const index = {
    units: data.units.map((u) => [u.stat.unitName, unitPath(u.slug)]),
    branches: data.branches.map((b) => [b.stat.branchName, branchPath(b.slug), unitIndex.get(b.stat.unitId)]),
    // [name, personId, branch index] — plus the anchor only when it is not "p-" + personId.
    people: data.people.map((p) => {
      const anchor = personAnchor(p.personId);
      const row: (string | number | undefined)[] = [p.name, p.personId, branchIndex.get(p.branchId)];
      if (anchor !== `p-${p.personId}`) row.push(anchor);
      return row;
    }),
  };
  return new Response(JSON.stringify(index), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
