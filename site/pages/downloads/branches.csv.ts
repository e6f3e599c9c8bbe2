import type { APIRoute } from 'astro';
import { csvResponse } from '../../lib/csv.ts';
import { loadSiteData } from '../../lib/data.ts';
import { branchesCsv } from '../../lib/downloads.ts';

export const GET: APIRoute = () => csvResponse(branchesCsv(loadSiteData()));
