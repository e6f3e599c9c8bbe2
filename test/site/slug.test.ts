import { describe, expect, it } from 'vitest';
import { assignSlugs, idHash, readablePart, slugOf } from '../../site/lib/slug.ts';

const SAFE = /^[a-z0-9][a-z0-9_-]*$/;

describe('slugOf', () => {
  it('keeps an id that is already a plain lower-case slug', () => {
    expect(slugOf('u01')).toBe('u01');
    expect(slugOf('b-3_x')).toBe('b-3_x');
  });

  it('never lets a hostile id escape its folder', () => {
    for (const id of ['../../x', '../x', '..', '.', '/', '单位/1', 'B%3', '%2e%2e', 'a\\b', 'x?y#z', '', ' ', 'CON', 'nul']) {
      const slug = slugOf(id);
      expect(slug, id).toMatch(SAFE);
      expect(slug).not.toContain('/');
      expect(slug).not.toContain('.');
      expect(slug).not.toContain('%');
    }
  });

  it('appends a stable hash of the exact id when anything was changed', () => {
    expect(slugOf('../../x')).toBe(`x-${idHash('../../x')}`);
    expect(slugOf('单位/1')).toBe(`1-${idHash('单位/1')}`);
    expect(slugOf('B%3')).toBe(`b-3-${idHash('B%3')}`);
    expect(slugOf('..')).toBe(idHash('..'));
    expect(slugOf('U01')).toBe(`u01-${idHash('U01')}`);
    expect(slugOf('单位/1')).toBe(slugOf('单位/1'));
  });

  it('gives ids that read alike different slugs', () => {
    const ids = ['u/1', 'u?1', 'U-1', 'u-1', 'u 1', 'U 1', '../x', '..x', 'x'];
    const slugs = ids.map((id) => slugOf(id));
    expect(new Set(slugs).size).toBe(ids.length);
  });

  it('cannot be impersonated by a plain id shaped like a hashed slug', () => {
    const forged = `u-1-${idHash('u/1')}`;
    expect(slugOf(forged)).not.toBe(slugOf('u/1'));
  });

  it('hashes Windows device names so no folder is called con or nul', () => {
    expect(slugOf('con')).not.toBe('con');
    expect(slugOf('lpt1')).toMatch(/^[0-9a-f]{8}$/);
  });

  it('keeps the readable part short', () => {
    expect(readablePart('A'.repeat(200)).length).toBeLessThanOrEqual(40);
    expect(slugOf('A'.repeat(200)).length).toBeLessThanOrEqual(49);
  });
});

describe('assignSlugs', () => {
  it('assigns a unique slug to every distinct id', () => {
    const ids = ['U01', 'u01', '../x', '单位/1', 'B%3', '..', 'u/1', 'u?1'];
    const slugs = assignSlugs(ids);
    expect(slugs.size).toBe(ids.length);
    expect(new Set(slugs.values()).size).toBe(ids.length);
    // Case-insensitively unique too (Windows and macOS file systems).
    expect(new Set([...slugs.values()].map((s) => s.toLowerCase())).size).toBe(ids.length);
  });

  it('is the plain slugOf when nothing collides', () => {
    expect(assignSlugs(['a', 'B']).get('B')).toBe(slugOf('B'));
  });
});
