/**
 * The site's charts, each a pure function of pipeline data to an SVG string. Text
 * alternatives (caption, summary, data table) are the page's job (components/Chart.astro).
 */
import * as Plot from '@observablehq/plot';
import type { SummaryFile, TimelineFile } from '../../pipeline/contract/outputs.ts';
import { GRADES } from '../../pipeline/contract/outputs.ts';
import { GRADE_COLORS, labelWidth, renderPlot, shorten, tickDay, utcDay } from './plot.ts';

const WIDTH = 720;
const pctTick = (r: number) => `${Math.round(r * 100)}%`;

/** Cumulative qualified people per day, against the number registered. */
export function timelineChart(days: TimelineFile['days'], registered: number, label: string): string {
  const data = days.map((d) => ({ date: utcDay(d.date), qualified: d.qualified }));
  return renderPlot({
    width: WIDTH, height: 240, marginLeft: 56, marginRight: 20, marginBottom: 36,
    x: { type: 'utc', tickFormat: tickDay, ticks: 6, label: null },
    y: { domain: [0, Math.max(1, registered)], grid: true, label: '累计合格人数', labelAnchor: 'top', labelArrow: 'none' },
    marks: [
      Plot.areaY(data, { x: 'date', y: 'qualified', fill: '#9db8d6', fillOpacity: 0.5, curve: 'step-after' }),
      Plot.lineY(data, { x: 'date', y: 'qualified', stroke: '#1f4e79', strokeWidth: 2, curve: 'step-after' }),
      Plot.ruleY([registered], { stroke: '#8b1a1a', strokeDasharray: '4,3' }),
      Plot.text([{ y: registered }], { y: 'y', frameAnchor: 'left', dy: -7, dx: 4, text: () => `注册 ${registered} 人`, fill: '#8b1a1a', textAnchor: 'start' }),
    ],
  }, label);
}

/** People with credited watch time, per day. */
export function activityChart(days: TimelineFile['days'], label: string): string {
  const data = days.map((d) => ({ date: utcDay(d.date), viewers: d.activeViewers, attendance: d.attendance }));
  return renderPlot({
    width: WIDTH, height: 200, marginLeft: 56, marginRight: 20, marginBottom: 36,
    x: { type: 'utc', tickFormat: tickDay, ticks: 6, label: null },
    y: { grid: true, label: '人数', labelAnchor: 'top', labelArrow: 'none' },
    marks: [
      Plot.rectY(data, { x: 'date', interval: 'day', y: 'viewers', fill: '#6c8ebf', inset: 0.5 }),
      Plot.lineY(data, { x: (d) => new Date(d.date.getTime() + 43_200_000), y: 'attendance', stroke: '#8b1a1a', strokeWidth: 1.5, marker: 'dot' }),
      Plot.ruleY([0]),
    ],
  }, label);
}

/** How many people have each total of hours. */
export function hoursChart(distribution: SummaryFile['hoursDistribution'], requiredHours: number, label: string): string {
  const data = distribution.map((d) => ({ hours: String(d.hours), people: d.people, done: d.hours >= requiredHours }));
  return renderPlot({
    width: WIDTH, height: 220, marginLeft: 56, marginBottom: 40,
    x: { type: 'band', domain: data.map((d) => d.hours), label: '已得学时', labelAnchor: 'center', labelArrow: 'none', padding: 0.2 },
    y: { grid: true, label: '人数', labelAnchor: 'top', labelArrow: 'none' },
    marks: [
      Plot.barY(data, { x: 'hours', y: 'people', fill: (d) => (d.done ? '#5aa469' : '#9db8d6') }),
      Plot.text(data, { x: 'hours', y: 'people', text: (d) => String(d.people), dy: -7, fill: '#333' }),
      Plot.ruleY([0]),
    ],
  }, label);
}

export interface RateRow { readonly name: string; readonly rate: number }

/** Completion rate per group (units of a unit's branches), with the reference average as a rule. */
export function ratesChart(rows: readonly RateRow[], average: number, label: string): string {
  const data = rows.map((r) => ({ name: shorten(r.name, 16), rate: r.rate }));
  return renderPlot({
    width: WIDTH, height: 40 + 24 * data.length, marginLeft: labelWidth(data.map((d) => d.name)), marginRight: 48, marginTop: 24,
    x: { domain: [0, 1], tickFormat: pctTick, grid: true, label: '合格率', labelAnchor: 'right', labelArrow: 'none', axis: 'top' },
    y: { domain: data.map((d) => d.name), label: null, padding: 0.25 },
    marks: [
      Plot.barX(data, { y: 'name', x: 'rate', fill: (d) => (d.rate >= average ? '#1f4e79' : '#c98a3c') }),
      Plot.text(data, { y: 'name', x: 'rate', text: (d) => pctTick(d.rate), dx: 4, textAnchor: 'start', fill: '#333' }),
      Plot.ruleX([average], { stroke: '#8b1a1a', strokeWidth: 1.5, strokeDasharray: '4,3' }),
    ],
  }, label);
}

export interface GradeRow { readonly name: string; readonly excellent: number; readonly qualified: number; readonly inProgress: number; readonly failed: number }

/** People of each group by grade, stacked. */
export function gradesChart(rows: readonly GradeRow[], label: string): string {
  const data = rows.flatMap((r) => {
    const name = shorten(r.name, 16);
    return [
      { name, grade: '优秀', n: r.excellent },
      { name, grade: '合格', n: r.qualified - r.excellent },
      { name, grade: '进行中', n: r.inProgress },
      { name, grade: '不合格', n: r.failed },
    ];
  });
  const names = rows.map((r) => shorten(r.name, 16));
  return renderPlot({
    width: WIDTH, height: 56 + 24 * rows.length, marginLeft: labelWidth(names), marginRight: 20, marginTop: 24,
    x: { grid: true, label: '人数', labelAnchor: 'right', labelArrow: 'none', axis: 'top' },
    y: { domain: names, label: null, padding: 0.25 },
    color: { domain: [...GRADES], range: GRADES.map((g) => GRADE_COLORS[g]), legend: false },
    marks: [
      Plot.barX(data, Plot.stackX({ y: 'name', x: 'n', fill: 'grade', order: [...GRADES] })),
      Plot.ruleX([0]),
    ],
  }, label);
}

export interface CourseRow { readonly title: string; readonly viewers: number; readonly watched: number; readonly commented: number }

/** Per course: viewers (light), watched (dark) and commented (dot). */
export function coursesChart(rows: readonly CourseRow[], label: string): string {
  const data = rows.map((r) => ({ ...r, title: shorten(r.title, 18) }));
  return renderPlot({
    width: WIDTH, height: 48 + 30 * data.length, marginLeft: labelWidth(data.map((d) => d.title)), marginRight: 20, marginTop: 24,
    x: { grid: true, label: '人数', labelAnchor: 'right', labelArrow: 'none', axis: 'top' },
    y: { domain: data.map((d) => d.title), label: null, padding: 0.2 },
    marks: [
      Plot.barX(data, { y: 'title', x: 'viewers', fill: '#c9d7e8' }),
      Plot.barX(data, { y: 'title', x: 'watched', fill: '#1f4e79', insetTop: 5, insetBottom: 5 }),
      Plot.dot(data, { y: 'title', x: 'commented', fill: '#8b1a1a', r: 4 }),
      Plot.ruleX([0]),
    ],
  }, label);
}
