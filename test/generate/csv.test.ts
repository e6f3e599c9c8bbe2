import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvWriter, csvField, csvLine } from '../../generate/csv.ts';
import { memoryOutput } from '../../generate/output.ts';

describe('csv writer', () => {
  it('quotes only fields with a comma, a quote, CR or LF, doubling inner quotes', () => {
    expect(csvField('学习了')).toBe('学习了');
    expect(csvField('学习了,好')).toBe('"学习了,好"');
    expect(csvField('老师讲的"两个维护"')).toBe('"老师讲的""两个维护"""');
    expect(csvField('一是\n二是')).toBe('"一是\n二是"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField('')).toBe('');
  });

  it('writes rows a CSV parser reads back unchanged, multi-line fields included', () => {
    const rows = [['P1', '学习了,很受启发'], ['P2', '他说"要学以致用"'], ['P3', '学习体会：\n一是……\n二是……'], ['P4', '']];
    const text = rows.map((r) => csvLine(r, '\r\n')).join('');
    expect(Papa.parse<string[]>(text, { skipEmptyLines: true }).data).toEqual(rows);
  });

  it('flushes in chunks, with the BOM first and the same bytes as one big string', () => {
    const { open, files } = memoryOutput();
    let writes = 0;
    const counting = (name: string) => {
      const out = open(name);
      return { write: (b: Uint8Array) => { writes++; out.write(b); }, close: () => out.close() };
    };
    const w = new CsvWriter(counting('big.csv'), ['人员编号', '评论内容'], { encoding: 'utf-8-bom', eol: '\r\n' });
    const expected: string[] = [csvLine(['人员编号', '评论内容'], '\r\n')];
    for (let i = 0; i < 100_000; i++) {
      const row = [`P${i}`, i % 7 === 0 ? '学习了,好' : '认真学习，深刻领会全会精神'];
      w.row(row);
      expected.push(csvLine(row, '\r\n'));
    }
    w.close();
    expect(w.rows).toBe(100_000);
    expect(writes).toBeGreaterThan(2);
    const bytes = files.get('big.csv') as Uint8Array;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(Buffer.from(bytes.subarray(3)).toString('utf8')).toBe(expected.join(''));
  });
});
