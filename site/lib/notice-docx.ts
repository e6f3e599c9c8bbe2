/**
 * The 通报 as a Word document (.docx), laid out after GB/T 9704-2012 《党政机关公文格式》, so
 * the issuing office can open it in Word or WPS, paste it into its red-header template, edit a
 * sentence and file it. The text is the web 通报's text, paragraph by paragraph: both read the
 * same NoticeModel (site/lib/notice.ts) and the same table rows.
 *
 * Pure except for the zip packing: NoticeModel in, document bytes out.
 */
import {
  AlignmentType, BorderStyle, Document, DocumentGridType, Footer, LineRuleType, Packer, PageNumber, Paragraph,
  Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType,
  type IParagraphOptions, type IRunOptions,
} from 'docx';
import { NOTICE_TABLE_CAPTION, NOTICE_TABLE_HEAD, noticeTableRow, numeral, type NoticeModel } from './notice.ts';

/** Millimetres → twentieths of a point (twips), Word's unit for page geometry. */
const mm = (x: number) => Math.round((x * 1440) / 25.4);

/** GB/T 9704-2012 5.2: A4, 版心 156 mm × 225 mm (top 37, bottom 35, left 28, right 26 mm). */
export const PAGE = {
  width: mm(210), height: mm(297),
  top: mm(37), bottom: mm(35), left: mm(28), right: mm(26),
} as const;
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const TEXT_HEIGHT = PAGE.height - PAGE.top - PAGE.bottom;

/** 5.2.2: 22 lines of 28 characters. */
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;
/** Fixed line pitch in twips (28.95 pt): 22 of them fill the 版心's height. */
export const LINE_PITCH = Math.floor(TEXT_HEIGHT / LINES_PER_PAGE);
/** One character of the grid in twips (15.8 pt: 28 of them fill the 版心's width). */
const CHAR_PITCH = TEXT_WIDTH / CHARS_PER_LINE;

/** Sizes in half-points, as Word stores them: 2号 22 pt, 3号 16 pt, 4号 14 pt, 五号 10.5 pt. */
export const SIZE = { title: 44, body: 32, pageNumber: 28, table: 21, masthead: 52 } as const;
const BODY_PT = SIZE.body / 2;
/**
 * 28 characters of 16 pt (448 pt) are a little wider than the 156 mm 版心 (442.2 pt), so each
 * body character is condensed by a quarter point (w:spacing −5 twips): 28 × 15.75 pt fit, 29 do
 * not. Word's own answer, a character grid (docGrid linesAndChars, charSpace −841), gives the
 * same line in Word but two grid cells per character in LibreOffice (14 a line), so the
 * condensed spacing with a line grid is what reads the same in Word, WPS and LibreOffice.
 */
export const CONDENSE = -Math.ceil((BODY_PT - CHAR_PITCH / 20) * 20);

/**
 * Fonts by role, each with the fallback Word and WPS take when the first is not installed
 * (written into the font table as w:altName: 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋 …).
 */
export const FONTS = {
  title: { name: '方正小标宋简体', alt: '宋体' },
  body: { name: '仿宋_GB2312', alt: '仿宋' },
  heading: { name: '黑体', alt: 'SimHei' },
  subheading: { name: '楷体_GB2312', alt: '楷体' },
  pageNumber: { name: '宋体', alt: 'SimSun' },
} as const;
type Role = keyof typeof FONTS;

const RED = 'FF0000';

/**
 * Width of a text in body characters: CJK and full-width forms count 1, ASCII ½, and each
 * switch between them ¼ (the space Word and WPS add between Chinese and digits).
 */
export function textWidth(text: string): number {
  let w = 0;
  let prev: boolean | null = null;
  for (const ch of text) {
    const narrow = ch.charCodeAt(0) < 0x2000;
    w += narrow ? 0.5 : 1;
    if (prev !== null && prev !== narrow) w += 0.25;
    prev = narrow;
  }
  return w;
}

/**
 * Words of a title that a line break must not split: quoted phrases (“…”, 《…》, （…）) and
 * numbered congresses stay whole; the rest is cut into words by ICU's Chinese dictionary
 * (Intl.Segmenter).
 */
export function titleWords(title: string): string[] {
  const words: string[] = [];
  const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  // Quoted phrases, and the numbered names of congresses and plenums (党的十九届四中全会: ICU
  // would cut 四中|全会), are single words.
  const whole = /“[^”]*”|《[^》]*》|（[^）]*）|(?:党的)?[一二三四五六七八九十]+届(?:[一二三四五六七八九十]+中全会)?|[一二三四五六七八九十]+中全会|党的[一二三四五六七八九十]+大/g;
  let last = 0;
  const plain = (s: string) => { for (const { segment } of segmenter.segment(s)) words.push(segment); };
  for (const m of title.matchAll(whole)) {
    plain(title.slice(last, m.index));
    words.push(m[0]);
    last = m.index + m[0].length;
  }
  plain(title.slice(last));
  return words.filter((w) => w.length > 0);
}

/**
 * A title's lines (GB/T 9704 7.3.3: 回行时要做到词意完整，排列对称，长短适宜): as few lines as
 * the 版心 allows at 2号 (20 characters), cut between words only, the longest line as short as
 * possible; among equal choices the upper lines are the longer ones (an inverted trapezoid).
 */
export function titleLines(title: string, maxWidth = Math.floor(TEXT_WIDTH / 20 / (SIZE.title / 2))): string[] {
  const words = titleWords(title);
  const widths = words.map(textWidth);
  const total = widths.reduce((a, b) => a + b, 0);
  if (total <= maxWidth) return [title];
  // Dynamic programme over word boundaries: best[i][k] = the smallest possible longest line
  // when words[0..i) fill k lines. Titles are short; this is tiny.
  const n = words.length;
  const prefix = [0];
  for (const w of widths) prefix.push(prefix[prefix.length - 1] + w);
  for (let lines = Math.ceil(total / maxWidth); lines <= n; lines++) {
    const best: number[][] = Array.from({ length: n + 1 }, () => Array(lines + 1).fill(Infinity));
    const cut: number[][] = Array.from({ length: n + 1 }, () => Array(lines + 1).fill(-1));
    best[0][0] = 0;
    for (let k = 1; k <= lines; k++) {
      for (let i = 1; i <= n; i++) {
        for (let j = i - 1; j >= 0; j--) {
          const w = prefix[i] - prefix[j];
          if (w > maxWidth) break;
          const worst = Math.max(best[j][k - 1], w);
          // ≤ prefers the later cut (a longer earlier line) on ties.
          if (worst < best[i][k] || (worst === best[i][k] && j > cut[i][k])) { best[i][k] = worst; cut[i][k] = j; }
        }
      }
    }
    if (best[n][lines] === Infinity) continue;
    const out: string[] = [];
    for (let i = n, k = lines; k > 0; k--) {
      const j = cut[i][k];
      out.unshift(words.slice(j, i).join(''));
      i = j;
    }
    return out;
  }
  return [title];
}

/** The file name offered for download: the title, safe on Windows. */
export function docxFileName(n: NoticeModel): string {
  return `${n.title.replace(/[\\/:*?"<>|]/g, '')}.docx`;
}

const run = (text: string, role: Role, size: number, extra: Partial<IRunOptions> = {}) =>
  new TextRun({
    text, size, ...(size === SIZE.body ? { characterSpacing: CONDENSE } : {}), ...extra,
    font: { ascii: FONTS[role].name, hAnsi: FONTS[role].name, eastAsia: FONTS[role].name, cs: FONTS[role].name },
  });

/**
 * Text that is not 3号 leaves the character grid (else Word would space 五号 table text or the
 * 2号 title at the body's 15.8 pt pitch). Exact line spacing already ignores the line grid.
 */
const offGrid = { snapToGrid: false } as const;

/** A body line: 3号 仿宋, fixed 28.95 pt line pitch on the grid. */
const exactLine = { line: LINE_PITCH, lineRule: LineRuleType.EXACT } as const;
const indentTwoChars = { firstLine: Math.round(2 * CHAR_PITCH) } as const;

function paragraph(children: TextRun[], options: Partial<IParagraphOptions> = {}): Paragraph {
  return new Paragraph({ children, ...options, spacing: { ...exactLine, ...options.spacing } });
}

const body = (text: string, options: Partial<IParagraphOptions> = {}) =>
  paragraph([run(text, 'body', SIZE.body)], { indent: indentTwoChars, ...options });

/** The units table: 五号 仿宋, the header row repeated on every page, rows never split. */
function unitsTable(n: NoticeModel): Table {
  // Column widths in grid characters of the 五号 font; the unit's name takes what is left.
  const fixed = [2.7, 0, 2.7, 2.7, 2.7, 3.7, 3.7, 3.9, 3.9, 4.8];
  const charTwips = SIZE.table * 10;
  const fixedTwips = fixed.map((c) => Math.round(c * charTwips));
  const nameTwips = TEXT_WIDTH - fixedTwips.reduce((a, b) => a + b, 0);
  const widths = fixedTwips.map((w, i) => (i === 1 ? nameTwips : w));
  const cellParagraph = (text: string, left: boolean, bold = false) => new Paragraph({
    children: [run(text, bold ? 'heading' : 'body', SIZE.table, offGrid)],
    alignment: left ? AlignmentType.LEFT : AlignmentType.CENTER,
    spacing: { line: 300, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
  });
  const cell = (text: string, i: number, head: boolean) => new TableCell({
    children: [cellParagraph(text, !head && i === 1, head)],
    width: { size: widths[i], type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 57, right: 57, top: 28, bottom: 28 },
  });
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: NOTICE_TABLE_HEAD.map((h, i) => cell(h, i, true)) }),
      ...n.table.map((u) => new TableRow({ cantSplit: true, children: noticeTableRow(u).map((c, i) => cell(c, i, false)) })),
    ],
  });
}

/**
 * 署名 and 成文日期 (GB/T 9704 7.3.5.2, a notice without a seal): the issuer one line below the
 * text, 右空二字; the date on the next line, starting two characters right of the issuer —
 * or, when the date is the longer, the date 右空二字 and the issuer moved left to keep the offset.
 */
export function signatureIndents(issuer: string, date: string): { issuer: number; date: number } {
  const wi = textWidth(issuer);
  const wd = textWidth(date);
  return wi - wd >= 2 ? { issuer: 2, date: wi - wd } : { issuer: 4 + wd - wi, date: 2 };
}

/** 页码 (7.5): 4号 半角 宋体, 一字线 on each side; odd pages 右空一字, even pages 左空一字. */
function pageNumberFooter(odd: boolean): Footer {
  return new Footer({
    children: [new Paragraph({
      alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
      indent: odd ? { right: Math.round(CHAR_PITCH) } : { left: Math.round(CHAR_PITCH) },
      spacing: { line: 360, lineRule: LineRuleType.EXACT },
      children: [run('', 'pageNumber', SIZE.pageNumber, { ...offGrid, children: ['— ', PageNumber.CURRENT, ' —'] })],
    })],
  });
}

/** The document's block sequence: the same paragraphs, in the same order, as the web page. */
function blocks(n: NoticeModel): (Paragraph | Table)[] {
  const lines = titleLines(n.title);
  const sign = signatureIndents(n.issuer, n.issuedOn);
  const heading = (text: string) => paragraph([run(text, 'heading', SIZE.body)], { indent: indentTwoChars });
  return [
    // 发文机关标志 with the red rule under it, as on the web page; the office may paste the
    // rest into its own red-header template instead.
    paragraph([run(n.issuer, 'title', SIZE.masthead, { ...offGrid, color: RED })], {
      alignment: AlignmentType.CENTER,
      spacing: { line: SIZE.masthead * 20, lineRule: LineRuleType.EXACT, after: 120 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 6 } },
    }),
    // 标题: 红色分隔线之下空二行, centred, cut between words.
    paragraph(lines.map((l, i) => run(l, 'title', SIZE.title, { ...offGrid, ...(i > 0 ? { break: 1 } : {}) })), {
      alignment: AlignmentType.CENTER, spacing: { before: 2 * LINE_PITCH },
    }),
    paragraph([run(n.asOfLine, 'subheading', SIZE.body)], { alignment: AlignmentType.CENTER }),
    // 主送机关: 标题下空一行, 顶格.
    body('州直各部门单位党组织：', { indent: undefined, spacing: { before: LINE_PITCH } }),
    body(n.opening),
    heading(`${numeral(0)}、总体情况`),
    ...n.overall.map((s) => body(s)),
    ...n.comparison.map((s) => body(s)),
    heading(`${numeral(1)}、各单位完成情况`),
    ...n.units.map((s) => body(s)),
    body(NOTICE_TABLE_CAPTION, { indent: undefined, alignment: AlignmentType.CENTER, keepNext: true }),
    unitsTable(n),
    paragraph([run(`${numeral(2)}、下一步要求`, 'heading', SIZE.body)], { indent: indentTwoChars, spacing: { before: Math.round(LINE_PITCH / 2) } }),
    ...n.requirements.map((r, i) => paragraph(
      [run(`（${numeral(i)}）${r.heading}。`, 'subheading', SIZE.body), run(r.text, 'body', SIZE.body)],
      { indent: indentTwoChars },
    )),
    body(n.issuer, {
      indent: { right: Math.round(sign.issuer * CHAR_PITCH) }, alignment: AlignmentType.RIGHT,
      spacing: { before: LINE_PITCH }, keepNext: true,
    }),
    body(n.issuedOn, { indent: { right: Math.round(sign.date * CHAR_PITCH) }, alignment: AlignmentType.RIGHT }),
  ];
}

/** word/fontTable.xml: each font with its fallback (w:altName) and the GB2312 character set. */
function fontTable(): string {
  const fonts = Object.values(FONTS).map((f) => `<w:font w:name="${f.name}"><w:altName w:val="${f.alt}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`);
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts.join('')}</w:fonts>`;
}

/** The Document (exposed for tests that want the tree rather than the bytes). */
export function noticeDocument(n: NoticeModel): Document {
  return new Document({
    title: n.title,
    creator: n.issuer,
    description: n.asOfLine,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { size: SIZE.body, font: { ascii: FONTS.body.name, hAnsi: FONTS.body.name, eastAsia: FONTS.body.name }, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { ...exactLine, before: 0, after: 0 } },
        },
      },
      // The Normal style carries the body size too: LibreOffice takes the character grid's
      // base from it (from docDefaults alone it assumes 12 pt and gives each character two cells).
      paragraphStyles: [{
        id: 'Normal', name: 'Normal', quickFormat: true,
        run: { size: SIZE.body, font: { ascii: FONTS.body.name, hAnsi: FONTS.body.name, eastAsia: FONTS.body.name } },
      }],
    },
    sections: [{
      properties: {
        page: {
          size: { width: PAGE.width, height: PAGE.height },
          // The footer's bottom edge sits so the page number's top is 7 mm under the 版心.
          margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: mm(15), footer: mm(35 - 7) - 360 },
        },
        // The line pitch is recorded (页面设置 shows 22 lines) but not snapped to: the exact line
        // spacing already gives 22 lines, and a snapping grid would stretch every table row to
        // a body line in LibreOffice.
        grid: { type: DocumentGridType.DEFAULT, linePitch: LINE_PITCH },
      },
      footers: { default: pageNumberFooter(true), even: pageNumberFooter(false) },
      children: blocks(n),
    }],
  });
}

/**
 * The .docx bytes of a 通报: the same 通报 gives the same bytes, whenever it is built. The docx
 * package stamps the document's created/modified dates and every zip entry with the clock, so
 * a rebuilt site differed only there; both now say the data's day (the 通报 is "as of" it).
 */
export async function noticeDocx(n: NoticeModel): Promise<Uint8Array<ArrayBuffer>> {
  const doc = noticeDocument(n);
  const bytes = await Packer.pack(doc, 'uint8array', false, [
    { path: 'word/fontTable.xml', data: fontTable() },
    { path: 'docProps/core.xml', data: coreProperties(n) },
  ]);
  // A copy on a plain ArrayBuffer (what a Response body accepts), its entries dated the data's day.
  const copy = new Uint8Array(bytes);
  datedZipEntries(copy, n.asOfDay);
  return copy;
}

/** docProps/core.xml as the docx package writes it, dated the data's day instead of now. */
function coreProperties(n: NoticeModel): string {
  const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const at = `${n.asOfDay}T00:00:00Z`;
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    + 'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    + `<dc:title>${xml(n.title)}</dc:title><dc:creator>${xml(n.issuer)}</dc:creator><dc:description>${xml(n.asOfLine)}</dc:description>`
    + `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified>`
    + '</cp:coreProperties>';
}

/**
 * Sets the MS-DOS date of every entry of the zip (local header and central directory) to `day`
 * (YYYY-MM-DD), time 00:00, in place: fflate, which the docx package zips with, stamps the clock.
 */
export function datedZipEntries(zip: Uint8Array, day: string): void {
  const [y, m, d] = day.split('-').map(Number);
  const dosDate = ((y - 1980) << 9) | (m << 5) | d;
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip (no end of central directory)');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  for (let k = 0; k < count; k++) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new Error('damaged zip central directory');
    view.setUint16(p + 12, 0, true);
    view.setUint16(p + 14, dosDate, true);
    const local = view.getUint32(p + 42, true);
    if (view.getUint32(local, true) !== 0x04034b50) throw new Error('damaged zip local header');
    view.setUint16(local + 10, 0, true);
    view.setUint16(local + 12, dosDate, true);
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
