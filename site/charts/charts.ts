/**
 * The site's charts, each a pure function of pipeline data to an SVG string. Text
 * alternatives (caption, summary, data table) are the page's job (components/Chart.astro).
 */
import * as Plot from '@observablehq/plot';
import type { SummaryFile, TimelineFile } from '../../pipeline/contract/outputs.ts';
import { GRADES } from '../../pipeline/contract/outputs.ts';
import { GRADE_COLORS, labelWidth, renderPlot, shorten, tickDay, utcDay } from './plot.ts';

const WIDTH = 640;
/**
 * The phone variant's width: a 390 px screen less the page's and the panel's padding. A 640 px
 * chart scaled into it would have 6 px text; scrolled, it shows only its left part (the issue-as-is round).
 */
export const PHONE_WIDTH = 340;
/** Labels of a left axis: shorter on a phone, where they would take most of the width. */
const labelChars = (width: number, wide: number) => (width < 480 ? Math.min(wide, 7) : wide);
const labelMax = (width: number) => (width < 480 ? 110 : 240);
const pctTick = (r: number) => `${Math.round(r * 100)}%`;

/** Whole-number ticks for a count axis from 0 to max (no "0.5 人"). */
export function countTicks(max: number, target = 6): number[] {
  if (max <= 0) return [0];
  const raw = max / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag);
  const ticks: number[] = [];
  for (let t = 0; t <= max; t += step) ticks.push(t);
  return ticks;
}

/** Cumulative qualified people per day, against the number registered. */
export function timelineChart(days: TimelineFile['days'], registered: number, width = WIDTH): string {
  const data = days.map((d) => ({ date: utcDay(d.date), qualified: d.qualified }));
  return renderPlot({
    width, height: 240, marginLeft: 56, marginRight: 20, marginBottom: 36,
    x: { type: 'utc', tickFormat: tickDay, ticks: width < 480 ? 3 : 6, label: null },
    y: { domain: [0, Math.max(1, registered)], ticks: countTicks(registered, 5), tickFormat: 'd', grid: true, label: '累计合格人数', labelAnchor: 'top', labelArrow: 'none' },
    marks: [
      Plot.areaY(data, { x: 'date', y: 'qualified', fill: '#9db8d6', fillOpacity: 0.5, curve: 'step-after' }),
      Plot.lineY(data, { x: 'date', y: 'qualified', stroke: '#1f4e79', strokeWidth: 2, curve: 'step-after' }),
      Plot.ruleY([registered], { stroke: '#8b1a1a', strokeDasharray: '4,3' }),
      Plot.text([{ y: registered }], { y: 'y', frameAnchor: 'right', dy: -7, text: () => `注册 ${registered} 人`, fill: '#8b1a1a', textAnchor: 'end' }),
    ],
  });
}

/** People with credited watch time, per day. */
export function activityChart(days: TimelineFile['days'], width = WIDTH): string {
  const data = days.map((d) => ({ date: utcDay(d.date), viewers: d.activeViewers, attendance: d.attendance }));
  return renderPlot({
    width, height: 200, marginLeft: 56, marginRight: 20, marginBottom: 36,
    x: { type: 'utc', tickFormat: tickDay, ticks: width < 480 ? 3 : 6, label: null },
    y: { grid: true, tickFormat: 'd', ticks: countTicks(Math.max(0, ...data.map((d) => Math.max(d.viewers, d.attendance))), 4), label: '人数', labelAnchor: 'top', labelArrow: 'none' },
    marks: [
      Plot.rectY(data, { x: 'date', interval: 'day', y: 'viewers', fill: '#6c8ebf', inset: 0.5 }),
      Plot.lineY(data, { x: (d) => new Date(d.date.getTime() + 43_200_000), y: 'attendance', stroke: '#8b1a1a', strokeWidth: 1.5, marker: 'dot' }),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * How many people have each total of hours. `count` writes a bar's label (the public edition's
 * "<5" for 1–4, site/lib/edition.ts publicNumber); the bars themselves are drawn to scale.
 */
export function hoursChart(distribution: SummaryFile['hoursDistribution'], requiredHours: number, width = WIDTH, count: (n: number) => string = String): string {
  const data = distribution.map((d) => ({ hours: String(d.hours), people: d.people, done: d.hours >= requiredHours }));
  return renderPlot({
    width, height: 220, marginLeft: 56, marginBottom: 40,
    x: { type: 'band', domain: data.map((d) => d.hours), label: '已得学时', labelAnchor: 'center', labelArrow: 'none', padding: 0.2 },
    y: { grid: true, tickFormat: 'd', ticks: countTicks(Math.max(0, ...data.map((d) => d.people)), 4), label: '人数', labelAnchor: 'top', labelArrow: 'none' },
    marks: [
      Plot.barY(data, { x: 'hours', y: 'people', fill: (d) => (d.done ? '#5aa469' : '#9db8d6') }),
      Plot.text(data, { x: 'hours', y: 'people', text: (d) => count(d.people), dy: -7, fill: '#333' }),
      Plot.ruleY([0]),
    ],
  });
}

export interface RateRow { readonly name: string; readonly rate: number }

/** Completion rate per group (units of a unit's branches), with the reference average as a rule. */
export function ratesChart(rows: readonly RateRow[], average: number, width = WIDTH): string {
  // Rows are keyed by position: two groups may share a name (or a shortened name).
  const names = rows.map((r) => shorten(r.name, labelChars(width, 16)));
  const data = rows.map((r, i) => ({ name: String(i), rate: r.rate }));
  return renderPlot({
    width, height: 40 + 24 * data.length, marginLeft: labelWidth(names, 12, labelMax(width)), marginRight: 48, marginTop: 24,
    x: { domain: [0, 1], tickFormat: pctTick, ticks: 5, grid: true, label: null, axis: 'top' },
    y: { domain: data.map((d) => d.name), tickFormat: (i: string) => names[Number(i)], label: null, padding: 0.25 },
    marks: [
      Plot.barX(data, { y: 'name', x: 'rate', fill: (d) => (d.rate >= average ? '#1f4e79' : '#c98a3c') }),
      Plot.text(data, { y: 'name', x: 'rate', text: (d) => pctTick(d.rate), dx: 4, textAnchor: 'start', fill: '#333' }),
      Plot.ruleX([average], { stroke: '#8b1a1a', strokeWidth: 1.5, strokeDasharray: '4,3' }),
    ],
  });
}

export interface GradeRow { readonly name: string; readonly registered?: number; readonly excellent: number; readonly qualified: number; readonly inProgress: number; readonly failed: number }

/** People of each group by grade, stacked. */
export function gradesChart(rows: readonly GradeRow[], width = WIDTH): string {
  const data = rows.flatMap((r, i) => {
    const name = String(i);
    return [
      { name, grade: '优秀', n: r.excellent },
      { name, grade: '合格', n: r.qualified - r.excellent },
      { name, grade: '进行中', n: r.inProgress },
      { name, grade: '不合格', n: r.failed },
    ];
  });
  const names = rows.map((r) => shorten(r.name, labelChars(width, 16)));
  return renderPlot({
    width, height: 56 + 24 * rows.length, marginLeft: labelWidth(names, 12, labelMax(width)), marginRight: 20, marginTop: 24,
    x: { grid: true, tickFormat: 'd', ticks: countTicks(Math.max(0, ...rows.map((r) => r.registered ?? r.qualified + r.inProgress + r.failed)), 5), label: null, axis: 'top' },
    y: { domain: names.map((_, i) => String(i)), tickFormat: (i: string) => names[Number(i)], label: null, padding: 0.25 },
    color: { domain: [...GRADES], range: GRADES.map((g) => GRADE_COLORS[g]), legend: false },
    marks: [
      Plot.barX(data, Plot.stackX({ y: 'name', x: 'n', fill: 'grade', order: [...GRADES] })),
      Plot.ruleX([0]),
    ],
  });
}

export interface CourseRow { readonly title: string; readonly viewers: number; readonly watched: number; readonly commented: number }

/** Per course: viewers (light), watched (dark) and commented (dot). */
export function coursesChart(rows: readonly CourseRow[], width = WIDTH): string {
  const titles = rows.map((r) => shorten(r.title, labelChars(width, 18)));
  const data = rows.map((r, i) => ({ ...r, title: String(i) }));
  return renderPlot({
    width, height: 48 + 30 * data.length, marginLeft: labelWidth(titles, 12, labelMax(width)), marginRight: 20, marginTop: 24,
    x: { grid: true, tickFormat: 'd', ticks: countTicks(Math.max(0, ...rows.map((r) => r.viewers)), 5), label: null, axis: 'top' },
    y: { domain: data.map((d) => d.title), tickFormat: (i: string) => titles[Number(i)], label: null, padding: 0.2 },
    marks: [
      Plot.barX(data, { y: 'title', x: 'viewers', fill: '#c9d7e8' }),
      Plot.barX(data, { y: 'title', x: 'watched', fill: '#1f4e79', insetTop: 5, insetBottom: 5 }),
      Plot.dot(data, { y: 'title', x: 'commented', fill: '#8b1a1a', r: 4 }),
      Plot.ruleX([0]),
    ],
  });
}

export interface TrendPoint {
  readonly periodId: string;
  readonly asOf: string;
  readonly ordinal: number;
  readonly rate: number;
  /** The whole prefecture's rate in the same drop (a dashed reference), if known. */
  readonly overall?: number;
}

/**
 * 合格率 per drop across the root, one point per drop labelled 第N期 and its day. Drops sit at
 * even steps (drops are snapshots, not a daily series). Each period is its own line: a new
 * period starts again from nobody qualified, so its first drop is not joined to the last of
 * the period before; a dotted rule marks the boundary and each period is named above its drops.
 */
export function trendChart(points: readonly TrendPoint[], periodTitles: ReadonlyMap<string, string>, width = WIDTH): string {
  const data = points.map((p, i) => ({ ...p, i }));
  const labels = data.map((d) => `第${d.ordinal}期`);
  const days = data.map((d) => tickDay(utcDay(d.asOf)));
  const boundaries = data.filter((d, i) => i > 0 && d.periodId !== data[i - 1].periodId).map((d) => d.i - 0.5);
  const starts = data.filter((d, i) => i === 0 || d.periodId !== data[i - 1].periodId);
  const overall = data.filter((d) => d.overall !== undefined);
  const n = data.length;
  return renderPlot({
    width, height: 240, marginLeft: 48, marginRight: 24, marginTop: 30, marginBottom: 44,
    x: { domain: [-0.5, Math.max(0.5, n - 0.5)], ticks: data.map((d) => d.i), tickFormat: (i: number) => labels[i] ?? '', label: null, tickSize: 0 },
    y: { domain: [0, 1], tickFormat: pctTick, ticks: 5, grid: true, label: '合格率', labelAnchor: 'top', labelArrow: 'none' },
    marks: [
      Plot.ruleX(boundaries, { stroke: '#5f6b76', strokeDasharray: '2,3' }),
      Plot.text(starts, { x: 'i', frameAnchor: 'top', dy: -22, text: (d) => shorten(periodTitles.get(d.periodId) ?? d.periodId, Math.max(6, Math.floor((48 * width) / WIDTH / Math.max(1, starts.length)))), textAnchor: 'start', dx: -8, fill: '#5f6b76' }),
      Plot.text(data, { x: 'i', frameAnchor: 'bottom', dy: 30, text: (d) => days[d.i], fill: '#5f6b76' }),
      Plot.lineY(overall, { x: 'i', y: 'overall', z: 'periodId', stroke: '#8b1a1a', strokeDasharray: '4,3', strokeWidth: 1.5 }),
      Plot.dot(overall, { x: 'i', y: 'overall', fill: '#8b1a1a', r: 2 }),
      Plot.lineY(data, { x: 'i', y: 'rate', z: 'periodId', stroke: '#1f4e79', strokeWidth: 2 }),
      Plot.dot(data, { x: 'i', y: 'rate', fill: '#1f4e79', r: 3.5 }),
      Plot.text(data, { x: 'i', y: 'rate', text: (d) => pct1(d.rate), dy: -10, fill: '#1f2933' }),
    ],
  });
}

const pct1 = (r: number) => `${(r * 100).toFixed(1)}%`;

// ---------------------------------------------------------------- 大数据分析 (docs/analysis.md)

const WEEKDAY_NAMES = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** Credited viewing hours by weekday × hour (Plot `cell`), darker = more. */
export function heatmapChart(cells: readonly { weekday: number; hour: number; seconds: number }[], width = WIDTH): string {
  const data = cells.map((c) => ({ weekday: WEEKDAY_NAMES[c.weekday - 1], hour: c.hour, hours: c.seconds / 3600 }));
  return renderPlot({
    width, height: width < 480 ? 200 : 230, marginLeft: 36, marginRight: 8, marginTop: 24, marginBottom: 8, padding: 0.06,
    // Every third hour labelled; on a phone every sixth.
    x: { domain: Array.from({ length: 24 }, (_, h) => h), tickFormat: (h: number) => (h % (width < 480 ? 6 : 3) === 0 ? `${h}时` : ''), label: null, axis: 'top' },
    y: { domain: WEEKDAY_NAMES, label: null },
    color: { type: 'sqrt', scheme: 'blues', legend: false, domain: [0, Math.max(1e-9, ...data.map((d) => d.hours))] },
    marks: [Plot.cell(data, { x: 'hour', y: 'weekday', fill: 'hours', inset: 0.5 })],
  });
}

/**
 * The completion funnel: one bar per stage, its people and share of the registered. `count` writes
 * the people (as hoursChart); a count it does not write as itself is labelled without its share.
 */
export function funnelChart(rows: readonly { label: string; people: number; ofRegistered: number }[], width = WIDTH, count: (n: number) => string = String): string {
  const labels = rows.map((r) => r.label);
  const data = rows.map((r, i) => ({ ...r, key: String(i) }));
  return renderPlot({
    width, height: 40 + 26 * rows.length, marginLeft: labelWidth(labels), marginRight: width < 480 ? 84 : 96, marginTop: 24,
    x: { domain: [0, Math.max(1, ...rows.map((r) => r.people))], ticks: countTicks(Math.max(1, ...rows.map((r) => r.people)), width < 480 ? 3 : 5), tickFormat: 'd', grid: true, label: null, axis: 'top' },
    y: { domain: data.map((d) => d.key), tickFormat: (k: string) => labels[Number(k)], label: null, padding: 0.2 },
    marks: [
      Plot.barX(data, { y: 'key', x: 'people', fill: (d) => (Number(d.key) >= 4 ? '#1d6b43' : '#1f4e79') }),
      Plot.text(data, { y: 'key', x: 'people', text: (d) => (count(d.people) === String(d.people) ? `${d.people}（${pctTick(d.ofRegistered)}）` : count(d.people)), dx: 4, textAnchor: 'start', fill: '#333' }),
      Plot.ruleX([0]),
    ],
  });
}

export interface OutlookRow { readonly name: string; readonly unlikely: number; readonly behind: number; readonly onPace: number }

/** 预警 per group, stacked: 难以按期完成, 需加快, 按期可完成. */
export function outlookChart(rows: readonly OutlookRow[], width = WIDTH): string {
  const names = rows.map((r) => shorten(r.name, labelChars(width, 16)));
  const states = ['难以按期完成', '需加快', '按期可完成'];
  const colors = ['#c0392b', '#e0a526', '#5aa469'];
  const data = rows.flatMap((r, i) => [
    { name: String(i), state: states[0], n: r.unlikely },
    { name: String(i), state: states[1], n: r.behind },
    { name: String(i), state: states[2], n: r.onPace },
  ]);
  const max = Math.max(1, ...rows.map((r) => r.unlikely + r.behind + r.onPace));
  return renderPlot({
    width, height: 56 + 24 * rows.length, marginLeft: labelWidth(names, 12, labelMax(width)), marginRight: 20, marginTop: 24,
    x: { grid: true, tickFormat: 'd', ticks: countTicks(max, width < 480 ? 3 : 5), domain: [0, max], label: null, axis: 'top' },
    y: { domain: names.map((_, i) => String(i)), tickFormat: (i: string) => names[Number(i)], label: null, padding: 0.25 },
    color: { domain: states, range: colors, legend: false },
    marks: [Plot.barX(data, Plot.stackX({ y: 'name', x: 'n', fill: 'state', order: states })), Plot.ruleX([0])],
  });
}

/** 突击 share per group (a column per unit in the contract (docs/)'s words; bars here, for long names), with the whole as a rule. */
export function cramChart(rows: readonly { name: string; share: number }[], overall: number, width = WIDTH): string {
  const names = rows.map((r) => shorten(r.name, labelChars(width, 16)));
  const data = rows.map((r, i) => ({ key: String(i), share: r.share }));
  const max = Math.max(0.05, overall, ...rows.map((r) => r.share));
  return renderPlot({
    width, height: 40 + 22 * rows.length, marginLeft: labelWidth(names, 12, labelMax(width)), marginRight: 48, marginTop: 24,
    x: { domain: [0, Math.min(1, max * 1.1)], tickFormat: pctTick, ticks: width < 480 ? 3 : 5, grid: true, label: null, axis: 'top' },
    y: { domain: data.map((d) => d.key), tickFormat: (k: string) => names[Number(k)], label: null, padding: 0.25 },
    marks: [
      Plot.barX(data, { y: 'key', x: 'share', fill: (d) => (d.share > overall ? '#c98a3c' : '#6c8ebf') }),
      Plot.text(data, { y: 'key', x: 'share', text: (d) => pctTick(d.share), dx: 4, textAnchor: 'start', fill: '#333' }),
      Plot.ruleX([overall], { stroke: '#8b1a1a', strokeWidth: 1.5, strokeDasharray: '4,3' }),
    ],
  });
}
