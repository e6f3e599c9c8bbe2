/**
 * docs/gate.md `truncated` where no file ends with a line break: comments.csv's order shows the
 * tail a cut lost (ingest/cut-tail.ts) — in person order, many people after the last row
 * watching for a week without a comment; in time order, much of the viewing after (or, newest
 * first, before) the last comment. Hand-made orders and view tables at each boundary.
 */
import { describe, expect, it } from 'vitest';
import type { ViewTable } from '../../pipeline/contract/model.ts';
import { lostTail, MIN_ORDERED_ROWS, RowOrder } from '../../pipeline/ingest/cut-tail.ts';

const DAY = 86400;
const T0 = 1_579_000_000; // mid-January 2020

/** Each person's views, one [start, start + 600) on each of their days after T0; null: none. */
function views(days: readonly (readonly number[] | null)[]): ViewTable {
  const starts = days.flatMap((d) => (d ?? []).map((x) => T0 + x * DAY));
  const offsets = new Int32Array(days.length + 1);
  let k = 0;
  days.forEach((d, i) => { k += d?.length ?? 0; offsets[i + 1] = k; });
  return { course: new Int32Array(starts.length), start: Float64Array.from(starts), end: Float64Array.from(starts.map((s) => s + 600)), offsets };
}

/** Comments of people 0 … last (one each, `perPerson` times), in person order, times rising. */
function byPerson(last: number, perPerson = 1): RowOrder {
  const o = new RowOrder();
  for (let p = 0; p <= last; p++) for (let j = 0; j < perPerson; j++) o.see(p, T0 + (p % 7) * DAY + j);
  return o;
}

describe('comments.csv in person order', () => {
  // 400 people who all watch from one of the first 10 days on, to day 20 (the drop's latest view).
  const all = views(Array.from({ length: 400 }, (_, i) => [i % 10, 20]));

  it('a complete file: its last row is the last person who watches, nobody after it', () => {
    expect(lostTail(byPerson(399), all)).toBeNull();
  });

  it('the file cut at person 300: 99 people after it watching for a week and more without a comment', () => {
    const said = lostTail(byPerson(300), all);
    expect(said).toContain('按人员编号排列');
    expect(said).toMatch(/最后一行之后的 \d+ 人（占有观看记录者 400 人的 [\d.]+%）已观看 7 天以上，却没有一条评论/);
  });

  it('the floor: fewer than 20 such people, or fewer than 5 % of those who watch, say nothing', () => {
    // After person 380: 19 people.
    expect(lostTail(byPerson(380), all)).toBeNull();
    expect(lostTail(byPerson(379), all)).not.toBeNull();
    // 2,000 watchers, 25 after the last row, each for weeks: 20 or more, but 1.25 % < 5 %.
    const many = views(Array.from({ length: 2000 }, (_, i) => (i < 1975 ? [20] : [0, 20])));
    expect(lostTail(byPerson(1974), many)).toBeNull();
    // 300 watchers, the last 20 for weeks: 20 and 6.7 %.
    const some = views(Array.from({ length: 300 }, (_, i) => (i < 280 ? [20] : [0, 20])));
    expect(lostTail(byPerson(279), some)).not.toBeNull();
  });

  it('a batch registered late, watching only since the last days, is not a lost tail (they have not commented yet)', () => {
    const late = views(Array.from({ length: 400 }, (_, i) => (i < 300 ? [0, 20] : [18, 20])));
    expect(lostTail(byPerson(299), late)).toBeNull();
  });

  it(`people without any view after the last row are no sign; neither is a file of fewer than ${MIN_ORDERED_ROWS} rows`, () => {
    const idle = views(Array.from({ length: 400 }, (_, i) => (i <= 300 ? [i % 10, 20] : null)));
    expect(lostTail(byPerson(300), idle)).toBeNull();
    expect(lostTail(byPerson(MIN_ORDERED_ROWS - 2), all)).toBeNull();
    expect(lostTail(byPerson(MIN_ORDERED_ROWS - 1), all)).not.toBeNull();
  });

  it('a file in no order (a person back again later) is not judged by person', () => {
    const o = byPerson(300);
    o.see(5, T0);
    expect(lostTail(o, all)).toBeNull();
  });
});

describe('comments.csv in time order', () => {
  // 400 views, one a day-twentieth apart over 20 days.
  const all = views(Array.from({ length: 400 }, (_, i) => [i / 20]));
  const inTime = (times: readonly number[]) => {
    const o = new RowOrder();
    times.forEach((t, i) => o.see((i * 37) % 400, t)); // people in no order
    return o;
  };

  it('oldest first, complete: the last comment is as late as the viewing', () => {
    expect(lostTail(inTime(Array.from({ length: 200 }, (_, i) => T0 + (i / 10) * DAY + 700)), all)).toBeNull();
  });

  it('oldest first, cut on day 15: a quarter of the viewing after the last comment', () => {
    const said = lostTail(inTime(Array.from({ length: 150 }, (_, i) => T0 + (i / 10) * DAY)), all);
    expect(said).toContain('按评论时间从早到晚排列');
    expect(said).toMatch(/观看记录中有 \d+ 条（[\d.]+%）在此之后/);
  });

  it('newest first, cut: the viewing before the earliest comment read', () => {
    const said = lostTail(inTime(Array.from({ length: 150 }, (_, i) => T0 + (20 - i / 10) * DAY)), all);
    expect(said).toContain('从晚到早');
    expect(said).toContain('在此之前');
  });

  it('the last hours of viewing after the last comment (under 5 %) are no sign', () => {
    expect(lostTail(inTime(Array.from({ length: 200 }, (_, i) => T0 + (i / 10.2) * DAY)), all)).toBeNull();
  });
});
