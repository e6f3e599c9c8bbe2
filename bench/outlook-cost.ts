/**
 * npx tsx bench/outlook-cost.ts DATASET [runs] [AS_OF]
 *
 * What the 大数据分析 of pipeline/analysis/ (预警, funnel, rhythm) cost inside the pipeline: the
 * rhythm's share of the sweep's credit callback, each person's last study, the 预警 rules, the
 * funnel and the per-group counts, and writing outlook.json and rhythm.json's contents — timed
 * alone over the same people the pipeline evaluates, against the whole pipeline
 * (computeOutputs) on the dataset. CPU time (process.cpuUsage), medians: the machine is shared.
 */
import { computeOutputs } from '../pipeline/run.ts';
import { ingestDataset } from '../pipeline/ingest/dataset.ts';
import { evaluatePerson } from '../pipeline/rules/person.ts';
import { outlookThresholds } from '../pipeline/contract/period.ts';
import { periodDay } from '../pipeline/rules/deadline.ts';
import { lastStudyDay } from '../pipeline/analysis/activity.ts';
import { addToFunnel, emptyFunnel, funnelDepth } from '../pipeline/analysis/funnel.ts';
import { countState, emptyOutlookCounts, outlookFile, outlookOf } from '../pipeline/analysis/outlook.ts';
import { StudyRhythm } from '../pipeline/analysis/rhythm.ts';
import type { OutlookPerson } from '../pipeline/contract/outputs.ts';

const dir = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
// A day inside the window makes most people 进行中, each with a 预警 (the rules' heaviest case).
const options = process.argv[4] ? { asOf: process.argv[4] } : {};
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const whole: number[] = [];
for (let r = 0; r < runs; r++) {
  const t = cpu();
  await computeOutputs(dir, options);
  whole.push(cpu() - t);
}

const { dataset: data } = await ingestDataset(dir, options);
const { period, asOf } = data;
// The sweep's credited intervals per person, recorded once (the pipeline's own sweep makes them anyway).
const intervals: Float64Array[] = [];
const evaluations = data.people.map((_, i) => {
  const xs: number[] = [];
  const ev = evaluatePerson(data, i, asOf, (_c, from, to) => { xs.push(from, to); });
  intervals.push(Float64Array.from(xs));
  return ev;
});
const held = new Map<string, number>();
for (const s of data.sessions) held.set(s.branchId, (held.get(s.branchId) ?? 0) + 1);
const analysis: number[] = [];
let flagged = 0;
for (let r = 0; r < runs * 3; r++) {
  const t = cpu();
  const unitIndex = new Map(data.units.map((u, k) => [u.unitId, k]));
  const rhythm = new StudyRhythm(data.units.length, Math.min(asOf, periodDay(period.window.end)));
  const watchNeed = data.courses.map((c) => (c.required ? period.online.watchRatio * c.durationSec : 0));
  const watchNeedSeconds = watchNeed.reduce((a, b) => a + b, 0);
  const thresholds = outlookThresholds(period);
  const ctx = { period, asOf, thresholds, sessionsHeld: (b: string) => held.get(b) ?? 0 };
  const groups = new Map<string, { funnel: ReturnType<typeof emptyFunnel>; outlook: ReturnType<typeof emptyOutlookCounts> }>();
  const groupOf = (id: string) => { let g = groups.get(id); if (!g) groups.set(id, g = { funnel: emptyFunnel(), outlook: emptyOutlookCounts() }); return g; };
  const states: OutlookPerson[] = [];
  data.people.forEach((rec, i) => {
    const ev = evaluations[i];
    const unit = unitIndex.get(rec.person.unitId)!;
    const xs = intervals[i];
    for (let k = 0; k < xs.length; k += 2) rhythm.credit(unit, xs[k], xs[k + 1]);
    const lastCredited = xs.length ? xs[xs.length - 1] : -Infinity;
    let watchLeftSeconds = 0;
    for (let c = 0; c < watchNeed.length; c++) if (watchNeed[c] > 0 && !ev.watched.has(c)) watchLeftSeconds += Math.max(0, watchNeed[c] - ev.sweep.credited[c]);
    const input = { result: ev.result, lastStudied: lastStudyDay(data, rec, ev.range, lastCredited), watchLeftSeconds, watchNeedSeconds };
    const depth = funnelDepth(ev.result, input.lastStudied !== null, period.online.hours);
    const state = outlookOf(input, ctx);
    if (state) states.push(state);
    for (const g of [groupOf(`u:${ev.result.unitId}`), groupOf(`b:${ev.result.branchId}`)]) {
      addToFunnel(g.funnel, depth);
      if (state) countState(g.outlook, state.state);
    }
  });
  outlookFile(period, asOf, thresholds, states);
  rhythm.file(period.id, asOf, data.units.map((u) => u.unitId));
  flagged = states.length;
  analysis.push(cpu() - t);
}
const w = median(whole), a = median(analysis);
console.log(JSON.stringify({ people: data.people.length, withOutlook: flagged, pipelineCpuMs: Math.round(w), analysisCpuMs: Math.round(a), share: Number((a / w).toFixed(4)), runs }));
