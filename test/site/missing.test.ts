import { describe, expect, it } from 'vitest';
import type { PersonResult } from '../../pipeline/contract/outputs.ts';
import { bookTitle, followUpList, lackText, missingParts } from '../../site/lib/missing.ts';

const titles: Record<string, string> = { C1: '学习纲要导读', C2: '四中全会决定辅导', C3: '三个白皮书', C4: '两会精神', C5: '百问' };
const titleOf = (id: string) => titles[id] ?? id;

function person(over: Omit<Partial<PersonResult>, 'missing'> & { missing?: Partial<PersonResult['missing']> } = {}): PersonResult {
  const base: PersonResult = {
    personId: 'P1', name: '张伟', category: '党员', unitId: 'U1', branchId: 'B1', role: '', registeredOn: '2020-01-15',
    deadline: '2020-02-23',
    online: { hours: 0, exempt: false, coursesRequired: 3, coursesWatched: 0, coursesCommented: 0, creditedMinutes: 0 },
    offline: { hours: 2, sessions: 1, selfStudy: true }, totalHours: 2,
    reports: { counted: 1, required: 2, recommended: 0 }, grade: '进行中', qualifiedOn: null,
    missing: { watch: [], comment: [], offlineHours: 0, reports: 0 },
  };
  return { ...base, ...over, missing: { ...base.missing, ...over.missing } };
}

describe('还差 wording', () => {
  it('names the courses to watch and comment, offline hours and reports, in that order', () => {
    const p = person({ missing: { watch: ['C1'], comment: ['C1', 'C2'], offlineHours: 2, reports: 1 } });
    expect(lackText(p, titleOf, 8)).toBe('还差：观看《学习纲要导读》、评论《学习纲要导读》《四中全会决定辅导》、线下 2 学时、报告 1 篇');
  });

  it('writes fractional hours without trailing zeros', () => {
    expect(missingParts(person({ missing: { offlineHours: 1.5 } }), titleOf, 8)).toEqual(['线下 1.5 学时']);
  });

  it('says "全部 N 门" when every one of many required courses is open', () => {
    const all = ['C1', 'C2', 'C3', 'C4', 'C5'];
    const p = person({ online: { ...person().online, coursesRequired: 5 }, missing: { watch: all, comment: all } });
    expect(lackText(p, titleOf, 8)).toBe('还差：观看全部 5 门必修课件、评论全部 5 门必修课件');
  });

  it('names three courses and counts the rest', () => {
    const p = person({ online: { ...person().online, coursesRequired: 9 }, missing: { watch: ['C1', 'C2', 'C3', 'C4'] } });
    expect(missingParts(p, titleOf, 8)).toEqual(['观看《学习纲要导读》《四中全会决定辅导》《三个白皮书》等 4 门课件']);
  });

  it('nests book-title marks as Chinese typography does', () => {
    expect(bookTitle('《习近平新时代中国特色社会主义思想学习纲要》导读')).toBe('《〈习近平新时代中国特色社会主义思想学习纲要〉导读》');
  });

  it('says 已完成 for a qualified person', () => {
    expect(lackText(person({ grade: '合格', totalHours: 8 }), titleOf, 8)).toBe('已完成');
    expect(lackText(person({ grade: '优秀', totalHours: 8 }), titleOf, 8)).toBe('已完成');
  });

  it('falls back to the hours short when no item is named', () => {
    expect(lackText(person({ totalHours: 6.5 }), titleOf, 8)).toBe('还差：学时 1.5 学时');
  });

  it('keeps markup in titles as text (escaping is the page’s job, not mangling)', () => {
    expect(missingParts(person({ missing: { watch: ['<b>'] } }), titleOf, 8)).toEqual(['观看《<b>》']);
  });
});

describe('督学 list', () => {
  it('lists only people not yet qualified, those lacking most first', () => {
    const people = [
      person({ personId: 'A', totalHours: 7, missing: { offlineHours: 1 } }),
      person({ personId: 'B', grade: '合格', totalHours: 8 }),
      person({ personId: 'C', totalHours: 0, missing: { watch: ['C1'], offlineHours: 4, reports: 2 } }),
      person({ personId: 'D', totalHours: 7, missing: { offlineHours: 1, reports: 1 } }),
      person({ personId: 'E', grade: '不合格', totalHours: 4, missing: { offlineHours: 4 } }),
    ];
    expect(followUpList(people, 8).map((p) => p.personId)).toEqual(['C', 'E', 'D', 'A']);
  });

  it('breaks ties by the earlier deadline, then personId', () => {
    const people = [
      person({ personId: 'B', totalHours: 4 }),
      person({ personId: 'A', totalHours: 4, deadline: '2020-03-23' }),
      person({ personId: 'C', totalHours: 4 }),
    ];
    expect(followUpList(people, 8).map((p) => p.personId)).toEqual(['B', 'C', 'A']);
  });
});
