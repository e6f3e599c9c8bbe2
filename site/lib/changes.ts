/**
 * 较上期: how a figure moved since the previous drop of the same period (docs/drops.md). Pure: the
 * history's numbers in, a small description out, which components render (arrow + words, so
 * colour and arrow are never the only signal).
 *
 * Changes are measured on the figures as displayed (rates to 0.1 %, hours to 0.01), so a change
 * the reader cannot see in the numbers is 持平, never “↑0.0个百分点”.
 */
import type { GroupDrop, HistoryFile, HistoryDrop } from '../../pipeline/contract/outputs.ts';
import { edition, isExactGroupRate, isExactRate, isSmallCount, type EditionContents } from './edition.ts';

/** What a figure did since the previous drop. */
export type Change =
  /** The period's first drop: nothing to compare with (首次统计). */
  | { readonly kind: 'first' }
  /** The group was not in the previous drop (or had nobody registered there): 新增. */
  | { readonly kind: 'new' }
  | { readonly kind: 'same' }
  | { readonly kind: 'up' | 'down'; readonly amount: number }
  /** Not published (an edition without people): it would tell a count of 1–4 (publishedChange). */
  | { readonly kind: 'hidden' };

export interface ChangeText {
  /** "↑", "↓" or "" (decorative: the words carry the meaning). */
  readonly arrow: string;
  /** "上升" / "下降" (for screen readers and print), "" otherwise. */
  readonly word: string;
  /** "2.3个百分点", "持平", "首次统计", "新增", "3位", "4人". */
  readonly text: string;
  /** The whole thing in words: "较上期上升2.3个百分点". */
  readonly label: string;
  readonly tone: 'up' | 'down' | 'same' | 'first' | 'new';
}

const FIRST: Change = { kind: 'first' };
const NEW: Change = { kind: 'new' };
const HIDDEN: Change = { kind: 'hidden' };

/**
 * 较上期 as the edition may publish it (docs/site.md, small groups): a change is shown only when
 * both figures it is the difference of are published as numbers — `published` says whether they
 * are (countsPublished, isExactRate, isExactGroupRate, for the current and the previous drop).
 * Otherwise it is "—": "↑1人" or "↑3.0个百分点" beside a "<5" would tell what the "<5" hides,
 * and so would 持平 or a direction. 首次统计 and 新增 say nothing about a count and stay.
 */
export function publishedChange(change: Change | null, published: boolean): Change | null {
  if (!change || published || change.kind === 'first' || change.kind === 'new') return change;
  return HIDDEN;
}

/** Whether counts of people (null/undefined: not there) are all published as numbers in the edition. */
export const countsPublished = (counts: readonly (number | null | undefined)[], e: EditionContents = edition()): boolean =>
  counts.every((n) => n === null || n === undefined || !isSmallCount(n, e));

/** A count's change as the edition may publish it: both counts published as numbers. */
export function publicCountChange(now: number, before: number | null | undefined, first = false, e: EditionContents = edition()): Change | null {
  return publishedChange(countChange(now, before, first), countsPublished([now, before], e));
}

/** A rate the pipeline computed, with the count and base it is the ratio of. */
export interface RateOf { readonly rate: number; readonly count: number; readonly of: number }

/** A rate's change (now and before) as the edition may publish it: both rates exact. */
export function publicRateChange(
  now: RateOf, before: RateOf | null | undefined, first = false, e: EditionContents = edition(),
): Change | null {
  const change = rateChange(now.rate, before ? before.rate : before, first);
  return publishedChange(change, isExactRate(now.count, now.of, e) && (!before || isExactRate(before.count, before.of, e)));
}

/** A rate's change in tenths of a percentage point, as the page shows rates (one decimal). */
export function rateChange(now: number, before: number | null | undefined, first = false): Change {
  if (first) return FIRST;
  if (before === null || before === undefined) return NEW;
  const tenths = Math.round(now * 1000) - Math.round(before * 1000);
  return tenths === 0 ? { kind: 'same' } : { kind: tenths > 0 ? 'up' : 'down', amount: Math.abs(tenths) / 10 };
}

/** A count's change (people). */
export function countChange(now: number, before: number | null | undefined, first = false): Change {
  if (first) return FIRST;
  if (before === null || before === undefined) return NEW;
  const d = now - before;
  return d === 0 ? { kind: 'same' } : { kind: d > 0 ? 'up' : 'down', amount: Math.abs(d) };
}

/** Mean hours' change, to the hundredth shown. */
export function hoursChange(now: number, before: number | null | undefined, first = false): Change {
  if (first) return FIRST;
  if (before === null || before === undefined) return NEW;
  const d = Math.round(now * 100) - Math.round(before * 100);
  return d === 0 ? { kind: 'same' } : { kind: d > 0 ? 'up' : 'down', amount: Math.abs(d) / 100 };
}

/**
 * Rank movement: a smaller rank number is a better place, so 5 → 2 is “↑3”. A group unranked
 * before (nobody registered) and ranked now is 新增; unranked now has no movement (null).
 */
export function rankChange(now: number | null, before: number | null | undefined, first = false): Change | null {
  if (now === null) return null;
  if (first) return FIRST;
  if (before === null || before === undefined) return NEW;
  const d = before - now;
  return d === 0 ? { kind: 'same' } : { kind: d > 0 ? 'up' : 'down', amount: Math.abs(d) };
}

const UNITS = { points: '个百分点', people: '人', hours: '学时', places: '位' } as const;
export type ChangeUnit = keyof typeof UNITS;

/** The words of a change: ↑2.3个百分点 (上升), ↓1位 (下降), 持平, 首次统计, 新增. */
export function describeChange(change: Change, unit: ChangeUnit): ChangeText {
  switch (change.kind) {
    case 'first': return { arrow: '', word: '', text: '首次统计', label: '首次统计，无上期数据', tone: 'first' };
    case 'new': return { arrow: '', word: '', text: '新增', label: '上期无此项，本期新增', tone: 'new' };
    case 'hidden': return { arrow: '', word: '', text: '—', label: '人数较少，不公开变化', tone: 'same' };
    case 'same':
      // Ranks that did not move show a dash, as rank tables usually do.
      return unit === 'places'
        ? { arrow: '', word: '', text: '—', label: '名次与上期相同', tone: 'same' }
        : { arrow: '', word: '', text: '持平', label: '与上期持平', tone: 'same' };
    default: {
      const up = change.kind === 'up';
      const amount = unit === 'points' ? change.amount.toFixed(1) : unit === 'hours' ? String(change.amount) : String(change.amount);
      const text = `${amount}${UNITS[unit]}`;
      const word = unit === 'places' ? (up ? '上升' : '下降') : up ? (unit === 'people' || unit === 'hours' ? '增加' : '上升') : (unit === 'people' || unit === 'hours' ? '减少' : '下降');
      return { arrow: up ? '↑' : '↓', word, text, label: `较上期${word}${text}`, tone: change.kind };
    }
  }
}

/** The previous drop's figures for the whole period, or null (first drop). */
export function previousTotals(history: HistoryFile): HistoryDrop | null {
  const prev = history.previous;
  if (!prev) return null;
  return history.drops.find((d) => d.periodId === prev.periodId && d.asOf === prev.asOf) ?? null;
}

/**
 * Looks up a group's (unit's or branch's) figures in the previous drop. `undefined` when there
 * is no previous drop (first), `null` when the group was not in it (new).
 */
export function previousGroups(history: HistoryFile, kind: 'units' | 'branches'): (id: string) => GroupDrop | null | undefined {
  const prev = history.previous;
  if (!prev) return () => undefined;
  // Built once per history and kind: every unit and branch page asks (a province: 14,700 pages × 11,800 branches).
  const cached = previousCache.get(history)?.[kind];
  if (cached) return cached;
  const byId = new Map<string, GroupDrop>();
  const list = kind === 'units' ? history.units.map((u) => [u.unitId, u.drops] as const) : history.branches.map((b) => [b.branchId, b.drops] as const);
  for (const [id, drops] of list) {
    const d = drops.find((x) => x.periodId === prev.periodId && x.asOf === prev.asOf);
    if (d) byId.set(id, d);
  }
  const lookup = (id: string) => byId.get(id) ?? null;
  previousCache.set(history, { ...previousCache.get(history), [kind]: lookup });
  return lookup;
}
const previousCache = new WeakMap<HistoryFile, Partial<Record<'units' | 'branches', (id: string) => GroupDrop | null>>>();

/** A history's unit or branch entries by id (built once per history and kind, like previousGroups). */
function entriesById(history: HistoryFile, kind: 'units' | 'branches'): ReadonlyMap<string, { drops: GroupDrop[] }> {
  let byKind = entriesCache.get(history);
  if (!byKind) entriesCache.set(history, (byKind = {}));
  return (byKind[kind] ??= kind === 'units' ? new Map(history.units.map((u) => [u.unitId, u])) : new Map(history.branches.map((b) => [b.branchId, b])));
}
const entriesCache = new WeakMap<HistoryFile, Partial<Record<'units' | 'branches', ReadonlyMap<string, { drops: GroupDrop[] }>>>>();

/** A group's rate and rank changes, given its previous figures (undefined: first drop). */
export function groupChanges(
  now: { rate: number; rank: number | null; registered: number; qualified: number }, before: GroupDrop | null | undefined, e: EditionContents = edition(),
): { rate: Change | null; rank: Change | null } {
  if (before === undefined) return { rate: now.registered > 0 ? FIRST : null, rank: rankChange(now.rank, null, true) };
  if (now.registered === 0) return { rate: null, rank: null };
  const was = before && before.registered > 0 ? before : null;
  // Ranks are published in both drops (docs/decisions.md: ranks stay), so their movement is too.
  const exact = isExactGroupRate(now.qualified, now.registered, e) && (!was || isExactGroupRate(was.qualified, was.registered, e));
  return { rate: publishedChange(rateChange(now.rate, was?.rate), exact), rank: rankChange(now.rank, was?.rank) };
}

/** The series of one group across drops, with each drop's 第N期 (from the history's drops). */
export function groupSeries(history: HistoryFile, kind: 'units' | 'branches', id: string): (GroupDrop & { ordinal: number })[] {
  const entry = entriesById(history, kind).get(id);
  if (!entry) return [];
  const ordinal = new Map(history.drops.map((d) => [`${d.periodId}\u0000${d.asOf}`, d.ordinal]));
  return entry.drops.map((d) => ({ ...d, ordinal: ordinal.get(`${d.periodId}\u0000${d.asOf}`) ?? 0 }));
}

/**
 * The trend of one group for its page: its drops of the current period's year (the ledger's
 * scope; older years are in the 通报存档), each with 第N期 and the prefecture's rate then.
 */
export function yearTrend(history: HistoryFile, kind: 'units' | 'branches', id: string, yearOf: ReadonlyMap<string, number>): (GroupDrop & { ordinal: number; overall: number })[] {
  const year = yearOf.get(history.current.periodId);
  const overall = new Map(history.drops.map((d) => [`${d.periodId}\u0000${d.asOf}`, d.rate]));
  return groupSeries(history, kind, id)
    .filter((d) => yearOf.get(d.periodId) === year)
    .map((d) => ({ ...d, overall: overall.get(`${d.periodId}\u0000${d.asOf}`) ?? 0 }));
}
