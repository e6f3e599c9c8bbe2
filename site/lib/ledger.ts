/**
 * 年度学时: counts over ledger.json for the /year/ page and the people tables. Pure. The
 * ledger itself (credited and remaining hours, 重新学习) is the pipeline's; the site only
 * counts its rows per unit.
 */
import type { LedgerFile } from '../../pipeline/contract/outputs.ts';
import { byCodeUnit } from '../../pipeline/contract/compare.ts';
import { pageLimit } from './paging.ts';

export type LedgerPerson = LedgerFile['people'][number];

export interface UnitYear {
  readonly unitId: string;
  /** People of the unit registered in any period of the year (their latest period's unit). */
  readonly registered: number;
  /** yearHours ≥ annualRequiredHours. */
  readonly reached: number;
  /** Not there yet, but with the hours the year's finished periods could give (on track). */
  readonly onTrack: number;
  /** Behind the year so far: fewer hours than the finished periods could give. */
  readonly behind: number;
  /** reached / registered, 0 without anyone. */
  readonly rate: number;
  /** People with at least one period graded 不合格. */
  readonly restudy: number;
  /** Σ other training hours (other_training.csv) of the unit's people. */
  readonly otherHours: number;
}

/** A person's hours of the year: the periods' credited hours and their other training. */
export const yearHours = (p: LedgerPerson) => p.creditedHours + (p.otherHours ?? 0);

/** Whether a person has this year's hours (other training counts: 全年须完成学习培训不少于32个学时). */
export const reachedAnnual = (ledger: LedgerFile, p: LedgerPerson) => yearHours(p) >= ledger.annualRequiredHours;

/**
 * The hours the year so far asks for: Σ requiredHours of the year's periods that have ended. A
 * period still running (the current one, before its last day has passed) is not yet expected —
 * nobody can have its hours before it is graded. `running` is that period's id, or null.
 */
export function expectedSoFar(ledger: LedgerFile, running: string | null): number {
  return ledger.periods.reduce((s, p) => s + (p.periodId === running ? 0 : p.requiredHours), 0);
}

/**
 * What the year so far asks of one person: the hours of the ended periods they were registered
 * in (someone registered first in the second period is not behind for the first).
 */
export function personExpected(ledger: LedgerFile, p: LedgerPerson, running: string | null): number {
  const hoursOf = new Map(ledger.periods.map((x) => [x.periodId, x.requiredHours]));
  return p.periods.reduce((s, x) => s + (x.periodId === running ? 0 : hoursOf.get(x.periodId) ?? 0), 0);
}

export type YearStatus = 'reached' | 'onTrack' | 'behind';

/** Where a person stands: has the year's hours, keeps pace with the periods held, or is behind. */
export function yearStatus(ledger: LedgerFile, p: LedgerPerson, running: string | null): YearStatus {
  const h = yearHours(p);
  return h >= ledger.annualRequiredHours ? 'reached' : h >= personExpected(ledger, p, running) ? 'onTrack' : 'behind';
}

/**
 * The year's period still running (its window not yet over on the current drop's asOf), whose
 * hours nobody is expected to have yet; null when every period of the ledger has ended.
 */
export function runningPeriod(d: { readonly ledger: LedgerFile | null; readonly period: { readonly id: string; readonly window: { readonly end: string } }; readonly asOf: string }): string | null {
  const current = d.period;
  return d.ledger && d.asOf <= current.window.end && d.ledger.periods.some((p) => p.periodId === current.id) ? current.id : null;
}

/** Per unit (sorted by unitId): registered, reached the annual hours, on track, behind, rate, people to re-study, other hours. */
export function yearByUnit(ledger: LedgerFile, running: string | null = null): UnitYear[] {
  const byUnit = new Map<string, { registered: number; reached: number; onTrack: number; behind: number; restudy: number; otherHours: number }>();
  for (const p of ledger.people) {
    const u = byUnit.get(p.unitId) ?? { registered: 0, reached: 0, onTrack: 0, behind: 0, restudy: 0, otherHours: 0 };
    u.registered++;
    u[yearStatus(ledger, p, running)]++;
    if (p.restudy.length > 0) u.restudy++;
    u.otherHours += p.otherHours ?? 0;
    byUnit.set(p.unitId, u);
  }
  return [...byUnit].sort((a, b) => byCodeUnit(a[0], b[0])).map(([unitId, u]) => ({
    unitId, registered: u.registered, reached: u.reached, onTrack: u.onTrack, behind: u.behind,
    rate: u.registered ? u.reached / u.registered : 0, restudy: u.restudy, otherHours: Math.round(u.otherHours * 100) / 100,
  }));
}

/** The 重新学习 list: people with a period graded 不合格, by unit, branch, then personId. */
export function restudyList(ledger: LedgerFile): LedgerPerson[] {
  return ledger.people
    .filter((p) => p.restudy.length > 0)
    .sort((a, b) => byCodeUnit(a.unitId, b.unitId) || byCodeUnit(a.branchId, b.branchId) || byCodeUnit(a.personId, b.personId));
}

const restudyIndexes = new WeakMap<LedgerFile, Map<string, LedgerPerson[]>>();

/** One unit's part of restudyList (same order); the list is split once per ledger (a page per unit reads it). */
export function restudyOf(ledger: LedgerFile, unitId: string): LedgerPerson[] {
  let index = restudyIndexes.get(ledger);
  if (!index) {
    index = new Map();
    for (const p of restudyList(ledger)) (index.get(p.unitId) ?? index.set(p.unitId, []).get(p.unitId)!).push(p);
    restudyIndexes.set(ledger, index);
  }
  return index.get(unitId) ?? [];
}

/** How many people have each number of credited hours, ascending (0, 8, 16 …). */
export function creditedDistribution(ledger: LedgerFile): { hours: number; people: number }[] {
  const counts = new Map<number, number>();
  for (const p of ledger.people) counts.set(p.creditedHours, (counts.get(p.creditedHours) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]).map(([hours, people]) => ({ hours, people }));
}

/** The most hours the year's periods so far can credit (Σ requiredHours). */
export const creditableSoFar = (ledger: LedgerFile) => ledger.periods.reduce((s, p) => s + p.requiredHours, 0);

const indexes = new WeakMap<LedgerFile, { units: Map<string, LedgerPerson[]>; branches: Map<string, LedgerPerson[]> }>();

/** The ledger's people of one unit or branch (their latest period's), in personId order; indexed once per ledger. */
export function ledgerPeopleOf(ledger: LedgerFile, kind: 'units' | 'branches', id: string): LedgerPerson[] {
  let index = indexes.get(ledger);
  if (!index) {
    index = { units: new Map(), branches: new Map() };
    for (const p of ledger.people) {
      (index.units.get(p.unitId) ?? index.units.set(p.unitId, []).get(p.unitId)!).push(p);
      (index.branches.get(p.branchId) ?? index.branches.set(p.branchId, []).get(p.branchId)!).push(p);
    }
    indexes.set(ledger, index);
  }
  return index[kind].get(id) ?? [];
}

/** Whether the 重新学习 list is too long for /year/ and goes to one list per unit (year/restudy/<unit>/, paging.ts). */
export function restudyListSplit(ledger: LedgerFile): boolean {
  return restudyList(ledger).length > pageLimit('restudy');
}
