/**
 * Test helper: reads a generated CSV the way ingest will have to — encoding detected (BOM,
 * else strict UTF-8, else GB18030), parsed with papaparse, headers matched to the contract's
 * columns by `headerKey` against each column's zh or en name — and validates rows with the
 * contract's `rowSchema`. Independent of the generator's own code on purpose.
 */
import Papa from 'papaparse';
import { headerKey, INPUT_FILES, type InputFile, rowSchema } from '../../pipeline/contract/inputs.ts';

export function decode(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

export interface Table {
  readonly header: string[];
  /** Rows as objects keyed by the contract's canonical (Chinese) header; extra columns by their own header. */
  readonly rows: Record<string, string>[];
  readonly encoding: string;
}

export function parseTable(file: InputFile, bytes: Uint8Array): Table {
  const { text, encoding } = decode(bytes);
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true });
  const [header, ...data] = parsed.data;
  const names = header.map((h) => {
    const column = file.columns.find((c) => headerKey(c.zh) === headerKey(h) || headerKey(c.en) === headerKey(h));
    return column ? column.zh : h;
  });
  const rows = data.map((cells) => Object.fromEntries(names.map((n, i) => [n, cells[i] ?? ''])));
  return { header, rows, encoding };
}

/** Required columns of `file` that no header cell matches. */
export function missingColumns(file: InputFile, header: readonly string[]): string[] {
  const keys = new Set(header.map(headerKey));
  return file.columns.filter((c) => c.required && !keys.has(headerKey(c.zh)) && !keys.has(headerKey(c.en))).map((c) => c.zh);
}

/** Rows `rowSchema` rejects (schema only; unknown ids are not checked here). */
export function invalidRows(file: InputFile, table: Table): Record<string, string>[] {
  const schema = rowSchema(file);
  return table.rows.filter((r) => !schema.safeParse(r).success);
}

export function readAll(files: ReadonlyMap<string, Uint8Array>): Map<string, Table> {
  const out = new Map<string, Table>();
  for (const f of INPUT_FILES) {
    const bytes = files.get(f.name);
    if (bytes) out.set(f.name, parseTable(f, bytes));
  }
  return out;
}
