/**
 * 大数据分析 on the site (docs/analysis.md; docs/analysis.md): the words and rows of the funnel, the
 * 预警 counts and the rhythm of study, for the overview, unit, branch and /analysis/ pages.
 * Every number comes from the pipeline's outputs; nothing is recomputed but shares of them.
 */
import { FUNNEL_STAGES, OUTLOOK_STATES, type Funnel, type OutlookCounts, type OutlookState, type RhythmFile } from '../../pipeline/contract/outputs.ts';
import { isSmallCount, isSmallGroup, publicCount, type EditionContents } from './edition.ts';
import { pct } from './format.ts';

export const FUNNEL_LABELS: Record<(typeof FUNNEL_STAGES)[number], string> = {
  registered: '注册参学',
  started: '已开始学习',
  onlineMet: '网上学习达标',
  onlineOfflineMet: '网上线下均达标',
  qualified: '合格',
  excellent: '优秀',
};

/** The funnel's stages in order: label, people, share of the registered, share of the stage before. */
export function funnelRows(f: Funnel): { stage: string; label: string; people: number; ofRegistered: number; ofPrevious: number }[] {
  return FUNNEL_STAGES.map((stage, i) => {
    const before = i === 0 ? f.registered : f[FUNNEL_STAGES[i - 1]];
    return { stage, label: FUNNEL_LABELS[stage], people: f[stage], ofRegistered: f.registered ? f[stage] / f.registered : 0, ofPrevious: before ? f[stage] / before : 0 };
  });
}

/**
 * The stage where most people of the stage before stop (the funnel's widest loss), or null; `ends`
 * are the two stages' counts (the number lost is told only when both are: lossWords).
 */
export function widestLoss(f: Funnel): { from: string; to: string; lost: number; share: number; ends: [number, number] } | null {
  let best: { from: string; to: string; lost: number; share: number; ends: [number, number] } | null = null;
  // Up to 合格: 优秀 is a distinction, not a step everyone must take.
  for (let i = 1; i < FUNNEL_STAGES.length - 1; i++) {
    const before = f[FUNNEL_STAGES[i - 1]], now = f[FUNNEL_STAGES[i]];
    const lost = before - now;
    if (lost > 0 && (!best || lost > best.lost)) best = { from: FUNNEL_LABELS[FUNNEL_STAGES[i - 1]], to: FUNNEL_LABELS[FUNNEL_STAGES[i]], lost, share: lost / before, ends: [before, now] };
  }
  return best;
}

/** "1,194 人" — or nothing when a stage it is the difference of is hidden ("<5", edition.ts): it would come back. */
export function lossWords(loss: { lost: number; ends: [number, number] }, e: EditionContents): string {
  return isSmallCount(loss.ends[0], e) || isSmallCount(loss.ends[1], e) ? '' : `：${publicCount(loss.lost, e)} 人`;
}

export const OUTLOOK_KEYS: Record<OutlookState, keyof OutlookCounts> = { 难以按期完成: 'unlikely', 需加快: 'behind', 按期可完成: 'onPace' };
export const OUTLOOK_COLORS: Record<OutlookState, string> = { 难以按期完成: '#c0392b', 需加快: '#e0a526', 按期可完成: '#5aa469' };
export const OUTLOOK_ORDER = OUTLOOK_STATES;

export const outlookTotal = (c: OutlookCounts) => c.unlikely + c.behind + c.onPace;

/** A count as the edition may show it (edition.ts: the public edition shows 1–4 as "<5"). */
export function shownCount(n: number, e: EditionContents): string {
  return publicCount(n, e);
}

/** Whether a group's breakdown may be shown (edition.ts: not a small group of the public edition). */
export function breakdownShown(registered: number, e: EditionContents): boolean {
  return !isSmallGroup(registered, e);
}

export const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

/** The busiest cells of the heatmap and the weekday/weekend and working-hours split, in words' numbers. */
export function rhythmFacts(r: RhythmFile): { peak: { weekday: string; hour: number; seconds: number } | null; weekendShare: number; officeShare: number; eveningShare: number } {
  let peak: { weekday: string; hour: number; seconds: number } | null = null;
  let weekend = 0, office = 0, evening = 0;
  for (const c of r.cells) {
    if (!peak || c.seconds > peak.seconds) peak = { weekday: WEEKDAYS[c.weekday - 1], hour: c.hour, seconds: c.seconds };
    if (c.weekday >= 6) weekend += c.seconds;
    // Working hours: Monday–Friday 9:00–18:00 (the office day, lunch included).
    else if (c.hour >= 9 && c.hour < 18) office += c.seconds;
    if (c.hour >= 19 && c.hour < 24) evening += c.seconds;
  }
  const total = r.totalSeconds;
  return {
    peak: peak && peak.seconds > 0 ? peak : null,
    weekendShare: total ? weekend / total : 0, officeShare: total ? office / total : 0, eveningShare: total ? evening / total : 0,
  };
}

/** "12.3%" of a share. */
export const share = (x: number) => pct(x);
