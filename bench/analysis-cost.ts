/**
 * npx tsx bench/analysis-cost.ts DATASET [runs]
 *
 * What all of 大数据分析 and 学时真实性 (pipeline/analysis/) add to the pipeline's time (docs/analysis.md:
 * at most 15 % at 20,000 people). Two parts:
 *
 * A. The bundled pipeline (`node pipeline/launch.mjs`, as `npm run pipeline` runs it) with
 *    XUESHI_TIMINGS=1, `runs` times on a fresh history store: its wall time and the main
 *    thread's analysis phases — handing copy-paste to its thread (学时真实性（评论，交给线程）), the
 *    预警 / funnel groups (大数据分析), waiting for copy-paste's findings (学时真实性（评论，等待）) and
 *    putting integrity.json together (学时真实性). Medians.
 * B. What the analyses add inside the per-person loop, timed alone over the same people (CPU,
 *    median of 5): 学时真实性's viewing rules (IntegrityFinder.add: parallel, daily-cap, night,
 *    marathon), the rhythm's weekday × hour split, each person's last study and remaining
 *    viewing need.
 *
 * Share = (A's phases + B) / A's wall. Copy-paste's own CPU on its thread is reported beside it
 * (it costs the pipeline only what the main thread waits for).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCopies } from '../pipeline/analysis/copy-paste.ts';
import { IntegrityFinder } from '../pipeline/analysis/integrity.ts';
import { lastStudyDay } from '../pipeline/analysis/activity.ts';
import { StudyRhythm } from '../pipeline/analysis/rhythm.ts';
import { ingestDataset } from '../pipeline/ingest/dataset.ts';
import { periodDay } from '../pipeline/rules/deadline.ts';
import { evaluatePerson } from '../pipeline/rules/person.ts';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dir = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
if (!dir) throw new Error('usage: npx tsx bench/analysis-cost.ts DATASET [runs]');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

// A. The pipeline as run, its phases.
const PHASES = { handover: '学时真实性（评论，交给线程）', groups: '大数据分析', wait: '学时真实性（评论，等待）', file: '学时真实性' } as const;
const BEFORE = { handover: '观看记录表已排序', groups: '逐人计算', wait: '统计', file: '学时真实性（评论，等待）' } as const;
const a: Record<keyof typeof PHASES | 'wall', number[]> = { handover: [], groups: [], wait: [], file: [], wall: [] };
for (let r = 0; r < runs; r++) {
  const out = mkdtempSync(join(tmpdir(), 'xueshi-analysis-cost-'));
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [join(root, 'pipeline/launch.mjs'), '--data', dir, '--out', join(out, 'out'), '--history', join(out, 'history')], {
    cwd: root, encoding: 'utf8', env: { ...process.env, XUESHI_TIMINGS: '1' }, maxBuffer: 64 * 1024 * 1024,
  });
  a.wall.push(performance.now() - t0);
  rmSync(out, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`pipeline failed (${run.status}): ${run.stderr.slice(-400)}`);
  const at = new Map<string, number>();
  for (const m of run.stderr.matchAll(/^\[耗时\]\s+(\d+) ms  (.+)$/gm)) at.set(m[2], Number(m[1]));
  for (const k of Object.keys(PHASES) as (keyof typeof PHASES)[]) {
    const end = at.get(PHASES[k]), start = at.get(BEFORE[k]);
    if (end === undefined || start === undefined) throw new Error(`phase ${PHASES[k]} or ${BEFORE[k]} missing from the timings`);
    a[k].push(end - start);
  }
}

// B. The analyses' share of the per-person loop, alone.
const { dataset: data } = await ingestDataset(dir, { parallelMinBytes: Infinity });
const { period, asOf } = data;
const evaluations = data.people.map((_, i) => {
  const xs: number[] = [];
  const ev = evaluatePerson(data, i, asOf, (_c, from, to) => { xs.push(from, to); });
  return { ev, intervals: Float64Array.from(xs) };
});
const unitIndex = new Map(data.units.map((u, k) => [u.unitId, k]));
const watchNeed = data.courses.map((c) => (c.required ? period.online.watchRatio * c.durationSec : 0));
const perPerson: number[] = [], viewingRules: number[] = [], copyCpu: number[] = [];
let finder: IntegrityFinder | null = null;
for (let r = 0; r < 5; r++) {
  finder = new IntegrityFinder(data);
  const t0 = cpu();
  data.people.forEach((_, i) => finder!.add(i, evaluations[i].ev));
  const t1 = cpu();
  const rhythm = new StudyRhythm(data.units.length, Math.min(asOf, periodDay(period.window.end)));
  data.people.forEach((rec, i) => {
    const { ev, intervals } = evaluations[i];
    const unit = unitIndex.get(rec.person.unitId)!;
    for (let k = 0; k < intervals.length; k += 2) rhythm.credit(unit, intervals[k], intervals[k + 1]);
    let left = 0;
    for (let c = 0; c < watchNeed.length; c++) if (watchNeed[c] > 0 && !ev.watched.has(c)) left += Math.max(0, watchNeed[c] - ev.sweep.credited[c]);
    lastStudyDay(data, rec, ev.range, intervals.length ? intervals[intervals.length - 1] : -Infinity);
    if (left < 0) throw new Error('unreachable');
  });
  const t2 = cpu();
  viewingRules.push(t1 - t0);
  perPerson.push(t2 - t0);
  if (r < 3) {
    const c0 = cpu();
    findCopies(finder.copyJob);
    copyCpu.push(cpu() - c0);
  }
}

const wall = median(a.wall);
const phases = { handover: median(a.handover), groups: median(a.groups), wait: median(a.wait), file: median(a.file) };
const inLoop = median(perPerson);
const total = phases.handover + phases.groups + phases.wait + phases.file + inLoop;
const ms = (x: number) => Math.round(x);
console.log(JSON.stringify({
  dataset: dir, people: data.people.length, comments: finder!.copyJob.persons.length, runs,
  pipelineWallMs: ms(wall), pipelineWallRuns: a.wall.map(ms),
  mainThreadMs: { ...Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, ms(v)])), perPersonCpu: ms(inLoop), viewingRulesCpu: ms(median(viewingRules)) },
  analysesMs: ms(total), share: Number((total / wall).toFixed(4)),
  copyPasteOnItsThreadCpuMs: ms(median(copyCpu)),
}, null, 1));
