/**
 * Where the pipeline's time goes: runs what `npm run pipeline` runs — the pipeline bundled into
 * one file by esbuild (here with source maps) — under `node --cpu-prof`, which writes one
 * profile per thread (main, views worker), and sums the self time per function and per source
 * file over all threads, positions mapped back to the TypeScript (and dependencies') sources.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleOptions } from '../pipeline/bundle.mjs';

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

export interface ThreadTime {
  /** Node's thread id: 0 is the main thread. */
  thread: number;
  sampledMs: number;
  idleMs: number;
}

export interface Profile {
  wallMs: number;
  /** Sampled time over all threads, idle time of threads other than the main one left out. */
  sampledMs: number;
  threads: ThreadTime[];
  functions: SelfTime[];
  files: SelfTime[];
}

const IDLE = '(idle)';

function location(url: string, root: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const rel = relative(root, path);
  const inPackages = path.lastIndexOf('/node_modules/');
  return !rel.startsWith('..') ? rel : inPackages >= 0 ? path.slice(inPackages + 1) : path;
}

/** Adds each sample's duration to its key: sample i lasts until sample i + 1 (timeDeltas in µs). */
function addSelfTimes(totals: Map<string, number>, profile: CpuProfile, keyOf: (nodeId: number) => string, skipIdle: boolean): void {
  for (let i = 0; i + 1 < profile.samples.length; i++) {
    const key = keyOf(profile.samples[i]);
    if (skipIdle && key === IDLE) continue;
    totals.set(key, (totals.get(key) ?? 0) + profile.timeDeltas[i + 1] / 1000);
  }
}

function top(totals: Map<string, number>, sampledMs: number, n: number): SelfTime[] {
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, selfMs]) => ({ name, selfMs, share: selfMs / sampledMs }));
}

/** Self time per function and file over the threads' profiles; other threads' idle time is left out. */
export function summarise(
  profiles: readonly { thread: number; profile: CpuProfile }[], root: string, maps: Record<string, SourceMapPayload>, n = 20,
): Omit<Profile, 'wallMs'> {
  const sourceMaps = new Map(Object.entries(maps).map(([url, payload]) => [url, new SourceMap(payload)]));
  // A bundle's position → the source file (relative to the map) and line it came from.
  const origin = (f: CpuProfile['nodes'][number]['callFrame']): { url: string; line: number } => {
    const entry = sourceMaps.get(f.url)?.findEntry(f.lineNumber, f.columnNumber);
    if (!entry || !('originalLine' in entry)) return { url: f.url, line: f.lineNumber + 1 };
    const bundle = f.url.startsWith('file://') ? fileURLToPath(f.url) : f.url;
    return { url: pathToFileURL(resolve(dirname(bundle), entry.originalSource)).href, line: entry.originalLine + 1 };
  };
  const functions = new Map<string, number>(), files = new Map<string, number>();
  const threads: ThreadTime[] = [];
  for (const { thread, profile } of profiles) {
    const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    const fn = (id: number) => {
      const f = byId.get(id);
      if (!f) return '?';
      const o = origin(f);
      const where = location(o.url, root);
      return where ? `${f.functionName || '(anonymous)'}  ${where}:${o.line}` : f.functionName || '(native)';
    };
    const file = (id: number) => {
      const f = byId.get(id);
      return f ? location(origin(f).url, root) || f.functionName || '(native)' : '?';
    };
    const own = new Map<string, number>();
    addSelfTimes(own, profile, fn, false);
    threads.push({ thread, sampledMs: [...own.values()].reduce((a, b) => a + b, 0), idleMs: own.get(IDLE) ?? 0 });
    addSelfTimes(functions, profile, fn, thread !== 0);
    addSelfTimes(files, profile, file, thread !== 0);
  }
  const sampledMs = [...functions.values()].reduce((a, b) => a + b, 0);
  return { sampledMs, threads: threads.sort((a, b) => a.thread - b.thread), functions: top(functions, sampledMs, n), files: top(files, sampledMs, 12) };
}

/** Profiles the bundled pipeline on `--data dataDir --out outDir`. */
export async function profilePipeline(root: string, dataDir: string, outDir: string, profileDir: string): Promise<Profile> {
  rmSync(profileDir, { recursive: true, force: true });
  const bundleDir = join(profileDir, 'bundle');
  mkdirSync(bundleDir, { recursive: true });
  // The same bundle as pipeline/launch.mjs builds, with source maps beside it.
  const { build } = await import('esbuild');
  await build({ ...bundleOptions(join(root, 'pipeline'), bundleDir), sourcemap: 'external' });
  // An empty history store of its own: the profile is of computing the drop, not of reusing it.
  const history = join(profileDir, 'history');
  const args = ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, join(bundleDir, 'cli.mjs'), '--data', dataDir, '--out', outDir, '--history', history];
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  if (run.status !== 0) throw new Error(`profiled pipeline failed (exit ${run.status}): ${run.stderr.slice(-500)}`);
  // CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile
  const profiles = readdirSync(profileDir).flatMap((name) => {
    const m = /\.(\d+)\.\d+\.cpuprofile$/.exec(name);
    return m ? [{ thread: Number(m[1]), profile: JSON.parse(readFileSync(join(profileDir, name), 'utf8')) as CpuProfile }] : [];
  });
  if (profiles.length === 0) throw new Error(`no .cpuprofile written to ${profileDir}`);
  const maps = Object.fromEntries(['cli.mjs', 'views-worker-boot.mjs', 'copy-paste-worker-boot.mjs'].map((f) => [
    pathToFileURL(join(bundleDir, f)).href, JSON.parse(readFileSync(join(bundleDir, `${f}.map`), 'utf8')) as SourceMapPayload,
  ]));
  return { wallMs, ...summarise(profiles, root, maps) };
}
