/**
 * units.json and branches.json: per unit and per branch tallies, ranks and coverage gaps.
 */
import type { Branch, Unit } from '../contract/model.ts';
import type { BranchStat, Funnel, OutlookCounts, PersonResult, UnitStat } from '../contract/outputs.ts';

/** A group's 大数据分析 counts (pipeline/analysis/), by id: the funnel and the 预警. */
export type GroupAnalysis = (id: string) => { readonly funnel: Funnel; readonly outlook: OutlookCounts };
import { addPerson, type Counts, emptyCounts, ranks, tallyOf } from './tally.ts';

export function unitStats(units: readonly Unit[], branches: readonly Branch[], people: readonly PersonResult[], analysis: GroupAnalysis): UnitStat[] {
  const counts = new Map<string, Counts & { members: number; nonMembers: number }>();
  for (const u of units) counts.set(u.unitId, { ...emptyCounts(), members: 0, nonMembers: 0 });
  for (const p of people) {
    const c = counts.get(p.unitId)!;
    addPerson(c, p);
    if (p.category === '党员') c.members++; else c.nonMembers++;
  }
  const branchCount = new Map<string, number>();
  for (const b of branches) branchCount.set(b.unitId, (branchCount.get(b.unitId) ?? 0) + 1);
  const all = units.map((u) => counts.get(u.unitId)!);
  const rank = ranks(all);
  return units.map((u, i) => ({
    unitId: u.unitId,
    unitName: u.unitName,
    parent: u.parent,
    branchCount: branchCount.get(u.unitId) ?? 0,
    ...tallyOf(all[i]),
    members: all[i].members,
    nonMembers: all[i].nonMembers,
    rank: rank[i],
    ...analysis(u.unitId),
  }));
}

export function branchStats(branches: readonly Branch[], people: readonly PersonResult[], sessionsHeld: ReadonlyMap<string, number>, analysis: GroupAnalysis): BranchStat[] {
  const counts = new Map<string, Counts>();
  for (const b of branches) counts.set(b.branchId, emptyCounts());
  for (const p of people) addPerson(counts.get(p.branchId)!, p);
  const all = branches.map((b) => counts.get(b.branchId)!);
  const rank = ranks(all);
  return branches.map((b, i) => ({
    branchId: b.branchId,
    branchName: b.branchName,
    unitId: b.unitId,
    convener: b.convener,
    ...tallyOf(all[i]),
    sessionsHeld: sessionsHeld.get(b.branchId) ?? 0,
    rank: rank[i],
    ...analysis(b.branchId),
  }));
}

/** 应培尽培: the ids of groups with nobody registered. */
export function coverageGaps<T extends { registered: number }>(stats: readonly T[], id: (s: T) => string): string[] {
  return stats.filter((s) => s.registered === 0).map(id);
}
