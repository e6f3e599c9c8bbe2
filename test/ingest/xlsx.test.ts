/**
 * An .xlsx workbook's first worksheet read as the CSV it would be (pipeline/ingest/xlsx.ts).
 * Workbooks are written by exceljs's writers (the whole-workbook one and the streaming one),
 * and by hand where a Chinese Excel's file differs from what any library writes: locale
 * built-in date formats (numFmtId 31, 年月日) and styles.xml stored after the worksheets.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FatalInputError } from '../../pipeline/ingest/errors.ts';
import { cellText, decimalText, readFirstWorksheet, workbookToCsvBytes } from '../../pipeline/ingest/xlsx.ts';
import { storedZip } from '../helpers/zip.ts';

const dir = mkdtempSync(join(tmpdir(), 'xueshi-xlsx-'));
let serial = 0;
const pathFor = (name = 'book') => join(dir, `${name}-${serial++}.xlsx`);

/** Beijing wall-clock time as exceljs wants a date cell: the wall clock in UTC fields. */
const wall = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi, s));

async function csvOf(build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = pathFor();
  await wb.xlsx.writeFile(path);
  return Buffer.from(await workbookToCsvBytes(path)).toString('utf8');
}

describe('cells are written as the person who typed them meant', () => {
  it('typed date-time cells are Beijing wall-clock time, to the second; a date with no time is a day', async () => {
    const csv = await csvOf((wb) => {
      const ws = wb.addWorksheet('观看记录');
      ws.addRow(['开始时间', '注册日期']);
      const r = ws.addRow([wall(2020, 1, 14, 13, 5, 0), wall(2020, 1, 15)]);
      r.getCell(1).numFmt = 'yyyy/m/d h:mm'; // Excel shows no seconds: the value still has them
      r.getCell(2).numFmt = 'yyyy"年"m"月"d"日"';
      const r2 = ws.addRow([wall(2020, 2, 23, 23, 59, 59), wall(2020, 1, 13)]);
      r2.getCell(1).numFmt = 'yyyy-mm-dd hh:mm:ss';
      r2.getCell(2).numFmt = 'yyyy-mm-dd hh:mm'; // a time format on a whole day: the time is shown
    });
    expect(csv).toBe('开始时间,注册日期\n2020-01-14 13:05:00,2020-01-15\n2020-02-23 23:59:59,2020-01-13 00:00:00\n');
  });

  it('a serial stored a hair below the second (13:04:59.9999…) is 13:05:00, not 13:04:59', async () => {
    // 13:05:00 is 0.545138888… of a day: Excel stores the nearest double, and typed by hand the
    // serial may fall below. Both round to the same second.
    const below = 43844 + (13 * 3600 + 5 * 60) / 86400 - 1e-9; // 86 µs early
    const csv = await csvOf((wb) => {
      const ws = wb.addWorksheet('s');
      const r = ws.addRow([43844.545138888891, below, 43844.5451388889]);
      for (const c of [1, 2, 3]) r.getCell(c).numFmt = 'yyyy-mm-dd hh:mm:ss';
    });
    expect(csv).toBe('2020-01-14 13:05:00,2020-01-14 13:05:00,2020-01-14 13:05:00\n');
  });

  it('a date format that hides a time the cell holds still gives the time; time-only formats give H:mm:ss', async () => {
    const csv = await csvOf((wb) => {
      const ws = wb.addWorksheet('s');
      const r = ws.addRow([wall(2020, 1, 14, 9, 5, 3), 0.5, 1.25, 13 / 24 + 5 / 1440]);
      r.getCell(1).numFmt = 'yyyy-mm-dd';
      r.getCell(2).numFmt = 'h:mm';
      r.getCell(3).numFmt = '[h]:mm:ss';
      r.getCell(4).numFmt = 'h"时"mm"分"';
    });
    expect(csv).toBe('2020-01-14 09:05:03,12:00:00,30:00:00,13:05:00\n');
  });

  it('numbers are plain decimals: no exponent, no .0, Excel\'s 15 digits', async () => {
    const csv = await csvOf((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow([1, 30, 1.5, 0.1 + 0.2, 1e21, 123456789012, 1e-7, -2.5, 100001]);
      ws.getRow(1).getCell(9).numFmt = '0.00000E+00'; // an id Excel shows as 1.00001E+05
    });
    expect(csv).toBe('1,30,1.5,0.3,1000000000000000000000,123456789012,0.0000001,-2.5,100001\n');
    expect(decimalText(-0)).toBe('0');
    expect(decimalText(1.23456789012345e25)).toBe('12345678901234500000000000');
    expect(decimalText(-1.5e-10)).toBe('-0.00000000015');
    expect(decimalText(29.999999999999996)).toBe('30');
  });

  it('text ids keep their zeros; shared strings, rich text, hyperlinks, booleans, errors, formulas', async () => {
    const csv = await csvOf((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['000001', '000001', { richText: [{ text: '学习', font: { bold: true } }, { text: '纲要' }] },
        { text: '课件链接', hyperlink: 'http://example.invalid/c1' }, true, false, { error: '#N/A' }]);
      ws.addRow([{ formula: 'A1&"x"', result: '000001x' }, { formula: '1+2', result: 3 },
        { formula: 'DATE(2020,1,14)+TIME(13,5,0)', result: wall(2020, 1, 14, 13, 5, 0) }, { formula: 'NOW()' }]);
      ws.getRow(2).getCell(3).numFmt = 'yyyy/m/d h:mm';
    });
    expect(csv).toBe('000001,000001,学习纲要,课件链接,TRUE,FALSE,#N/A\n000001x,3,2020-01-14 13:05:00,\n');
  });

  it('fields with commas, quotes and line breaks are quoted as RFC 4180 says', async () => {
    const csv = await csvOf((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['是否必修\n（是/否）', '他说"好",很好', 'plain', '']);
    });
    expect(csv).toBe('"是否必修\n（是/否）","他说""好"",很好",plain\n');
  });

  it('a merged title, a blank row and a header: row numbers stay the sheet\'s', async () => {
    const csv = await csvOf((wb) => {
      const ws = wb.addWorksheet('观看记录');
      ws.getCell('A1').value = '观看记录导出';
      ws.mergeCells('A1:D1');
      ws.getCell('A2').value = '导出时间：2020-02-24 10:00';
      ws.getRow(4).values = ['人员编号', '课件编号', '开始时间', '结束时间'];
      ws.getRow(6).values = ['P01', 'C1', '2020-01-14 09:00:00', '2020-01-14 09:27:00'];
    });
    // Row 6 of the sheet is line 6 of the CSV (rows 3 and 5 blank, the merge's other cells empty).
    expect(csv.split('\n')).toEqual(['观看记录导出', '导出时间：2020-02-24 10:00', '', '人员编号,课件编号,开始时间,结束时间', '', 'P01,C1,2020-01-14 09:00:00,2020-01-14 09:27:00', '']);
  });

  it('empty cells inside a row keep their columns', async () => {
    const csv = await csvOf((wb) => {
      const ws = wb.addWorksheet('s');
      ws.getCell('B1').value = 'b';
      ws.getCell('D1').value = 'd';
    });
    expect(csv).toBe(',b,,d\n');
  });

  it('cellText of odd values', () => {
    expect(cellText(null, undefined)).toBe('');
    expect(cellText('a_x000D_b', undefined)).toBe('a\rb');
    expect(cellText('_x005F_x0041_', undefined)).toBe('_x0041_');
    expect(cellText({ formula: '1/0', result: Number.NaN } as unknown as ExcelJS.CellValue, undefined)).toBe('');
    expect(cellText(43844, 'General')).toBe('43844');
    expect(cellText(43844, '[Red]0')).toBe('43844');
    expect(cellText(43844, 'YYYY-MM-DD')).toBe('2020-01-14');
    expect(cellText(0.75, 'h:mm AM/PM')).toBe('18:00:00');
  });
});

describe('which worksheet, and how big', () => {
  it('only the first tab is read (not the first file in the zip, not a hidden tab); the others are named', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('隐藏').state = 'hidden';
    wb.addWorksheet('观看记录').addRow(['第一个可见的表']);
    wb.addWorksheet('统计').addRow(['第二个']);
    const path = pathFor();
    await wb.xlsx.writeFile(path);
    const read = await readFirstWorksheet(path);
    expect(Buffer.from(read.bytes).toString()).toBe('第一个可见的表\n');
    expect(read.sheet).toBe('观看记录');
    expect(read.otherSheets).toEqual(['隐藏', '统计']);
  });

  it('a workbook written by the streaming writer with inline strings reads alike, and can back shared memory', async () => {
    const path = pathFor('stream');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
    const ws = writer.addWorksheet('views');
    ws.addRow(['人员编号', '开始时间']).commit();
    for (let i = 1; i <= 3; i++) {
      const r = ws.addRow([`P0${i}`, wall(2020, 1, 14, 9, i, 0)]);
      r.getCell(2).numFmt = 'yyyy-mm-dd hh:mm:ss';
      r.commit();
    }
    await writer.commit();
    const read = await readFirstWorksheet(path, { shared: true });
    expect(read.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(read.bytes).toString()).toBe('人员编号,开始时间\nP01,2020-01-14 09:01:00\nP02,2020-01-14 09:02:00\nP03,2020-01-14 09:03:00\n');
  });

  it('an empty workbook is an empty file', async () => {
    const csv = await csvOf((wb) => { wb.addWorksheet('Sheet1'); });
    expect(csv).toBe('');
  });
});

/**
 * A workbook as a Chinese Excel stores it: built-in format ids, styles after the sheets. `order`
 * may store its parts otherwise (a workbook library's writer may store them in any order).
 */
function chineseExcelWorkbook(order: (parts: [string, string][]) => [string, string][] = (parts) => parts): Buffer {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const strings = ['人员编号', '开始时间', '注册日期', '000001', '备注', '第二个表'];
  return storedZip(order([
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'],
    ['_rels/.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    // The first tab is stored as sheet2.xml (tabs reordered in Excel), its target absolute.
    ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ${ns}><sheets><sheet name="观看记录" sheetId="2" r:id="rId2"/><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`],
    ['xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`],
    ['xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${ns}><sheetData><row r="1"><c r="A1" t="s"><v>5</v></c></row></sheetData></worksheet>`],
    ['xl/worksheets/sheet2.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${ns}><dimension ref="A1:D3"/><sheetData>`
      + '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>4</v></c></row>'
      + '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="2"><v>43844.545138888891</v></c><c r="C2" s="1"><v>43845</v></c><c r="D2" t="inlineStr"><is><t>手工录入</t></is></c></row>'
      + '<row r="3"><c r="A3" s="3"><v>1</v></c><c r="B3" s="4"><v>43844.378506944447</v></c><c r="C3" s="5"><v>43845</v></c></row>'
      + '<row r="4"><c r="B4" s="2"><v>43845</v></c></row>'
      + '</sheetData><mergeCells count="0"/></worksheet>'],
    ['xl/styles.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
      + '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy/m/d\\ h:mm;@"/></numFmts>'
      + '<fonts count="1"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>'
      + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
      + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
      + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
      + '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
      + '<xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
      + '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
      + '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
      + '<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
      + '<xf numFmtId="58" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
      + '</styleSheet>'],
  ]));
}

describe('a workbook as a Chinese Excel stores it', () => {
  it('built-in 年月日 formats are dates, the first tab is found through its relationship, styles after the sheet are waited for', async () => {
    const path = pathFor('zh');
    writeFileSync(path, chineseExcelWorkbook());
    const read = await readFirstWorksheet(path);
    expect(read.sheet).toBe('观看记录');
    expect(read.otherSheets).toEqual(['Sheet1']);
    expect(Buffer.from(read.bytes).toString()).toBe(
      '人员编号,开始时间,注册日期,备注\n'
      + '000001,2020-01-14 13:05:00,2020-01-15,手工录入\n'
      + '1,2020-01-14 09:05:03,2020-01-15\n'
      + ',2020-01-15 00:00:00\n',
    );
  });
});

describe('a workbook whose parts come in any order', () => {
  const expected = '人员编号,开始时间,注册日期,备注\n000001,2020-01-14 13:05:00,2020-01-15,手工录入\n1,2020-01-14 09:05:03,2020-01-15\n,2020-01-15 00:00:00\n';
  const last = (name: string) => (parts: [string, string][]) => [...parts.filter((p) => p[0] !== name), parts.find((p) => p[0] === name)!];
  // exceljs's streaming reader alone, on these orders, lost the tabs in about half the reads or
  // threw (xlsx-parts.ts): each order is read several times.
  const orders: [string, (parts: [string, string][]) => [string, string][]][] = [
    ['as a Chinese Excel stores it', (parts) => parts],
    ['workbook.xml last', last('xl/workbook.xml')],
    ['its relationships last', last('xl/_rels/workbook.xml.rels')],
    ['workbook.xml and its relationships last', (parts) => last('xl/_rels/workbook.xml.rels')(last('xl/workbook.xml')(parts))],
    ['shared strings last', last('xl/sharedStrings.xml')],
    ['every part reversed', (parts) => [...parts].reverse()],
    ['shuffled', (parts) => [...parts].sort((a, b) => (a[0].length * 7919) % 13 - (b[0].length * 7919) % 13)],
  ];
  for (const [what, order] of orders) {
    it(`${what}: the first tab, with its dates, every time`, async () => {
      const path = pathFor('order');
      writeFileSync(path, chineseExcelWorkbook(order));
      for (let i = 0; i < 8; i++) {
        const read = await readFirstWorksheet(path);
        expect(read.sheet).toBe('观看记录');
        expect(read.otherSheets).toEqual(['Sheet1']);
        expect(Buffer.from(read.bytes).toString()).toBe(expected);
      }
    });
  }
  it('read as stored (a zip that cannot be reordered): styles after the sheet are read first, then the sheet again', async () => {
    const path = pathFor('stored');
    writeFileSync(path, chineseExcelWorkbook());
    const read = await readFirstWorksheet(path, { asStored: true });
    expect(read.sheet).toBe('观看记录');
    expect(Buffer.from(read.bytes).toString()).toBe(expected);
  });
  it('a zip without xl/workbook.xml is no workbook, and says so', async () => {
    const path = join(dir, 'views.xlsx');
    writeFileSync(path, chineseExcelWorkbook((parts) => parts.filter((p) => p[0] !== 'xl/workbook.xml')));
    const e = await readFirstWorksheet(path).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FatalInputError);
    expect((e as Error).message).toContain('没有 xl/workbook.xml');
  });
  it('a workbook written by exceljs (workbook.xml last, or no shared strings at all) reads alike every time', async () => {
    for (let i = 0; i < 8; i++) {
      expect(await csvOf((wb) => { wb.addWorksheet('Sheet1'); })).toBe('');
      expect(await csvOf((wb) => { wb.addWorksheet('名单').addRow(['人员编号', '姓名']); wb.addWorksheet('其他').addRow(['x']); })).toBe('人员编号,姓名\n');
    }
  });
});

describe('what is not a workbook is fatal, naming the file', () => {
  it('an old .xls (OLE compound file) renamed .xlsx', async () => {
    const path = join(dir, 'views.xlsx');
    writeFileSync(path, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
    const e = await workbookToCsvBytes(path).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FatalInputError);
    expect((e as FatalInputError).file).toBe('views.xlsx');
    expect((e as Error).message).toMatch(/\.xls.*另存为/);
  });

  it('a CSV or a broken zip named .xlsx', async () => {
    const csv = join(dir, 'roster.xlsx');
    writeFileSync(csv, '人员编号,姓名\nP01,王芳\n');
    await expect(workbookToCsvBytes(csv)).rejects.toThrow(/roster\.xlsx：.*不是 Excel 工作簿/);
    const broken = join(dir, 'courses.xlsx');
    writeFileSync(broken, chineseExcelWorkbook().subarray(0, 900));
    await expect(workbookToCsvBytes(broken)).rejects.toThrow(/courses\.xlsx：无法读取 Excel 工作簿/);
  });
});

describe('number formats: which show a date, a time, or a number', () => {
  it.each([
    ['yyyy/m/d h:mm', 43844.5, '2020-01-14 12:00:00'],
    ['m/d/yy h:mm', 43844, '2020-01-14 00:00:00'],
    ['mmm-yy', 43844, '2020-01-14'],
    ['m"月"d"日"', 43844, '2020-01-14'],
    ['mm:ss', 0.5 / 24, '0:30:00'],
    ['h:mm AM/PM', 0.75, '18:00:00'],
    ['上午/下午h"时"mm"分"', 0.75, '18:00:00'],
    ['[$-F800]dddd, mmmm dd, yyyy', 43844, '2020-01-14'],
    ['0.00E+00', 100001, '100001'],
    ['0"分钟"', 30, '30'],
    ['#,##0.00_);[Red](#,##0.00)', 1234.5, '1234.5'],
    ['@', 7, '7'],
    ['General', 43844, '43844'],
  ])('%s', (format, value, text) => {
    expect(cellText(value, format)).toBe(text);
  });
});
