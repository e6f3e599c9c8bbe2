/**
 * bench/analysis-ab.ts measures the analyses' share by stubbing them out with
 * bench/no-analyses.patch: the patch must still apply to the sources as they are.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('bench/no-analyses.patch', () => {
  it('applies to the current pipeline (git apply --check)', () => {
    expect(() => execFileSync('git', ['apply', '--check', 'bench/no-analyses.patch'], { cwd: new URL('../..', import.meta.url), stdio: 'pipe' })).not.toThrow();
  });
});
