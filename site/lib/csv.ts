/**
 * CSV for Excel: UTF-8 with a byte-order mark (so Excel on Chinese Windows reads it as UTF-8),
 * CRLF line ends, RFC 4180 quoting, and formula injection neutralised — papaparse's unparse
 * with `escapeFormulae`: a text cell starting with = + - @, a tab or a carriage return gets a
 * leading apostrophe (and quotes), so Excel shows it as text.
 *
 * A hand-written writer with the same rules was measured about 1 s faster over the 100 MB of
 * people CSVs at 200,000 people (0.57 s instead of 1.6 s). It was not kept: the province-scale round asked for
 * the dependency already present to do this job, and 1 s is under 2 % of that build.
 */
import Papa from 'papaparse';

export const BOM = '\uFEFF';

export type Cell = string | number | boolean | null | undefined;

/** What one cell holds for Papa: numbers as they are, 是/否 for booleans, nothing for null or NaN. */
function cellText(value: Cell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  return value;
}

/** A whole file: BOM, header row, data rows, CRLF after every row. */
export function csvFile(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  const table = [header.map(cellText)];
  for (const row of rows) table.push(row.map(cellText));
  return BOM + Papa.unparse(table, { newline: '\r\n', escapeFormulae: true }) + '\r\n';
}

/**
 * The HTTP response of a CSV download, as UTF-8 bytes: a string body would be scanned for
 * lone surrogates by the Response constructor (toUSVString, ~1 s for the 50 MB people CSV at
 * 200,000 people) before being encoded all the same.
 */
export function csvResponse(body: string): Response {
  return new Response(Buffer.from(body, 'utf8'), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
}
