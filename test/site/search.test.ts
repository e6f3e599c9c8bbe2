/**
 * The search box's matching (site/lib/search-key.ts, site/lib/search-find.ts) on the sample's
 * real names: 617 of its 1,500 people carry Uyghur names written with `·`, which readers type
 * with no separator, `.`, `•`, `・`, a space, full-width forms — and copy with a title behind.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSiteData } from '../../site/lib/data.ts';
import { find, idBucket, prepareIndex, searchMode, shardsFor, type Found, type PreparedIndex } from '../../site/lib/search-find.ts';
import { ID_SHARD_ROWS, buildWholeSearchIndex, searchShards } from '../../site/lib/search-index.ts';
import { idKey, searchKey, withoutTitle } from '../../site/lib/search-key.ts';

const SAMPLE = fileURLToPath(new URL('../golden/sample', import.meta.url));
const data = readSiteData(SAMPLE);
const prepared = prepareIndex(buildWholeSearchIndex(data));
const people = prepared.index.people;

/** The names (with the hit's tier) of what a query finds, best first. */
function found(p: PreparedIndex, query: string, limit = 1000): Found & { names: string[] } {
  const f = find(p, query, limit);
  const names = f.hits.map((h) => (h.kind === 'person' ? p.index.people : h.kind === 'branch' ? p.index.branches : p.index.units)[h.at][0]);
  return { ...f, names };
}

/** Every way a reader types `·` between the parts of a name. */
const SEPARATORS = ['', '.', '•', '・', '‧', '∙', '･', ' ', '　', '．', '·', ' · ', '\u200b'];

describe('search keys', () => {
  it('the sample really has the names this is about', () => {
    expect(people).toHaveLength(1500);
    expect(people.filter((p) => p[0].includes('·'))).toHaveLength(617);
  });

  it('one key for a name whatever separator it is typed with (every dotted name of the sample)', () => {
    for (const [name] of people.filter((p) => p[0].includes('·'))) {
      const key = searchKey(name);
      expect(key).not.toContain('·');
      for (const sep of SEPARATORS) expect(searchKey(name.split('·').join(sep)), `${name} with ${JSON.stringify(sep)}`).toBe(key);
    }
  });

  it('full-width forms and case fold (NFKC, lower case); ids keep their separators', () => {
    expect(searchKey('ＡＢＣ　阿依古丽')).toBe('abc阿依古丽');
    expect(idKey(' Ｐ０００００１ ')).toBe('p000001');
    expect(idKey('A.1')).not.toBe(idKey('A1'));
  });

  it('a trailing title is recognised, bracketed or not, also while still being typed', () => {
    expect(withoutTitle('布阿依夏木·玉苏甫 科长')).toBe('布阿依夏木玉苏甫');
    expect(withoutTitle('布阿依夏木·玉苏甫科长')).toBe('布阿依夏木玉苏甫');
    expect(withoutTitle('布阿依夏木·玉苏甫（副主任）')).toBe('布阿依夏木·玉苏甫');
    expect(withoutTitle('布阿依夏木·玉苏甫 (三级主任科员')).toBe('布阿依夏木·玉苏甫');
    expect(withoutTitle('布阿依夏木·玉苏甫 副主')).toBe('布阿依夏木·玉苏甫');
    expect(withoutTitle('布阿依夏木·玉苏甫')).toBeNull();
    expect(withoutTitle('科长')).toBeNull();
    expect(withoutTitle('王 库')).toBeNull();
  });
});

describe('finding people', () => {
  it('every dotted name of the sample is found first, typed with any separator', () => {
    for (const [name, id] of people.filter((p) => p[0].includes('·'))) {
      for (const sep of ['', '•', ' ']) {
        const f = found(prepared, name.split('·').join(sep));
        expect(f.hits[0].tier, name).toBe(0);
        // Namesakes come first together; the person is among them.
        const exact = f.hits.filter((h) => h.tier === 0).map((h) => people[h.at][1]);
        expect(exact, `${name} with ${JSON.stringify(sep)}`).toContain(id);
        expect(new Set(f.names.slice(0, exact.length))).toEqual(new Set([name]));
      }
    }
  });

  it('布阿依夏木玉苏甫 (no dot), with a dot, or copied with a title finds 布阿依夏木·玉苏甫', () => {
    for (const q of ['布阿依夏木玉苏甫', '布阿依夏木.玉苏甫', '布阿依夏木·玉苏甫 科长', '布阿依夏木·玉苏甫（副主任）',
      '布阿依夏木・玉苏甫科长', '布阿依夏木 玉苏甫 副', ' 布阿依夏木•玉苏甫 ']) {
      expect(found(prepared, q).names, q).toEqual(['布阿依夏木·玉苏甫']);
    }
    expect(found(prepared, '布阿依夏木·玉苏甫 科长').without).toBe('布阿依夏木玉苏甫');
    expect(found(prepared, '布阿依夏木玉苏甫').without).toBeUndefined();
  });

  it('part of a name still matches, across the separator too', () => {
    const f = found(prepared, '夏木玉苏');
    expect(f.names.sort()).toEqual(['布阿依夏木·玉苏甫', '阿依夏木·玉苏甫']);
    expect(f.hits.every((h) => h.tier === 2)).toBe(true);
    expect(found(prepared, '布阿依夏木').names.length).toBe(7);
  });

  it('a person id matches exactly (case and width aside), never as a part', () => {
    const [name, id] = people[0];
    expect(found(prepared, id).names).toEqual([name]);
    expect(found(prepared, ` ${id.toLowerCase()} `).names).toEqual([name]);
    expect(found(prepared, id.normalize('NFKC').replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))).names).toEqual([name]);
    expect(found(prepared, id.slice(0, -1)).hits).toEqual([]);
  });

  it('ranks the exact name first, then names starting with it, then names containing it', () => {
    // 艾买提·买买提 is one person's whole name and the beginning of 艾买提·买买提江's.
    const f = found(prepared, '艾买提买买提');
    expect(f.names[0]).toBe('艾买提·买买提');
    expect(f.hits.map((h) => h.tier)).toEqual([...f.hits.map((h) => h.tier)].sort());
    expect(f.hits.some((h) => h.tier === 1)).toBe(true);
    const short = found(prepared, '买买提');
    const tiers = short.hits.map((h) => h.tier);
    expect(tiers).toEqual([...tiers].sort());
    expect(tiers).toContain(1);
    expect(tiers).toContain(2);
    for (const h of short.hits) {
      const key = searchKey(people[h.at][0]);
      expect(h.tier).toBe(key === '买买提' ? 0 : key.startsWith('买买提') ? 1 : 2);
    }
  });

  it('units and branches are found by name too, ahead of people of the same tier', () => {
    const unit = prepared.index.units[0][0];
    const f = found(prepared, unit);
    expect(f.hits[0]).toMatchObject({ kind: 'unit', at: 0, tier: 0 });
    const kinds = f.hits.filter((h) => h.tier === 1).map((h) => h.kind);
    expect(kinds).toEqual([...kinds].sort((a, b) => ['unit', 'branch', 'person'].indexOf(a) - ['unit', 'branch', 'person'].indexOf(b)));
  });

  it('stops at the limit and counts the rest; an empty query finds nothing', () => {
    const all = find(prepared, '古丽', 10_000);
    const some = find(prepared, '古丽', 30);
    expect(some.hits).toEqual(all.hits.slice(0, 30));
    expect(some.more).toBe(all.hits.length - 30);
    expect(find(prepared, ' · ', 30)).toEqual({ hits: [], more: 0 });
  });
});

describe('search shards (no reader downloads the province to find one name)', () => {
  const shards = searchShards(data);
  const rowsOf = (path: string) => {
    const m = /^search\/k\/([0-9a-f]+)\.json$/.exec(path);
    if (m) return shards.names.get(String.fromCodePoint(parseInt(m[1], 16))) ?? [];
    const b = /^search\/id\/(\d+)\.json$/.exec(path);
    if (b) return shards.ids[Number(b[1])];
    throw new Error(`not a shard: ${path}`);
  };
  /** What the client holds for a query: units, branches and the people of the shards it fetches. */
  const viaShards = (query: string) => {
    const paths = shardsFor(shards.directory, query);
    const seen = new Set<string>();
    const rows: typeof people = [];
    for (const p of paths) for (const r of rowsOf(p)) if (!seen.has(r[1])) { seen.add(r[1]); rows.push(r); }
    return { paths, prepared: prepareIndex({ units: prepared.index.units, branches: prepared.index.branches, people: rows }) };
  };
  const personIds = (p: PreparedIndex, f: Found) => f.hits.map((h) => (h.kind === 'person' ? `${p.index.people[h.at][1]}:${h.tier}` : `${h.kind}${h.at}:${h.tier}`));

  it('the open directory publishes no per-character count from 1 to 4', () => {
    const counts = Object.values(shards.directory.names);
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((n) => n >= 5)).toBe(true);
    expect([...shards.names.values()].some((rows) => rows.length < 5)).toBe(true);
  });

  it('every shard holds exactly the people whose name key has its character; every id is in its bucket', () => {
    let total = 0;
    for (const [ch, rows] of shards.names) {
      // The open directory publishes no count under 5 (docs/site.md).
      expect(shards.directory.names[ch]).toBe(Math.max(5, rows.length));
      expect(rows.every((r) => searchKey(r[0]).includes(ch))).toBe(true);
      expect(rows.length).toBe(people.filter((r) => searchKey(r[0]).includes(ch)).length);
    }
    for (const [i, rows] of shards.ids.entries()) {
      total += rows.length;
      for (const r of rows) expect(idBucket(idKey(r[1]), shards.directory.ids)).toBe(i);
    }
    expect(total).toBe(people.length);
    expect(shards.directory.ids).toBe(Math.ceil(people.length / ID_SHARD_ROWS));
  });

  it('finds exactly what the whole index finds, for parts of names, separators, titles, ids and misses', () => {
    const queries = new Set<string>(['古丽', '买买提', '艾买提买买提', 'zzzz-无此人', '科长', '王', ' · ']);
    for (const p of people.filter((_, i) => i % 7 === 0)) {
      const chars = [...p[0]];
      queries.add(p[0]);
      queries.add(chars.slice(1).join(''));
      queries.add(chars.slice(0, 2).join(''));
      queries.add(p[0].replace('·', '.'));
      queries.add(`${p[0]} 副主`);
      queries.add(`${p[0]}（副主任）`);
      queries.add(p[1]);
      queries.add(p[1].toLowerCase());
    }
    queries.add(data.units[0].stat.unitName);
    for (const q of queries) {
      const whole = find(prepared, q, 1000);
      const { prepared: part } = viaShards(q);
      const got = find(part, q, 1000);
      expect(personIds(part, got).sort(), q).toEqual(personIds(prepared, whole).sort());
      expect(got.without, q).toBe(whole.without);
    }
  });

  it('a name is found with one shard much smaller than the province (the rarest character of the query)', () => {
    const p = people.find((r) => [...r[0]].length >= 3)!;
    const { paths } = viaShards(p[0]);
    const names = paths.filter((x) => x.startsWith('search/k/'));
    expect(names).toHaveLength(1);
    expect(rowsOf(names[0]).length).toBeLessThan(people.length / 10);
    // And one id bucket: about ID_SHARD_ROWS people (the sample's 1,500 in two buckets).
    const ids = paths.filter((x) => x.startsWith('search/id/'));
    expect(ids).toHaveLength(1);
    expect(rowsOf(ids[0]).length).toBeLessThan(ID_SHARD_ROWS);
    expect(rowsOf(names[0]).some((r) => r[1] === p[1])).toBe(true);
    // A character in nobody's name: no name shard at all.
    expect(shardsFor(shards.directory, '𠀀').filter((x) => x.startsWith('search/k/'))).toEqual([]);
  });

  it('the open site and an admin read the shards; a unit account reads its units’ pieces', () => {
    expect(searchMode('')).toBe('shards');
    expect(searchMode('xs_protected=1; xs_admin=1')).toBe('shards');
    expect(searchMode('xs_protected=1; xs_u_u001=1')).toBe('units');
  });
});
