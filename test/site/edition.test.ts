/**
 * The pure parts of the editions: which search pieces a browser fetches (from the cookies the
 * generated nginx configuration sets), the public quality page's counting of rejected rows,
 * the edition switch, and the nginx locations' shape.
 */
import { describe, expect, it } from 'vitest';
import { nginxLocations } from '../../site/lib/deploy.ts';
import { parseEdition, reasonKind, rejectedCounts, type RouteRule } from '../../site/lib/edition.ts';
import { piecesToFetch } from '../../site/lib/search-find.ts';

const pieces: [string, string][] = [['u001', 'search/u001.json'], ['u002', 'search/u002.json'], ['u0021', 'search/u0021.json']];

describe('search pieces a browser may fetch', () => {
  it('all of them when the site is not behind the generated configuration', () => {
    expect(piecesToFetch(pieces, '')).toEqual(pieces.map((p) => p[1]));
  });
  it('only the units whose pages were opened, behind it', () => {
    expect(piecesToFetch(pieces, 'xs_protected=1; xs_u_u002=1')).toEqual(['search/u002.json']);
    expect(piecesToFetch(pieces, 'xs_protected=1')).toEqual([]);
  });
  it('all of them for an admin', () => {
    expect(piecesToFetch(pieces, 'xs_admin=1; xs_protected=1')).toHaveLength(3);
  });
});

describe('rejected rows counted for the public edition', () => {
  it('masks quoted values and numbers, and counts rows failing the same way together', () => {
    expect(reasonKind('重复编号：人员编号“P000496”已在第 499 行出现，保留第一行')).toBe('重复编号：人员编号“…”已在第 N 行出现，保留第一行');
    const counts = rejectedCounts([
      { file: 'roster.csv', column: '人员编号', reason: '重复编号：人员编号“P000496”已在第 499 行出现，保留第一行' },
      { file: 'roster.csv', column: '人员编号', reason: '重复编号：人员编号“P000007”已在第 8 行出现，保留第一行' },
      { file: 'views.csv', column: null, reason: '列数不对' },
    ]);
    expect(counts).toEqual([
      { file: 'roster.csv', column: '人员编号', reason: '重复编号：人员编号“…”已在第 N 行出现，保留第一行', rows: 2 },
      { file: 'views.csv', column: '（整行）', reason: '列数不对', rows: 1 },
    ]);
  });
});

describe('edition switch', () => {
  it('defaults to full and refuses unknown editions', () => {
    expect(parseEdition(undefined)).toBe('full');
    expect(parseEdition('public')).toBe('public');
    expect(() => parseEdition('private')).toThrow(/未知的版本/);
  });
});

describe('nginx locations', () => {
  const rules: RouteRule[] = [
    { path: 'units/u001/', prefix: true, audience: { kind: 'unit', unitId: 'U001', unitSlug: 'u001' } },
    { path: 'quality/', prefix: true, audience: { kind: 'admin' } },
    { path: 'downloads/people.csv', prefix: false, audience: { kind: 'admin' } },
  ];
  const conf = nginxLocations(rules, { base: '/xs/', root: '/srv/xs/current', passwords: '/etc/nginx/xueshi' });
  const block = (head: string) => conf.slice(conf.indexOf(head), conf.indexOf('\n}', conf.indexOf(head)));
  it('protects a unit with its file, switching to the admin file for admin… names', () => {
    const unit = block('location /xs/units/u001/ {');
    expect(unit).toContain('alias "/srv/xs/current/units/u001/";');
    expect(unit).toContain('set $xs_passwords "/etc/nginx/xueshi/unit-u001.htpasswd";');
    expect(unit).toContain('if ($remote_user ~ "^admin") { set $xs_passwords "/etc/nginx/xueshi/admin.htpasswd"; }');
    expect(unit).not.toContain('auth_request');
  });
  it('admin files exactly, open site under the base, immutable assets', () => {
    expect(block('location = /xs/downloads/people.csv {')).toContain('auth_basic_user_file "/etc/nginx/xueshi/admin.htpasswd";');
    expect(block('location /xs/ {')).not.toContain('auth_basic');
    expect(block('location /xs/_assets/ {')).toContain('immutable');
  });
});

describe('small groups (docs/site.md): what an edition may publish', async () => {
  const { contentsOf, isSmallGroup, isSmallCount, publicCount, publicRate } = await import('../../site/lib/edition.ts');
  const pub = contentsOf('public');
  const full = contentsOf('full');
  const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

  it('the public edition hides the breakdown of a group of 1–9 registered; 0 is a coverage gap, 10 is shown', () => {
    expect([0, 1, 9, 10, 250].map((n) => isSmallGroup(n, pub))).toEqual([false, true, true, false, false]);
    expect([1, 9].map((n) => isSmallGroup(n, full))).toEqual([false, false]);
  });

  it('a count of 1–4 is "<5" and a rate from it a range; 0 and 5 are numbers; the full edition shows all', () => {
    expect([0, 1, 4, 5, 1234].map((n) => publicCount(n, pub))).toEqual(['0', '<5', '<5', '5', '1,234']);
    expect(publicCount(3, full)).toBe('3');
    expect(isSmallCount(4, pub) && !isSmallCount(5, pub) && !isSmallCount(0, pub)).toBe(true);
    expect(publicRate(3, 40, pct, pub)).toBe('2.5%–10.0%');
    expect(publicRate(20, 40, pct, pub)).toBe('50.0%');
    expect(publicRate(3, 40, pct, full)).toBe('7.5%');
    expect(publicRate(0, 0, pct, pub)).toBe('—');
  });
});

describe('the public edition’s unit and branch CSVs keep small groups private', async () => {
  const { contentsOf } = await import('../../site/lib/edition.ts');
  const { readSiteData } = await import('../../site/lib/data.ts');
  const { unitsCsv, branchesCsv } = await import('../../site/lib/downloads.ts');
  const { FIXTURE_DIR } = await import('./fixture.ts');
  const data = readSiteData(FIXTURE_DIR);
  const rows = (csv: string) => csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));

  it('a unit of 1–9 registered has only its count (<5 for 1–4) and the note; the full edition has every number', () => {
    const small = data.units.filter((u) => u.stat.registered > 0 && u.stat.registered < 10);
    expect(small.length).toBeGreaterThan(0);
    const pub = rows(unitsCsv(data, contentsOf('public')));
    for (const u of small) {
      const r = pub.find((x) => x[0] === u.stat.unitId)!;
      expect(r[7]).toBe('人数较少，不公开分项');
      expect(r[6]).toBe(u.stat.registered < 5 ? '<5' : String(u.stat.registered));
      expect(r.slice(8, 14).every((c) => c === '')).toBe(true);
    }
    const full = rows(unitsCsv(data, contentsOf('full')));
    expect(full.some((r) => r.includes('人数较少，不公开分项'))).toBe(false);
    for (const r of rows(branchesCsv(data, false, contentsOf('public')))) {
      // 注册人数 … 不合格 and the 预警 counts: never a bare 1–4.
      const counts = [...r.slice(5, 10), ...r.slice(14)];
      expect(counts.filter((c) => /^[1-4]$/.test(c)), r.join(',')).toEqual([]);
    }
  });
});
