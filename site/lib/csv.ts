/**
 * CSV for Excel: UTF-8 with a byte-order mark (so Excel on Chinese Windows reads it as UTF-8),
 * CRLF line ends, RFC 4180 quoting, and formula injection neutralised — papaparse's unparse
 * with `escapeFormulae`: a text cell starting with = + - @, a tab or a carriage return gets a
 * leading apostrophe (and quotes), so Excel shows it as text.
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

/** The HTTP response of a CSV download. */
export function csvResponse(body: string): Response {
  return new Response(body, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
}
