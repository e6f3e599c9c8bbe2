/**
 * history.json (docs/drops.md): every drop's figures in order, each unit's and branch's series, and
 * who qualified since the previous drop. Every number is copied from the drop's own outputs
 * (summary totals, units.json, branches.json) — never recomputed — so history and each drop's
 * 通报 can never disagree.
 */
import type {
  BranchesFile, GroupDrop, HistoryDrop, HistoryFile, OutlookCounts, SummaryFile, UnitsFile,
} from '../contract/outputs.ts';
import { SCHEMA_VERSION } from '../contract/outputs.ts';
import { byCodeUnit } from '../contract/compare.ts';

export interface DropRef {
  readonly periodId: string;
  readonly asOf: string;
}

/** One drop's own outputs, as history needs them. */
export interface DropFigures extends DropRef {
  readonly ordinal: number;
  readonly summary: SummaryFile;
  readonly units: UnitsFile;
  readonly branches: BranchesFile;
}

/** The drop's totals as history.json lists them. */
function dropFigures(d: DropFigures): HistoryDrop {
  const t = d.summary.totals;
  return {
    periodId: d.periodId, asOf: d.asOf, ordinal: d.ordinal,
    registered: t.registered, qualified: t.qualified, excellent: t.excellent, inProgress: t.inProgress,
    failed: t.failed, rate: t.rate, excellentRate: t.excellentRate, avgHours: t.avgHours,
    outlook: d.summary.outlook,
  };
}

type GroupStat = { registered: number; qualified: number; rate: number; excellentRate: number; rank: number | null; outlook: OutlookCounts };

/** Series per group id (sorted by id), each in the order of `drops`, only the drops it appears in. */
function seriesOf<K extends string>(
  drops: readonly DropFigures[], key: K, groupsOf: (d: DropFigures) => readonly (GroupStat & Record<K, string>)[],
): ({ drops: GroupDrop[] } & Record<K, string>)[] {
  const series = new Map<string, GroupDrop[]>();
  for (const d of drops) {
    for (const g of groupsOf(d)) {
      const id = g[key];
      let list = series.get(id);
      if (!list) series.set(id, list = []);
      list.push({ periodId: d.periodId, asOf: d.asOf, registered: g.registered, qualified: g.qualified, rate: g.rate, excellentRate: g.excellentRate, rank: g.rank, outlook: g.outlook });
    }
  }
  return [...series.keys()].sort(byCodeUnit).map((id) => ({ [key]: id, drops: series.get(id)! }) as { drops: GroupDrop[] } & Record<K, string>);
}

/** People in `now` and not in `before` (both sets of personIds), sorted. */
export function qualifiedSince(now: readonly string[], before: readonly string[]): string[] {
  const was = new Set(before);
  return now.filter((id) => !was.has(id)).sort(byCodeUnit);
}

/**
 * history.json. `drops` in docs/ order (the current one last); `previous` the current drop's
 * previous drop; `qualified` the sorted 合格/优秀 personIds of the current and previous drops.
 */
export function historyOf(
  drops: readonly DropFigures[], previous: DropRef | null,
  qualified: { readonly current: readonly string[]; readonly previous: readonly string[] | null },
): HistoryFile {
  const current = drops[drops.length - 1];
  return {
    schemaVersion: SCHEMA_VERSION,
    current: { periodId: current.periodId, asOf: current.asOf },
    previous: previous && { periodId: previous.periodId, asOf: previous.asOf },
    drops: drops.map(dropFigures),
    units: seriesOf(drops, 'unitId', (d) => d.units.units),
    branches: seriesOf(drops, 'branchId', (d) => d.branches.branches),
    newlyQualified: previous && qualified.previous ? qualifiedSince(qualified.current, qualified.previous) : null,
  };
}
