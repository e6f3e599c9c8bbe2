import { describe, expect, it } from 'vitest';
import { normaliseBase } from '../../site/scripts/build.ts';

describe('--base', () => {
  it('accepts sub-paths with or without slashes', () => {
    expect(normaliseBase('/')).toBe('/');
    expect(normaliseBase('xs')).toBe('/xs/');
    expect(normaliseBase('/xs')).toBe('/xs/');
    expect(normaliseBase('/dangxiao/xueshi/')).toBe('/dangxiao/xueshi/');
  });

  it('refuses anything that is not a plain URL path', () => {
    for (const bad of ['/../x/', '/a b/', '/x?y/', '/单位/', 'http://evil/', '/./', '/a//b/']) expect(() => normaliseBase(bad), bad).toThrow(/--base/);
  });
});
