import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OUTPUT_FILES } from '../../pipeline/contract/outputs.ts';
import { readSiteData, readUtf8 } from '../../site/lib/data.ts';
import { FIXTURE_DIR, NEXT_FIXTURE_DIR } from './fixture.ts';

describe('the site fixture', () => {
  it('is valid against every output schema', () => {
    for (const [name, schema] of Object.entries(OUTPUT_FILES)) {
      const json = JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8'));
      const result = schema.safeParse(json);
      expect(result.success, `${name}: ${result.success ? '' : result.error.message}`).toBe(true);
    }
  });

  it('carries the hostile ids and markup the site must survive', () => {
    const text = readFileSync(join(FIXTURE_DIR, 'units.json'), 'utf8') + readFileSync(join(FIXTURE_DIR, 'branches.json'), 'utf8');
    for (const id of ['"../x"', '"单位/1"', '"B%3"', '".."', '"../../x"', '<script>']) expect(text).toContain(id);
  });
});

describe('readSiteData', () => {
  const data = readSiteData(FIXTURE_DIR);

  it('indexes people by unit and branch', () => {
    const unit = data.unitById.get('U01')!;
    expect(unit.branches.map((b) => b.stat.branchId)).toEqual(['B01', 'B02']);
    expect(unit.people.map((p) => p.personId)).toEqual(['P001', 'P002', 'P003', 'P004', 'P005']);
    expect(data.branchById.get('B%3')!.people).toHaveLength(3);
    expect(data.units.reduce((s, u) => s + u.people.length, 0)).toBe(data.people.length);
  });

  it('gives every unit and branch a distinct safe slug', () => {
    for (const list of [data.units, data.branches]) {
      const slugs = list.map((x) => x.slug);
      expect(new Set(slugs).size).toBe(slugs.length);
      for (const s of slugs) expect(s).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
    }
  });

  it('sorts each branch’s sessions by date', () => {
    expect(data.branchById.get('../../x')!.sessions.map((s) => s.date)).toEqual(['2020-01-05', '2020-02-14']);
  });

  describe('refuses output that breaks the contract, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xs-data-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('a schema violation', () => {
      cpSync(FIXTURE_DIR, dir, { recursive: true });
      const units = JSON.parse(readFileSync(join(dir, 'units.json'), 'utf8'));
      units.units[0].rate = 1.5;
      writeFileSync(join(dir, 'units.json'), JSON.stringify(units));
      expect(() => readSiteData(dir)).toThrow(/units\.json 不符合输出契约[\s\S]*units\.0\.rate/);
    });

    it('a person in an unknown branch', () => {
      cpSync(FIXTURE_DIR, dir, { recursive: true });
      const people = JSON.parse(readFileSync(join(dir, 'people.json'), 'utf8'));
      people.people.find((p: { personId: string }) => p.personId === 'P001').branchId = 'NOPE';
      writeFileSync(join(dir, 'people.json'), JSON.stringify(people));
      expect(() => readSiteData(dir)).toThrow(/人员“P001”的支部编号“NOPE”不在 branches\.json 中/);
    });

    it('a missing file', () => {
      rmSync(join(dir, 'timeline.json'));
      expect(() => readSiteData(dir)).toThrow(/缺少流水线输出文件 .*timeline\.json/);
    });
  });
});

describe('the drops: history.json, ledger.json and the drops/ archive', () => {
  it('loads every drop’s archive with its 第N期 and a safe address, even for a period id holding ../', () => {
    const data = readSiteData(NEXT_FIXTURE_DIR);
    expect(data.archive.map((a) => [a.periodId, a.asOf, a.ordinal])).toEqual([
      ['2020-01', '2020-02-07', 1], ['2020-01', '2020-02-17', 2], ['2020-01', '2020-02-24', 3], ['../2020-02', '2020-05-18', 1],
    ]);
    expect(data.archive[0].path).toBe('notices/2020-01/2020-02-07/');
    expect(data.currentDrop.path).toMatch(/^notices\/2020-02-[0-9a-f]{8}\/2020-05-18\/$/);
    expect(data.ledger?.periods.map((p) => p.periodId)).toEqual(['2020-01', '../2020-02']);
  });

  it('an output folder without history.json is one drop, its period’s first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xs-nohistory-'));
    try {
      for (const name of Object.keys(OUTPUT_FILES)) cpSync(join(FIXTURE_DIR, name), join(dir, name));
      const data = readSiteData(dir);
      expect(data.history.previous).toBeNull();
      expect(data.history.drops).toHaveLength(1);
      expect(data.archive).toEqual([data.currentDrop]);
      expect(data.currentDrop.digest).toMatchObject({ ordinal: 1, previous: null, newlyQualified: null });
      expect(data.ledger).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a history whose drop has no archive folder, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xs-noarchive-'));
    try {
      cpSync(FIXTURE_DIR, dir, { recursive: true });
      rmSync(join(dir, 'drops', '2020-01', '2020-02-17'), { recursive: true });
      expect(() => readSiteData(dir)).toThrow(/缺少流水线输出文件 .*2020-02-17.*summary\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a history.json of another run than the nine files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xs-mixed-'));
    try {
      cpSync(FIXTURE_DIR, dir, { recursive: true });
      cpSync(join(NEXT_FIXTURE_DIR, 'history.json'), join(dir, 'history.json'));
      expect(() => readSiteData(dir)).toThrow(/history\.json：当前批次（\.\.\/2020-02 2020-05-18）与 summary\.json（2020-01 2020-02-24）不一致/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('readUtf8', () => {
  it('decodes exactly as readFileSync(…, "utf8"): BOM kept, every kind of malformed byte as U+FFFD', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xs-utf8-'));
    try {
      const samples: Buffer[] = [
        Buffer.from('\uFEFF{"name":"买买提·艾尔肯"}', 'utf8'),
        Buffer.from('{"a":"张伟 😀"}', 'utf8'),
        // a stray continuation byte, an invalid lead byte, a truncated 3-byte sequence, an
        // overlong slash, an encoded surrogate (CESU-8), a code point above U+10FFFF, a cut 4-byte one at the end
        Buffer.from([0x7b, 0x80, 0xff, 0xe5, 0xbc, 0x20, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0x7d, 0xf0, 0x9f, 0x98]),
        Buffer.alloc(0),
      ];
      samples.forEach((bytes, i) => {
        const path = join(dir, `${i}.json`);
        writeFileSync(path, bytes);
        expect(readUtf8(path)).toBe(readFileSync(path, 'utf8'));
      });
      expect(readUtf8(join(dir, '0.json')).charCodeAt(0)).toBe(0xfeff);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('groupIndex: what unit and branch pages ask of the whole site, indexed once', () => {
  it('gives what a scan of every unit, branch and flag gives, the flags in file order, the same object each time', async () => {
    const { groupIndex } = await import('../../site/lib/data.ts');
    const data = readSiteData(FIXTURE_DIR);
    const index = groupIndex(data);
    expect(groupIndex(data)).toBe(index);
    expect(index.rankedUnits).toBe(data.units.filter((u) => u.stat.rank !== null).length);
    expect(index.rankedBranches).toBe(data.branches.filter((b) => b.stat.rank !== null).length);
    expect(data.integrity.flags.length).toBeGreaterThan(0);
    for (const u of data.units) {
      expect(index.flagsOfUnit.get(u.stat.unitId) ?? []).toEqual(data.integrity.flags.filter((f) => f.unitId === u.stat.unitId));
      expect(index.integrityOfUnit.get(u.stat.unitId)).toEqual(data.integrity.units.find((x) => x.unitId === u.stat.unitId)?.rules);
    }
    for (const b of data.branches) {
      expect(index.flagsOfBranch.get(b.stat.branchId) ?? []).toEqual(data.integrity.flags.filter((f) => f.branchId === b.stat.branchId));
      expect(index.integrityOfBranch.get(b.stat.branchId)).toEqual(data.integrity.branches.find((x) => x.branchId === b.stat.branchId)?.rules);
    }
  });
});
