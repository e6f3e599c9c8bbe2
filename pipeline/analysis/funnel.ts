/**
 * 完成漏斗 (docs/analysis.md): where people stop. Each stage holds the people of the one before who also
 * passed it, so a stage never counts more than the one before, whatever period.json says.
 */
import { FUNNEL_STAGES, type Funnel, type PersonResult } from '../contract/outputs.ts';

/** How far one person got: the number of stages passed after `registered` (0–5). */
export function funnelDepth(p: PersonResult, started: boolean, onlineHours: number): number {
  const passed = [
    started || p.online.exempt,
    p.online.exempt || p.online.hours >= onlineHours,
    p.missing.offlineHours === 0,
    p.grade === '合格' || p.grade === '优秀',
    p.grade === '优秀',
  ];
  let depth = 0;
  while (depth < passed.length && passed[depth]) depth++;
  return depth;
}

export function emptyFunnel(): Funnel {
  return { registered: 0, started: 0, onlineMet: 0, onlineOfflineMet: 0, qualified: 0, excellent: 0 };
}

/** Counts a person of depth `depth` into `f` (registered and the `depth` stages after it). */
export function addToFunnel(f: Funnel, depth: number): void {
  for (let k = 0; k <= depth; k++) f[FUNNEL_STAGES[k]]++;
}
