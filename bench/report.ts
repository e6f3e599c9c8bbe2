/**
 * The shape of bench/results.json, and bench/RESULTS.md rendered from it. Text below NOTES_MARK
 * in an existing RESULTS.md is hand-written and kept.
 */
import type { PeerCheck } from './check.ts';
import type { Profile } from './profile.ts';
import type { AnalysisCost } from './analysis-cost.ts';

export const NOTES_MARK = '<!-- Hand-written notes below this line are kept when `npm run bench` rewrites the file. -->';

/** Medians over the runs of one step, and the runs themselves. */
export interface Step {
  wallMs: number;
  cpuMs: number | null;
  maxRssMB: number | null;
  /** Highest 1-minute load average seen around the runs. */
  maxLoad: number;
  runs: { wallMs: number; cpuMs: number | null; maxRssMB: number | null; loadBefore: number; loadAfter: number }[];
}

export interface PeerStep extends Step {
  queryMs: number;
  threads: number;
}

/** One whole `npm run build` (pipeline included): its measurement and the pages it made. */
export interface SiteStep extends Step {
  pages: number;
  /** The three largest HTML pages, largest first (path relative to the site). */
  largestPages?: { path: string; bytes: number }[];
  /** All HTML pages together. */
  siteBytes?: number;
}

export interface SizeResult {
  people: number;
  dataset: string;
  /** Data rows of every input file (quality.json), and of views.csv. */
  inputRows: number;
  viewRows: number;
  pipeline: Step;
  islands: PeerStep | null;
  sweep: PeerStep | null;
  site: SiteStep | null;
  check: PeerCheck | null;
  /** The pipeline's main thread phase by phase (XUESHI_TIMINGS): median ms per phase over the runs. */
  phases?: Phase[] | null;
  /** What 大数据分析 and 学时真实性 add to the pipeline (bench/analysis-cost.ts); prefecture sizes only. */
  analyses?: AnalysisCost | null;
}

export interface Phase {
  /** What ended the phase: a file read, the views table built, people evaluated … */
  label: string;
  ms: number;
}

export interface Machine {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  duckdb: string | null;
  gnuTime: boolean;
  commit: string;
  /** Uncommitted changes in pipeline/ and site/ at the time of the run (they were measured too). */
  dirty: string[];
}

export interface Results {
  machine: Machine;
  runs: number;
  seed: number;
  segmentsPerPerson: number;
  sizes: SizeResult[];
  /** The goal size measured again at the end. */
  recheck: SizeResult | null;
  profile: (Profile & { people: number }) | null;
  failures: string[];
}

export const GOAL_PEOPLE = 20_000;

const s = (ms: number | null) => (ms === null ? '—' : (ms / 1000).toFixed(2) + ' s');
const mb = (x: number | null) => (x === null ? '—' : `${Math.round(x)} MB`);
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : '—');
const rowsPerSec = (rows: number, ms: number) => thousands(rows / (ms / 1000));

function pipelineTable(sizes: SizeResult[]): string[] {
  return [
    '| people | input rows (all files) | views.csv rows | wall | CPU (user+sys) | rows/s (all input) | peak RSS | max load |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...sizes.map((r) => `| ${thousands(r.people)} | ${thousands(r.inputRows)} | ${thousands(r.viewRows)} | ${s(r.pipeline.wallMs)} | ${s(r.pipeline.cpuMs)} | ${rowsPerSec(r.inputRows, r.pipeline.wallMs)} | ${mb(r.pipeline.maxRssMB)} | ${r.pipeline.maxLoad.toFixed(1)} |`),
  ];
}

function peerTable(sizes: SizeResult[]): string[] {
  return [
    '| people | islands: query | islands: process wall | islands: CPU | islands: peak RSS | view rows/s (query) | sweep: query | **pipeline wall / islands query** | pipeline wall / islands process | pipeline wall / sweep query |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...sizes.filter((r) => r.islands).map((r) => {
      const i = r.islands as PeerStep;
      return `| ${thousands(r.people)} | ${s(i.queryMs)} | ${s(i.wallMs)} | ${s(i.cpuMs)} | ${mb(i.maxRssMB)} | ${rowsPerSec(r.viewRows, i.queryMs)} | ${s(r.sweep?.queryMs ?? null)} | **${ratio(r.pipeline.wallMs, i.queryMs)}** | ${ratio(r.pipeline.wallMs, i.wallMs)} | ${ratio(r.pipeline.wallMs, r.sweep?.queryMs)} |`;
    }),
  ];
}

const kb = (bytes: number) => (bytes >= 1_000_000 ? `${(bytes / 1_048_576).toFixed(2)} MB` : `${Math.round(bytes / 1024)} KB`);
const largest = (site: SiteStep) => site.largestPages?.[0] ?? null;

function siteTable(sizes: SizeResult[]): string[] {
  return [
    '| people | pages | HTML in all | largest pages | wall | CPU (user+sys) | peak RSS (largest process) | max load |',
    '|---:|---:|---:|---|---:|---:|---:|---:|',
    ...sizes.filter((r) => r.site).map((r) => {
      const site = r.site as SiteStep;
      const big = site.largestPages?.map((p) => `\`${p.path}\` ${kb(p.bytes)}`).join(', ') ?? '—';
      return `| ${thousands(r.people)} | ${thousands(site.pages)} | ${site.siteBytes === undefined ? '—' : kb(site.siteBytes)} | ${big} | ${s(site.wallMs)} | ${s(site.cpuMs)} | ${mb(site.maxRssMB)} | ${site.maxLoad.toFixed(1)} |`;
    }),
  ];
}

function checkTable(sizes: SizeResult[]): string[] {
  return [
    '| people | JS re-count of sampled people = DuckDB | DuckDB people | DuckDB union hours | pipeline credited hours (capped) | per person: equal / pipeline lower (course cap) / pipeline higher (extension) / not in roster |',
    '|---:|---|---:|---:|---:|---|',
    ...sizes.filter((r) => r.check).map((r) => {
      const c = r.check as PeerCheck;
      return `| ${thousands(r.people)} | ${c.sampleMatches}/${c.sampled.length} (${c.sampled.join(', ')}) | ${thousands(c.peerPeople)} | ${thousands(c.peerTotalHours)} | ${thousands(c.pipelineCreditedHours)} | ${thousands(c.equal)} / ${thousands(c.cappedBelow)} / ${thousands(c.above)} / ${thousands(c.notInPipeline)} |`;
    }),
  ];
}

/** The province-scale round province size: the pipeline's memory, linear cost and the whole site build are judged here. */
export const PROVINCE_PEOPLE = 200_000;

/** Each goal (the 20,000-people speed round at 20,000 people, the province-scale round at 200,000): measured value, target, verdict. */
function goals(results: Results): string[] {
  const at = (people: number) => results.sizes.find((r) => r.people === people);
  const goal = at(GOAL_PEOPLE);
  if (!goal) return [`(no ${thousands(GOAL_PEOPLE)}-person run: goals not evaluated)`];
  const rows: string[] = ['| goal | measured | target | verdict |', '|---|---:|---:|---|'];
  const verdict = (value: number | null, limit: number) => (value === null ? 'not measured' : value <= limit ? 'met' : `**missed** by ${ratio(value, limit)} of target`);
  if (goal.islands) {
    const r = goal.pipeline.wallMs / goal.islands.queryMs;
    rows.push(`| 20,000: pipeline wall ≤ 1.5 × DuckDB islands query | ${r.toFixed(2)}× (${s(goal.pipeline.wallMs)} vs ${s(goal.islands.queryMs)}) | 1.5× | ${verdict(r, 1.5)} |`);
    const rp = goal.pipeline.wallMs / goal.islands.wallMs;
    rows.push(`| (same, both as whole processes) | ${rp.toFixed(2)}× (${s(goal.pipeline.wallMs)} vs ${s(goal.islands.wallMs)}) | 1.5× | ${verdict(rp, 1.5)} |`);
    const again = results.recheck;
    if (again?.islands) {
      const ra = again.pipeline.wallMs / again.islands.queryMs;
      rows.push(`| (same as the first row, re-run at the end) | ${ra.toFixed(2)}× (${s(again.pipeline.wallMs)} vs ${s(again.islands.queryMs)}) | 1.5× | ${verdict(ra, 1.5)} |`);
    }
  }
  if (goal.analyses) {
    const a = goal.analyses;
    const parts = `${s(a.analysesMs)} of ${s(a.pipelineWallMs)}: waiting for copy-paste ${s(a.phasesMs.wait)}, 预警 groups ${s(a.phasesMs.groups)}, hand-over ${s(a.phasesMs.handover)}, integrity.json ${s(a.phasesMs.file)}, in the per-person loop ${s(a.perPersonCpuMs)}, the loop slowed by copy-paste's thread ${s(a.contentionMs)}; copy-paste's own thread ${s(a.copyPasteCpuMs)} CPU`;
    rows.push(`| 20,000: all analyses ≤ 15 % of the pipeline | ${pct(a.share)} (${parts}) | 15 % | ${verdict(a.share, 0.15)} |`);
  }
  rows.push(`| 20,000: pipeline peak RSS ≤ 1 GB | ${mb(goal.pipeline.maxRssMB)} | 1024 MB | ${verdict(goal.pipeline.maxRssMB, 1024)} |`);
  if (goal.site) {
    rows.push(`| 20,000: \`npm run build\` (pipeline included) ≤ 30 s | ${s(goal.site.wallMs)} | 30 s | ${verdict(goal.site.wallMs, 30_000)} |`);
    rows.push(`| 20,000: \`npm run build\` ≤ 2 GB | ${mb(goal.site.maxRssMB)} | 2048 MB | ${verdict(goal.site.maxRssMB, 2048)} |`);
  }
  const province = at(PROVINCE_PEOPLE);
  if (province) rows.push(`| 200,000: pipeline peak RSS ≤ 1.5 GB | ${mb(province.pipeline.maxRssMB)} | 1536 MB | ${verdict(province.pipeline.maxRssMB, 1536)} |`);
  const big = province ?? results.sizes.filter((r) => r.people > GOAL_PEOPLE).at(-1);
  if (big) {
    // Judged on CPU time per row: wall time swings with other processes' load, CPU time much less.
    const growth = (ms: (r: SizeResult) => number | null) => {
      const a = ms(goal), b = ms(big);
      return a === null || b === null ? null : { a: (a * 1000) / goal.inputRows, b: (b * 1000) / big.inputRows, g: (b / big.inputRows) / (a / goal.inputRows) };
    };
    const cpu = growth((r) => r.pipeline.cpuMs), wall = growth((r) => r.pipeline.wallMs) as { a: number; b: number; g: number };
    const judged = cpu ?? wall;
    const text = (x: { a: number; b: number; g: number }) => `${x.g.toFixed(2)} (${x.a.toFixed(2)} → ${x.b.toFixed(2)} µs/row)`;
    rows.push(`| linear cost: ${cpu ? 'CPU' : 'wall'} time per row at ${thousands(big.people)} ÷ at ${thousands(GOAL_PEOPLE)} | ${text(judged)}${cpu ? `; wall ${text(wall)}` : ''}; RSS ${mb(goal.pipeline.maxRssMB)} → ${mb(big.pipeline.maxRssMB)} | ≤ 1.15 | ${judged.g <= 1.15 ? 'met' : `**missed**: ${pct(judged.g - 1)} more per row`} |`);
  }
  if (province?.site) {
    const site = province.site;
    rows.push(`| 200,000: \`npm run build\` (pipeline included) ≤ 60 s | ${s(site.wallMs)} | 60 s | ${verdict(site.wallMs, 60_000)} |`);
    rows.push(`| 200,000: \`npm run build\` ≤ 2 GB (largest process) | ${mb(site.maxRssMB)} | 2048 MB | ${verdict(site.maxRssMB, 2048)} |`);
    const page = largest(site);
    if (page) rows.push(`| 200,000: no HTML page over 1 MB | \`${page.path}\` ${kb(page.bytes)} | 1 MB | ${verdict(page.bytes, 1_048_576)} |`);
  }
  return rows;
}

/** Rows: the main thread's phases in order; columns: the sizes that have them. */
function phaseTable(sizes: SizeResult[]): string[] {
  const measured = sizes.filter((r) => r.phases?.length);
  if (!measured.length) return ['(not measured)'];
  // The rows of the size with the most phases (a small views.csv is read without the worker's rows).
  const labels = measured.reduce((a, b) => (b.phases!.length > a.phases!.length ? b : a)).phases!.map((p) => p.label);
  const goal = measured.find((r) => r.people === GOAL_PEOPLE);
  const goalTotal = goal ? goal.phases!.reduce((sum, p) => sum + p.ms, 0) : 0;
  return [
    'Each row ends when the main thread logs it (`XUESHI_TIMINGS=1`); a row\'s time is the median over the runs of the time since the row before (the first: since the process started, Node\'s start and loading the bundle included). From *views.csv 已载入* to *views.csv 读完* the worker reads views.csv beside the main thread, which reads the other files and then joins it; everything after runs on the main thread alone.',
    '',
    `| phase (main thread) | ${measured.map((r) => `${thousands(r.people)}`).join(' | ')} |${goal ? ' share at 20,000 |' : ''}`,
    `|---|${measured.map(() => '---:').join('|')}|${goal ? '---:|' : ''}`,
    ...labels.map((label) => {
      const cells = measured.map((r) => { const p = r.phases!.find((x) => x.label === label); return p ? `${thousands(p.ms)} ms` : '—'; });
      const share = goal ? ` ${pct((goal.phases!.find((x) => x.label === label)?.ms ?? 0) / goalTotal)} |` : '';
      return `| ${label} | ${cells.join(' | ')} |${share}`;
    }),
    `| **sum** | ${measured.map((r) => `${thousands(r.phases!.reduce((sum, p) => sum + p.ms, 0))} ms`).join(' | ')} |${goal ? ' |' : ''}`,
  ];
}

function profileSection(p: Results['profile']): string[] {
  if (!p) return ['(not profiled)'];
  const row = (e: { name: string; selfMs: number; share: number }) => `| \`${e.name.replace(/\|/g, '\\|')}\` | ${thousands(e.selfMs)} ms | ${pct(e.share)} |`;
  const threads = (p.threads ?? []).map((t) => `${t.thread === 0 ? 'main' : `thread ${t.thread}`} ${s(t.sampledMs)} (idle ${s(t.idleMs)})`).join('; ');
  return [
    `\`node --cpu-prof\` on the pipeline's bundle (as \`npm run pipeline\` runs it, built here with source maps) on ${thousands(p.people)} people: ${s(p.wallMs)} wall under the profiler. Sampled per thread: ${threads}. ` +
      `The tables sum self time over all threads (${s(p.sampledMs)}), leaving out the idle time of threads other than the main one; \`(idle)\` is the main thread waiting (for file reads, for a worker). ` +
      'Lines are source lines (TypeScript, or a dependency\'s JavaScript), mapped through the bundle\'s source maps.',
    '',
    '| function | self | share |', '|---|---:|---:|', ...p.functions.map(row),
    '', 'Self time per file:', '', '| file | self | share |', '|---|---:|---:|', ...p.files.map(row),
  ];
}

export function renderResults(results: Results, keptNotes: string): string {
  const m = results.machine;
  const loads = [...results.sizes, ...(results.recheck ? [results.recheck] : [])].flatMap((r) => [r.pipeline, r.islands, r.sweep, r.site].filter((x) => x !== null).map((x) => x.maxLoad));
  const maxLoad = Math.max(0, ...loads);
  const lines = [
    '# Benchmark results (the speed and province-scale rounds)',
    '',
    'Written by `npm run bench` (bench/run.ts); the same figures are in `bench/results.json`.',
    '',
    `- Date: ${m.date}`,
    `- Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB.toFixed(1)} GiB RAM; Node ${m.node}; DuckDB ${m.duckdb ?? 'not run'}`,
    `- Code: commit ${m.commit}${m.dirty.length ? `, with uncommitted changes measured too: ${m.dirty.join(', ')}` : ''}`,
    `- Datasets: \`npm run generate -- --people N --seed ${results.seed} --segments ${results.segmentsPerPerson} --shape S\`, cached in bench/.cache/; S is prefecture below 100,000 people (≤ 150 units), province from 100,000 (units of ~69 people, branches of ~17: 2,900 units and ~11,300 branches at 200,000)`,
    `- Each figure is the median of ${results.runs} run(s); pipeline and DuckDB runs alternate. Site build: one run per size. Peak RSS ${m.gnuTime ? 'from `/usr/bin/time -v`' : "from the child's `process.resourceUsage().maxRSS`"}.`,
    `- Pipeline: \`node pipeline/launch.mjs --data D --out O\` — what \`npm run pipeline\` runs, the bundle built once per source version — as a child process (wall includes Node start). Site: \`node --import tsx site/scripts/build.ts --data D --history H --out S\` — what \`npm run build\` runs, pipeline included, H emptied first so the drop is computed; peak RSS is the largest single process (the build, the pipeline child or Astro).`,
    '',
  ];
  // The measured child itself accounts for about 1 of the load; more means something else ran.
  if (maxLoad >= 1.5) {
    lines.push(`> **Load:** the 1-minute load average reached ${maxLoad.toFixed(1)} on ${m.cpus} cores during these measurements (the measured process accounts for about 1) — other processes, such as other engineers' builds and tests, were running. Wall times are inflated and noisy where the "max load" column is high; CPU time (user+sys) is the steadier figure.`, '');
  }
  lines.push('## Goals', '', ...goals(results), '');
  lines.push('## Pipeline (whole: all files, all outputs)', '', ...pipelineTable(results.sizes), '');
  const peerRan = results.sizes.some((r) => r.islands);
  if (!peerRan) lines.push('## DuckDB peer', '', '(not run: `--skip-duckdb`, or @duckdb/node-api missing — `npm ci --prefix bench`)', '');
  else lines.push(
    '## DuckDB peer', '',
    '`bench/duckdb-peer.ts`: reads the same views.csv, clips segments to the window, merges each person\'s overlapping segments and sums the merged seconds per person. *islands* is the gaps-and-islands query the issue names (running max of earlier ends, island numbers, group); *sweep* is the same union with a single window (each segment adds what lies beyond the furthest earlier end) — same result, shown as DuckDB\'s better formulation. Query time = the query with its rows materialised in JS; process wall adds Node start and loading DuckDB.', '',
    ...peerTable(results.sizes), '',
    'Does the peer compute the same thing? A plain JS union of a few people (read straight from views.csv) must equal DuckDB; the pipeline\'s creditedMinutes caps each course at its duration, so it is lower where caps bite, and higher only where an extension moves a person\'s range past the window.', '',
    ...checkTable(results.sizes), '',
  );
  lines.push('## Where the pipeline\'s wall time goes', '', ...phaseTable(results.sizes), '');
  lines.push('## Site build (`npm run build`, pipeline included)', '', ...siteTable(results.sizes), '');
  lines.push('## Profile', '', ...profileSection(results.profile), '');
  if (results.recheck) {
    lines.push(`## Re-run of ${thousands(results.recheck.people)} people at the end`, '', ...pipelineTable([results.recheck]), '', ...(peerRan ? peerTable([results.recheck]) : []), '');
  }
  if (results.failures.length) lines.push('## Failures', '', ...results.failures.map((f) => `- ${f}`), '');
  lines.push(NOTES_MARK, keptNotes.trim() ? `\n${keptNotes.trim()}\n` : '');
  return lines.join('\n');
}
