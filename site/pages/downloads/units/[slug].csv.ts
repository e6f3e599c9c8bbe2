import type { APIRoute, GetStaticPaths } from 'astro';
import { csvResponse } from '../../../lib/csv.ts';
import { loadSiteData, type UnitEntry } from '../../../lib/data.ts';
import { peopleCsv } from '../../../lib/downloads.ts';

export const getStaticPaths = (() => loadSiteData().units.map((unit) => ({ params: { slug: unit.slug }, props: { unit } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ unit: UnitEntry }> = ({ props }) => csvResponse(peopleCsv(loadSiteData(), props.unit.people));
