/**
 * The 通报 .docx as LibreOffice lays it out: no space between Chinese and digits ("4月13日", not
 * "4 月 13 日"), measured on the rendered PDF (pdftotext's word boxes: a gap wider than about a
 * tenth of the font size splits a word, so "1月13日" is one word only when nothing was added).
 * LibreOffice ignores w:autoSpaceDE/DN and adds 3.2 pt at each boundary unless the writer's
 * WORD JOINER stands there (site/lib/notice-docx.ts joinScripts; docs/notice.md has the numbers).
 *
 * LibreOffice and poppler are installed by .ci/run; where they are missing this test fails and
 * says so — it never skips.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSiteData } from '../../site/lib/data.ts';
import { buildNotice } from '../../site/lib/notice.ts';
import { CHARS_PER_LINE, joinScripts, noticeDocx, PAGE } from '../../site/lib/notice-docx.ts';
import { FIXTURE_DIR } from './fixture.ts';

const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
const pdftotext = existsSync('/usr/bin/pdftotext') ? '/usr/bin/pdftotext' : undefined;

interface Word { x0: number; x1: number; text: string }
interface Line { x0: number; x1: number; words: Word[] }

/** Lines of words with their boxes (pt), from pdftotext -bbox-layout. */
function linesOf(html: string): Line[] {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...html.matchAll(/<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([\s\S]*?)<\/line>/g)].map((l) => ({
    x0: Number(l[1]), x1: Number(l[2]),
    words: [...l[3].matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)]
      .map((w) => ({ x0: Number(w[1]), x1: Number(w[2]), text: unescape(w[3]) })),
  }));
}

const han = /\p{Script=Han}/u;
const digit = /[0-9]/;
/** Chinese next to a digit, in either order. */
const boundary = (a: string, b: string) => (digit.test(a) && han.test(b)) || (han.test(a) && digit.test(b));

const work = mkdtempSync(join(tmpdir(), 'xs-docx-render-'));
let lines: Line[] = [];

beforeAll(async () => {
  if (!soffice || !pdftotext) return;
  const fixture = readSiteData(FIXTURE_DIR);
  writeFileSync(join(work, 'tongbao.docx'), await noticeDocx(buildNotice(fixture.summary, fixture.units.map((u) => u.stat))));
  const convert = spawnSync(soffice, [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', work, join(work, 'tongbao.docx')],
    { encoding: 'utf8', timeout: 420_000 });
  if (convert.status !== 0) throw new Error(`soffice failed (${convert.status}): ${convert.stderr}`);
  const bbox = spawnSync(pdftotext, ['-bbox-layout', join(work, 'tongbao.pdf'), join(work, 'bbox.html')], { encoding: 'utf8' });
  if (bbox.status !== 0) throw new Error(`pdftotext failed: ${bbox.stderr}`);
  lines = linesOf(readFileSync(join(work, 'bbox.html'), 'utf8'));
}, 480_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('joinScripts', () => {
  it('puts a WORD JOINER between Chinese and a digit or Latin letter, nowhere else', () => {
    const J = '\u2060';
    expect(joinScripts('截至2020年2月14日')).toBe(`截至${J}2020${J}年${J}2${J}月${J}14${J}日`);
    expect(joinScripts('合格率3.8%，上升3.8个百分点')).toBe(`合格率${J}3.8%，上升${J}3.8${J}个百分点`);
    expect(joinScripts('KJ01课件')).toBe(`KJ01${J}课件`);
    expect(joinScripts('（截至')).toBe('（截至');
    expect(joinScripts('<5')).toBe('<5');
  });
});

describe('the 通报 .docx rendered by LibreOffice', () => {
  it('LibreOffice and pdftotext are installed (.ci/run installs libreoffice-writer-nogui and poppler-utils)', () => {
    expect(soffice, 'soffice not found: apt-get install -y libreoffice-writer-nogui (.ci/run does)').toBeDefined();
    expect(pdftotext, 'pdftotext not found: apt-get install -y poppler-utils (.ci/run does)').toBeDefined();
  });

  it('adds no space between Chinese and digits in the body text, and fills a line of Chinese with 28 characters', () => {
    const left = (PAGE.left / 20);
    // Body lines: they start at the 版心's left edge or two characters in (a paragraph's first line).
    const body = lines.filter((l) => Math.abs(l.x0 - left) < 2 || Math.abs(l.x0 - left - 2 * 15.8) < 2);
    expect(body.length).toBeGreaterThan(20);
    const split: string[] = [];
    let joined = 0;
    for (const l of body) {
      for (let i = 1; i < l.words.length; i++) {
        const a = l.words[i - 1].text, b = l.words[i].text;
        if (boundary(a.at(-1)!, b[0])) split.push(`${a}|${b} (${(l.words[i].x0 - l.words[i - 1].x1).toFixed(2)} pt)`);
      }
      for (const w of l.words) for (let k = 1; k < w.text.length; k++) if (boundary(w.text[k - 1], w.text[k])) joined++;
    }
    // Exercised: the fixture's 通报 has dates and counts beside Chinese (1月13日, 16人 …).
    expect(joined).toBeGreaterThan(20);
    expect(split).toEqual([]);
    // A full line of Chinese only (reaching the right edge, not a paragraph's first line): 28.
    const right = (PAGE.width - PAGE.right) / 20;
    const plain = body.filter((l) => Math.abs(l.x0 - left) < 2 && l.x1 > right - 16 && !/[0-9A-Za-z]/.test(l.words.map((w) => w.text).join('')));
    expect(plain.length).toBeGreaterThan(0);
    for (const l of plain) expect([...l.words.map((w) => w.text).join('')].length).toBe(CHARS_PER_LINE);
  });
});
