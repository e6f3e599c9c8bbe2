import { describe, expect, it } from 'vitest';
import { GRADES, isQualifiedGrade } from '../../pipeline/contract/outputs.ts';
import { evaluatePerson } from '../../pipeline/rules/person.ts';
import { completeMember, dataset, THREE_SESSIONS } from '../helpers/model.ts';

const grade = (p: Parameters<typeof dataset>[0]['people'][number], asOf = '02-24') =>
  evaluatePerson(dataset({ sessions: THREE_SESSIONS, asOf, people: [p] }), 0).result;

describe('grade', () => {
  it('合格: 8 hours and both reports', () => {
    const r = grade(completeMember());
    expect(r.totalHours).toBe(8);
    expect(r.grade).toBe('合格');
  });
  it('优秀: qualified with at least one recommended counted report', () => {
    expect(grade(completeMember({ reports: [{ submitted: '01-31 10:00', verdict: '推荐' }, { submitted: '02-20 10:00' }] })).grade).toBe('优秀');
  });
  it('a recommended report does not lift an unqualified person', () => {
    expect(grade(completeMember({ selfStudy: [], reports: [{ submitted: '01-31 10:00', verdict: '推荐' }, { submitted: '02-20 10:00' }] }), '02-23').grade).toBe('进行中');
  });
  it('进行中 while asOf is on or before the deadline day', () => {
    expect(grade(completeMember({ selfStudy: [] }), '02-23').grade).toBe('进行中');
  });
  it('不合格 (须重新学习) once asOf is after the deadline day', () => {
    expect(grade(completeMember({ selfStudy: [] }), '02-24').grade).toBe('不合格');
  });
  it('an extension keeps a person 进行中 after window.end', () => {
    expect(grade(completeMember({ selfStudy: [], extensions: ['03-10'] }), '02-24').grade).toBe('进行中');
  });
  it('8 hours with one report short is not qualified', () => {
    expect(grade(completeMember({ reports: [{ submitted: '01-31 10:00' }] })).grade).toBe('不合格');
  });
});

describe('missing (还差)', () => {
  it('lists courses not watched, not commented, offline hours and reports short', () => {
    const r = grade({ views: [['C1', '01-14 09:00', '01-14 09:30']], comments: [['C2', '01-14 12:00', '学习纲要导读讲得透彻，很有启发']], attendance: ['S1'] }, '02-01');
    expect(r.missing).toEqual({ watch: ['C2'], comment: ['C1'], offlineHours: 3, reports: 2 });
    expect(r.grade).toBe('进行中');
  });
  it('is empty for a qualified person', () => {
    expect(grade(completeMember()).missing).toEqual({ watch: [], comment: [], offlineHours: 0, reports: 0 });
  });
});

describe('qualifiedOn', () => {
  it('is the first day on which every condition held', async () => {
    const { qualifiedOn } = await import('../../pipeline/rules/qualified-on.ts');
    const { evaluatePerson } = await import('../../pipeline/rules/person.ts');
    const data = dataset({ sessions: THREE_SESSIONS, people: [completeMember(), completeMember({ selfStudy: [] })] });
    // Last piece: the second report, submitted 02-20.
    expect(qualifiedOn(data, 0, evaluatePerson(data, 0))).toBe('2020-02-20');
    expect(qualifiedOn(data, 1, evaluatePerson(data, 1))).toBeNull();
  });
});

describe('isQualifiedGrade', () => {
  it('合格 and 优秀 are qualified; 进行中 and 不合格 are not', () => {
    expect(GRADES.filter(isQualifiedGrade)).toEqual(['优秀', '合格']);
  });
});
