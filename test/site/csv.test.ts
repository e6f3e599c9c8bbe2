import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { BOM, csvFile, csvResponse, type Cell } from '../../site/lib/csv.ts';

/** The data line of a one-row file (BOM, a header, the row, CRLF). */
const line = (...cells: Cell[]) => csvFile(cells.map((_, i) => `c${i}`), [cells]).split('\r\n')[1];

describe('csvFile cells', () => {
  it('neutralises cells Excel would read as a formula', () => {
    expect(line('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(line('+1')).toBe(`"'+1"`);
    expect(line('-1+2')).toBe(`"'-1+2"`);
    expect(line('@SUM(1)')).toBe(`"'@SUM(1)"`);
    expect(line('\tx')).toBe(`"'\tx"`);
  });

  it('leaves ordinary text and numbers alone', () => {
    expect(line('张伟', 'a=b', 0.3537, -1, null, true, false, Number.NaN)).toBe('张伟,a=b,0.3537,-1,,是,否,');
  });

  it('quotes commas, quotes and line breaks, and reads back unchanged', () => {
    expect(line('a,b')).toBe('"a,b"');
    expect(line('他说"好"')).toBe('"他说""好"""');
    const text = csvFile(['姓名', '说明'], [['张伟', '两\n行'], ['李娜', '他说"好",是']]);
    expect(Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data).toEqual([['姓名', '说明'], ['张伟', '两\n行'], ['李娜', '他说"好",是']]);
  });
});

describe('csvFile', () => {
  it('starts with a BOM and ends every row with CRLF', () => {
    const text = csvFile(['姓名', '学时'], [['张伟', 8], ['=1+1', 4]]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1)).toBe(`姓名,学时\r\n张伟,8\r\n"'=1+1",4\r\n`);
  });
});

/** What csvFile wrote when it was papaparse's unparse (the rules it keeps, byte for byte). */
function papaFile(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cell = (v: Cell) => (v === null || v === undefined ? '' : typeof v === 'number' ? (Number.isFinite(v) ? v : '') : typeof v === 'boolean' ? (v ? '是' : '否') : v);
  const table = [header.map(cell), ...rows.map((r) => r.map(cell))];
  return BOM + Papa.unparse(table, { newline: '\r\n', escapeFormulae: true }) + '\r\n';
}

describe('csvFile writes what papaparse wrote', () => {
  // Text made of the characters that decide quoting and formula escaping, plus CJK and a lone surrogate.
  const char = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ' ', '\uFEFF', "'", 'a', '1', '张', '·', '\u3000', '\uD800');
  const text = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(''));
  const cellArb: fc.Arbitrary<Cell> = fc.oneof(text, fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));

  it('for random tables', () => {
    fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), fc.array(fc.array(cellArb, { maxLength: 6 }), { maxLength: 6 }), (header, rows) => {
      expect(csvFile(header, rows)).toBe(papaFile(header, rows));
    }), { numRuns: 2000 });
  });

  it('for the awkward cells one by one', () => {
    const cells: Cell[] = ['', ' ', ' a', 'a ', '=', '=a\nb', '-', '-1', -1, -0, 1e21, 0.1 + 0.2, '\r', '\ra', '\t', '@@', 'a"b', '"', '\uFEFF', '\uFEFFx', "'=1", '张伟', Number.POSITIVE_INFINITY];
    for (const c of cells) expect(csvFile(['h'], [[c]])).toBe(papaFile(['h'], [[c]]));
    expect(csvFile(['a', 'b'], [])).toBe(papaFile(['a', 'b'], []));
    expect(csvFile(['a', 'b'], [[]])).toBe(papaFile(['a', 'b'], [[]]));
  });

  it('the response carries the same text as UTF-8 bytes (a lone surrogate as U+FFFD, as a string body would)', async () => {
    for (const body of ['\uFEFF姓名,学时\r\n张伟,8\r\n', 'a\uD800b']) {
      const r = csvResponse(body);
      expect(Buffer.from(await r.arrayBuffer())).toEqual(Buffer.from(await new Response(body).arrayBuffer()));
      expect(r.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    }
  });
});
