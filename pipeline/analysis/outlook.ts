/**
 * 预警 (docs/analysis.md): for every registered person not yet qualified and not past their deadline, one
 * state — 难以按期完成, 需加快 or 按期可完成 — from a few explainable rules, each with its
 * threshold in period.json `outlook` (docs/analysis.md):
 *
 * 难以按期完成 when
 *   - no study in the last `idleDays` days (or never, that long after they could start) while
 *     at least `unlikelyMissingShare` of the hours' work is missing, or
 *   - more collective sessions are missing than can still be had: the category's maxSessions
 *     left, or the sessions the branch is on course to hold in the days left (its pace so far);
 * 需加快 when
 *   - the share of work done lags the share of the person's time gone by more than `behindSlack`,
 *   - no study in the last `behindIdleDays` days while hours are missing,
 *   - the branch must hold every session it is on course to hold for the person to make it, or
 *   - reports are missing `reportDays` days or fewer before the deadline;
 * otherwise 按期可完成. The reason names what is missing and the rule that decided.
 */
import { formatDay, parseDay } from '../contract/calendar.ts';
import {
  OUTLOOK_STATES, SCHEMA_VERSION, type OutlookCounts, type OutlookFile, type OutlookPerson, type OutlookState, type PersonResult,
} from '../contract/outputs.ts';
import type { OutlookThresholds, Period } from '../contract/period.ts';
import { byCodeUnit } from '../contract/compare.ts';
import { roundHalfUp } from '../rules/decimal.ts';
import { offlineRatesOf } from '../rules/offline.ts';

/** One person as the 预警 sees them: the result and what the result does not say. */
export interface OutlookInput {
  readonly result: PersonResult;
  /** The last day with study in range, or null. */
  readonly lastStudied: number | null;
  /** Credited seconds still needed for the required courses not yet watched, and all required courses need. */
  readonly watchLeftSeconds: number;
  readonly watchNeedSeconds: number;
}

export interface OutlookContext {
  readonly period: Period;
  readonly asOf: number;
  readonly thresholds: OutlookThresholds;
  /** Sessions a branch has held in the window up to asOf. */
  readonly sessionsHeld: (branchId: string) => number;
}

/** What a person still lacks, in the units a secretary chases. */
interface Lacking {
  /** Online not met (and not exempt). */
  readonly online: boolean;
  readonly watchCourses: number;
  readonly watchHours: number;
  readonly commentCourses: number;
  readonly sessions: number;
  readonly selfStudy: boolean;
  readonly reports: number;
  /** Share of the hours' work done, 0–1. */
  readonly progress: number;
}

function lackingOf(p: OutlookInput, period: Period): Lacking {
  const r = p.result;
  const onlineHours = period.online.hours;
  const online = !r.online.exempt && r.online.hours < onlineHours;
  // Viewing is most of the online work; comments the rest.
  const watchShare = p.watchNeedSeconds > 0 ? Math.max(0, 1 - p.watchLeftSeconds / p.watchNeedSeconds) : 1;
  const commentShare = r.online.coursesRequired > 0 ? r.online.coursesCommented / r.online.coursesRequired : 1;
  const onlineDone = online ? 0.8 * watchShare + 0.2 * commentShare : 1;
  const target = Math.min(period.offline.cap, Math.max(0, period.requiredHours - onlineHours));
  const offlineDone = target > 0 ? Math.min(1, r.offline.hours / target) : 1;
  const progress = onlineHours + target > 0 ? (onlineHours * onlineDone + target * offlineDone) / (onlineHours + target) : 1;
  // Offline: self-study first (one record does), then sessions for the rest.
  const rates = offlineRatesOf(period, r.category);
  let short = r.missing.offlineHours;
  const selfStudy = short > 0 && !r.offline.selfStudy && rates.selfStudyHours > 0;
  if (selfStudy) short = Math.max(0, short - rates.selfStudyHours);
  const sessions = short > 0 ? (rates.hoursPerSession > 0 ? Math.ceil(short / rates.hoursPerSession - 1e-9) : Infinity) : 0;
  return {
    online, watchCourses: online ? r.missing.watch.length : 0, watchHours: online ? p.watchLeftSeconds / 3600 : 0,
    commentCourses: online ? r.missing.comment.length : 0, sessions, selfStudy, reports: r.missing.reports, progress,
  };
}

const oneDecimal = (x: number) => (Math.round(x * 10) / 10).toFixed(1).replace(/\.0$/, '');

/** "网上 2 门课件未看完（约 1.5 小时）、1 门未评论，集中学习 2 次、自主学习 1 次，报告 1 篇" */
function lackingText(l: Lacking): string {
  const parts: string[] = [];
  if (l.online) {
    const online: string[] = [];
    if (l.watchCourses > 0) online.push(`${l.watchCourses} 门课件未看完（约 ${oneDecimal(Math.max(0.1, l.watchHours))} 小时）`);
    if (l.commentCourses > 0) online.push(`${l.commentCourses} 门未评论`);
    parts.push(online.length ? `网上 ${online.join('、')}` : '网上学习');
  }
  if (l.sessions > 0) parts.push(Number.isFinite(l.sessions) ? `集中学习 ${l.sessions} 次` : '集中学习');
  if (l.selfStudy) parts.push('自主学习 1 次');
  if (l.reports > 0) parts.push(`报告 ${l.reports} 篇`);
  return parts.length ? `还差${parts.join('、')}` : '学时已满';
}

/** The person's state and reason, or null: qualified, or past the deadline (then only 不合格). */
export function outlookOf(p: OutlookInput, ctx: OutlookContext): OutlookPerson | null {
  const r = p.result;
  if (r.grade !== '进行中') return null;
  const { period, asOf, thresholds: t } = ctx;
  const deadline = parseDay(r.deadline) as number;
  if (asOf > deadline) return null;
  const daysLeft = deadline - asOf;
  const windowStart = parseDay(period.window.start) as number;
  const registered = r.registeredOn === null ? windowStart : Math.max(windowStart, parseDay(r.registeredOn) as number);
  const couldStart = Math.min(registered, asOf);
  // Days without study: since the last study, or since they could start (counting that day).
  const idle = p.lastStudied === null ? asOf - couldStart + 1 : asOf - p.lastStudied;
  const l = lackingOf(p, period);
  const missingShare = 1 - l.progress;
  const timeGone = Math.min(1, Math.max(0, (asOf - couldStart + 1) / (deadline - couldStart + 1)));

  // Sessions: what the category still allows, and what the branch is on course to hold.
  const rates = offlineRatesOf(period, r.category);
  const allowed = Math.max(0, rates.maxSessions - r.offline.sessions);
  const elapsed = Math.max(1, asOf - windowStart + 1);
  const held = ctx.sessionsHeld(r.branchId);
  const canHold = Math.ceil((held / elapsed) * daysLeft - 1e-9);
  const possible = Math.min(allowed, canHold);

  const why: string[] = [];
  let state: OutlookState = '按期可完成';
  const idleText = p.lastStudied === null ? '尚无学习记录' : `近 ${idle} 天无学习记录`;
  if (l.sessions > allowed) {
    state = '难以按期完成';
    why.push(`集中学习次数已近上限（每人至多 ${rates.maxSessions} 次），学时难以补足`);
  } else if (l.sessions > possible) {
    state = '难以按期完成';
    why.push(`按支部目前进度，剩余 ${daysLeft} 天内预计至多还能组织 ${possible} 次集中学习，仍差 ${l.sessions} 次`);
  }
  if (idle >= t.idleDays && missingShare >= t.unlikelyMissingShare) {
    if (state !== '难以按期完成') why.length = 0;
    state = '难以按期完成';
    why.unshift(idleText);
  }
  if (state === '按期可完成') {
    if (missingShare > 0 && idle >= t.behindIdleDays) why.push(idleText);
    if (l.progress < timeGone - t.behindSlack) why.push(`已完成约 ${Math.round(l.progress * 100)}%，时间已过 ${Math.round(timeGone * 100)}%`);
    if (l.sessions > 0 && l.sessions >= canHold) why.push(`须参加支部剩余 ${daysLeft} 天内预计组织的每一次集中学习`);
    if (l.reports > 0 && daysLeft <= t.reportDays) why.push(`报告须在 ${daysLeft} 天内提交`);
    if (why.length) state = '需加快';
  }
  if (state === '按期可完成') why.push(daysLeft > 0 ? `进度正常，剩余 ${daysLeft} 天` : '进度正常，今天截止');
  return {
    personId: r.personId, name: r.name, unitId: r.unitId, branchId: r.branchId, state,
    reason: `${lackingText(l)}；${why.join('；')}`,
    deadline: r.deadline, daysLeft, progress: roundHalfUp(l.progress, 2),
    lastStudied: p.lastStudied === null ? null : formatDay(p.lastStudied),
  };
}

export function emptyOutlookCounts(): OutlookCounts {
  return { unlikely: 0, behind: 0, onPace: 0 };
}

const COUNT_KEY: Record<OutlookState, keyof OutlookCounts> = { 难以按期完成: 'unlikely', 需加快: 'behind', 按期可完成: 'onPace' };

export function countState(c: OutlookCounts, state: OutlookState): void {
  c[COUNT_KEY[state]]++;
}

/** Most at risk first: state, least progress, fewest days left, then personId. */
export function byRisk(a: OutlookPerson, b: OutlookPerson): number {
  return OUTLOOK_STATES.indexOf(a.state) - OUTLOOK_STATES.indexOf(b.state)
    || a.progress - b.progress || a.daysLeft - b.daysLeft || byCodeUnit(a.personId, b.personId);
}

/** outlook.json from the people's states (any order). */
export function outlookFile(period: Period, asOf: number, thresholds: OutlookThresholds, people: readonly OutlookPerson[]): OutlookFile {
  const totals = emptyOutlookCounts();
  for (const p of people) countState(totals, p.state);
  return {
    schemaVersion: SCHEMA_VERSION, periodId: period.id, asOf: formatDay(asOf),
    thresholds: { ...thresholds }, totals, people: [...people].sort(byRisk),
  };
}
