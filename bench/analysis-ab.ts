/**
 * npx tsx bench/analysis-ab.ts DATASET [pairs]
 *
 * What all of 大数据分析 and 学时真实性 add to the pipeline's wall time, measured the plain way: the
 * same code run with and without them. bench/no-analyses.patch stubs the analyses out behind
 * XUESHI_NO_ANALYSES=1 (copy-paste gets no comments, the viewing rules, 预警 states, the rhythm
 * and each person's last study return at once; the funnel's counting and writing the files
 * stay); it is applied in a temporary worktree of HEAD, so both kinds of run are one bundle.
 * `pairs` runs of each (default 9), alternating, so that both meet the same load; the verdict
 * is the share (with − without) / with of the medians, against docs/analysis.md's 15 %.
 * bench/analysis-cost.ts breaks the same cost down by phase.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureNode } from './measure.ts';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dir = process.argv[2] && resolve(process.argv[2]);
const pairs = Number(process.argv[3] ?? 9);
if (!dir) throw new Error('usage: npx tsx bench/analysis-ab.ts DATASET [pairs]');
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

if (git('status', '--porcelain', '--', 'pipeline')) console.warn('pipeline/ has uncommitted changes: the worktree measures HEAD, not them');
const scratch = mkdtempSync(join(tmpdir(), 'xueshi-analysis-ab-'));
const tree = join(scratch, 'tree');
git('worktree', 'add', '--detach', tree, 'HEAD');
try {
  execFileSync('git', ['apply', join(root, 'bench/no-analyses.patch')], { cwd: tree });
  symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'));
  const run = async (without: boolean): Promise<number> => {
    const out = join(scratch, 'out'), history = join(scratch, 'history');
    rmSync(history, { recursive: true, force: true });
    const r = await measureNode(['pipeline/launch.mjs', '--data', dir, '--out', out, '--history', history], tree, { XUESHI_NO_ANALYSES: without ? '1' : '' });
    if (r.exitCode !== 0) throw new Error(`pipeline failed (${r.exitCode}): ${r.stderr.slice(-400)}`);
    return r.wallMs;
  };
  await run(false); // bundles the worktree's pipeline once, outside the measurement
  const withAnalyses: number[] = [], without: number[] = [];
  for (let i = 0; i < pairs; i++) {
    withAnalyses.push(await run(false));
    without.push(await run(true));
  }
  const w = median(withAnalyses), wo = median(without);
  console.log(JSON.stringify({
    dataset: dir, pairs, withMs: withAnalyses.map(Math.round), withoutMs: without.map(Math.round),
    medianWithMs: Math.round(w), medianWithoutMs: Math.round(wo), analysesMs: Math.round(w - wo), share: Number(((w - wo) / w).toFixed(4)),
  }, null, 1));
} finally {
  git('worktree', 'remove', '--force', tree);
  rmSync(scratch, { recursive: true, force: true });
}
