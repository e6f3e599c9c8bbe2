/**
 * Long lists in pages (site/lib/paging.ts), on both sides of the limit: a small generated
 * dataset built once with every limit lowered (XUESHI_PAGE_ROWS) to a number some units'
 * people exceed and others do not. Checked in the HTML: a list within the limit is shown
 * whole as before (no pager, no extra pages); a longer one shows its first page where it
 * always was, and its pages together hold every row exactly once, in order, each page at most
 * the limit. The default limits at province scale are measured by the bench, not here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSiteData, type SiteData } from '../../site/lib/data.ts';
import { classifyFile, contentsOf, routeRules } from '../../site/lib/edition.ts';
import { restudyList, runningPeriod, yearByUnit } from '../../site/lib/ledger.ts';
import { BRANCHES_PER_PAGE, PEOPLE_PER_PAGE, RESTUDY_ON_YEAR_PAGE, UNITS_PER_PAGE, laterPages, pageCount, pageLimit, pageRows } from '../../site/lib/paging.ts';
import { byRank } from '../../site/lib/ranking.ts';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'xs-paging-'));
const dist = join(work, 'dist');
const json = join(work, 'json');
let data: SiteData;
let limit = 0;
/** Units per page in the lowered build: 8 units make 3 pages. */
const UNIT_LIMIT = 3;

function run(args: string[], env: NodeJS.ProcessEnv = {}): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env }, timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`${args[0]} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

const doc = (path: string) => parseHTML(readFileSync(join(dist, path, 'index.html'), 'utf8')).document;
const texts = (d: ReturnType<typeof doc>, selector: string) => [...d.querySelectorAll(selector)].map((e) => (e.textContent ?? '').trim());
/** The first cell of each body row of the tables under `scope` (the name or rank). */
const firstCells = (d: ReturnType<typeof doc>, scope: string) => texts(d, `${scope} tbody tr > td:first-child`);
const linkCells = (d: ReturnType<typeof doc>, scope: string) => texts(d, `${scope} tbody tr > td:nth-child(2) a`);

function filesOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else out.push(relative(dir, p).split('\\').join('/')); } };
  walk(dir);
  return out;
}

describe('paging pure parts', () => {
  it('counts pages, slices rows, names the later pages; the limits are the documented ones', () => {
    expect([pageCount(0, 5), pageCount(5, 5), pageCount(6, 5), pageCount(11, 5)]).toEqual([1, 1, 2, 3]);
    expect(pageRows([1, 2, 3, 4, 5, 6, 7], 2, 3)).toEqual([4, 5, 6]);
    expect(pageRows([1, 2, 3, 4, 5, 6, 7], 3, 3)).toEqual([7]);
    expect(laterPages(1)).toEqual([]);
    expect(laterPages(3)).toEqual([2, 3]);
    const saved = process.env.XUESHI_PAGE_ROWS;
    delete process.env.XUESHI_PAGE_ROWS;
    expect([pageLimit('branches'), pageLimit('people'), pageLimit('restudy'), pageLimit('units')]).toEqual([BRANCHES_PER_PAGE, PEOPLE_PER_PAGE, RESTUDY_ON_YEAR_PAGE, UNITS_PER_PAGE]);
    process.env.XUESHI_PAGE_ROWS = '7';
    expect(pageLimit('people')).toBe(7);
    process.env.XUESHI_PAGE_ROWS = '0';
    expect(() => pageLimit('people')).toThrow(/XUESHI_PAGE_ROWS/);
    if (saved === undefined) delete process.env.XUESHI_PAGE_ROWS; else process.env.XUESHI_PAGE_ROWS = saved;
  });
});

describe('a site built with lowered page limits', () => {
  beforeAll(() => {
    const source = join(work, 'data');
    run(['generate/cli.ts', '--people', '240', '--units', '8', '--seed', '3', '--out', source]);
    run(['pipeline/cli.ts', '--data', source, '--out', json]);
    data = readSiteData(json);
    // The smallest unit's size: that unit sits exactly at the limit (not paged), larger ones
    // are paged, and so are the larger branches — both sides of the limit in one build.
    const sizes = data.units.map((u) => u.people.length).filter((n) => n > 0).sort((a, b) => a - b);
    limit = sizes[0];
    expect(sizes[sizes.length - 1]).toBeGreaterThan(limit);
    expect(data.branches.some((b) => b.people.length > limit)).toBe(true);
    expect(data.branches.some((b) => b.people.length > 0 && b.people.length <= limit)).toBe(true);
    run(['site/scripts/build.ts', '--json', json, '--out', dist], { XUESHI_PAGE_ROWS: `${limit},units=${UNIT_LIMIT}` });
  }, 600_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('a unit within the limit lists all its people on its page, with no pager and no extra pages', () => {
    const small = data.units.filter((u) => u.people.length > 0 && u.people.length <= limit);
    expect(small.length).toBeGreaterThan(0);
    for (const u of small) {
      const d = doc(`units/${u.slug}`);
      expect(firstCells(d, '#h-people ~ .table-wrap table.people').length, u.slug).toBe(u.people.length);
      expect(d.querySelector('nav.pager'), u.slug).toBeNull();
      expect(existsSync(join(dist, 'units', u.slug, 'people'))).toBe(false);
    }
  });

  it('a larger unit shows its first page with a pager; its pages hold every person once, in order, with what each lacks', () => {
    const large = data.units.filter((u) => u.people.length > limit);
    expect(large.length).toBeGreaterThan(0);
    for (const u of large) {
      const pages = pageCount(u.people.length, limit);
      const seen: string[] = [];
      for (let n = 1; n <= pages; n++) {
        const d = doc(n === 1 ? `units/${u.slug}` : `units/${u.slug}/people/${n}`);
        const rows = [...d.querySelectorAll('table.people tbody tr')];
        expect(rows.length).toBeLessThanOrEqual(limit);
        for (const r of rows) expect(r.querySelector('td.lack')?.textContent ?? '').toMatch(/^(还差：|已完成)/);
        seen.push(...rows.map((r) => (r.querySelector('td')?.textContent ?? '').trim()));
        const current = d.querySelector('nav.pager a[aria-current="page"]');
        expect(current?.textContent, `${u.slug} page ${n}`).toBe(String(n));
        const hrefs = [...d.querySelectorAll('nav.pager a')].map((a) => a.getAttribute('href'));
        expect(hrefs).toContain(`/units/${u.slug}/#h-people`);
        for (let m = 2; m <= pages; m++) expect(hrefs).toContain(`/units/${u.slug}/people/${m}/`);
      }
      expect(seen).toEqual(u.people.map((p) => `${p.name}${p.role ? ` ${p.role}` : ''}`));
      expect(existsSync(join(dist, 'units', u.slug, 'people', String(pages + 1)))).toBe(false);
      expect(existsSync(join(dist, 'units', u.slug, 'people', '1'))).toBe(false);
    }
  });

  it('the unit index and the unit ranking are split (a province has ~2,900 units): every unit once, in order, with its branches', () => {
    expect(data.units.length).toBeGreaterThan(UNIT_LIMIT);
    const pages = pageCount(data.units.length, UNIT_LIMIT);
    const indexNames: string[] = [], branchLinks: string[] = [], rankNames: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const index = doc(n === 1 ? 'units' : `unit-list/${n}`);
      const names = linkCells(index, '.page-head ~ .table-wrap');
      expect(names.length).toBeLessThanOrEqual(UNIT_LIMIT);
      indexNames.push(...names);
      branchLinks.push(...[...index.querySelectorAll('#h-all-branches ~ ul li li a')].map((a) => a.getAttribute('href') ?? ''));
      const hrefs = [...index.querySelectorAll('nav.pager a')].map((a) => a.getAttribute('href'));
      expect(hrefs).toContain('/units/');
      for (let m = 2; m <= pages; m++) expect(hrefs).toContain(`/unit-list/${m}/`);
      const ranking = doc(n === 1 ? 'rankings' : `rankings/units/${n}`);
      rankNames.push(...linkCells(ranking, '#h-units ~ .table-wrap'));
    }
    expect(indexNames).toEqual(data.units.map((u) => u.stat.unitName));
    expect(branchLinks).toEqual(data.units.flatMap((u) => u.branches.map((b) => `/branches/${b.slug}/`)));
    expect(rankNames).toEqual(byRank(data.units, (u) => u.stat.unitId).map((u) => u.stat.unitName));
    expect(existsSync(join(dist, 'unit-list', String(pages + 1)))).toBe(false);
    expect(existsSync(join(dist, 'unit-list', '1'))).toBe(false);
  });

  it('a first drop draws no trend line on unit and branch pages: one point is no trend, its sentence and table say it', () => {
    const unit = data.units.find((u) => u.people.length >= 10)!;
    for (const path of [`units/${unit.slug}`, `branches/${unit.branches[0].slug}`]) {
      const trend = doc(path).querySelector('section[aria-labelledby="h-trend"]')!;
      expect(trend, path).not.toBeNull();
      expect(trend.querySelectorAll('svg').length, path).toBe(0);
      expect(trend.querySelector('.chart-box'), path).toBeNull();
      expect(trend.querySelector('figcaption')?.textContent, path).toContain('仅有一期数据：第1期');
      expect(trend.querySelectorAll('details tbody tr').length, path).toBe(1);
    }
  });

  it('the branch ranking is split in rank order', () => {
    const branches = byRank(data.branches, (b) => b.stat.branchId);
    expect(branches.length).toBeGreaterThan(limit);
    const first = doc('rankings');
    const names: string[] = [];
    const pages = pageCount(branches.length, limit);
    for (let n = 1; n <= pages; n++) {
      const d = n === 1 ? first : doc(`rankings/branches/${n}`);
      const page = linkCells(d, '#h-branches ~ .table-wrap');
      expect(page.length).toBeLessThanOrEqual(limit);
      names.push(...page);
    }
    expect(names).toEqual(branches.map((b) => b.stat.branchName));
    expect(pageRows(branches, pages, limit).length).toBeGreaterThan(0);
  });

  it('/year/’s unit table is split like the unit index: every unit of the year once, in order, the later pages at year/units/<n>/', () => {
    const all = yearByUnit(data.ledger!, runningPeriod(data));
    const pages = pageCount(all.length, UNIT_LIMIT);
    expect(pages).toBeGreaterThan(1);
    const names: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const d = doc(n === 1 ? 'year' : `year/units/${n}`);
      const rows = firstCells(d, 'section[aria-labelledby="h-units"]');
      expect(rows.length).toBeLessThanOrEqual(UNIT_LIMIT);
      expect(d.querySelector('section[aria-labelledby="h-units"] nav.pager'), `page ${n}`).not.toBeNull();
      names.push(...rows);
    }
    expect(existsSync(join(dist, 'year', 'units', String(pages + 1)))).toBe(false);
    expect(names).toEqual(all.map((u) => data.unitById.get(u.unitId)?.stat.unitName ?? u.unitId));
  });

  it('a long 重新学习 list goes to one list per unit, each in pages, together the whole list', () => {
    const list = restudyList(data.ledger!);
    expect(list.length).toBeGreaterThan(limit);
    const year = doc('year');
    expect(year.querySelector('table.restudy')).toBeNull();
    const names: string[] = [];
    for (const u of data.units) {
      const mine = list.filter((p) => p.unitId === u.stat.unitId);
      if (!mine.length) { expect(existsSync(join(dist, 'year', 'restudy', u.slug))).toBe(false); continue; }
      expect(year.querySelector(`.restudy-units a[href="/year/restudy/${u.slug}/"]`), u.slug).not.toBeNull();
      for (let n = 1; n <= pageCount(mine.length, limit); n++) {
        const rows = firstCells(doc(n === 1 ? `year/restudy/${u.slug}` : `year/restudy/${u.slug}/${n}`), 'table.restudy');
        expect(rows.length).toBeLessThanOrEqual(limit);
        names.push(...rows);
      }
    }
    expect(names).toEqual(list.map((p) => p.name));
  });

  it('a branch within the limit is as before; a larger one pages its 督学 list, everyone and their year, and search links to the right page', () => {
    const shardRows = new Map<string, string | undefined>();
    for (const f of readdirSync(join(dist, 'search', 'id'))) {
      for (const r of JSON.parse(readFileSync(join(dist, 'search', 'id', f), 'utf8')).people) shardRows.set(r[1], r[3]);
    }
    for (const b of data.branches.filter((x) => x.people.length > 0)) {
      const d = doc(`branches/${b.slug}`);
      const pages = pageCount(b.people.length, limit);
      if (pages === 1) {
        expect(d.querySelector('nav.pager'), b.slug).toBeNull();
        expect(d.querySelectorAll('#h-everyone ~ .table-wrap table.people tbody tr').length).toBe(b.people.length);
        expect(existsSync(join(dist, 'branches', b.slug, 'people'))).toBe(false);
        for (const p of b.people) expect(shardRows.get(p.personId), p.personId).toBeUndefined();
        continue;
      }
      const ids: string[] = [];
      for (let n = 1; n <= pages; n++) {
        const page = n === 1 ? d : doc(`branches/${b.slug}/people/${n}`);
        const rows = [...page.querySelectorAll('table.people tbody tr')].map((r) => r.getAttribute('id') ?? '');
        expect(rows.length).toBeLessThanOrEqual(limit);
        ids.push(...rows);
      }
      expect(ids).toEqual(b.people.map((p) => `p-${p.personId}`));
      // Search sends a person on page n to that page's row.
      b.people.forEach((p, i) => expect(shardRows.get(p.personId)).toBe(i < limit ? undefined : `people/${Math.floor(i / limit) + 1}/#p-${p.personId}`));
      const chase = [...d.querySelectorAll('#h-chase ~ .table-wrap td.seq')].map((c) => c.textContent);
      const later = existsSync(join(dist, 'branches', b.slug, 'chase', '2')) ? [...doc(`branches/${b.slug}/chase/2`).querySelectorAll('td.seq')].map((c) => c.textContent) : [];
      expect(chase.length).toBeLessThanOrEqual(limit);
      // 序号 runs on across pages.
      expect([...chase, ...later]).toEqual([...chase, ...later].map((_, i) => String(i + 1)));
    }
  });

  it('every new page has an access rule when deployed: a unit’s pages the unit’s, the 重新学习 lists the admin’s, the ranking open', () => {
    const full = contentsOf('full');
    const rules = routeRules(data, full);
    for (const file of filesOf(dist)) expect(classifyFile(file, rules, full), file).not.toBeNull();
    const large = data.units.find((u) => u.people.length > limit)!;
    expect(classifyFile(`units/${large.slug}/people/2/index.html`, rules, full)).toEqual({ kind: 'unit', unitId: large.stat.unitId, unitSlug: large.slug });
    expect(classifyFile(`year/restudy/${large.slug}/index.html`, rules, full)).toEqual({ kind: 'admin' });
    expect(classifyFile('year/units/2/index.html', rules, full)).toEqual({ kind: 'admin' });
    expect(classifyFile('rankings/branches/2/index.html', rules, full)).toEqual({ kind: 'open' });
    expect(classifyFile('rankings/units/2/index.html', rules, full)).toEqual({ kind: 'open' });
    expect(classifyFile('unit-list/2/index.html', rules, full)).toEqual({ kind: 'open' });
  });
});
