/**
 * search/k/<code point>.json — everyone whose name key contains one character (full edition;
 * admin-only when deployed: it mixes units). The search box fetches the shard of the rarest
 * character of what is typed (site/lib/search-find.ts shardsFor).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadSiteData } from '../../../lib/data.ts';
import { edition } from '../../../lib/edition.ts';
import { searchShards } from '../../../lib/search-index.ts';
import type { SearchPiece } from '../../../lib/search-find.ts';

export const getStaticPaths = (() => (edition().people ? [...searchShards(loadSiteData()).names] : [])
  .map(([ch, people]) => ({ params: { code: (ch.codePointAt(0) ?? 0).toString(16) }, props: { people } }))) satisfies GetStaticPaths;

export const GET: APIRoute<SearchPiece> = ({ props }) =>
  new Response(JSON.stringify({ people: props.people }), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
