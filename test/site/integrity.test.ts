import { describe, expect, it } from 'vitest';
import type { SummaryFile } from '../../pipeline/contract/outputs.ts';
import { integritySentence } from '../../site/lib/notice.ts';
import { markDifferences } from '../../site/lib/integrity.ts';

describe('学时真实性 in the 通报', () => {
  const summary = (integrity: SummaryFile['integrity']) => ({ integrity }) as SummaryFile;

  it('says the counts of the rules that fired, 1–4 as 不足5人, and nothing when none did', () => {
    expect(integritySentence({ summary: summary({ parallel: 51, 'daily-cap': 0, night: 3, marathon: 0, 'copy-paste': 12 }), units: [] }))
      .toBe('学时真实性核查发现，并行播放51人、深夜观看不足5人、评论雷同12人，已提示所在单位逐一核实（不作为处理结论）。');
    expect(integritySentence({ summary: summary({ parallel: 0, 'daily-cap': 0, night: 0, marathon: 0, 'copy-paste': 0 }), units: [] })).toBeNull();
    expect(integritySentence({ summary: summary(undefined), units: [] })).toBeNull();
  });
});

describe('markDifferences', () => {
  it('marks the characters the other text lacks, never punctuation', () => {
    const { a, b } = markDifferences('通过学习，深受启发。', '通过学习,深有启发!!');
    expect(a).toEqual([{ text: '通过学习，深', mark: false }, { text: '受', mark: true }, { text: '启发。', mark: false }]);
    expect(b).toEqual([{ text: '通过学习,深', mark: false }, { text: '有', mark: true }, { text: '启发!!', mark: false }]);
  });
});
