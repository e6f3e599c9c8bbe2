/**
 * Where the pipeline's time goes: runs it under `node --cpu-prof` and sums the V8 profile's
 * self time per function and per source file. tsx compiles each module to a single line, so
 * positions are mapped back to source lines through the modules' source maps, which
 * sourcemap-probe.mjs collects from the profiled process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of a .cpuprofile we read. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  /** "function  file:line", the line in the TypeScript source where a source map is known. */
  name: string;
  selfMs: number;
  share: number;
}

export interface Profile {
  wallMs: number;
  sampledMs: number;
  functions: SelfTime[];
  files: SelfTime[];
}

function location(url: string, root: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const rel = relative(root, path);
  const inPackages = path.lastIndexOf('/node_modules/');
  return !rel.startsWith('..') ? rel : inPackages >= 0 ? path.slice(inPackages + 1) : path;
}

/** Self time per key: sample i lasts until sample i + 1 (timeDeltas[i + 1], in µs). */
function selfTimes(profile: CpuProfile, keyOf: (nodeId: number) => string): Map<string, number> {
  const totals = new Map<string, number>();
  for (let i = 0; i + 1 < profile.samples.length; i++) {
    const key = keyOf(profile.samples[i]);
    totals.set(key, (totals.get(key) ?? 0) + profile.timeDeltas[i + 1] / 1000);
  }
  return totals;
}

function top(totals: Map<string, number>, sampledMs: number, n: number): SelfTime[] {
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, selfMs]) => ({ name, selfMs, share: selfMs / sampledMs }));
}

export function summarise(profile: CpuProfile, root: string, maps: Record<string, SourceMapPayload>, n = 20): Omit<Profile, 'wallMs'> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const sourceMaps = new Map(Object.entries(maps).map(([url, payload]) => [url, new SourceMap(payload)]));
  const line = (f: CpuProfile['nodes'][number]['callFrame']) => {
    const entry = sourceMaps.get(f.url)?.findEntry(f.lineNumber, f.columnNumber);
    return entry && 'originalLine' in entry ? entry.originalLine + 1 : f.lineNumber + 1;
  };
  const fn = (id: number) => {
    const f = byId.get(id);
    if (!f) return '?';
    const where = location(f.url, root);
    return where ? `${f.functionName || '(anonymous)'}  ${where}:${line(f)}` : f.functionName || '(native)';
  };
  const file = (id: number) => {
    const f = byId.get(id);
    return f ? location(f.url, root) || f.functionName : '?';
  };
  const functions = selfTimes(profile, fn);
  const sampledMs = [...functions.values()].reduce((a, b) => a + b, 0);
  return { sampledMs, functions: top(functions, sampledMs, n), files: top(selfTimes(profile, file), sampledMs, 12) };
}

/**
 * Profiles `pipeline/cli.ts --data dataDir --out outDir`. tsx's loader hooks run on a thread of
 * their own, which writes a profile too: the main thread's is the largest.
 */
export function profilePipeline(root: string, dataDir: string, outDir: string, profileDir: string): Profile {
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const mapsFile = join(profileDir, 'sourcemaps.json');
  const env = { ...process.env, BENCH_SOURCEMAP_DIR: join(root, 'pipeline'), BENCH_SOURCEMAP_FILE: mapsFile };
  const probe = fileURLToPath(new URL('./sourcemap-probe.mjs', import.meta.url));
  const args = ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--import', 'tsx', '--import', probe, 'pipeline/cli.ts', '--data', dataDir, '--out', outDir];
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  if (run.status !== 0) throw new Error(`profiled pipeline failed (exit ${run.status}): ${run.stderr.slice(-500)}`);
  const files = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(profileDir, f));
  if (files.length === 0) throw new Error(`no .cpuprofile written to ${profileDir}`);
  const main = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const maps = existsSync(mapsFile) ? (JSON.parse(readFileSync(mapsFile, 'utf8')) as Record<string, SourceMapPayload>) : {};
  return { wallMs, ...summarise(JSON.parse(readFileSync(main, 'utf8')) as CpuProfile, root, maps) };
}
