/**
 * Pages that would pass 1 MB at a province's ~2,900 units (site/lib/paging.ts): the 通报's
 * annex (附件：各单位完成情况) — beyond NOTICE_UNITS_IN_BODY units the units table leaves the
 * 通报's body for annex pages of its own — and /analysis/'s per-unit charts (the highest
 * UNITS_IN_CHART units) and funnel table (in pages). A small generated root of two drops with 12
 * units, built once with the limits lowered (XUESHI_PAGE_ROWS notice=10, annex=5: 3 annex pages
 * per 通报; chart=5; units=5) — no test builds a province. A prefecture (≤ 200 units) is
 * unchanged: the other site tests hold it. The page-size check itself is tested here too.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previousArchived, readSiteData, type ArchivedDrop, type SiteData } from '../../site/lib/data.ts';
import { classifyFile, contentsOf, routeRules } from '../../site/lib/edition.ts';
import { buildNotice, NOTICE_TABLE_CAPTION, noticeTableRow } from '../../site/lib/notice.ts';
import { ANNEX_UNITS_PER_PAGE, NOTICE_UNITS_IN_BODY, noticeAnnex } from '../../site/lib/paging.ts';
import { htmlPagesBySize, oversizedPages, oversizedWarning, PAGE_BYTES_LIMIT } from '../../site/scripts/page-sizes.ts';
import { readDocx } from '../helpers/docx.ts';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'xs-annex-'));
const dist = join(work, 'dist');
const json = join(work, 'json');
const BODY = 10;
const PER_PAGE = 5;
/** Units per chart of /analysis/ and per page of its funnel table in this build. */
const CHART = 5;
const UNITS = 5;
let data: SiteData;

function run(args: string[], env: NodeJS.ProcessEnv = {}): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env }, timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`${args[0]} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

const doc = (path: string) => parseHTML(readFileSync(join(dist, path, 'index.html'), 'utf8')).document;
type Doc = ReturnType<typeof doc>;
const text = (e: { textContent: string | null } | null) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
const rowsOf = (d: Doc) => [...d.querySelectorAll('table.notice-table tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => text(td)));
const hrefs = (d: Doc) => [...d.querySelectorAll('main a')].map((a) => a.getAttribute('href') ?? '');

/** What a drop's 通报 says, as the page builds it (with its table in the annex). */
const noticeOf = (drop: ArchivedDrop) => buildNotice(drop.summary, drop.units, { drop, previous: previousArchived(data.archive, drop) }, { tableInAnnex: true });

describe('where the 通报 puts its units table (pure)', () => {
  it('in the body up to NOTICE_UNITS_IN_BODY units, beyond it in an annex of ANNEX_UNITS_PER_PAGE rows a page', () => {
    const saved = process.env.XUESHI_PAGE_ROWS;
    delete process.env.XUESHI_PAGE_ROWS;
    try {
      expect(NOTICE_UNITS_IN_BODY).toBe(200);
      expect(noticeAnnex(25)).toBeNull();
      expect(noticeAnnex(NOTICE_UNITS_IN_BODY)).toBeNull();
      expect(noticeAnnex(NOTICE_UNITS_IN_BODY + 1)).toEqual({ pages: 1, size: ANNEX_UNITS_PER_PAGE });
      // A province's 2,899 units print from one annex page; twice that from two.
      expect(noticeAnnex(2899)).toEqual({ pages: 1, size: ANNEX_UNITS_PER_PAGE });
      expect(noticeAnnex(2 * ANNEX_UNITS_PER_PAGE + 1)?.pages).toBe(3);
      process.env.XUESHI_PAGE_ROWS = '100,notice=3,annex=2';
      expect(noticeAnnex(3)).toBeNull();
      expect(noticeAnnex(4)).toEqual({ pages: 2, size: 2 });
    } finally {
      if (saved === undefined) delete process.env.XUESHI_PAGE_ROWS; else process.env.XUESHI_PAGE_ROWS = saved;
    }
  });
});

describe('the page-size check (no HTML page over 1 MB)', () => {
  it('lists pages largest first and names those over the limit, with the cause and the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xs-sizes-'));
    try {
      writeFileSync(join(dir, 'index.html'), 'x'.repeat(100));
      for (const [path, bytes] of [['a/index.html', PAGE_BYTES_LIMIT + 1], ['a/b/index.html', PAGE_BYTES_LIMIT], ['a/data.json', 3 * PAGE_BYTES_LIMIT]] as const) {
        const file = join(dir, path);
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, Buffer.alloc(bytes, 32));
      }
      const pages = htmlPagesBySize(dir);
      expect(pages).toEqual([{ path: 'a/index.html', bytes: PAGE_BYTES_LIMIT + 1 }, { path: 'a/b/index.html', bytes: PAGE_BYTES_LIMIT }, { path: 'index.html', bytes: 100 }]);
      expect(oversizedPages(pages).map((p) => p.path)).toEqual(['a/index.html']);
      expect(oversizedWarning(pages)).toMatch(/1 个页面超过 1\.00 MB[\s\S]*a\/index\.html {2}1\.00 MB[\s\S]*site\/lib\/paging\.ts/);
      expect(oversizedWarning(pages.slice(1))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a 通报 with more units than its body lists (limits lowered, two drops)', () => {
  beforeAll(() => {
    const source = join(work, 'data');
    run(['generate/cli.ts', '--people', '150', '--units', '12', '--seed', '5', '--root', source, '--drops', '2020-01-31,2020-02-14']);
    run(['site/scripts/build.ts', '--data', source, '--history', join(work, 'history'), '--json-out', json, '--out', dist],
      { XUESHI_PAGE_ROWS: `100000,notice=${BODY},annex=${PER_PAGE},chart=${CHART},units=${UNITS}` });
    data = readSiteData(json);
    expect(data.archive.length).toBe(2);
    for (const drop of data.archive) expect(drop.units.length).toBeGreaterThan(BODY);
  }, 600_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('the 通报 keeps its whole text, says 见附件 and names the annex (附件说明 before the signature), with no table', () => {
    const d = doc('notice');
    const article = d.querySelector('article.notice')!;
    expect(article.querySelector('table')).toBeNull();
    const n = noticeOf(data.currentDrop);
    const paragraphs = [...article.querySelectorAll('p')].map((p) => text(p));
    for (const s of [n.opening, ...n.overall, ...n.comparison, n.analysis.join(''), ...n.units]) expect(paragraphs, s).toContain(s);
    expect(n.units.at(-1)).toMatch(/各单位完成情况见附件。$/);
    expect(paragraphs.join('')).not.toContain('见下表');
    const attachment = article.querySelector('.closing p.attachment');
    expect(text(attachment)).toBe(`附件：${NOTICE_TABLE_CAPTION}`);
    expect(attachment?.querySelector('a')?.getAttribute('href')).toBe('/notice/annex/');
    // 附件说明 comes after the last requirement and before the signature.
    const closing = [...article.querySelector('.closing')!.children].map((e) => e.getAttribute('class') ?? e.tagName.toLowerCase());
    expect(closing.indexOf('attachment')).toBeLessThan(closing.indexOf('signature'));
    expect(closing.indexOf('attachment')).toBeGreaterThan(0);
  });

  it('the annex pages hold every unit of the 通报 once, in rank order, at most the limit a page, each page numbered and printable', () => {
    const n = noticeOf(data.currentDrop);
    const pages = Math.ceil(n.table.length / PER_PAGE);
    expect(pages).toBe(3);
    const rows: string[][] = [];
    for (let p = 1; p <= pages; p++) {
      const d = doc(p === 1 ? 'notice/annex' : `notice/annex/${p}`);
      const article = d.querySelector('article.notice.annex')!;
      expect(text(article.querySelector('.annex-mark'))).toBe('附件');
      expect(text(article.querySelector('h1'))).toBe(`${NOTICE_TABLE_CAPTION}${p > 1 ? '（续）' : ''}`);
      expect(text(article.querySelector('.asof'))).toBe(n.asOfLine);
      const mine = rowsOf(d);
      expect(mine.length).toBeLessThanOrEqual(PER_PAGE);
      rows.push(...mine);
      expect(text(d.querySelector('nav.pager a[aria-current="page"]'))).toBe(String(p));
      expect(hrefs(d)).toEqual(expect.arrayContaining(['/notice/', '/notice/annex/', '/notice/annex/2/', '/notice/annex/3/']));
    }
    expect(rows).toEqual(n.table.map((u) => noticeTableRow(u)));
    expect(existsSync(join(dist, 'notice/annex/1'))).toBe(false);
    expect(existsSync(join(dist, `notice/annex/${pages + 1}`))).toBe(false);
  });

  it('an archived 通报 has its own annex, from its own drop: it never links to the newest figures', () => {
    const [first, current] = data.archive;
    const own = rowsOf(doc(`${first.path}annex`)).concat(rowsOf(doc(`${first.path}annex/2`)), rowsOf(doc(`${first.path}annex/3`)));
    expect(own).toEqual(noticeOf(first).table.map((u) => noticeTableRow(u)));
    // The two drops' tables differ, so reading the newest figures would be seen.
    expect(own).not.toEqual(noticeOf(current).table.map((u) => noticeTableRow(u)));
    const notice = doc(first.path);
    expect(notice.querySelector('article.notice p.attachment a')?.getAttribute('href')).toBe(`/${first.path}annex/`);
    for (const path of [first.path, `${first.path}annex`, `${first.path}annex/2`]) {
      const links = hrefs(doc(path));
      expect(links.filter((h) => h.includes('annex')).every((h) => h.startsWith(`/${first.path}annex/`)), path).toBe(true);
    }
    // Its annex says which 通报 it belongs to, and that a newer one exists.
    const note = text(doc(`${first.path}annex`).querySelector('.archive-note'));
    expect(note).toContain('存档：第1期通报的附件，数据截至2020年1月31日');
    expect(note).toContain('最新一期见 第2期通报');
  });

  it('the Word 通报 keeps the whole table in its body (见下表)', () => {
    const docx = readDocx(readFileSync(join(dist, 'notice/tongbao.docx')));
    const n = buildNotice(data.currentDrop.summary, data.currentDrop.units, { drop: data.currentDrop, previous: previousArchived(data.archive, data.currentDrop) });
    expect(docx.rows.slice(1)).toEqual(n.table.map((u) => noticeTableRow(u)));
    expect(docx.rows.length - 1).toBeGreaterThan(BODY);
    expect(docx.paragraphs.some((p) => p.endsWith('各单位完成情况见下表。'))).toBe(true);
    expect(docx.paragraphs.join('')).not.toContain('见附件');
  });

  it('/analysis/ charts the units with the most 预警 and 突击学习 only, and says how many there are', () => {
    const d = doc('analysis');
    const withOutlook = data.units.filter((u) => u.stat.registered > 0).filter((u) => u.stat.outlook.unlikely + u.stat.outlook.behind + u.stat.outlook.onPace > 0);
    expect(withOutlook.length).toBeGreaterThan(CHART);
    const outlook = d.querySelector('section[aria-labelledby="h-outlook"]')!;
    expect(outlook.querySelectorAll('details tbody tr').length).toBe(CHART);
    expect(outlook.querySelectorAll('.chart-wide svg').length).toBe(1);
    expect(text(outlook.querySelector('.top-units'))).toContain(`最高的 ${CHART} 个单位（有预警人员的单位共 ${withOutlook.length} 个）`);
    // The first rows are those with the highest share of 难以按期完成.
    const share = (u: (typeof withOutlook)[number]) => u.stat.outlook.unlikely / u.stat.registered;
    const top = Math.max(...withOutlook.map(share));
    expect(text(outlook.querySelector('details tbody tr td'))).toBe(withOutlook.find((u) => share(u) === top)!.stat.unitName);
    const cram = d.querySelector('section[aria-labelledby="h-cram"]')!;
    expect(cram.querySelectorAll('details tbody tr').length).toBe(CHART);
    expect(text(cram.querySelector('.top-units'))).toMatch(new RegExp(`最高的 ${CHART} 个单位（有观看记录的单位共 \\d+ 个）`));
  });

  it('/analysis/’s per-unit funnel table comes in pages (analysis/units/<n>/): every unit once, in order', () => {
    const units = data.units.filter((u) => u.stat.registered > 0);
    const pages = Math.ceil(units.length / UNITS);
    expect(pages).toBeGreaterThan(1);
    const names: string[] = [];
    for (let p = 1; p <= pages; p++) {
      const d = doc(p === 1 ? 'analysis' : `analysis/units/${p}`);
      const rows = [...d.querySelectorAll('section[aria-labelledby="h-unit-funnel"] tbody tr td:first-child')].map((td) => text(td));
      expect(rows.length).toBeLessThanOrEqual(UNITS);
      names.push(...rows);
      expect(hrefs(d)).toEqual(expect.arrayContaining(['/analysis/#h-unit-funnel', ...Array.from({ length: pages - 1 }, (_, i) => `/analysis/units/${i + 2}/`)]));
    }
    expect(names).toEqual(units.map((u) => u.stat.unitName));
    expect(existsSync(join(dist, `analysis/units/${pages + 1}`))).toBe(false);
  });

  it('/integrity/’s per-unit table comes in pages (integrity/units/<n>/): every unit once, most flagged first', () => {
    const units = data.units.filter((u) => u.stat.registered > 0);
    const counts = new Map(data.integrity.units.map((u) => [u.unitId, u]));
    const flagged = (id: string) => Object.values(counts.get(id)?.rules ?? {}).reduce((n, r) => n + r.people, 0);
    expect(units.some((u) => flagged(u.stat.unitId) > 0), 'the generated root has flags (parallel playback at least)').toBe(true);
    const pages = Math.ceil(units.length / UNITS);
    expect(pages).toBeGreaterThan(1);
    const names: string[] = [];
    for (let p = 1; p <= pages; p++) {
      const d = doc(p === 1 ? 'integrity' : `integrity/units/${p}`);
      const rows = [...d.querySelectorAll('section[aria-labelledby="h-units"] tbody tr td:first-child')].map((td) => text(td));
      expect(rows.length).toBeLessThanOrEqual(UNITS);
      names.push(...rows);
      expect(hrefs(d)).toEqual(expect.arrayContaining(['/integrity/#h-units', ...Array.from({ length: pages - 1 }, (_, i) => `/integrity/units/${i + 2}/`)]));
    }
    const expected = [...units].sort((a, b) => flagged(b.stat.unitId) / b.stat.registered - flagged(a.stat.unitId) / a.stat.registered).map((u) => u.stat.unitName);
    expect(names).toEqual(expected);
    expect(existsSync(join(dist, `integrity/units/${pages + 1}`))).toBe(false);
  });

  it('a unit page with two drops draws its trend line (a single drop shows its sentence only: paging.test.ts)', () => {
    const unit = data.units.find((u) => u.stat.registered >= 10)!;
    const trend = doc(`units/${unit.slug}`).querySelector('section[aria-labelledby="h-trend"]')!;
    expect(trend.querySelectorAll('.chart-wide svg').length).toBe(1);
    expect(trend.querySelectorAll('.chart-phone svg').length).toBe(1);
    expect(trend.querySelectorAll('details tbody tr').length).toBe(2);
  });

  it('every annex page is open when deployed, like the 通报; no page is over 1 MB', () => {
    const full = contentsOf('full');
    const rules = routeRules(data, full);
    const files: string[] = [];
    const walk = (dir: string) => { for (const name of readdirSync(dir)) { const p = join(dir, name); if (statSync(p).isDirectory()) walk(p); else files.push(relative(dist, p).split('\\').join('/')); } };
    walk(dist);
    const annexFiles = files.filter((f) => f.includes('annex/'));
    expect(annexFiles.length).toBe(3 * 3);
    for (const f of annexFiles) expect(classifyFile(f, rules, full), f).toEqual({ kind: 'open' });
    for (const f of files.filter((x) => x.startsWith('analysis/units/') || x.startsWith('integrity/units/'))) expect(classifyFile(f, rules, full), f).toEqual({ kind: 'open' });
    for (const f of files) expect(classifyFile(f, rules, full), f).not.toBeNull();
    expect(oversizedPages(htmlPagesBySize(dist))).toEqual([]);
  });
});
