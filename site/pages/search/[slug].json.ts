/**
 * search/<unit slug>.json — one unit's people for the search box (full edition only), so that
 * each unit's names are served under that unit's access (site/lib/edition.ts, deploy.ts).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadSiteData, type UnitEntry } from '../../lib/data.ts';
import { edition } from '../../lib/edition.ts';
import { buildSearchPiece } from '../../lib/search-index.ts';

export const getStaticPaths = (() => (edition().people ? loadSiteData().units.filter((u) => u.people.length > 0) : [])
  .map((unit) => ({ params: { slug: unit.slug }, props: { unit } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ unit: UnitEntry }> = ({ props }) =>
  new Response(JSON.stringify(buildSearchPiece(loadSiteData(), props.unit)), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
