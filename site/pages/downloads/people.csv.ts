import type { APIRoute } from 'astro';
import { csvResponse } from '../../lib/csv.ts';
import { loadSiteData } from '../../lib/data.ts';
import { peopleCsv } from '../../lib/downloads.ts';

export const GET: APIRoute = () => {
  const data = loadSiteData();
  return csvResponse(peopleCsv(data, data.people));
};
