/**
 * A CSV writer in the dialect of the exports we receive: comma separator, a field quoted only
 * when it holds a comma, a double quote, CR or LF, with inner quotes doubled (RFC 4180, as Excel
 * writes it). Rows are buffered and flushed in chunks of about a megabyte, so a file of millions
 * of rows never becomes one string (V8 caps strings near 512 MB).
 *
 * Not papaparse's unparse (the site's downloads use it): unparse also quotes a field with a
 * leading or trailing space, which Excel does not — and this writer's job is Excel's bytes
 * (the committed sample's comments keep their stray spaces unquoted).
 */
import { encodeGb18030 } from './gb18030.ts';
import type { ByteOutput } from './output.ts';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

/** How one file is saved: the tool that produced it decides both. */
export interface CsvFormat {
  readonly encoding: CsvEncoding;
  readonly eol: '\n' | '\r\n';
}

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(cells: readonly string[], eol: string): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + csvField(cells[i]);
  return line + eol;
}

const CHUNK_CHARS = 1 << 20;
const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
const utf8 = new TextEncoder();

export class CsvWriter {
  private buffer = '';
  /** Data rows written so far (the header excluded). */
  rows = 0;

  constructor(private readonly out: ByteOutput, header: readonly string[], private readonly format: CsvFormat) {
    if (format.encoding === 'utf-8-bom') out.write(UTF8_BOM);
    this.buffer = csvLine(header, format.eol);
  }

  row(cells: readonly string[]): void {
    this.buffer += csvLine(cells, this.format.eol);
    this.rows++;
    if (this.buffer.length >= CHUNK_CHARS) this.flush();
  }

  close(): void {
    this.flush();
    this.out.close();
  }

  private flush(): void {
    if (this.buffer === '') return;
    this.out.write(this.format.encoding === 'gb18030' ? encodeGb18030(this.buffer) : utf8.encode(this.buffer));
    this.buffer = '';
  }
}
