/**
 * The 通报 as .docx (site/lib/notice-docx.ts): the document's XML read back — its paragraphs are
 * the 通报's text in order, and the GB/T 9704-2012 layout (A4, margins, fonts, sizes, 22 × 28,
 * repeated table header, page numbers) is really in it. The comparison with the built web page
 * is in test/site/editions.test.ts (it needs a site build).
 *
 * One test renders the document with LibreOffice (.ci/run installs it with poppler-utils); where
 * soffice or pdftoppm is absent it fails and says what to install — it never skips.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(doc.rows).toEqual([[...NOTICE_TABLE_HEAD], ...hostileNotice.table.map((u) => noticeTableRow(u))]);
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
    const lines = [...title.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1]).replace(/\u2060/g, ''));
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

  it('puts 署名 and 成文日期 at the right, and page numbers “— N —” in 4号 宋体 (odd right, even left)', () => {
    const [signature, date] = doc.paragraphXml.slice(-3, -1);
    expect(paragraphText(signature)).toBe(hostileNotice.issue.signature);
    expect(paragraphText(date)).toBe(hostileNotice.issuedOn);
    for (const p of [signature, date]) expect(p).toContain('<w:jc w:val="right"/>');
    // 成文日期 右空四字 (four 3号 characters of the grid).
    expect(date).toMatch(/<w:ind w:right="(\d+)"\/>/);
    expect(Number(date.match(/<w:ind w:right="(\d+)"\/>/)![1])).toBe(Math.round(4 * (PAGE.width - PAGE.left - PAGE.right) / CHARS_PER_LINE));
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

describe('signature (GB/T 9704 7.3.5.1, room for a seal)', () => {
  it('the date 右空四字, the 署名 centred on it, never closer to the edge than 右空二字', () => {
    for (const [signature, date] of [['巴州党员网上活动室', '2020年2月24日'], ['州委', '2020年12月31日']]) {
      const s = signatureIndents(signature, date);
      expect(s.date).toBe(4);
      const centre = (indent: number, text: string) => CHARS_PER_LINE - indent - textWidth(text) / 2;
      expect(centre(s.signature, signature)).toBeCloseTo(centre(s.date, date));
    }
    const long = signatureIndents('中共巴音郭楞蒙古自治州委员会直属机关工作委员会', '2020年2月24日');
    expect(long.signature).toBe(2);
  });

  it('counts digits as half a character and adds nothing between Chinese and digits', () => {
    expect(textWidth('4月13日')).toBe(3.5);
    expect(textWidth('2020年2月24日')).toBe(6.5);
  });
});

describe('版头 and 版记 from period.json notice (GB/T 9704 7.2, 7.4)', async () => {
  const issued = {
    ...hostileNotice,
    issue: { docNumber: '巴党网通〔2020〕3号', signature: '巴州党员网上活动室', cc: ['州委组织部', '州直机关工委'], printer: '巴州党员网上活动室办公室', printedOn: '2020年2月25日' },
  };
  const d = readDocx(await noticeDocx(issued));
  const doc = readDocx(await noticeDocx(hostileNotice));

  it('turns off the automatic spacing between Chinese and Latin letters or digits (autoSpaceDE/DN) for every paragraph', () => {
    const styles = d.entries.get('word/styles.xml')!.toString('utf8');
    const defaults = styles.match(/<w:pPrDefault>[\s\S]*?<\/w:pPrDefault>/)![0];
    expect(defaults).toContain('<w:autoSpaceDE w:val="0"/>');
    expect(defaults).toContain('<w:autoSpaceDN w:val="0"/>');
    const normal = styles.match(/<w:style w:type="paragraph" w:default="1" w:styleId="Normal">[\s\S]*?<\/w:style>/)![0];
    expect(normal).toContain('<w:autoSpaceDE w:val="0"/>');
    // No paragraph turns it back on, and none names another style.
    expect(d.xml).not.toMatch(/<w:autoSpaceD[EN](?: w:val="(?:1|true)")?\/>/);
    expect(d.xml).not.toContain('<w:pStyle');
  });

  it('sets the 发文字号 centred under the 发文机关标志, with the red 分隔线 under it, and the 标志 35 mm into the 版心', () => {
    expect(d.paragraphs.slice(0, 3)).toEqual([issued.issuer, '巴党网通〔2020〕3号', issued.title]);
    const [mast, number] = d.paragraphXml;
    expect(mast).toContain('<w:color w:val="FF0000"/>');
    expect(mast).toMatch(/<w:w w:val="68"\/>/); // 22 mm high, 15 mm wide
    expect(Number(mast.match(/<w:spacing w:before="(\d+)"/)![1])).toBeGreaterThanOrEqual(Math.round((35 * 1440) / 25.4));
    expect(number).toContain('<w:jc w:val="center"/>');
    expect(number).toMatch(/<w:pBdr><w:bottom w:val="single" w:color="FF0000"/);
    expect(number).toContain('w:eastAsia="仿宋_GB2312"');
  });

  it('ends with the 版记: 抄送 and 印发机关/印发日期 between rules, framed at the bottom of the 版心', () => {
    const [cc, printer] = d.paragraphXml.slice(-2);
    expect(paragraphText(cc)).toBe('抄送：州委组织部，州直机关工委。');
    expect(paragraphText(printer)).toBe('巴州党员网上活动室办公室2020年2月25日印发');
    expect(printer).toContain('<w:tab/>');
    expect(cc).toMatch(/<w:top w:val="single"[^>]*w:sz="8"/);
    expect(cc).toMatch(/<w:bottom w:val="single"[^>]*w:sz="6"/);
    expect(printer).toMatch(/<w:bottom w:val="single"[^>]*w:sz="8"/);
    for (const p of [cc, printer]) {
      expect(p).toContain('w:vAnchor="margin"');
      expect(p).toContain('<w:sz w:val="28"/>');
    }
    const bottom = (p: string) => Number(p.match(/w:y="(-?\d+)"/)![1]);
    expect(bottom(printer) + LINE_PITCH).toBe(PAGE.height - PAGE.top - PAGE.bottom);
    expect(bottom(cc)).toBeLessThan(bottom(printer));
  });

  it('without a 发文字号 or 抄送 in period.json: no number (a blank line to fill in), no 抄送 line, printer and date the issuer’s and the data’s day', () => {
    expect(hostileNotice.issue.docNumber).toBeNull();
    expect(doc.paragraphs[1]).toBe(hostileNotice.title);
    expect(doc.paragraphs.at(-1)).toBe(`${hostileNotice.issuer}${hostileNotice.issuedOn}印发`);
    expect(doc.paragraphs.some((p) => p.startsWith('抄送'))).toBe(false);
  });
});

const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
const pdftoppm = existsSync('/usr/bin/pdftoppm') ? '/usr/bin/pdftoppm' : undefined;

describe('the 通报 .docx rendered by LibreOffice', () => {
  const work = mkdtempSync(join(tmpdir(), 'xs-docx-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('converts to an A4 PDF whose pages carry the text and the page numbers', async () => {
    expect(soffice, 'soffice not found: apt-get install -y libreoffice-writer-nogui (.ci/run does)').toBeDefined();
    expect(pdftoppm, 'pdftoppm not found: apt-get install -y poppler-utils (.ci/run does)').toBeDefined();
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
    // The 发文机关标志's top edge 35 mm below the 版心's (37 + 35 = 72 mm from the page's top):
    // the first red row of page 1 at 254 dpi (10 pixels a millimetre).
    const ppm = spawnSync(pdftoppm!, ['-r', '254', '-f', '1', '-l', '1', join(work, 'tongbao.pdf'), join(work, 'hi')], { encoding: 'utf8' });
    expect(ppm.status, ppm.stderr).toBe(0);
    const raw = readFileSync(join(work, readdirSync(work).find((f) => /^hi-0*1\.ppm$/.test(f))!));
    const [, w, h] = raw.subarray(0, 30).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+255\s/)!;
    const headerLength = raw.subarray(0, 30).toString('latin1').match(/^P6\s+\d+\s+\d+\s+255\s/)![0].length;
    const W = Number(w);
    let firstRed = -1;
    for (let y = 0; y < Number(h) && firstRed < 0; y++) {
      for (let x = 0; x < W; x += 2) {
        const i = headerLength + (y * W + x) * 3;
        if (raw[i] > 180 && raw[i + 1] < 90 && raw[i + 2] < 90) { firstRed = y; break; }
      }
    }
    expect(Math.abs(firstRed / 10 - 72)).toBeLessThanOrEqual(1.5);
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
