/**
 * The bundle `npm run pipeline` runs (pipeline/bundle.mjs): one file with its dependencies, zod's
 * locales left out (a third of its size, loaded on every run, used by nothing), and it runs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleOptions } from '../../pipeline/bundle.mjs';

describe('the pipeline bundle', () => {
  it('leaves zod’s locales out, keeps its English messages, and runs', async () => {
    const out = mkdtempSync(join(tmpdir(), 'xueshi-bundle-'));
    await build(bundleOptions(resolve('pipeline'), out));
    const code = readFileSync(join(out, 'cli.mjs'), 'utf8');
    expect(code).not.toContain('zhCN'); // zod/v4/locales/zh-CN.js, one of 40-odd
    expect(code).toContain('Invalid input'); // zod/v4/locales/en.js, which zod itself sets up
    // The locales alone are ~366 KB: a bundle that kept them would be the pipeline's own code
    // (~0.8 MB with the analyses) plus that. Checked against the bundle's parts, not a fixed size.
    expect(code).not.toMatch(/locales\/(?:fr|de|ja|ko|ru)\.js/);
    expect(code.length).toBeLessThan(1_000_000);
    const help = await promisify(execFile)(process.execPath, [join(out, 'cli.mjs'), '--help']);
    expect(help.stdout + help.stderr).toContain('--data');
  }, 60_000);
});
