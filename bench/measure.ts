/**
 * Runs one child process and measures it: wall time, CPU time and peak RSS. GNU time
 * (`/usr/bin/time -v`) reports the peak RSS of the child as the kernel saw it; without it, a
 * preloaded probe (rss-probe.mjs) writes the child's own process.resourceUsage() on exit.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(GNU_TIME);
const probe = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));

export interface Measurement {
  wallMs: number;
  /** User + system CPU time of the child (and its waited-for children, with GNU time). */
  cpuMs: number | null;
  maxRssMB: number | null;
  /** 1-minute load average just before and just after the run (other processes share the cores). */
  loadBefore: number;
  loadAfter: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const loadAverage = (): number => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/** `node <nodeArgs…>` in `cwd`, measured. */
export async function measureNode(nodeArgs: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Measurement> {
  const scratch = mkdtempSync(join(tmpdir(), 'xueshi-bench-'));
  const report = join(scratch, 'usage.txt');
  const [command, args] = hasGnuTime
    ? [GNU_TIME, ['-v', '-o', report, process.execPath, ...nodeArgs]]
    : [process.execPath, ['--import', probe, ...nodeArgs]];
  const loadBefore = loadAverage();
  const t0 = performance.now();
  try {
    const { code, stdout, stderr } = await run(command, args, cwd, { ...process.env, ...env, BENCH_USAGE_FILE: report });
    const wallMs = performance.now() - t0;
    const usage = existsSync(report) ? readFileSync(report, 'utf8') : '';
    const { cpuMs, maxRssMB } = hasGnuTime ? parseGnuTime(usage) : parseProbe(usage);
    return { wallMs, cpuMs, maxRssMB, loadBefore, loadAfter: loadAverage(), exitCode: code, stdout, stderr };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 0), stdout, stderr }));
  });
}

function parseGnuTime(text: string): { cpuMs: number | null; maxRssMB: number | null } {
  const field = (label: string) => {
    const m = new RegExp(`${label}: ([\\d.]+)`).exec(text);
    return m ? Number(m[1]) : null;
  };
  const user = field('User time \\(seconds\\)'), sys = field('System time \\(seconds\\)');
  const rssKB = field('Maximum resident set size \\(kbytes\\)');
  return {
    cpuMs: user === null || sys === null ? null : (user + sys) * 1000,
    maxRssMB: rssKB === null ? null : rssKB / 1024,
  };
}

function parseProbe(text: string): { cpuMs: number | null; maxRssMB: number | null } {
  if (!text) return { cpuMs: null, maxRssMB: null };
  const u = JSON.parse(text) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
  return { cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMB: u.maxRSS / 1024 };
}
