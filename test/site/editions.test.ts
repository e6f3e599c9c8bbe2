/**
 * The site's editions, built for real from a generated dataset with names and ids:
 * - the public edition: no person's name, id or convener in any file of the output (HTML, JSON,
 *   CSV, JS, CSS, SVG, XML, and the XML inside the .docx);
 * - the full edition: every file of dist is classified open / unit / admin (site/lib/edition.ts),
 *   and the 通报 .docx reads paragraph by paragraph like the built web page.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previousArchived, readSiteData, type SiteData } from '../../site/lib/data.ts';
import { pct } from '../../site/lib/format.ts';
import { classifyFile, contentsOf, routeRules } from '../../site/lib/edition.ts';
import { buildNotice, NOTICE_TABLE_HEAD, noticeTableRow } from '../../site/lib/notice.ts';
import { writeDeploy } from '../../site/scripts/deploy.ts';
import { expectedParagraphs, readDocx } from '../helpers/docx.ts';
import { zipEntries } from '../helpers/zip.ts';
import { filesBelow } from '../helpers/files.ts';
import { runTsx } from '../helpers/spawn.ts';

const work = mkdtempSync(join(tmpdir(), 'xs-editions-'));
const json = join(work, 'json');
const full = join(work, 'dist-full');
const pub = join(work, 'dist-public');

const run = (args: string[], what: string) => runTsx(args, what, 400_000);

/** A file's text as a reader could see it: a .docx's XML parts, else the bytes as UTF-8. */
function textOf(path: string): string {
  const bytes = readFileSync(path);
  if (path.endsWith('.docx')) return [...zipEntries(bytes).values()].map((b) => b.toString('utf8')).join('\n');
  return bytes.toString('utf8');
}

let data: SiteData;

beforeAll(() => {
  run(['generate/cli.ts', '--people', '300', '--units', '6', '--seed', '11', '--out', join(work, 'data')], 'generate');
  run(['site/scripts/build.ts', '--data', join(work, 'data'), '--json-out', json, '--out', full, '--base', '/xs/'], 'build (full, /xs/)');
  run(['site/scripts/build.ts', '--json', json, '--out', pub, '--edition', 'public'], 'build (public)');
  data = readSiteData(json);
}, 900_000);

afterAll(() => {
  if (!process.env.XS_EDITIONS_KEEP) rmSync(work, { recursive: true, force: true });
});

/**
 * What must never appear in the public edition: every person's id and name, every convener.
 * A name that also occurs in what is no one's data (unit, branch and course names, the period
 * title) could not be told apart and is left out — the test asserts those are few.
 */
function personalStrings(d: SiteData): { needles: string[]; ambiguous: string[] } {
  const neutral = [
    ...d.units.map((u) => u.stat.unitName), ...d.branches.map((b) => b.stat.branchName),
    ...d.courses.map((c) => c.title), d.period.title, ...d.branches.flatMap((b) => b.sessions.map((s) => s.topic)),
  ].join('\n');
  const all = new Set<string>();
  for (const p of d.people) { all.add(p.personId); all.add(p.name); }
  for (const b of d.branches) if (b.stat.convener) all.add(b.stat.convener);
  const needles: string[] = [];
  const ambiguous: string[] = [];
  for (const s of all) (neutral.includes(s) ? ambiguous : needles).push(s);
  return { needles, ambiguous };
}

describe('public edition', () => {
  it('has no person’s name, id or convener in any file', () => {
    const { needles, ambiguous } = personalStrings(data);
    expect(needles.length).toBeGreaterThan(2 * data.people.length * 0.95);
    expect(ambiguous.length).toBeLessThan(data.people.length * 0.05);
    const files = filesBelow(pub);
    expect(files.some((f) => f.endsWith('.html'))).toBe(true);
    expect(files.some((f) => f.endsWith('.csv'))).toBe(true);
    expect(files.some((f) => f.endsWith('.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    const found: string[] = [];
    for (const f of files) {
      const text = textOf(join(pub, f));
      for (const n of needles) if (text.includes(n)) found.push(`${f}: ${n}`);
    }
    expect(found).toEqual([]);
    // The same scan finds them in the full edition: it is not blind.
    const fullText = filesBelow(full).map((f) => textOf(join(full, f))).join('\n');
    const missed = needles.filter((n) => !fullText.includes(n));
    expect(missed).toEqual([]);
  });

  it('shows small groups without their breakdown and no count from 1 to 4 as a number (docs/site.md)', () => {
    const cells = (html: string, table: RegExp) => {
      const t = html.match(table)?.[0] ?? '';
      return [...t.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)]
        .map((c) => c[1].replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').trim()));
    };
    const smallUnits = data.units.filter((u) => u.stat.registered > 0 && u.stat.registered < 10);
    const smallBranches = data.branches.filter((b) => b.stat.registered > 0 && b.stat.registered < 10);
    const smallCounts = data.branches.filter((b) => b.stat.registered >= 10 && [b.stat.failed, b.stat.inProgress, b.stat.excellent, b.stat.qualified].some((n) => n > 0 && n < 5));
    // The data has what the rule is about: small branches, and larger ones with counts of 1 … 4.
    expect(smallBranches.length + smallCounts.length).toBeGreaterThan(0);
    // The cells that count people: [first, end) — not the rank, the number of branches or sessions.
    const pages: [string, number, number][] = [
      ['units/index.html', 3, 8],
      ['rankings/index.html', 3, 7],
      ['notice/index.html', 2, 7],
    ];
    let hidden = 0;
    for (const [page, first, end] of pages) {
      const rows = cells(readFileSync(join(pub, page), 'utf8'), /<tbody[^>]*>[\s\S]*?<\/tbody>/);
      expect(rows.length, page).toBeGreaterThan(0);
      let smallShown = 0;
      for (const row of rows) {
        const counts = row.slice(first, end);
        expect(counts.filter((c) => /^[1-4]$/.test(c)), `${page}: ${row.join(' | ')}`).toEqual([]);
        smallShown += counts.filter((c) => c === '<5').length;
      }
      hidden += smallShown + rows.filter((r) => r.join(' ').includes('人数较少')).length;
      const small = page.startsWith('rankings') ? smallBranches.map((b) => b.stat.branchName) : smallUnits.map((u) => u.stat.unitName);
      for (const name of small) {
        const row = rows.find((r) => r.includes(name));
        if (row) expect(row.join(' '), `${page}: ${name}`).toContain('人数较少，不公开分项');
      }
    }
    // The rule was exercised: some count was shown as <5 or some group without its breakdown.
    expect(hidden).toBeGreaterThan(0);
    for (const b of smallBranches) {
      const html = readFileSync(join(pub, `branches/${data.branchById.get(b.stat.branchId)!.slug}/index.html`), 'utf8');
      expect(html).toContain('人数较少，不公开分项');
      expect(html).not.toContain('待督学');
    }
    // The full edition shows them all.
    expect(readFileSync(join(full, 'units/index.html'), 'utf8')).not.toContain('人数较少，不公开分项');
  });

  it('keeps the open pages, per-unit dashboards and counts, and drops the people files', () => {
    const files = new Set(filesBelow(pub));
    for (const f of ['index.html', 'units/index.html', 'rankings/index.html', 'notice/index.html', 'notice/tongbao.docx',
      'courses/index.html', 'quality/index.html', 'downloads/index.html', 'downloads/units.csv', 'downloads/branches.csv', 'search-index.json']) {
      expect(files.has(f), f).toBe(true);
    }
    for (const f of ['downloads/people.csv', 'downloads/rejected.csv', 'downloads/anomalies.csv']) expect(files.has(f), f).toBe(false);
    expect([...files].filter((f) => f.startsWith('downloads/units/'))).toEqual([]);
    expect([...files].filter((f) => /^units\/[^/]+\/index\.html$/.test(f))).toHaveLength(data.units.length);
    const index = JSON.parse(readFileSync(join(pub, 'search-index.json'), 'utf8'));
    expect(index.people).toEqual([]);
    expect(index.units).toHaveLength(data.units.length);
    const quality = readFileSync(join(pub, 'quality/index.html'), 'utf8');
    expect(quality).toContain('按文件、列和原因统计');
    expect(quality).toContain(`无任何学习记录（${data.anomalies.zeroActivity.length} 人）`);
    expect(readFileSync(join(pub, 'downloads/branches.csv'), 'utf8')).not.toContain('召集人');
  });

  it('classifies every file as open', () => {
    const e = contentsOf('public');
    const unknown = filesBelow(pub).filter((f) => classifyFile(f, routeRules(data, e), e)?.kind !== 'open');
    expect(unknown).toEqual([]);
  });
});

describe('full edition', () => {
  it('classifies every file of dist as open, one unit’s, or the admin’s', () => {
    const e = contentsOf('full');
    const rules = routeRules(data, e);
    const files = filesBelow(full);
    const unclassified = files.filter((f) => classifyFile(f, rules, e) === null);
    expect(unclassified).toEqual([]);
    const kinds = (f: string) => classifyFile(f, rules, e)!;
    expect(kinds('index.html').kind).toBe('open');
    expect(kinds('quality/index.html').kind).toBe('admin');
    expect(kinds('downloads/people.csv').kind).toBe('admin');
    const u = data.units[0];
    expect(kinds(`units/${u.slug}/index.html`)).toEqual({ kind: 'unit', unitId: u.stat.unitId, unitSlug: u.slug });
    expect(kinds(`branches/${u.branches[0].slug}/index.html`)).toEqual({ kind: 'unit', unitId: u.stat.unitId, unitSlug: u.slug });
    // No open file names a person.
    const ids = data.people.map((p) => p.personId);
    const leaks = files.filter((f) => kinds(f).kind === 'open').filter((f) => ids.some((id) => textOf(join(full, f)).includes(id)));
    expect(leaks).toEqual([]);
  });

  it('offers the 通报 as .docx whose paragraphs are the web page’s, in order', () => {
    const html = readFileSync(join(full, 'notice/index.html'), 'utf8');
    // The notice as the reader's text: the screen-only scroll hint is no paragraph of the 通报.
    const article = html.slice(html.indexOf('<article class="notice"'), html.indexOf('</article>'))
      .replace(/<p class="scroll-hint"[^>]*>[\s\S]*?<\/p>/g, '');
    const strip = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim();
    const table = article.match(/<table[\s\S]*<\/table>/)![0];
    const caption = strip(table.match(/<caption[^>]*>([\s\S]*?)<\/caption>/)![1]);
    const blocks = article.replace(table, `<p>${caption}</p>`);
    const webParagraphs = [...blocks.matchAll(/<(p|h1|h2)(?: [^>]*)?>([\s\S]*?)<\/\1>/g)].map((m) => strip(m[2]));
    const webRows = [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => strip(c[1])));
    const doc = readDocx(readFileSync(join(full, 'notice/tongbao.docx')));
    expect(doc.paragraphs).toEqual(webParagraphs);
    expect(doc.rows).toEqual(webRows);
    // The 通报 as /notice/ builds it: the current drop with its 与上期相比 paragraph.
    const drop = data.currentDrop;
    const n = buildNotice(drop.summary, drop.units, { drop, previous: previousArchived(data.archive, drop) });
    expect(webParagraphs).toEqual(expectedParagraphs(n));
    expect(webRows).toEqual([[...NOTICE_TABLE_HEAD], ...n.table.map((u) => noticeTableRow(u))]);
    expect(html).toContain(`href="/xs/notice/tongbao.docx" download="${n.title}.docx"`);
  });
});

/*
 * The full edition behind a real nginx (Debian's /usr/sbin/nginx; .ci/run installs it), with
 * the configuration the build wrote: started here on 127.0.0.1 with a temporary prefix and
 * password files made with `openssl passwd -apr1`, stopped at the end.
 */
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
if (!NGINX) console.warn('[editions] ⚠ 跳过 nginx 部署测试：未找到 nginx（apt-get install -y nginx；.ci/run 会自动安装）');

interface Reply { status: number; headers: IncomingHttpHeaders; body: Buffer }

function get(port: number, path: string, auth?: [string, string], headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const h: Record<string, string> = { ...headers };
    if (auth) h.Authorization = `Basic ${Buffer.from(`${auth[0]}:${auth[1]}`).toString('base64')}`;
    const req = httpRequest({ host: '127.0.0.1', port, path: encodeURI(path), headers: h, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
const agent = new Agent({ keepAlive: true, maxSockets: 4 });

function freePort(): Promise<number> {
  return new Promise((resolvePromise) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolvePromise(port));
    });
  });
}

function apr1(password: string): string {
  const r = spawnSync('openssl', ['passwd', '-apr1', password], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl passwd failed: ${r.stderr}`);
  return r.stdout.trim();
}

describe.skipIf(!NGINX)('full edition behind nginx (generated configuration)', () => {
  let nginx: ChildProcess | undefined;
  let port = 0;
  const prefix = join(work, 'nginx');
  const accounts = { unit: ['unit-a', '单位甲的密码'], other: ['unit-b', 'b-secret'], admin: ['admin-zuzhibu', 'admin-secret'] } as const;
  let unitA: SiteData['units'][number];
  let unitB: SiteData['units'][number];

  beforeAll(async () => {
    unitA = data.units.find((u) => u.people.length > 0)!;
    unitB = data.units.find((u) => u !== unitA && u.people.length > 0)!;
    const passwords = join(prefix, 'passwords');
    mkdirSync(join(prefix, 'tmp'), { recursive: true });
    mkdirSync(passwords, { recursive: true });
    // The configuration for this machine's password folder, as the build writes it with
    // --passwords (the build ran with the defaults; writeDeploy is what it calls).
    writeDeploy({ edition: 'full', base: '/xs/', dist: full, json, deployDir: join(work, 'deploy-test'), root: full, passwords });
    for (const u of data.units) writeFileSync(join(passwords, `unit-${u.slug}.htpasswd`), '');
    writeFileSync(join(passwords, `unit-${unitA.slug}.htpasswd`), `${accounts.unit[0]}:${apr1(accounts.unit[1])}\n`);
    writeFileSync(join(passwords, `unit-${unitB.slug}.htpasswd`), `${accounts.other[0]}:${apr1(accounts.other[1])}\n`);
    writeFileSync(join(passwords, 'admin.htpasswd'), `${accounts.admin[0]}:${apr1(accounts.admin[1])}\n`);
    port = await freePort();
    const tmp = join(prefix, 'tmp');
    const conf = join(prefix, 'nginx.conf');
    writeFileSync(conf, [
      // One process, no master and no worker user switch: it runs as whoever runs the test.
      'daemon off;', 'master_process off;', `pid ${join(prefix, 'nginx.pid')};`, `error_log ${join(prefix, 'error.log')} warn;`,
      'events { worker_connections 64; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${tmp}/body; proxy_temp_path ${tmp}/proxy; fastcgi_temp_path ${tmp}/fastcgi;`,
      `  uwsgi_temp_path ${tmp}/uwsgi; scgi_temp_path ${tmp}/scgi;`,
      '  default_type application/octet-stream;',
      `  server { listen 127.0.0.1:${port}; include ${join(work, 'deploy-test', 'xueshi-full.conf')}; }`,
      '}',
    ].join('\n'));
    nginx = spawn(NGINX!, ['-p', prefix, '-c', conf, '-e', join(prefix, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    nginx.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
    for (let i = 0; ; i++) {
      try {
        await get(port, '/xs/');
        break;
      } catch {
        if (i > 100 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }, 900_000);

  afterAll(() => {
    agent.destroy();
    nginx?.kill('SIGTERM');
  });

  it('answers 200 / 401 / 403 exactly where it should, for anonymous, a unit account and an admin', async () => {
    const e = contentsOf('full');
    const rules = routeRules(data, e);
    const urlOf = (f: string) => `/xs/${f.replace(/(^|\/)index\.html$/, '$1')}`;
    const wrong: string[] = [];
    for (const f of filesBelow(full)) {
      const who = classifyFile(f, rules, e)!;
      const url = urlOf(f);
      const expectFor = (account: 'anon' | 'unit' | 'admin' | 'wrong') => {
        if (f === '404.html') return 404; // internal: only as the error page
        if (who.kind === 'open') return 200;
        if (account === 'admin') return 200;
        if (account === 'unit' && who.kind === 'unit' && who.unitSlug === unitA.slug) return 200;
        return 401;
      };
      for (const [account, auth] of [['anon', undefined], ['unit', accounts.unit], ['admin', accounts.admin], ['wrong', [accounts.admin[0], 'nope']]] as const) {
        const r = await get(port, url, auth as [string, string] | undefined);
        const want = expectFor(account);
        if (r.status !== want) wrong.push(`${account} ${url}: ${r.status}, expected ${want}`);
        if (r.status === 401 && !String(r.headers['www-authenticate']).startsWith('Basic realm=')) wrong.push(`${account} ${url}: 401 without a Basic challenge`);
      }
    }
    // Folders without an index are never listed.
    for (const url of ['/xs/downloads/units/', '/xs/search/', '/xs/_assets/']) {
      for (const auth of [undefined, accounts.admin] as const) {
        const r = await get(port, url, auth as [string, string] | undefined);
        if (r.status !== 403) wrong.push(`${auth ? 'admin' : 'anon'} ${url}: ${r.status}, expected 403`);
      }
    }
    expect(wrong).toEqual([]);
  }, 600_000);

  it('a unit account gets no person of another unit in any response', async () => {
    const mine = new Set(unitA.people.flatMap((p) => [p.personId, p.name]));
    const { needles } = personalStrings(data);
    const others = new Set<string>();
    for (const u of data.units) if (u !== unitA) for (const p of u.people) for (const s of [p.personId, p.name]) if (!mine.has(s) && needles.includes(s)) others.add(s);
    for (const b of data.branches) if (b.unit !== unitA && b.stat.convener && needles.includes(b.stat.convener) && !mine.has(b.stat.convener)) others.add(b.stat.convener);
    expect(others.size).toBeGreaterThan(data.people.length - unitA.people.length);
    const seen: string[] = [];
    let got = 0;
    for (const f of filesBelow(full)) {
      const r = await get(port, `/xs/${f.replace(/(^|\/)index\.html$/, '$1')}`, accounts.unit as unknown as [string, string]);
      if (r.status !== 200) continue;
      got++;
      const text = f.endsWith('.docx') ? [...zipEntries(r.body).values()].map((b) => b.toString('utf8')).join('\n') : r.body.toString('utf8');
      for (const s of others) if (text.includes(s)) seen.push(`${f}: ${s}`);
    }
    expect(got).toBeGreaterThan(10);
    expect(seen).toEqual([]);
    // …while its own people are there: its dashboard lists them.
    const own = await get(port, `/xs/units/${unitA.slug}/`, accounts.unit as unknown as [string, string]);
    expect(own.body.toString('utf8')).toContain(unitA.people[0].name);
  }, 600_000);

  it('gzips HTML, CSS, JSON and SVG; hashed assets immutable, pages revalidated; cookies hint the search box', async () => {
    const gz = { 'Accept-Encoding': 'gzip' };
    const page = await get(port, '/xs/', undefined, gz);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(String(page.headers['content-type'])).toMatch(/^text\/html/);
    const index = await get(port, '/xs/search-index.json', undefined, gz);
    expect(index.headers['content-encoding']).toBe('gzip');
    const css = filesBelow(full).find((f) => f.startsWith('_assets/') && f.endsWith('.css'));
    if (css) {
      const r = await get(port, `/xs/${css}`, undefined, gz);
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const svg = filesBelow(full).find((f) => f.endsWith('.svg'));
    if (svg) expect((await get(port, `/xs/${svg}`, undefined, gz)).headers['content-encoding']).toBe('gzip');
    const unit = await get(port, `/xs/units/${unitA.slug}/`, accounts.unit as unknown as [string, string], gz);
    expect(unit.headers['content-encoding']).toBe('gzip');
    expect(unit.headers['cache-control']).toBe('private, no-cache');
    expect(String(unit.headers['set-cookie'])).toContain(`xs_u_${unitA.slug}=1; Path=/xs/`);
    const quality = await get(port, '/xs/quality/', accounts.admin as unknown as [string, string]);
    expect(String(quality.headers['set-cookie'])).toContain('xs_admin=1');
    const csv = await get(port, '/xs/downloads/units.csv');
    expect(String(csv.headers['content-type'])).toBe('text/csv; charset=utf-8');
    const docx = await get(port, '/xs/notice/tongbao.docx');
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });
});

describe('a unit page tells its own 突击学习 (at a province /analysis/ charts only the 200 highest units)', () => {
  it('each unit with viewing shows its share of viewing in the last days beside the prefecture\'s, from rhythm.json', () => {
    let shown = 0;
    for (const u of data.units) {
      const r = data.rhythm.units.find((x) => x.unitId === u.stat.unitId);
      const html = readFileSync(join(full, `units/${u.slug}/index.html`), 'utf8');
      if (!r || r.seconds === 0 || u.stat.registered === 0) { expect(html).not.toContain('观看时长占本单位全部观看的'); continue; }
      expect(html).toContain(`观看时长占本单位全部观看的 ${pct(r.cramShare)}（全州 ${pct(data.rhythm.cram.share)}）`);
      shown++;
    }
    expect(shown).toBeGreaterThan(0);
  });
});
