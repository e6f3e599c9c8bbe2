import { describe, expect, it } from 'vitest';
import { asOfOption } from '../../pipeline/contract/calendar.ts';
import { normaliseBase, parseOptions } from '../../site/scripts/build.ts';

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

describe('the build command line (node:util parseArgs, like the pipeline)', () => {
  it('has the documented defaults', () => {
    expect(parseOptions([])).toEqual({
      data: 'data', history: null, base: '/', asOf: null, out: 'dist', json: null, jsonOut: 'build/out', acceptBlocking: false,
      edition: 'full', deploy: null, deployRoot: null, passwords: '/etc/nginx/xueshi',
    });
    expect(parseOptions(['--help'])).toBe('help');
  });

  it('reads --as-of with the pipeline\'s validator: any day form, normalised to YYYY-MM-DD', () => {
    expect((parseOptions(['--as-of', '2020/2/1']) as { asOf: string }).asOf).toBe('2020-02-01');
    expect((parseOptions(['--as-of=２０２０年２月１日']) as { asOf: string }).asOf).toBe('2020-02-01');
    expect(() => parseOptions(['--as-of', '2020-02-30'])).toThrow(/--as-of “2020-02-30” 不是有效的日期/);
    expect(asOfOption('2020-13-01')).toEqual({ problem: expect.stringContaining('月份 13 不存在') });
  });

  it('refuses unknown options, missing values and unknown editions', () => {
    expect(() => parseOptions(['--dat', 'x'])).toThrow(/--dat/);
    expect(() => parseOptions(['--out'])).toThrow(/--out/);
    expect(() => parseOptions(['--out', ''])).toThrow(/--out 需要一个值/);
    expect(() => parseOptions(['--edition', 'secret'])).toThrow(/--edition “secret” 应为 full 或 public/);
    expect((parseOptions(['--edition', 'public', '--accept-blocking']) as { edition: string; acceptBlocking: boolean })).toMatchObject({ edition: 'public', acceptBlocking: true });
  });
});
