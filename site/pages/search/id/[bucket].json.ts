/**
 * search/id/<bucket>.json — everyone whose id key falls in one bucket (full edition; admin-only
 * when deployed), so an exact person id is found with one small file (site/lib/search-find.ts).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadSiteData } from '../../../lib/data.ts';
import { edition } from '../../../lib/edition.ts';
import { searchShards } from '../../../lib/search-index.ts';
import type { SearchPiece } from '../../../lib/search-find.ts';

export const getStaticPaths = (() => (edition().people ? searchShards(loadSiteData()).ids : [])
  .map((people, bucket) => ({ params: { bucket: String(bucket) }, props: { people } }))) satisfies GetStaticPaths;

export const GET: APIRoute<SearchPiece> = ({ props }) =>
  new Response(JSON.stringify({ people: props.people }), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
