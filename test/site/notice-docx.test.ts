/**
 * The 通报 as .docx (site/lib/notice-docx.ts): the document's XML read back — its paragraphs are
 * the 通报's text in order, and the GB/T 9704-2012 layout (A4, margins, fonts, sizes, 22 × 28,
 * repeated table header, page numbers) is really in it. The comparison with the built web page
 * is in test/site/editions.test.ts (it needs a site build).
 *
 * One optional test renders the document with LibreOffice: it skips, saying so, where soffice
 * or pdftoppm is absent (.ci/run does not install LibreOffice).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readSiteData } from '../../site/lib/data.ts';
import { buildNotice, NOTICE_TABLE_HEAD, noticeTableRow } from '../../site/lib/notice.ts';
import {
  CHARS_PER_LINE, CONDENSE, LINE_PITCH, LINES_PER_PAGE, PAGE, docxFileName, noticeDocx, signatureIndents, textWidth, titleLines, titleWords,
} from '../../site/lib/notice-docx.ts';
import { expectedParagraphs, paragraphText, readDocx, unescape } from '../helpers/docx.ts';
import { FIXTURE_DIR } from './fixture.ts';

const fixture = readSiteData(FIXTURE_DIR);
const hostileNotice = buildNotice(fixture.summary, fixture.units.map((u) => u.stat));

describe('the 通报 as .docx', async () => {
  const bytes = await noticeDocx(hostileNotice);
  const doc = readDocx(bytes);

  it('is a Word document whose paragraphs are the 通报 text in order (markup in unit names stays text)', () => {
    expect(doc.entries.has('[Content_Types].xml')).toBe(true);
    expect(doc.paragraphs).toEqual(expectedParagraphs(hostileNotice));
    expect(doc.rows).toEqual([[...NOTICE_TABLE_HEAD], ...hostileNotice.table.map(noticeTableRow)]);
    expect(doc.rows.flat().join('')).toContain('<script>alert("unit")</script>州财政局');
    expect(doc.xml).not.toContain('<script>');
  });

  it('is A4 with the GB/T 9704 margins (37/35/28/26 mm) and a 22-line pitch', () => {
    expect(doc.xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const mar = doc.xml.match(/<w:pgMar [^>]*>/)![0];
    expect(mar).toContain('w:top="2098"');
    expect(mar).toContain('w:bottom="1984"');
    expect(mar).toContain('w:left="1587"');
    expect(mar).toContain('w:right="1474"');
    expect(doc.xml).toContain(`w:linePitch="${LINE_PITCH}"`);
    const textHeight = PAGE.height - PAGE.top - PAGE.bottom;
    expect(LINES_PER_PAGE * LINE_PITCH).toBeLessThanOrEqual(textHeight);
    expect((LINES_PER_PAGE + 1) * LINE_PITCH).toBeGreaterThan(textHeight);
  });

  it('sets the body in 3号 仿宋_GB2312 (fallback 仿宋), fixed line spacing, first line indented two characters, 28 characters a line', () => {
    const opening = doc.paragraphXml[4];
    expect(opening).toContain('w:eastAsia="仿宋_GB2312"');
    expect(opening).toContain('<w:sz w:val="32"/>');
    expect(opening).toMatch(new RegExp(`<w:spacing [^>]*w:line="${LINE_PITCH}" w:lineRule="exact"`));
    expect(opening).toMatch(/<w:ind w:firstLine="63\d"\/>/);
    expect(opening).toContain(`<w:spacing w:val="${CONDENSE}"/>`);
    const pitch = 320 + CONDENSE;
    const textWidthTwips = PAGE.width - PAGE.left - PAGE.right;
    expect(CHARS_PER_LINE * pitch).toBeLessThanOrEqual(textWidthTwips);
    expect((CHARS_PER_LINE + 1) * pitch).toBeGreaterThan(textWidthTwips);
    const fonts = doc.entries.get('word/fontTable.xml')!.toString('utf8');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    expect(fonts).toContain('<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>');
  });

  it('sets the title in 2号 方正小标宋简体, centred, its lines cut between words', () => {
    const title = doc.paragraphXml[1];
    expect(title).toContain('<w:jc w:val="center"/>');
    expect(title).toContain('w:eastAsia="方正小标宋简体"');
    expect(title).toContain('<w:sz w:val="44"/>');
    const lines = [...title.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1]));
    expect(lines).toEqual(titleLines(hostileNotice.title));
    expect((title.match(/<w:br\/>/g) ?? []).length).toBe(lines.length - 1);
  });

  it('sets 一、 headings in 黑体 and （一） in 楷体 before the 仿宋 text', () => {
    const h = doc.paragraphXml[5];
    expect(h).toContain('w:eastAsia="黑体"');
    const item = doc.paragraphXml.find((p) => paragraphText(p).startsWith('（一）'))!;
    const runs = [...item.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map((m) => m[0]);
    expect(runs[0]).toContain('w:eastAsia="楷体_GB2312"');
    expect(paragraphText(runs[0])).toBe(`（一）${hostileNotice.requirements[0].heading}。`);
    expect(runs[1]).toContain('w:eastAsia="仿宋_GB2312"');
  });

  it('sets the units table in a smaller 仿宋 with its header row repeated on every page', () => {
    const rows = [...doc.tableXml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    expect(rows[0]).toContain('<w:tblHeader/>');
    expect(rows.slice(1).every((r) => !r.includes('<w:tblHeader/>'))).toBe(true);
    expect(rows[1]).toContain('w:eastAsia="仿宋_GB2312"');
    expect(rows[1]).toContain('<w:sz w:val="21"/>');
    expect(rows.every((r) => r.includes('<w:cantSplit/>'))).toBe(true);
  });

  it('puts issuer and date at the bottom right, and page numbers “— N —” in 4号 宋体 (odd right, even left)', () => {
    const [issuer, date] = doc.paragraphXml.slice(-2);
    for (const p of [issuer, date]) expect(p).toContain('<w:jc w:val="right"/>');
    expect(doc.xml).toMatch(/<w:footerReference w:type="default"/);
    expect(doc.xml).toMatch(/<w:footerReference w:type="even"/);
    expect(doc.entries.get('word/settings.xml')!.toString('utf8')).toContain('<w:evenAndOddHeaders/>');
    const footers = [...doc.entries.keys()].filter((k) => /^word\/footer\d+\.xml$/.test(k)).map((k) => doc.entries.get(k)!.toString('utf8'));
    expect(footers).toHaveLength(2);
    const aligns = footers.map((f) => f.match(/<w:jc w:val="(\w+)"\/>/)![1]).sort();
    expect(aligns).toEqual(['left', 'right']);
    for (const f of footers) {
      expect(f).toContain('w:eastAsia="宋体"');
      expect(f).toContain('<w:sz w:val="28"/>');
      expect(f).toMatch(/<w:t xml:space="preserve">— <\/w:t>[\s\S]*PAGE[\s\S]*<w:t xml:space="preserve"> —<\/w:t>/);
    }
  });

  it('offers a Chinese file name that Windows can save', () => {
    expect(docxFileName(hostileNotice)).toBe(`${hostileNotice.title}.docx`);
    expect(docxFileName({ ...hostileNotice, title: '关于“A/B”的通报' })).toBe('关于“AB”的通报.docx');
  });
});

describe('title lines (GB/T 9704 7.3.3: cut between words)', () => {
  it('keeps a short title on one line', () => {
    expect(titleLines('关于本期完成情况的通报')).toEqual(['关于本期完成情况的通报']);
  });

  it('cuts a long title between words, never inside a quoted phrase or a numbered plenum, each line within 20 characters', () => {
    const title = '关于本期“党校到支部”党的十九届四中全会精神专题培训完成情况的通报';
    const lines = titleLines(title);
    expect(lines.join('')).toBe(title);
    expect(lines).toEqual(['关于本期“党校到支部”党的十九届四中全会', '精神专题培训完成情况的通报']);
    for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(20);
    expect(titleWords(title)).toContain('“党校到支部”');
    expect(titleWords(title)).toContain('党的十九届四中全会');
  });

  it('balances three lines and keeps the upper lines the longer ones', () => {
    const title = '关于本期“党校到支部”学习贯彻习近平新时代中国特色社会主义思想主题教育专题培训完成情况的通报';
    const lines = titleLines(title);
    expect(lines.join('')).toBe(title);
    expect(lines.length).toBe(3);
    for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(20);
    const widths = lines.map(textWidth);
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(6);
  });
});

describe('signature (GB/T 9704 7.3.5.2)', () => {
  it('the date starts two characters right of the issuer', () => {
    for (const [issuer, date] of [['巴州党员网上活动室', '2020年2月24日'], ['州委', '2020年12月31日']]) {
      const s = signatureIndents(issuer, date);
      const issuerStart = CHARS_PER_LINE - s.issuer - textWidth(issuer);
      const dateStart = CHARS_PER_LINE - s.date - textWidth(date);
      expect(dateStart - issuerStart).toBeCloseTo(2);
      expect(Math.min(s.issuer, s.date)).toBeGreaterThanOrEqual(2);
    }
  });
});

const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
const pdftoppm = existsSync('/usr/bin/pdftoppm') ? '/usr/bin/pdftoppm' : undefined;
const canRender = Boolean(soffice && pdftoppm);
if (!canRender) {
  console.warn('[notice-docx] ⚠ 跳过 LibreOffice 渲染测试：未找到 soffice 或 pdftoppm'
    + '（apt-get install -y libreoffice-writer-nogui poppler-utils 后可运行；其余 .docx 测试照常运行）');
}

describe.skipIf(!canRender)('the 通报 .docx rendered by LibreOffice (optional)', () => {
  const work = mkdtempSync(join(tmpdir(), 'xs-docx-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('converts to an A4 PDF whose pages carry the text and the page numbers', async () => {
    writeFileSync(join(work, 'tongbao.docx'), await noticeDocx(hostileNotice));
    const profile = `file://${join(work, 'profile')}`;
    const convert = spawnSync(soffice!, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', work, join(work, 'tongbao.docx')], { encoding: 'utf8', timeout: 420_000 });
    // A busy machine makes LibreOffice's first start slow (a fresh profile each run).
    expect(convert.error, 'soffice did not finish in 7 minutes').toBeUndefined();
    expect(convert.status, convert.stderr).toBe(0);
    const png = spawnSync(pdftoppm!, ['-png', '-r', '40', join(work, 'tongbao.pdf'), join(work, 'page')], { encoding: 'utf8' });
    expect(png.status, png.stderr).toBe(0);
    const pages = readdirSync(work).filter((f) => /^page-\d+\.png$/.test(f));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    const text = spawnSync('/usr/bin/pdftotext', ['-layout', join(work, 'tongbao.pdf'), '-'], { encoding: 'utf8' });
    if (text.status === 0) {
      for (const line of titleLines(hostileNotice.title)) expect(text.stdout.replace(/\s+/g, '')).toContain(line.replace(/\s+/g, ''));
      expect(text.stdout).toMatch(/—\s*1\s*—/);
      const info = spawnSync('/usr/bin/pdfinfo', [join(work, 'tongbao.pdf')], { encoding: 'utf8' });
      expect(info.stdout).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    }
  }, 480_000);
});

describe('the .docx bytes do not depend on the clock', () => {
  it('the same 通报 built at two moments gives the same bytes, dated the data’s day', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2031-05-06T07:08:09Z'));
      const first = await noticeDocx(hostileNotice);
      vi.setSystemTime(new Date('2034-11-12T13:14:15Z'));
      const second = await noticeDocx(hostileNotice);
      expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
      const core = readDocx(first).entries.get('docProps/core.xml')!.toString('utf8');
      expect(core).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${hostileNotice.asOfDay}T00:00:00Z</dcterms:created>`);
      expect(core).toContain(`<dc:title>${hostileNotice.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</dc:title>`);
      expect(core).not.toMatch(/203[14]-/);
    } finally {
      vi.useRealTimers();
    }
  });
});
