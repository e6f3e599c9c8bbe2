/**
 * CSV for Excel: UTF-8 with a byte-order mark (so Excel on Chinese Windows reads it as UTF-8),
 * CRLF line ends, RFC 4180 quoting, and formula injection neutralised: a text cell starting
 * with = + - @, a tab or a carriage return gets a leading apostrophe, so Excel shows it as text.
 */

export const BOM = '\uFEFF';

export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: numbers as they are, text neutralised and quoted when needed. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  let s = value;
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole file: BOM, header row, data rows, CRLF after every row. */
export function csvFile(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}

/** The HTTP response of a CSV download. */
export function csvResponse(body: string): Response {
  return new Response(body, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
}
