import type { APIRoute, GetStaticPaths } from 'astro';
import { csvResponse } from '../../../lib/csv.ts';
import { loadSiteData, type UnitEntry } from '../../../lib/data.ts';
import { peopleCsv } from '../../../lib/downloads.ts';
import { unitCsvs } from '../../../lib/edition.ts';

// The public edition has no people CSVs.
export const getStaticPaths = (() => (unitCsvs() ? loadSiteData().units : []).map((unit) => ({ params: { slug: unit.slug }, props: { unit } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ unit: UnitEntry }> = ({ props }) => csvResponse(peopleCsv(loadSiteData(), props.unit.people));
