import { describe, expect, it } from 'vitest';
import { byCodeUnit } from '../../pipeline/contract/compare.ts';

describe('byCodeUnit', () => {
  it('orders nothing and one item without complaint', () => {
    expect([].sort(byCodeUnit)).toEqual([]);
    expect(['U1'].sort(byCodeUnit)).toEqual(['U1']);
  });

  it('ascends, 0 for ties (a stable sort keeps tied items in place)', () => {
    expect(byCodeUnit('P01', 'P02')).toBe(-1);
    expect(byCodeUnit('P02', 'P01')).toBe(1);
    expect(byCodeUnit('P01', 'P01')).toBe(0);
    const rows = [{ id: 'B', n: 1 }, { id: 'A', n: 2 }, { id: 'B', n: 3 }, { id: 'A', n: 4 }];
    expect(rows.sort((x, y) => byCodeUnit(x.id, y.id)).map((r) => r.n)).toEqual([2, 4, 1, 3]);
  });

  it('is plain code-unit order, not a locale’s: digits before letters, upper case before lower, a prefix first', () => {
    expect(['b', 'B', '10', '9', 'a', 'ab', ''].sort(byCodeUnit)).toEqual(['', '10', '9', 'B', 'a', 'ab', 'b']);
    // Chinese by code unit, not by pinyin (a locale would put 阿 first).
    expect(['州', '阿', '一'].sort(byCodeUnit)).toEqual(['一', '州', '阿']);
  });

  it('compares UTF-16 code units: an astral character sorts before U+E000…U+FFFF (code-point order would not)', () => {
    const astral = '\u{1F600}'; // 😀 = U+D83D U+DE00
    const fullwidth = '\uFF01'; // ！
    expect(byCodeUnit(astral, fullwidth)).toBe(-1);
    expect(astral.codePointAt(0)! > fullwidth.codePointAt(0)!).toBe(true);
    // Below U+D800 the two orders agree.
    expect(byCodeUnit('\u4E00', astral)).toBe(-1);
    // A rare CJK character outside the BMP (𠀀 U+20000, lead surrogate U+D840) sorts after 州 (U+5DDE).
    expect(['\u{20000}', '州'].sort(byCodeUnit)).toEqual(['州', '\u{20000}']);
  });

  it('agrees with the default Array#sort on strings', () => {
    const ids = ['P10', 'P2', 'p1', '\u{1F600}', '\uFF01', '州', 'Z', ''];
    expect([...ids].sort(byCodeUnit)).toEqual([...ids].sort());
  });
});
