/**
 * The search box's index (site/lib/search-index.ts), fetched by site/client/search.ts on first
 * use. Match keys are not stored: the client derives them with site/lib/search-key.ts.
 */
import type { APIRoute } from 'astro';
import { loadSiteData } from '../lib/data.ts';
import { buildSearchIndex } from '../lib/search-index.ts';

export const GET: APIRoute = () =>
  new Response(JSON.stringify(buildSearchIndex(loadSiteData())), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
