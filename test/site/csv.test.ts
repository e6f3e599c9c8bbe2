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

describe('csvResponse', () => {
  it('the response carries the same text as UTF-8 bytes (a lone surrogate as U+FFFD, as a string body would)', async () => {
    for (const body of ['\uFEFF姓名,学时\r\n张伟,8\r\n', 'a\uD800b']) {
      const r = csvResponse(body);
      expect(Buffer.from(await r.arrayBuffer())).toEqual(Buffer.from(await new Response(body).arrayBuffer()));
      expect(r.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    }
  });
});
