import { describe, expect, it } from 'vitest';
import { wordsOf } from '../../site/lib/words.ts';

describe('wordsOf (where a printed title may break)', () => {
  const title = '关于本期“党校到支部”党的十九届四中全会精神专题培训完成情况的通报';

  it('keeps 完成, 十九届四中全会 and “党校到支部” whole and gives back the text unchanged when joined', () => {
    const pieces = wordsOf(title);
    expect(pieces.join('')).toBe(title);
    expect(pieces.some((p) => p.includes('完成'))).toBe(true);
    expect(pieces).toContain('“党校到支部”');
    expect(pieces.some((p) => p.includes('十九届四中全会'))).toBe(true);
    expect(pieces.length).toBeGreaterThanOrEqual(5);
  });

  it('keeps two-plus-two terms whole (新冠肺炎, not 新冠｜肺炎)', () => {
    const t = '关于2020年“党校到支部”新冠肺炎疫情防控专题培训完成情况的通报';
    const pieces = wordsOf(t);
    expect(pieces.join('')).toBe(t);
    expect(pieces.some((p) => p.includes('新冠肺炎'))).toBe(true);
    expect(pieces).toContain('2020年');
    expect(pieces.some((p) => p.endsWith('新冠'))).toBe(false);
  });

  it('never starts a piece with a closing mark or ends one with an opening mark', () => {
    for (const p of wordsOf(title)) {
      expect(p.startsWith('”'), p).toBe(false);
      expect(p.endsWith('“'), p).toBe(false);
    }
    expect(wordsOf('（一）加强督学。')).toEqual(['（一）', '加强', '督学。']);
  });

  it('handles empty text, a lone mark, and Latin words', () => {
    expect(wordsOf('')).toEqual([]);
    expect(wordsOf('“')).toEqual(['“']);
    expect(wordsOf('2026 年 Q1 通报').join('')).toBe('2026 年 Q1 通报');
  });
});
