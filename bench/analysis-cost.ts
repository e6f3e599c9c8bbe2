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
import { type Measurement, measureNode } from './measure.ts';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** The main thread's analysis phases, each as the phase mark that ends it and the one before it. */
const PHASES = {
  handover: ['读取完成', '学时真实性（评论，交给线程）'],
  groups: ['逐人计算', '大数据分析'],
  wait: ['统计', '学时真实性（评论，等待）'],
  file: ['学时真实性（评论，等待）', '学时真实性'],
} as const;
type PhaseName = keyof typeof PHASES;

/** The main thread's phase marks of a run (XUESHI_TIMINGS lines on stderr): label → ms since the start. */
function marksOf(stderr: string): Map<string, number> {
  const at = new Map<string, number>();
  for (const m of stderr.matchAll(/^\[耗时\]\s+(\d+) ms {2}(?!（线程)(.+)$/gm)) at.set(m[2], Number(m[1]));
  return at;
}

/** A's phases from one run's XUESHI_TIMINGS lines (stderr); null when a mark is missing. */
export function analysisPhasesOf(stderr: string): Record<PhaseName, number> | null {
  const at = marksOf(stderr);
  const out = {} as Record<PhaseName, number>;
  for (const k of Object.keys(PHASES) as PhaseName[]) {
    const start = at.get(PHASES[k][0]), end = at.get(PHASES[k][1]);
    if (start === undefined || end === undefined) return null;
    out[k] = end - start;
  }
  return out;
}

export interface PerPersonCost {
  readonly people: number;
  readonly comments: number;
  /** B: the analyses' CPU inside the per-person loop (median of 5). */
  readonly perPersonCpuMs: number;
  /** Of which 学时真实性's viewing rules. */
  readonly viewingRulesCpuMs: number;
  /** Copy-paste's CPU on its own thread (median of 3): it costs the pipeline only what the main thread waits for. */
  readonly copyPasteCpuMs: number;
}

/** B, over the dataset in `dir`, in this process. */
export async function perPersonCost(dir: string): Promise<PerPersonCost> {
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
  let comments = 0;
  let sink = 0;
  for (let r = 0; r < 5; r++) {
    const finder = new IntegrityFinder(data);
    comments = finder.copyJob.persons.length;
    const t0 = cpu();
    data.people.forEach((_, i) => finder.add(i, evaluations[i].ev));
    const t1 = cpu();
    const rhythm = new StudyRhythm(data.units.length, Math.min(asOf, periodDay(period.window.end)));
    data.people.forEach((rec, i) => {
      const { ev, intervals } = evaluations[i];
      const unit = unitIndex.get(rec.person.unitId)!;
      for (let k = 0; k < intervals.length; k += 2) rhythm.credit(unit, intervals[k], intervals[k + 1]);
      for (let c = 0; c < watchNeed.length; c++) if (watchNeed[c] > 0 && !ev.watched.has(c)) sink += Math.max(0, watchNeed[c] - ev.sweep.credited[c]);
      sink += lastStudyDay(data, rec, ev.range, intervals.length ? intervals[intervals.length - 1] : -Infinity) ?? 0;
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
  if (Number.isNaN(sink)) throw new Error('unreachable'); // keeps the loop's work observable
  return {
    people: data.people.length, comments,
    perPersonCpuMs: Math.round(median(perPerson)), viewingRulesCpuMs: Math.round(median(viewingRules)), copyPasteCpuMs: Math.round(median(copyCpu)),
  };
}

export interface AnalysisCost extends PerPersonCost {
  readonly pipelineWallMs: number;
  /**
   * How much slower the per-person loop runs while copy-paste's thread works on the other core
   * (the two cores share caches and memory): its median with the thread minus its median with
   * copy-paste kept on the main thread (XUESHI_COPY_PASTE_THREAD_MIN=Infinity); null when those
   * runs were not made.
   */
  readonly contentionMs: number | null;
  /** A: the main thread's analysis phases, medians over the runs. */
  readonly phasesMs: Record<PhaseName, number>;
  /** A + B. */
  readonly analysesMs: number;
  /** (A + B) / the pipeline's median wall time. */
  readonly share: number;
}

/** The per-person loop's wall time of a run: from 学时真实性（评论，交给线程） to 逐人计算 (or from 读取完成 when copy-paste is inline). */
export function perPersonWallOf(stderr: string): number | null {
  const at = marksOf(stderr);
  const start = at.get('学时真实性（评论，交给线程）') ?? at.get('读取完成'), end = at.get('逐人计算');
  return start === undefined || end === undefined ? null : end - start;
}

/**
 * The whole figure from pipeline runs (their wall time and XUESHI_TIMINGS stderr), runs with
 * copy-paste on the main thread (for the contention; may be empty) and B over `dir`.
 */
export async function analysisCost(dir: string, runs: readonly { wallMs: number; stderr: string }[], inlineRuns: readonly { stderr: string }[] = []): Promise<AnalysisCost> {
  const phases = runs.map((r) => analysisPhasesOf(r.stderr));
  if (phases.some((p) => p === null)) throw new Error('a pipeline run lacks the analysis phase marks (XUESHI_TIMINGS=1)');
  const phasesMs = Object.fromEntries((Object.keys(PHASES) as PhaseName[]).map((k) => [k, Math.round(median(phases.map((p) => p![k])))])) as Record<PhaseName, number>;
  const b = await perPersonCost(dir);
  const pipelineWallMs = Math.round(median(runs.map((r) => r.wallMs)));
  const loops = (rs: readonly { stderr: string }[]) => rs.map((r) => perPersonWallOf(r.stderr)).filter((x): x is number => x !== null);
  const withThread = loops(runs), inline = loops(inlineRuns);
  const contentionMs = withThread.length && inline.length ? Math.max(0, Math.round(median(withThread) - median(inline))) : null;
  const analysesMs = Object.values(phasesMs).reduce((a, x) => a + x, 0) + b.perPersonCpuMs + (contentionMs ?? 0);
  return { ...b, pipelineWallMs, contentionMs, phasesMs, analysesMs, share: Number((analysesMs / pipelineWallMs).toFixed(4)) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2];
  const runs = Number(process.argv[3] ?? 3);
  if (!dir) throw new Error('usage: npx tsx bench/analysis-cost.ts DATASET [runs]');
  const measured: { wallMs: number; stderr: string }[] = [], inline: typeof measured = [];
  // Alternating, so that both kinds meet the same load.
  for (let r = 0; r < runs; r++) {
    measured.push(await pipelineRun(dir, {}));
    inline.push(await pipelineRun(dir, { XUESHI_COPY_PASTE_THREAD_MIN: 'Infinity' }));
  }
  const cost = await analysisCost(dir, measured, inline);
  console.log(JSON.stringify({ dataset: dir, runs, wallRunsMs: measured.map((m) => Math.round(m.wallMs)), inlineWallRunsMs: inline.map((m) => Math.round(m.wallMs)), ...cost }, null, 1));
}

/** One run of the bundled pipeline with XUESHI_TIMINGS=1 on a fresh history store (bench/measure.ts). */
async function pipelineRun(dir: string, env: Record<string, string>): Promise<Measurement> {
  const out = mkdtempSync(join(tmpdir(), 'xueshi-analysis-cost-'));
  try {
    const run = await measureNode(['pipeline/launch.mjs', '--data', dir, '--out', join(out, 'out'), '--history', join(out, 'history')], root, { ...env, XUESHI_TIMINGS: '1' });
    if (run.exitCode !== 0) throw new Error(`pipeline failed (${run.exitCode}): ${run.stderr.slice(-400)}`);
    return run;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
