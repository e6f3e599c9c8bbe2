import { describe, expect, it } from 'vitest';
import { parallelCoursesOf } from '../../pipeline/rules/online.ts';
import { evaluatePerson } from '../../pipeline/rules/person.ts';
import { course, dataset, FULL_VIEWS, GOOD_COMMENTS } from '../helpers/model.ts';

const credited = (views: [string, string, string][], opts: { asOf?: string; extensions?: string[]; courses?: ReturnType<typeof course>[] } = {}) => {
  const data = dataset({ courses: opts.courses, asOf: opts.asOf, people: [{ views, extensions: opts.extensions }] });
  const ev = evaluatePerson(data, 0);
  return { seconds: [...ev.sweep.credited], ev, data };
};

describe('online: the wall-clock credit sweep', () => {
  it('a replay of the same minutes is credited once', () => {
    const { seconds } = credited([['C1', '01-14 09:00', '01-14 09:10'], ['C1', '01-14 09:00', '01-14 09:10'], ['C1', '01-14 09:05', '01-14 09:10']]);
    expect(seconds[0]).toBe(600);
  });
  it('overlapping heartbeats of one course credit their union', () => {
    const { seconds } = credited([['C1', '01-14 09:00', '01-14 09:10'], ['C1', '01-14 09:08', '01-14 09:20']]);
    expect(seconds[0]).toBe(1200);
  });
  it('parallel playback of two courses credits only one (the earlier-ordered) and is measured', () => {
    const { seconds, ev, data } = credited([['C1', '01-14 09:00', '01-14 09:30'], ['C2', '01-14 09:10', '01-14 09:30']]);
    expect(seconds).toEqual([1800, 0]);
    expect(ev.sweep.parallelSeconds).toBe(1200);
    expect(parallelCoursesOf(data.views, 0, ev.range)).toEqual([0, 1]);
  });
  it('segments starting together are ordered by course_id, then ended_at', () => {
    const { seconds } = credited([['C2', '01-14 09:00', '01-14 09:20'], ['C1', '01-14 09:00', '01-14 09:10']]);
    // C1 comes first (course_id order) and takes 09:00–09:10; C2 gets only 09:10–09:20.
    expect(seconds).toEqual([600, 600]);
  });
  it('a later segment is credited only beyond what earlier ones covered, whatever their course', () => {
    const { seconds } = credited([['C1', '01-14 09:00', '01-14 09:30'], ['C2', '01-14 09:20', '01-14 09:40']]);
    expect(seconds).toEqual([1800, 600]);
  });
  it('credited seconds of a course are capped at its duration', () => {
    const { seconds } = credited([['C2', '01-14 09:00', '01-14 10:00']]);
    expect(seconds[1]).toBe(1200);
  });
  it('is clipped at the window start', () => {
    const { seconds, ev } = credited([['C1', '01-12 23:50', '01-13 00:10'], ['C2', '01-10 09:00', '01-10 09:20']]);
    expect(seconds).toEqual([600, 0]);
    expect(ev.sweep.outside).toBe(1);
  });
  it('is clipped at the deadline (00:00 after window.end)', () => {
    const { seconds } = credited([['C1', '02-23 23:55', '02-24 00:30']], { asOf: '03-30' });
    expect(seconds[0]).toBe(300);
  });
  it('an extension moves the deadline clip', () => {
    const { seconds } = credited([['C1', '02-23 23:55', '02-24 00:30']], { asOf: '03-30', extensions: ['03-01'] });
    expect(seconds[0]).toBe(1800);
  });
  it('is clipped at 00:00 after asOf', () => {
    const { seconds } = credited([['C1', '02-01 23:50', '02-02 00:20']], { asOf: '02-01' });
    expect(seconds[0]).toBe(600);
  });
  it('clipping does not reorder: ties are decided on the original start times', () => {
    // C2 started earlier (before the window) so it is ordered first and covers 00:00–00:10.
    const { seconds } = credited([['C2', '01-12 23:00', '01-13 00:10'], ['C1', '01-13 00:00', '01-13 00:10']]);
    expect(seconds).toEqual([0, 600]);
  });
  it('splitting can move credit between parallel courses: the new start reorders a tie (docs/\'s order rule)', () => {
    // C2 09:00–09:20 and C1 09:10–09:20 play in parallel: C2 is first and takes everything.
    const whole = credited([['C2', '01-14 09:00', '01-14 09:20'], ['C1', '01-14 09:10', '01-14 09:20']]).seconds;
    expect(whole).toEqual([0, 1200]);
    // Split C2 at 09:10: at the tie 09:10, C1 (lower course id) now comes first.
    const split = credited([['C2', '01-14 09:00', '01-14 09:10'], ['C2', '01-14 09:10', '01-14 09:20'], ['C1', '01-14 09:10', '01-14 09:20']]).seconds;
    expect(split).toEqual([600, 600]);
    // The person's total credited time is the same either way.
    expect(split[0] + split[1]).toBe(whole[0] + whole[1]);
  });
  it('splitting a segment into two adjacent ones credits the same seconds', () => {
    const whole = credited([['C1', '01-14 09:00', '01-14 09:27']]).seconds;
    const split = credited([['C1', '01-14 09:00', '01-14 09:13:20'], ['C1', '01-14 09:13:20', '01-14 09:27']]).seconds;
    expect(split).toEqual(whole);
  });
});

describe('online: watched and commented thresholds', () => {
  it('27:00 of a 30-minute course at 0.9 is watched; 26:59 is not', () => {
    const yes = credited([['C1', '01-14 09:00', '01-14 09:27']]).ev;
    expect(yes.watched.has(0)).toBe(true);
    const no = credited([['C1', '01-14 09:00', '01-14 09:26:59']]).ev;
    expect(no.watched.has(0)).toBe(false);
  });
  it('the inclusive threshold holds where the product carries floating-point fuzz (0.1 × 3 × 600)', () => {
    const period = { ...dataset({ people: [] }).period, online: { hours: 4, watchRatio: 0.1, minCommentChars: 10 } };
    const data = dataset({ period, courses: [course('C1', 30)], people: [{ views: [['C1', '01-14 09:00', '01-14 09:03']] }] });
    // 0.1 × 1800 = 180.00000000000003 in floating point; 180 credited seconds must count.
    expect(evaluatePerson(data, 0).watched.has(0)).toBe(true);
  });
  it('a comment counts from minCommentChars Unicode characters after trimming', () => {
    const nine = '一二三四五六七八九';
    const data = dataset({
      people: [
        { comments: [['C1', '01-14 12:00', `  ${nine}十  `]] },
        { comments: [['C1', '01-14 12:00', `  ${nine}  `]] },
        // 𠮷 is one character but two UTF-16 units: nine of them plus one is ten characters.
        { comments: [['C1', '01-14 12:00', '𠮷'.repeat(9) + '好']] },
      ],
    });
    expect(evaluatePerson(data, 0).commented.has(0)).toBe(true);
    expect(evaluatePerson(data, 1).commented.has(0)).toBe(false);
    expect(evaluatePerson(data, 2).commented.has(0)).toBe(true);
  });
  it('a comment outside the range does not count', () => {
    const data = dataset({ people: [{ comments: [['C1', '01-12 12:00', '认真学习了四中全会精神收获很大']] }] });
    const ev = evaluatePerson(data, 0);
    expect(ev.commented.size).toBe(0);
    expect(ev.outsideComments).toBe(1);
  });
});

describe('online hours: all or nothing', () => {
  it('every required course watched and commented gives online.hours', () => {
    const r = evaluatePerson(dataset({ people: [{ views: FULL_VIEWS, comments: GOOD_COMMENTS }] }), 0).result;
    expect(r.online).toMatchObject({ hours: 4, exempt: false, coursesRequired: 2, coursesWatched: 2, coursesCommented: 2, creditedMinutes: 50 });
  });
  it('one required course not commented gives 0', () => {
    const r = evaluatePerson(dataset({ people: [{ views: FULL_VIEWS, comments: [GOOD_COMMENTS[0]] }] }), 0).result;
    expect(r.online.hours).toBe(0);
    expect(r.missing.comment).toEqual(['C2']);
    expect(r.missing.watch).toEqual([]);
  });
  it('an optional course is not needed', () => {
    const courses = [course('C1', 30), course('C2', 20), course('C3', 10, false)];
    const r = evaluatePerson(dataset({ courses, people: [{ views: FULL_VIEWS, comments: GOOD_COMMENTS }] }), 0).result;
    expect(r.online.hours).toBe(4);
    expect(r.online.coursesRequired).toBe(2);
  });
  it('a party-school pass is exempt: online.hours without any viewing, nothing missing online', () => {
    const r = evaluatePerson(dataset({ people: [{ exempt: true }] }), 0).result;
    expect(r.online.hours).toBe(4);
    expect(r.online.exempt).toBe(true);
    expect(r.missing.watch).toEqual([]);
    expect(r.missing.comment).toEqual([]);
  });
  it('credited minutes sum all courses, each capped, to two decimals', () => {
    const r = evaluatePerson(dataset({ people: [{ views: [['C1', '01-14 09:00', '01-14 09:10:10'], ['C2', '01-14 10:00', '01-14 11:00']] }] }), 0).result;
    expect(r.online.creditedMinutes).toBe(30.17);
  });
});
