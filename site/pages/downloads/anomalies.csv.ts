import type { APIRoute } from 'astro';
import { csvResponse } from '../../lib/csv.ts';
import { loadSiteData } from '../../lib/data.ts';
import { anomaliesCsv } from '../../lib/downloads.ts';

export const GET: APIRoute = () => csvResponse(anomaliesCsv(loadSiteData()));
