/**
 * End to end: build the site with the real build script and open it in headless Debian
 * Chromium (playwright-core, never a downloaded browser).
 *
 * - "generated": a small seeded dataset through the whole pipeline, built under the sub-path
 *   /xs/: every unit and branch page reachable by links from the base, no console errors, no
 *   request leaving localhost, links all under the base, the 通报 printable without navigation,
 *   search and sorting working, the site readable without JavaScript.
 *   Every reader (the every-reader round): axe-core over every page type at 1280 and 390 px, the focus ring's
 *   contrast, layout shift and touch targets at 390 px, the 通报's A4 PDF read back with poppler
 *   (pdfinfo, pdftotext: page numbers, caption, title breaks, last page), a Chromium 69-like page.
 * - "hostile": the hand-made fixture output (ids like ../x, 单位/1, B%3, ..; names carrying
 *   <script>), built at /: nothing executes, slugs stay inside their folders, CSVs neutralised.
 * - "next": the same root one drop later (a later period's first drop, its id holding ../):
 *   every archived 通报 of the hostile build reads exactly the same here; 首次统计; 年度学时.
 *
 * Skips (with a message) only when /usr/bin/chromium is absent; .ci/run installs it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PeopleFileSchema, UnitsFileSchema, BranchesFileSchema } from '../../pipeline/contract/outputs.ts';
import { startServer } from '../../site/scripts/serve.ts';
import { FIXTURE_DIR, NEXT_FIXTURE_DIR } from './fixture.ts';
import { filesBelow } from '../helpers/files.ts';
import { runTsx } from '../helpers/spawn.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[e2e] 跳过网站端到端测试：未找到 ${CHROMIUM}（apt-get install -y chromium；.ci/run 会自动安装）`);

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'xs-e2e-'));

const run = (args: string[], what: string) => runTsx(args, what, 240_000);

/** WCAG contrast ratio of two computed CSS colours ("rgb(r, g, b)" / "rgba(…)"). */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
  return (x + 0.05) / (y + 0.05);
}

interface Site { dist: string; json: string; base: string; server: Server; origin: string }

async function serve(dist: string, json: string, base: string): Promise<Site> {
  const server = await startServer(dist, base, 0);
  return { dist, json, base, server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A page that records console errors, page errors, dialogs and requests leaving the server. */
async function watchedPage(browser: Browser, origin: string, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()} @ ${page.url()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message} @ ${page.url()}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()} @ ${page.url()}`); void d.dismiss(); });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin + '/') && !url.startsWith('data:')) problems.push(`external request: ${url} @ ${page.url()}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return { page, problems, close: () => context.close() };
}

/** Breadth-first over same-site links from the base; returns every HTML page path reached. */
async function crawl(page: Page, site: Site): Promise<Set<string>> {
  const seen = new Set<string>([site.base]);
  const queue = [site.base];
  while (queue.length) {
    const path = queue.shift()!;
    const res = await page.goto(site.origin + path);
    expect(res?.status(), path).toBe(200);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) {
      const url = new URL(href);
      if (url.origin !== site.origin) continue;
      const p = url.pathname;
      if (!p.endsWith('/') || seen.has(p)) continue;
      seen.add(p);
      queue.push(p);
    }
  }
  return seen;
}

describe.skipIf(!hasChromium)('site in Chromium', () => {
  let browser: Browser;
  let generated: Site;
  let hostile: Site;
  let next: Site;

  beforeAll(async () => {
    const data = join(work, 'data');
    run(['generate/cli.ts', '--people', '240', '--units', '8', '--seed', '3', '--out', data], 'generate');
    run(['site/scripts/build.ts', '--data', data, '--json-out', join(work, 'json'), '--out', join(work, 'dist-xs'), '--base', '/xs/'], 'build (generated, /xs/)');
    run(['site/scripts/build.ts', '--json', FIXTURE_DIR, '--out', join(work, 'dist-hostile')], 'build (hostile fixture, /)');
    run(['site/scripts/build.ts', '--json', NEXT_FIXTURE_DIR, '--out', join(work, 'dist-next')], 'build (next fixture: one drop later, /)');
    generated = await serve(join(work, 'dist-xs'), join(work, 'json'), '/xs/');
    hostile = await serve(join(work, 'dist-hostile'), FIXTURE_DIR, '/');
    next = await serve(join(work, 'dist-next'), NEXT_FIXTURE_DIR, '/');
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 1_200_000); // three builds: slow when the shared machine is busy

  afterAll(async () => {
    await browser?.close();
    generated?.server.close();
    hostile?.server.close();
    next?.server.close();
    if (!process.env.XS_E2E_KEEP) rmSync(work, { recursive: true, force: true });
  });

  for (const which of ['generated', 'hostile'] as const) {
    it(`${which}: every unit and branch page is reachable from the base, without errors or outside requests`, async () => {
      const site = which === 'generated' ? generated : hostile;
      const { page, problems, close } = await watchedPage(browser, site.origin);
      const reached = await crawl(page, site);
      await close();
      const units = UnitsFileSchema.parse(JSON.parse(readFileSync(join(site.json, 'units.json'), 'utf8'))).units;
      const branches = BranchesFileSchema.parse(JSON.parse(readFileSync(join(site.json, 'branches.json'), 'utf8'))).branches;
      const unitPages = [...reached].filter((p) => p.startsWith(`${site.base}units/`) && p !== `${site.base}units/`);
      const branchPages = [...reached].filter((p) => p.startsWith(`${site.base}branches/`));
      expect(unitPages).toHaveLength(units.length);
      expect(branchPages).toHaveLength(branches.length);
      for (const p of ['', 'units/', 'rankings/', 'notice/', 'notices/', 'year/', 'courses/', 'quality/', 'downloads/']) expect(reached).toContain(site.base + p);
      expect(problems).toEqual([]);
    }, 120_000);
  }

  it('generated: every link and asset of every page stays under the base path', () => {
    for (const file of filesBelow(generated.dist).filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(join(generated.dist, file), 'utf8');
      for (const m of html.matchAll(/\s(?:href|src|action|data-index)="([^"]*)"/g)) {
        const url = m[1];
        if (url.startsWith('#') || url.startsWith('data:')) continue;
        expect(url.startsWith('/xs/'), `${file}: ${url}`).toBe(true);
      }
      expect(html).not.toMatch(/https?:\/\//);
    }
  });

  it('generated: the 通报 prints without navigation, and names no individual', async () => {
    const { page, problems, close } = await watchedPage(browser, generated.origin);
    await page.emulateMedia({ media: 'print' });
    await page.goto(`${generated.origin}/xs/notice/`);
    expect(await page.locator('nav.site-nav').isVisible()).toBe(false);
    expect(await page.locator('header.masthead').isVisible()).toBe(false);
    expect(await page.locator('form.search').isVisible()).toBe(false);
    expect(await page.locator('article.notice h1').textContent()).toContain('完成情况的通报');
    for (const h of ['一、总体情况', '二、各单位完成情况', '三、下一步要求']) expect(await page.locator('article.notice h2', { hasText: h }).count()).toBe(1);
    const text = (await page.locator('article.notice').textContent()) ?? '';
    const people = PeopleFileSchema.parse(JSON.parse(readFileSync(join(generated.json, 'people.json'), 'utf8'))).people;
    for (const p of people) if ([...p.name].length >= 3) expect(text, p.name).not.toContain(p.name);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('generated: the search box finds a person by part of the name and links to their row', async () => {
    const people = PeopleFileSchema.parse(JSON.parse(readFileSync(join(generated.json, 'people.json'), 'utf8'))).people;
    const person = people.find((p) => [...p.name].length >= 3) ?? people[0];
    const part = [...person.name].slice(1).join('');
    const { page, problems, close } = await watchedPage(browser, generated.origin);
    await page.goto(`${generated.origin}/xs/`);
    await page.fill('#site-search', part);
    const hit = page.locator('.search-results a', { hasText: person.name }).first();
    await hit.waitFor();
    await hit.click();
    await page.waitForURL(/\/xs\/branches\/[^/]+\/#p-/);
    expect(await page.locator(':target td').first().textContent()).toContain(person.name);
    await close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('generated: a Uyghur name is found typed without its dot, with another separator, or copied with a title', async () => {
    const people = PeopleFileSchema.parse(JSON.parse(readFileSync(join(generated.json, 'people.json'), 'utf8'))).people;
    const person = people.find((p) => p.name.includes('·'));
    expect(person, 'the generated dataset has dotted names').toBeTruthy();
    const { page, problems, close } = await watchedPage(browser, generated.origin);
    await page.goto(`${generated.origin}/xs/units/`);
    for (const q of [person!.name.replace('·', ''), person!.name.replace('·', '.'), person!.name.replace('·', ' '), `${person!.name} 科长`, `${person!.name}（副主任）`, person!.personId.toLowerCase()]) {
      await page.fill('#site-search', q);
      await page.locator('.search-results a', { hasText: person!.name }).first().waitFor();
      // The exact name comes first.
      expect(await page.locator('.search-results a').first().textContent(), q).toContain(person!.name);
    }
    await close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('generated: the client script parses as ES2019 (Chromium 69) — no newer syntax left in the bundle', async () => {
    const { parse } = await import('acorn');
    const scripts = filesBelow(join(generated.dist, '_assets')).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const f of scripts) {
      const code = readFileSync(join(generated.dist, '_assets', f), 'utf8');
      expect(() => parse(code, { ecmaVersion: 2019, sourceType: 'module' }), f).not.toThrow();
    }
  });

  it('generated: search and sorting work in a Chromium 69-like page (newer APIs deleted before any script runs)', async () => {
    const { page, problems, close } = await watchedPage(browser, generated.origin);
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      const gone: [object, string][] = [
        [Element.prototype, 'replaceChildren'], [Document.prototype, 'replaceChildren'], [DocumentFragment.prototype, 'replaceChildren'],
        [Array.prototype, 'at'], [String.prototype, 'at'], [Object.getPrototypeOf(Int8Array.prototype), 'at'],
        [String.prototype, 'replaceAll'], [String.prototype, 'matchAll'], [String.prototype, 'isWellFormed'],
        [Array.prototype, 'findLast'], [Array.prototype, 'findLastIndex'], [Array.prototype, 'toSorted'], [Array.prototype, 'toReversed'],
        [Array.prototype, 'toSpliced'], [Array.prototype, 'with'], [Object, 'hasOwn'], [Object, 'fromEntries'], [Object, 'groupBy'],
        [Promise, 'allSettled'], [Promise, 'any'], [w, 'structuredClone'], [w, 'queueMicrotask'], [w, 'WeakRef'],
        [w, 'FinalizationRegistry'], [w, 'AggregateError'], [Intl, 'Segmenter'], [Intl, 'ListFormat'], [Intl, 'Locale'],
        [Element.prototype, 'checkVisibility'], [AbortSignal, 'timeout'],
      ];
      for (const [owner, name] of gone) delete (owner as Record<string, unknown>)[name];
      (window as unknown as { __old?: boolean }).__old = true;
    });
    await page.goto(`${generated.origin}/xs/rankings/`);
    expect(await page.evaluate(() => [typeof Element.prototype.replaceChildren, typeof (window as unknown as { structuredClone?: unknown }).structuredClone, typeof [].at])).toEqual(['undefined', 'undefined', 'undefined']);
    const people = PeopleFileSchema.parse(JSON.parse(readFileSync(join(generated.json, 'people.json'), 'utf8'))).people;
    const person = people.find((p) => p.name.includes('·')) ?? people[0];
    await page.fill('#site-search', person.name.replace('·', ''));
    await page.locator('.search-results a', { hasText: person.name }).first().waitFor();
    await page.fill('#site-search', 'zzzz-无此人');
    await page.locator('.search-results li', { hasText: '没有找到' }).waitFor();
    await page.keyboard.press('Escape');
    expect(await page.locator('.search-results li').count()).toBe(0);
    const table = page.locator('table.sortable').first();
    await table.locator('thead th:nth-child(4) button').click();
    const asc = (await table.locator('tbody tr td:nth-child(4)').allTextContents()).map(Number);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('generated: tables sort with JavaScript and are complete without it', async () => {
    const { page, problems, close } = await watchedPage(browser, generated.origin);
    await page.goto(`${generated.origin}/xs/rankings/`);
    const table = page.locator('table.sortable').first();
    const registered = () => table.locator('tbody tr td:nth-child(4)').allTextContents();
    await table.locator('thead th:nth-child(4) button').click();
    const asc = (await registered()).map(Number);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await table.locator('thead th:nth-child(4) button').click();
    const desc = (await registered()).map(Number);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await close();

    const noJs = await watchedPage(browser, generated.origin, false);
    await noJs.page.goto(`${generated.origin}/xs/`);
    expect(await noJs.page.locator('form.search').isVisible()).toBe(false);
    expect(await noJs.page.locator('.kpis .kpi').count()).toBeGreaterThan(4);
    expect(await noJs.page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(3);
    await noJs.close();
    expect([...problems, ...noJs.problems]).toEqual([]);
  }, 60_000);

  // ------------------------------------------------------------------ every reader (the every-reader round)

  /** One page of each type of the generated site (a unit and a branch picked from the JSON). */
  function pageTypes(): string[] {
    const units = UnitsFileSchema.parse(JSON.parse(readFileSync(join(generated.json, 'units.json'), 'utf8'))).units;
    const unitDir = readdirSync(join(generated.dist, 'units')).filter((d) => d !== 'index.html').sort()[0];
    const branchDir = readdirSync(join(generated.dist, 'branches')).sort()[0];
    expect(units.length).toBeGreaterThan(0);
    // The 通报 archive: its index and one archived 通报 (notices/<period>/<asOf>/).
    const period = readdirSync(join(generated.dist, 'notices')).filter((d) => d !== 'index.html').sort()[0];
    const asOf = readdirSync(join(generated.dist, 'notices', period)).filter((d) => d !== 'index.html').sort()[0];
    return ['', 'units/', `units/${unitDir}/`, `branches/${branchDir}/`, 'rankings/', 'notice/', 'notices/', `notices/${period}/${asOf}/`,
      'year/', 'courses/', 'quality/', 'downloads/'].map((p) => `/xs/${p}`);
  }

  for (const width of [1280, 390]) {
    it(`generated: axe finds no critical or serious problem on any page type at ${width} px`, async () => {
      const { default: AxeBuilder } = await import('@axe-core/playwright');
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const found: string[] = [];
      for (const path of pageTypes()) {
        await page.goto(generated.origin + path);
        const result = await new AxeBuilder({ page }).analyze();
        for (const v of result.violations) {
          if (v.impact !== 'critical' && v.impact !== 'serious') continue;
          found.push(`${path} ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0]?.target.join(' ')}`);
        }
        // Minor ones the issue names are fixed too.
        for (const v of result.violations) if (v.id === 'empty-table-header') found.push(`${path} ${v.id}: ${v.nodes[0]?.target.join(' ')}`);
      }
      await context.close();
      expect(found).toEqual([]);
    }, 240_000);
  }

  it('generated: the keyboard focus ring contrasts ≥ 3:1 with white, the page, the navigation and the masthead', async () => {
    const { page, problems, close } = await watchedPage(browser, generated.origin);
    await page.goto(`${generated.origin}/xs/units/`);
    // Reach a navigation link, a link in the page and the brand with the keyboard (focus-visible).
    const ringOf = async (selector: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        const hit = await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector);
        if (hit) break;
      }
      return page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const s = getComputedStyle(el);
        const backOf = (e: Element | null): string => {
          for (; e; e = e.parentElement) {
            const bg = getComputedStyle(e).backgroundColor;
            if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return bg;
          }
          return 'rgb(255, 255, 255)';
        };
        return { tag: el.tagName, color: s.outlineColor, style: s.outlineStyle, width: parseFloat(s.outlineWidth), around: backOf(el.parentElement) };
      });
    };
    const checks = [
      { selector: 'nav.site-nav a', name: 'navigation link' },
      { selector: 'main a', name: 'link in the page' },
    ];
    const white = 'rgb(255, 255, 255)';
    for (const { selector, name } of checks) {
      await page.goto(`${generated.origin}/xs/units/`);
      const ring = await ringOf(selector);
      expect(ring.style, name).not.toBe('none');
      expect(ring.width, name).toBeGreaterThanOrEqual(2);
      expect(contrast(ring.color, white), `${name}: ${ring.color} on white`).toBeGreaterThanOrEqual(3);
      expect(contrast(ring.color, ring.around), `${name}: ${ring.color} on ${ring.around}`).toBeGreaterThanOrEqual(3);
    }
    const navBg = await page.evaluate(() => getComputedStyle(document.querySelector('nav.site-nav')!).backgroundColor);
    const pageBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.goto(`${generated.origin}/xs/units/`);
    const navRing = await ringOf('nav.site-nav a');
    expect(contrast(navRing.color, navBg), `nav ${navRing.color} on ${navBg}`).toBeGreaterThanOrEqual(3);
    await page.goto(`${generated.origin}/xs/units/`);
    const mainRing = await ringOf('main a');
    expect(contrast(mainRing.color, pageBg), `page ${mainRing.color} on ${pageBg}`).toBeGreaterThanOrEqual(3);
    await page.goto(`${generated.origin}/xs/units/`);
    const brand = await ringOf('a.brand');
    const mastBg = await page.evaluate(() => getComputedStyle(document.querySelector('header.masthead')!).backgroundColor);
    expect(contrast(brand.color, mastBg), `masthead ${brand.color} on ${mastBg}`).toBeGreaterThanOrEqual(3);
    await close();
    expect(problems).toEqual([]);
  }, 120_000);

  /** The phone sample (the issue-as-is round): overview, units index, a unit, a branch, rankings, courses, quality, year, 通报. */
  function phoneSample(site: Site): string[] {
    const unitDir = readdirSync(join(site.dist, 'units')).filter((d) => d !== 'index.html').sort()[0];
    const branchDir = readdirSync(join(site.dist, 'branches')).sort()[0];
    return ['', 'units/', `units/${unitDir}/`, `branches/${branchDir}/`, 'rankings/', 'courses/', 'quality/', 'year/', 'notice/'].map((p) => site.base + p);
  }

  it('390 px: no page of the sample is wider than the screen (the hostile site has 较上期 cells with hidden words)', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const wide: string[] = [];
    for (const site of [generated, hostile]) {
      for (const path of phoneSample(site)) {
        await page.goto(site.origin + path);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 390) wide.push(`${path}: ${width} px`);
      }
    }
    // Charts are drawn for the phone's width, not cut inside a scroll box.
    await page.goto(`${generated.origin}/xs/`);
    const charts = await page.$$eval('figure.chart svg', (svgs) => svgs
      .filter((s) => (s as unknown as HTMLElement).offsetParent !== null)
      .map((s) => { const r = s.getBoundingClientRect(); const box = s.closest('figure')!.getBoundingClientRect(); return { right: r.right, boxRight: box.right, width: r.width }; }));
    await context.close();
    expect(wide).toEqual([]);
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const c of charts) expect(c.right, JSON.stringify(c)).toBeLessThanOrEqual(c.boxRight + 0.5);
  }, 120_000);

  it('generated, 390 px: no layout shift (CLS < 0.05) on 5 loads of each sample page, CPU throttled, scripts late', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    // The scripts arrive after the first paint (a slow intranet), so whatever they change in
    // the layout (sort buttons in table headers, the search box) would count as a shift.
    await page.route('**/_assets/*.js', async (route) => { await new Promise((r) => setTimeout(r, 700)); await route.continue(); });
    await page.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!e.hadRecentInput) w.__cls += e.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const shifts: string[] = [];
    for (const path of phoneSample(generated)) {
      for (let load = 0; load < 5; load++) {
        await page.goto(generated.origin + path, { waitUntil: 'load' });
        await page.waitForTimeout(150);
        if (load === 0) { await page.focus('#site-search'); await page.waitForTimeout(100); }
        const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
        if (!(cls < 0.05)) shifts.push(`${path} load ${load + 1}: CLS ${cls.toFixed(3)}`);
      }
    }
    await context.close();
    expect(shifts).toEqual([]);
  }, 240_000);

  it('generated, 390 px: every navigation link is on screen, the 通报 table reachable, table links and buttons ≥ 24 px', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${generated.origin}/xs/`);
    const nav = await page.$$eval('nav.site-nav a', (as) => as.map((a) => { const r = a.getBoundingClientRect(); return { text: a.textContent, left: r.left, right: r.right }; }));
    expect(nav.length).toBeGreaterThanOrEqual(7);
    for (const a of nav) expect(a.left >= 0 && a.right <= 390, `${a.text}: ${a.left}–${a.right}`).toBe(true);

    // The 通报's table: in a focusable scroll box with a visible hint, or fitting the screen.
    await page.goto(`${generated.origin}/xs/notice/`);
    const box = await page.evaluate(() => {
      const table = document.querySelector('.notice-table') as HTMLElement;
      let scroller: HTMLElement | null = table;
      for (; scroller && scroller !== document.body; scroller = scroller.parentElement) {
        if (scroller.scrollWidth > scroller.clientWidth + 1 && getComputedStyle(scroller).overflowX !== 'visible') break;
      }
      const scrolls = !!scroller && scroller !== document.body;
      const hint = document.querySelector('.scroll-hint') as HTMLElement | null;
      return {
        scrolls, focusable: scrolls && scroller!.tabIndex === 0, label: scrolls ? scroller!.getAttribute('aria-label') ?? scroller!.getAttribute('aria-labelledby') : null,
        hintVisible: !!hint && hint.getBoundingClientRect().height > 0 && getComputedStyle(hint).visibility !== 'hidden',
        pageWidth: document.documentElement.scrollWidth,
      };
    });
    expect(box.pageWidth).toBeLessThanOrEqual(390);
    if (box.scrolls) {
      expect(box.focusable).toBe(true);
      expect(box.label).toBeTruthy();
      expect(box.hintVisible).toBe(true);
    }
    // Scrolled to its end, the last column is on screen.
    const lastRight = await page.evaluate(() => {
      const th = document.querySelector('.notice-table thead th:last-child') as HTMLElement;
      th.scrollIntoView({ inline: 'end', block: 'nearest' });
      return th.getBoundingClientRect().right;
    });
    expect(lastRight).toBeLessThanOrEqual(390.5);

    // Touch targets in tables.
    const small: string[] = [];
    for (const path of pageTypes()) {
      await page.goto(generated.origin + path);
      const tiny = await page.$$eval('main table a, main table button', (els) => els
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .map((e) => { const r = e.getBoundingClientRect(); return { text: (e.textContent ?? '').trim(), w: r.width, h: r.height }; })
        .filter((r) => r.w < 24 || r.h < 24));
      for (const t of tiny.slice(0, 3)) small.push(`${path}: ${t.text} ${t.w.toFixed(1)}×${t.h.toFixed(1)}`);
      if (tiny.length > 3) small.push(`${path}: … ${tiny.length} in all`);
    }
    await context.close();
    expect(small).toEqual([]);
  }, 120_000);

  it('generated: the 通报 prints on A4 with page numbers, its caption on its table, the title broken between words, the signature with text', async () => {
    const { wordsOf } = await import('../../site/lib/words.ts');
    const { page, close } = await watchedPage(browser, generated.origin);
    await page.emulateMedia({ media: 'print' });
    await page.goto(`${generated.origin}/xs/notice/`);
    const title = ((await page.locator('article.notice h1').textContent()) ?? '').trim();
    const pdfPath = join(work, 'notice.pdf');
    writeFileSync(pdfPath, await page.pdf({ format: 'A4', preferCSSPageSize: true }));
    await close();
    const info = spawnSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    expect(info.status, 'pdfinfo (poppler-utils) is installed').toBe(0);
    const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const textOf = (n: number) => spawnSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdfPath, '-'], { encoding: 'utf8' }).stdout;
    const texts = Array.from({ length: pages }, (_, i) => textOf(i + 1));
    // Page numbers in 公文 style, "— n —", at the foot of every page.
    texts.forEach((t, i) => expect(t.replace(/\s+/g, ''), `page ${i + 1}`).toContain(`—${i + 1}—`));
    // The title: line breaks fall between words (never inside 完成).
    const lines = texts[0].split('\n').map((l) => l.trim()).filter(Boolean);
    const start = lines.findIndex((l) => title.startsWith(l));
    expect(start, `title on page 1:\n${texts[0].slice(0, 400)}`).toBeGreaterThanOrEqual(0);
    let joined = '';
    const breaks: number[] = [];
    for (let i = start; joined.length < title.length && i < lines.length; i++) {
      if (joined) breaks.push(joined.length);
      joined += lines[i];
    }
    expect(joined).toBe(title);
    const boundaries = new Set<number>();
    wordsOf(title).reduce((at, w) => { boundaries.add(at + w.length); return at + w.length; }, 0);
    for (const b of breaks) expect(boundaries.has(b), `title breaks at ${title.slice(0, b)} / ${title.slice(b)}`).toBe(true);
    // The caption is on the page where the table starts (its header row).
    const captionPage = texts.findIndex((t) => t.includes('各单位完成情况（按合格率排名）'));
    expect(captionPage).toBeGreaterThanOrEqual(0);
    expect(texts[captionPage]).toMatch(/排名\s+单位\s+注册/);
    // The last page holds the signature and more than it.
    const last = texts[pages - 1].replace(/第\s*\d+\s*页\s*\/\s*共\s*\d+\s*页/, '');
    const body = last.replace(/巴州党员网上活动室/g, '').replace(/\d{4}年\d{1,2}月\d{1,2}日/g, '').replace(/\s+/g, '');
    expect(last).toContain('巴州党员网上活动室');
    expect(body.length, `last page:\n${last}`).toBeGreaterThan(60);
  }, 120_000);

  it('generated: the rankings page lets the browser skip rendering the long branch list until it is scrolled to', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${generated.origin}/xs/rankings/`);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('section.lazy-render')!).contentVisibility)).toBe('auto');
    await context.close();
  }, 60_000);

  it('hostile: markup in data stays text and nothing executes', async () => {
    const { page, problems, close } = await watchedPage(browser, hostile.origin);
    for (const path of ['/', '/units/', '/rankings/', '/notice/', '/notices/', '/notices/2020-01/2020-02-17/', '/year/', '/courses/', '/quality/', '/downloads/']) {
      await page.goto(hostile.origin + path);
      expect(await page.locator('img').count(), path).toBe(0);
      expect(await page.locator('main b').count(), path).toBe(0);
      const scripts = await page.$$eval('script', (s) => s.map((x) => (x as HTMLScriptElement).src));
      expect(scripts.every((src) => src.startsWith(`${hostile.origin}/_assets/`)), path).toBe(true);
    }
    await page.goto(`${hostile.origin}/`);
    expect(await page.locator('main').textContent()).toContain('<script>alert("unit")</script>州财政局');
    await close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('hostile: slugs stay inside their folders and every page file is where a link points', () => {
    const files = filesBelow(hostile.dist);
    for (const f of files) expect(f, f).toMatch(/^[A-Za-z0-9_./-]+$/);
    const unitDirs = readdirSync(join(hostile.dist, 'units')).filter((d) => d !== 'index.html');
    expect(unitDirs).toHaveLength(6);
    expect(readdirSync(join(hostile.dist, 'branches'))).toHaveLength(8);
    // Nothing was written outside dist: the ids ../x and ../../x did not climb out.
    expect(existsSync(join(work, 'x'))).toBe(false);
    expect(existsSync(join(hostile.dist, '..', 'x'))).toBe(false);
  });

  it('hostile: CSV downloads are UTF-8 with BOM and neutralise formulas', async () => {
    const people = await (await fetch(`${hostile.origin}/downloads/people.csv`)).arrayBuffer();
    const bytes = new Uint8Array(people);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain("'@SUM(1+1)");
    expect(text).toContain("'-1+2");
    for (const line of text.split('\r\n')) for (const cell of line.split(',')) expect(cell, line).not.toMatch(/^[=+@\t]/);
    for (const path of ['/downloads/units.csv', '/downloads/branches.csv', '/downloads/rejected.csv', '/downloads/anomalies.csv']) {
      const res = await fetch(hostile.origin + path);
      expect(res.status, path).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())[0], path).toBe(0xef);
    }
    const rejected = await (await fetch(`${hostile.origin}/downloads/rejected.csv`)).text();
    expect(rejected).toContain(`"'=cmd|' /C calc'!A0`);
    const unitCsvs = readdirSync(join(hostile.dist, 'downloads', 'units'));
    expect(unitCsvs).toHaveLength(6);
    for (const f of unitCsvs) expect(readFileSync(join(hostile.dist, 'downloads', 'units', f), 'utf8')).not.toMatch(/手机|身份证/);
  });

  it('a failed build leaves the previous site intact (and says why)', () => {
    const before = readFileSync(join(hostile.dist, 'index.html'), 'utf8');
    const broken = join(work, 'broken-json');
    cpSync(FIXTURE_DIR, broken, { recursive: true });
    writeFileSync(join(broken, 'units.json'), '{"schemaVersion": 1, "units": "nope"}');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'site/scripts/build.ts', '--json', broken, '--out', hostile.dist], {
      cwd: root, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, timeout: 240_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('units.json 不符合输出契约');
    expect(readFileSync(join(hostile.dist, 'index.html'), 'utf8')).toBe(before);
    expect(readdirSync(work).filter((f) => f.startsWith('.site-tmp-'))).toEqual([]);

    const missing = spawnSync(process.execPath, ['--import', 'tsx', 'site/scripts/build.ts', '--data', join(work, 'no-such-dataset'), '--out', hostile.dist], {
      cwd: root, encoding: 'utf8', timeout: 60_000,
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('数据目录不存在');
    expect(readFileSync(join(hostile.dist, 'index.html'), 'utf8')).toBe(before);
  }, 240_000);

  it('a build killed (SIGKILL) while writing leaves the previous site intact; the next build tidies up', async () => {
    const before = readFileSync(join(hostile.dist, 'index.html'), 'utf8');
    const child = spawn(process.execPath, ['--import', 'tsx', 'site/scripts/build.ts', '--json', FIXTURE_DIR, '--out', hostile.dist], {
      cwd: root, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    // Astro renders inside the checkout (build/), then the site is copied beside the target: a
    // kill may land in either phase, and leaves its scratch folder in one of the two places.
    const places = [work, join(root, 'build')];
    const scratch = () => places.flatMap((d) => readdirSync(d).filter((f) => f.startsWith(`.site-tmp-${child.pid}-`)));
    // Wait until the new site is being written into its scratch folder, then kill.
    for (let waited = 0; waited < 120_000 && scratch().length === 0; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    await exited;
    expect(scratch().length).toBe(1);
    expect(readFileSync(join(hostile.dist, 'index.html'), 'utf8')).toBe(before);
    const again = spawnSync(process.execPath, ['--import', 'tsx', 'site/scripts/build.ts', '--json', FIXTURE_DIR, '--out', hostile.dist], {
      cwd: root, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, timeout: 240_000,
    });
    expect(again.status).toBe(0);
    expect(readdirSync(work).filter((f) => f.startsWith('.site-tmp-'))).toEqual([]);
    expect(scratch()).toEqual([]);
    expect(readFileSync(join(hostile.dist, 'index.html'), 'utf8')).toBe(before);
  }, 300_000);
});

/** The text of <main> of a page, as a reader gets it. */
/** The 通报 itself (article.notice), without the page's notes around it. */
async function noticeText(page: Page, url: string): Promise<string> {
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(200);
  return (await page.locator('article.notice').textContent()) ?? '';
}


describe.skipIf(!hasChromium)('drops on the site: 较上期, the 通报 archive, 年度学时', () => {
  let browser: Browser;
  let before: Site;
  let after: Site;

  beforeAll(async () => {
    // The first describe built these; build them here only when it did not (vitest -t).
    if (!existsSync(join(work, 'dist-hostile', 'index.html'))) run(['site/scripts/build.ts', '--json', FIXTURE_DIR, '--out', join(work, 'dist-hostile')], 'build (hostile)');
    if (!existsSync(join(work, 'dist-next', 'index.html'))) run(['site/scripts/build.ts', '--json', NEXT_FIXTURE_DIR, '--out', join(work, 'dist-next')], 'build (next)');
    before = await serve(join(work, 'dist-hostile'), FIXTURE_DIR, '/');
    after = await serve(join(work, 'dist-next'), NEXT_FIXTURE_DIR, '/');
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    before?.server.close();
    after?.server.close();
  });

  it('an archived 通报 reads exactly as it did when its drop was current, after a later drop arrives', async () => {
    const { page, problems, close } = await watchedPage(browser, before.origin);
    const current = await noticeText(page, `${before.origin}/notice/`);
    const archived: Record<string, string> = {};
    for (const asOf of ['2020-02-07', '2020-02-17', '2020-02-24']) archived[asOf] = await noticeText(page, `${before.origin}/notices/2020-01/${asOf}/`);
    // Around the 通报 (not in it), each archived copy says what it is: the newest, or 存档 with a link to the newest.
    await page.goto(`${before.origin}/notices/2020-01/2020-02-24/`);
    expect(await page.locator('.archive-note').textContent()).toContain('这是最新一期通报（第3期');
    await page.goto(`${before.origin}/notices/2020-01/2020-02-07/`);
    expect(await page.locator('.archive-note').textContent()).toMatch(/存档：.*第1期.*最新一期见.*第3期通报/);
    // The current 通报 and its archived copy are the same text.
    expect(archived['2020-02-24']).toBe(current);
    expect(current).toContain('与上期通报（第2期，数据截至2月17日）相比');
    expect(archived['2020-02-07']).toContain('本次通报为本期学习培训的首次通报（第1期）');
    await close();

    const later = await watchedPage(browser, after.origin);
    for (const [asOf, text] of Object.entries(archived)) expect(await noticeText(later.page, `${after.origin}/notices/2020-01/${asOf}/`), asOf).toBe(text);
    // The later period's first drop is now /notice/, and says so.
    const now = await noticeText(later.page, `${after.origin}/notice/`);
    expect(now).toContain('本次通报为本期学习培训的首次通报（第1期）');
    expect(now).not.toBe(current);
    await later.close();
    expect([...problems, ...later.problems]).toEqual([]);
  }, 120_000);

  it('/notices/ lists every drop newest first; a period id holding ../ stays inside notices/', async () => {
    const { page, problems, close } = await watchedPage(browser, after.origin);
    await page.goto(`${after.origin}/notices/`);
    const links = await page.$$eval('main table a', (as) => as.map((a) => [a.textContent, new URL((a as HTMLAnchorElement).href).pathname]));
    expect(links.map(([t]) => t)).toEqual(['第 1 期通报', '第 3 期通报', '第 2 期通报', '第 1 期通报']);
    expect(links[0][1]).toMatch(/^\/notices\/2020-02-[0-9a-f]{8}\/2020-05-18\/$/);
    expect(links.slice(1).map(([, p]) => p)).toEqual(['/notices/2020-01/2020-02-24/', '/notices/2020-01/2020-02-17/', '/notices/2020-01/2020-02-07/']);
    for (const [, p] of links) expect((await page.goto(after.origin + p!))?.status(), p!).toBe(200);
    const folders = readdirSync(join(after.dist, 'notices')).sort();
    expect(folders).toHaveLength(3);
    expect(folders[0]).toBe('2020-01');
    expect(folders[1]).toMatch(/^2020-02-[0-9a-f]{8}$/);
    expect(folders[2]).toBe('index.html');
    await close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('较上期 beside the overview’s figures, in words as well as arrows; a first drop says 首次统计', async () => {
    const { page, problems, close } = await watchedPage(browser, before.origin);
    await page.goto(`${before.origin}/`);
    const kpis = await page.locator('.kpis .since').allTextContents();
    expect(kpis.join(' ')).toContain('合格率 ↑上升14.3个百分点');
    expect(kpis.join(' ')).toContain('↑增加3人');
    // The arrow is hidden from assistive technology; the word is in the accessible text.
    expect(await page.locator('.kpis .since [aria-hidden="true"]').first().textContent()).toMatch(/[↑↓]/);
    await page.goto(`${before.origin}/rankings/`);
    const row = page.locator('table tbody tr', { hasText: '州教育局' }).first();
    expect(await row.locator('td.since').textContent()).toMatch(/↑上升25\.0个百分点\s*名次↑上升1位/);
    expect(await page.locator('table tbody tr', { hasText: '州统计局' }).first().locator('td.since').textContent()).toContain('新增');
    await close();

    const later = await watchedPage(browser, after.origin);
    await later.page.goto(`${after.origin}/`);
    const firsts = await later.page.locator('.kpis .since').allTextContents();
    expect(firsts.length).toBeGreaterThan(4);
    for (const t of firsts) expect(t).toContain('首次统计');
    expect(firsts.join('')).not.toMatch(/持平|0\.0个百分点/);
    await later.close();
    expect([...problems, ...later.problems]).toEqual([]);
  }, 60_000);

  it('unit pages carry a trend chart across drops and each person’s year; /year/ counts per unit and lists who must re-study', async () => {
    const { page, problems, close } = await watchedPage(browser, after.origin);
    await page.goto(`${after.origin}/units/`);
    await page.locator('main a', { hasText: '州委组织部' }).first().click();
    const trend = page.locator('section[aria-labelledby="h-trend"] figure.chart');
    // One chart, drawn twice: for the desktop and (shown up to 640 px) for a phone.
    expect(await trend.locator('.chart-wide svg').count()).toBe(1);
    expect(await trend.locator('.chart-phone svg').count()).toBe(1);
    expect(await trend.locator('figcaption').textContent()).toContain('跨 2 个学习培训期');
    expect(await trend.locator('details tbody tr').count()).toBe(4);
    const year = page.locator('section[aria-labelledby="h-year"]');
    expect(await year.locator('tbody tr', { hasText: '张伟' }).textContent()).toMatch(/优秀.*优秀.*16 \/ 32.*16 学时/);

    await page.goto(`${after.origin}/year/`);
    expect(await page.locator('h1').textContent()).toContain('2020 年度学时');
    expect(await page.locator('#h-periods + .table-wrap tbody tr').count()).toBe(2);
    const restudy = await page.locator('section[aria-labelledby="h-restudy"]').textContent();
    for (const name of ['@SUM(1+1)', '马丽娅', '郑凯', '<script>alert("name")</script>']) expect(restudy).toContain(name);
    expect(restudy).not.toContain('张伟');
    await close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('on a 390 px phone the new pages do not scroll sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    for (const path of ['/', '/notices/', '/notices/2020-01/2020-02-17/', '/year/', '/units/u01-206c951c/']) {
      await page.goto(after.origin + path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(390);
    }
    await context.close();
  }, 60_000);
});
