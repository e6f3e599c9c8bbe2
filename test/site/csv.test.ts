import { describe, expect, it } from 'vitest';
import { BOM, csvCell, csvFile } from '../../site/lib/csv.ts';

describe('csvCell', () => {
  it('neutralises cells Excel would read as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
  });

  it('leaves ordinary text and numbers alone', () => {
    expect(csvCell('张伟')).toBe('张伟');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(0.3537)).toBe('0.3537');
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('是');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('他说"好"')).toBe('"他说""好"""');
    expect(csvCell('两\n行')).toBe('"两\n行"');
  });
});

describe('csvFile', () => {
  it('starts with a BOM and ends every row with CRLF', () => {
    const text = csvFile(['姓名', '学时'], [['张伟', 8], ['=1+1', 4]]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1)).toBe("姓名,学时\r\n张伟,8\r\n'=1+1,4\r\n");
  });
});
