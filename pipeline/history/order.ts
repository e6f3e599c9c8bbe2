/**
 * The order of drops (docs/drops.md): periods by window.start, a period's drops by asOf, numbered
 * 第 1, 2, … 期 within their period. The current drop is the latest drop of the latest period;
 * a drop's previous one is the drop before it in the same period.
 *
 * Where docs/ is silent: a period's attributes (window, year, title, hours) are those of its
 * latest drop (a later period.json corrects an earlier one); two periods starting on the same
 * day are ordered by period id (UTF-16 code-unit order, byCodeUnit), so the order never depends on the file system.
 */
import { byCodeUnit } from '../contract/compare.ts';

export interface DropKey {
  readonly periodId: string;
  readonly asOf: string;
  readonly windowStart: string;
}

export interface Sequence<T extends DropKey> {
  /** Every drop in order. */
  readonly drops: readonly T[];
  /** 第 N 期 of each drop (1-based within its period), by position in `drops`. */
  readonly ordinals: readonly number[];
  /** Each drop's previous drop (position in `drops`), or null for a period's first drop. */
  readonly previous: readonly (number | null)[];
  /** The periods in order, each with the position of its latest drop. */
  readonly periods: readonly { readonly periodId: string; readonly latest: number }[];
  /** Position of the current drop (the last one). */
  readonly current: number;
}

/** The drops in docs/ order; `drops` must not be empty and identities must be unique. */
export function sequenceOf<T extends DropKey>(drops: readonly T[]): Sequence<T> {
  if (drops.length === 0) throw new Error('sequenceOf: no drops');
  const latest = new Map<string, T>();
  for (const d of drops) {
    const l = latest.get(d.periodId);
    if (!l || d.asOf > l.asOf) latest.set(d.periodId, d);
  }
  const periodOrder = [...latest.values()]
    .sort((a, b) => byCodeUnit(a.windowStart, b.windowStart) || byCodeUnit(a.periodId, b.periodId))
    .map((d) => d.periodId);
  const rank = new Map(periodOrder.map((id, i) => [id, i]));
  const ordered = [...drops].sort((a, b) => rank.get(a.periodId)! - rank.get(b.periodId)! || byCodeUnit(a.asOf, b.asOf));
  const ordinals: number[] = [];
  const previous: (number | null)[] = [];
  const periods: { periodId: string; latest: number }[] = [];
  ordered.forEach((d, i) => {
    const first = i === 0 || ordered[i - 1].periodId !== d.periodId;
    ordinals.push(first ? 1 : ordinals[i - 1] + 1);
    previous.push(first ? null : i - 1);
    if (first) periods.push({ periodId: d.periodId, latest: i });
    else periods[periods.length - 1].latest = i;
  });
  return { drops: ordered, ordinals, previous, periods, current: ordered.length - 1 };
}
