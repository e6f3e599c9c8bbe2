/**
 * /downloads/<table>.csv — the summary CSVs the edition has (site/lib/edition.ts csvTables):
 * units and branches in every edition; people, rejected rows and anomalies in the full one.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { csvResponse } from '../../lib/csv.ts';
import { loadSiteData } from '../../lib/data.ts';
import { anomaliesCsv, branchesCsv, peopleCsv, rejectedCsv, unitsCsv } from '../../lib/downloads.ts';
import { csvTables, edition, type CsvTable } from '../../lib/edition.ts';

export const getStaticPaths = (() => csvTables().map((table) => ({ params: { table } }))) satisfies GetStaticPaths;

const TABLES: Record<CsvTable, () => string> = {
  units: () => unitsCsv(loadSiteData()),
  branches: () => branchesCsv(loadSiteData(), edition().conveners),
  people: () => peopleCsv(loadSiteData(), loadSiteData().people),
  rejected: () => rejectedCsv(loadSiteData().quality),
  anomalies: () => anomaliesCsv(loadSiteData()),
};

export const GET: APIRoute = ({ params }) => csvResponse(TABLES[params.table as CsvTable]());
