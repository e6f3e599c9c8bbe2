/** Reads a .docx written by site/lib/notice-docx.ts back into paragraphs and table rows (tests only). */
import { NOTICE_TABLE_CAPTION, numeral, type NoticeModel } from '../../site/lib/notice.ts';
import { zipEntries } from './zip.ts';

export const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/**
 * The text of one <w:p>: its w:t runs joined (a line break inside a title joins its lines), as a
 * reader reads it — without the invisible WORD JOINERs between Chinese and digits (notice-docx.ts joinScripts).
 */
export const paragraphText = (p: string) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join('').replace(/\u2060/g, '');

export interface DocxRead {
  entries: Map<string, Buffer>;
  xml: string;
  /** Paragraphs with text outside the units table, in order. */
  paragraphs: string[];
  /** The table's rows, cell texts. */
  rows: string[][];
  /** Raw XML of each paragraph outside tables, parallel to `paragraphs`. */
  paragraphXml: string[];
  tableXml: string;
}

export function readDocx(bytes: Uint8Array): DocxRead {
  const entries = zipEntries(bytes);
  const xml = entries.get('word/document.xml')!.toString('utf8');
  const bodyXml = xml.slice(xml.indexOf('<w:body>'), xml.indexOf('</w:body>'));
  const tableXml = bodyXml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/)?.[0] ?? '';
  const outside = bodyXml.replace(tableXml, '<w:p>@@TABLE@@</w:p>');
  // Paragraphs with text: an empty one is spacing (the blank 发文字号 line, the gap between the 版记's frames).
  const paragraphXml = [...outside.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p [^>]*>[\s\S]*?<\/w:p>/g)].map((m) => m[0])
    .filter((p) => !p.includes('@@TABLE@@') && paragraphText(p) !== '');
  const rows = [...tableXml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((tr) => [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => paragraphText(tc[0])));
  return { entries, xml, paragraphs: paragraphXml.map(paragraphText), rows, paragraphXml, tableXml };
}

/** What the 通报 reads, paragraph by paragraph, as the web page (notice.astro) lays it out. */
export function expectedParagraphs(n: NoticeModel): string[] {
  return [
    n.issuer, ...(n.issue.docNumber ? [n.issue.docNumber] : []), n.title, n.asOfLine, `${n.addressee}：`, n.opening,
    `${numeral(0)}、总体情况`, ...n.overall, ...n.comparison, ...(n.analysis.length ? [n.analysis.join("")] : []),
    `${numeral(1)}、各单位完成情况`, ...n.units, NOTICE_TABLE_CAPTION,
    `${numeral(2)}、下一步要求`, ...n.requirements.map((r, i) => `（${numeral(i)}）${r.heading}。${r.text}`),
    n.issue.signature, n.issuedOn,
    ...(n.issue.cc.length ? [`抄送：${n.issue.cc.join('，')}。`] : []), `${n.issue.printer}${n.issue.printedOn}印发`,
  ];
}

