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
  FrameAnchorType, Tab, TabStopType, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType,
  type IParagraphOptions, type IRunOptions,
} from 'docx';
import { pairs } from './words.ts';
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
 * Width of a text in body characters: CJK and full-width forms count 1, ASCII ½. Nothing is
 * added between Chinese and digits: the document turns Word's automatic spacing off
 * (autoSpaceDE/autoSpaceDN, see STYLES), so 4月13日 is 4½ characters wide, as the 版心 counts it.
 */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1;
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
  const whole = /\d{4}年|第\d+期|“[^”]*”|《[^》]*》|（[^）]*）|(?:党的)?[一二三四五六七八九十]+届(?:[一二三四五六七八九十]+中全会)?|[一二三四五六七八九十]+中全会|党的[一二三四五六七八九十]+大/g;
  let last = 0;
  // Two-character words in a row are one term (新冠肺炎, 专题培训: site/lib/words.ts).
  const plain = (s: string) => { words.push(...pairs([...segmenter.segment(s)].map((x) => x.segment))); };
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

/** U+2060 WORD JOINER: zero width, no line break, no letter or digit (see joinScripts). */
export const WORD_JOINER = '\u2060';

/**
 * The text of a run with a WORD JOINER between a Chinese character and a Latin letter or digit
 * (4⁠月13⁠日). Word and WPS honour autoSpaceDE/autoSpaceDN = 0 (STYLES) and add nothing there;
 * LibreOffice's DOCX import ignores both and adds a fifth of the font size at every such boundary
 * (3.2 pt at 3号, measured: docs/notice.md), unless a character that is neither letter nor digit
 * stands between — the joiner, which prints nothing and keeps "13日" on one line.
 */
export function joinScripts(text: string): string {
  return text.replace(/(?<=\p{Script=Han})(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=\p{Script=Han})/gu, WORD_JOINER);
}

const run = (text: string, role: Role, size: number, extra: Partial<IRunOptions> = {}) =>
  new TextRun({
    text: joinScripts(text), size, ...(size === SIZE.body ? { characterSpacing: CONDENSE } : {}), ...extra,
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
      ...n.table.map((u) => new TableRow({ cantSplit: true, children: noticeTableRow(u, n.edition).map((c, i) => cell(c, i, false)) })),
    ],
  });
}

/**
 * 署名 and 成文日期 (GB/T 9704 7.3.5.1, a notice with a seal): the 成文日期 右空四字; the 署名 on
 * the line above, centred on the date — but never closer to the edge than 右空二字 — so a
 * round seal (about 42 mm, four lines) pressed on both sits "居印章中心偏下". In characters of
 * right indent.
 */
export function signatureIndents(signature: string, date: string): { signature: number; date: number } {
  const wi = textWidth(signature);
  const wd = textWidth(date);
  const date4 = 4;
  return { signature: Math.max(2, date4 + (wd - wi) / 2), date: date4 };
}

/** Blank lines between the text and the 署名: the seal's top stays within a line of the text (7.3.5.1). */
export const SEAL_LINES = 2;

/**
 * 发文机关标志 (7.2.3): red 小标宋, centred, its top edge 35 mm below the 版心's. The 2012
 * standard leaves the size to the office; its predecessor (GB/T 9704-1999) set each character
 * at most 22 mm high and 15 mm wide, the proportion offices still use. So: 22 × 15 mm a
 * character (the font at 22 mm, condensed to 15/22), the whole shrunk in proportion when the
 * name would be wider than the 版心.
 */
export function mastheadSize(issuer: string): { halfPoints: number; scale: number } {
  const chars = textWidth(issuer);
  const widthMm = 15 * chars;
  const shrink = Math.min(1, 156 / widthMm);
  const heightPt = (22 * shrink * 72) / 25.4;
  return { halfPoints: Math.floor(heightPt * 2), scale: Math.round((15 / 22) * 100) };
}
/**
 * 35 mm from the 版心's top to the 标志's top edge. With the line exactly the font's height,
 * the glyphs' top sits about 1 mm above the line's (measured in LibreOffice's rendering: the
 * optional test in test/site/notice-docx.test.ts checks 72 ± 1.5 mm from the page's top).
 */
const MASTHEAD_TOP = mm(35 + 1);

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
  const sign = signatureIndents(n.issue.signature, n.issuedOn);
  const heading = (text: string) => paragraph([run(text, 'heading', SIZE.body)], { indent: indentTwoChars });
  const mast = mastheadSize(n.issuer);
  return [
    // 发文机关标志 (7.2.3), its top edge 35 mm below the 版心's.
    paragraph([run(n.issuer, 'title', mast.halfPoints, { ...offGrid, color: RED, scale: mast.scale })], {
      alignment: AlignmentType.CENTER,
      spacing: { line: mast.halfPoints * 10, lineRule: LineRuleType.EXACT, before: MASTHEAD_TOP },
    }),
    // 发文字号 (7.2.4): 标志下空二行, centred, 3号仿宋; the red 分隔线 (7.2.6) 4 mm below it, as
    // wide as the 版心. Without a number the line stays, empty, for the office to fill in.
    paragraph([run(n.issue.docNumber ?? '', 'body', SIZE.body)], {
      alignment: AlignmentType.CENTER,
      spacing: { before: 2 * LINE_PITCH },
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 7 } },
    }),
    // 标题: 红色分隔线之下空二行, centred, cut between words.
    paragraph(lines.map((l, i) => run(l, 'title', SIZE.title, { ...offGrid, ...(i > 0 ? { break: 1 } : {}) })), {
      alignment: AlignmentType.CENTER, spacing: { before: 2 * LINE_PITCH },
    }),
    paragraph([run(n.asOfLine, 'subheading', SIZE.body)], { alignment: AlignmentType.CENTER }),
    // 主送机关: 标题下空一行, 顶格.
    body(`${n.addressee}：`, { indent: undefined, spacing: { before: LINE_PITCH } }),
    body(n.opening),
    heading(`${numeral(0)}、总体情况`),
    ...n.overall.map((s) => body(s)),
    ...n.comparison.map((s) => body(s)),
    ...(n.analysis.length ? [body(n.analysis.join(''))] : []),
    heading(`${numeral(1)}、各单位完成情况`),
    ...n.units.map((s) => body(s)),
    body(NOTICE_TABLE_CAPTION, { indent: undefined, alignment: AlignmentType.CENTER, keepNext: true }),
    unitsTable(n),
    paragraph([run(`${numeral(2)}、下一步要求`, 'heading', SIZE.body)], { indent: indentTwoChars, spacing: { before: Math.round(LINE_PITCH / 2) } }),
    ...n.requirements.map((r, i) => paragraph(
      [run(`（${numeral(i)}）${r.heading}。`, 'subheading', SIZE.body), run(r.text, 'body', SIZE.body)],
      { indent: indentTwoChars },
    )),
    body(n.issue.signature, {
      indent: { right: Math.round(sign.signature * CHAR_PITCH) }, alignment: AlignmentType.RIGHT,
      spacing: { before: (SEAL_LINES + 1) * LINE_PITCH - LINE_PITCH }, keepNext: true,
    }),
    body(n.issuedOn, { indent: { right: Math.round(sign.date * CHAR_PITCH) }, alignment: AlignmentType.RIGHT, keepNext: true }),
    ...colophon(n),
  ];
}

/**
 * 版记 (7.4): 抄送 above 印发机关 and 印发日期, between full-width rules — the first and last
 * thick (0.35 mm), the one between thin (0.25 mm) — in 4号仿宋, 左右各空一字, the 印发日期 右空一字;
 * the last rule on the 版心's bottom edge of the last page. The 版记 is a frame (w:framePr)
 * aligned to the bottom of the 版心, so it lands there wherever the text ends (Word, WPS and
 * LibreOffice all place paragraph frames; LibreOffice does not float tables).
 */
function colophon(n: NoticeModel): Paragraph[] {
  const size = SIZE.pageNumber; // 4号
  const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 0 }; // eighths of a point: 0.35 mm ≈ 1 pt
  const thin = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 0 }; // 0.25 mm ≈ ¾ pt
  const oneChar = Math.round((size / 2) * 20);
  // Each part of the 版记 is its own frame, stacked up from the 版心's bottom edge (a frame of
  // several paragraphs loses its borders in LibreOffice); every line is exactly LINE_PITCH high.
  const frameAt = (linesAboveBottom: number) => ({
    type: 'absolute' as const,
    position: { x: 0, y: TEXT_HEIGHT - linesAboveBottom * LINE_PITCH },
    anchor: { horizontal: FrameAnchorType.MARGIN, vertical: FrameAnchorType.MARGIN },
    width: TEXT_WIDTH,
  });
  const out: Paragraph[] = [];
  const cc = n.issue.cc;
  if (cc.length) {
    // “抄送：” then the names, a second line under the first name (hanging indent of three).
    const text = `抄送：${cc.join('，')}。`;
    const perLine = Math.floor(TEXT_WIDTH / oneChar) - 2;
    const lines = 1 + Math.max(0, Math.ceil((textWidth(text) - perLine) / (perLine - 3)));
    out.push(new Paragraph({
      children: [run(text, 'body', size, offGrid)], frame: frameAt(1 + lines), border: { top: thick, bottom: thin },
      indent: { left: 4 * oneChar, hanging: 3 * oneChar, right: oneChar },
      spacing: { line: LINE_PITCH, lineRule: LineRuleType.EXACT },
    }));
    // An unframed paragraph between the two frames, else LibreOffice joins them into one.
    out.push(new Paragraph({ children: [], spacing: { line: 20, lineRule: LineRuleType.EXACT } }));
  }
  out.push(new Paragraph({
    children: [run(n.issue.printer, 'body', size, offGrid), new TextRun({ children: [new Tab()] }), run(`${n.issue.printedOn}印发`, 'body', size, offGrid)],
    frame: frameAt(1),
    border: cc.length ? { bottom: thick } : { top: thick, bottom: thick },
    indent: { left: oneChar, right: oneChar },
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - 2 * oneChar }],
    spacing: { line: LINE_PITCH, lineRule: LineRuleType.EXACT },
  }));
  return out;
}

/**
 * word/styles.xml, written here rather than by the docx package, whose paragraph defaults cannot
 * say autoSpaceDE/autoSpaceDN: Word and WPS otherwise add a quarter-character space between
 * Chinese and Latin letters or digits (“4 月 13 日”), so a line with digits holds fewer than 28
 * characters. Both are off in the defaults and in Normal; the body's font, size and exact line
 * pitch are the defaults, and Normal carries them too (LibreOffice takes the grid's base from
 * it). TableNormal is Word's default table style.
 */
export function stylesXml(): string {
  const f = FONTS.body.name;
  const rPr = `<w:rPr><w:rFonts w:ascii="${f}" w:eastAsia="${f}" w:hAnsi="${f}" w:cs="${f}"/><w:sz w:val="${SIZE.body}"/><w:szCs w:val="${SIZE.body}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>`;
  const pPr = `<w:pPr><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:spacing w:before="0" w:after="0" w:line="${LINE_PITCH}" w:lineRule="exact"/></w:pPr>`;
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    + '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    + `<w:docDefaults><w:rPrDefault>${rPr}</w:rPrDefault><w:pPrDefault>${pPr}</w:pPrDefault></w:docDefaults>`
    + `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>${pPr}${rPr}</w:style>`
    + '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
    + '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    + '</w:styles>';
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
    { path: 'word/styles.xml', data: stylesXml() },
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
