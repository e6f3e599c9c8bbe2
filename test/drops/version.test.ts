/**
 * The history store cannot serve a stale result (docs/drops.md, "The pipeline version"): the
 * version an entry is keyed with changes with any edit of the pipeline's code, schemas or
 * locked dependencies — nobody has to remember to bump it — and the bundle `npm run pipeline`
 * runs keys entries exactly as the sources run through tsx do.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleOptions, sourceHash } from '../../pipeline/bundle.mjs';
import { CODE_HASH, PIPELINE_VERSION } from '../../pipeline/drops/version.ts';

const root = resolve(import.meta.dirname, '../..');

/** A copy of the pipeline's sources and the lockfile, to edit. */
function pipelineCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xueshi-version-'));
  cpSync(join(root, 'pipeline'), join(dir, 'pipeline'), { recursive: true });
  cpSync(join(root, 'generate'), join(dir, 'generate'), { recursive: true });
  cpSync(join(root, 'package-lock.json'), join(dir, 'package-lock.json'));
  return join(dir, 'pipeline');
}

describe('the pipeline version of the history store', () => {
  it('is the hash of the sources that run', () => {
    expect(CODE_HASH).toBe(sourceHash(join(root, 'pipeline')));
    expect(PIPELINE_VERSION).toContain(`+code.${CODE_HASH.slice(0, 16)}`);
  });

  it('changes with any edit of a rule, a schema or a locked dependency, not with the data generator', () => {
    const copy = pipelineCopy();
    const before = sourceHash(copy);
    expect(sourceHash(copy)).toBe(before); // deterministic
    // The generator lives beside the pipeline (generate/), not in it.
    const generator = readdirSync(join(copy, '..', 'generate'))[0];
    appendFileSync(join(copy, '..', 'generate', generator), '\n// a test edit\n');
    expect(sourceHash(copy)).toBe(before);
    for (const file of ['rules/online.ts', 'contract/outputs.ts', '../package-lock.json']) {
      const path = join(copy, file);
      const text = readFileSync(path, 'utf8');
      writeFileSync(path, text.replace('0.9', '0.91') + ' ');
      expect(sourceHash(copy), file).not.toBe(before);
      writeFileSync(path, text);
      expect(sourceHash(copy)).toBe(before);
    }
  });

  it('the bundle keys its store entries with the same version as the sources', async () => {
    const out = mkdtempSync(join(tmpdir(), 'xueshi-version-bundle-'));
    await build(bundleOptions(join(root, 'pipeline'), out));
    const history = mkdtempSync(join(tmpdir(), 'xueshi-version-history-'));
    const json = mkdtempSync(join(tmpdir(), 'xueshi-version-out-'));
    await promisify(execFile)(process.execPath, [join(out, 'cli.mjs'), '--data', join(root, 'test/fixtures/tiny'), '--out', json, '--history', history]);
    const [period] = readdirSync(history).filter((e) => !e.startsWith('.'));
    const [asOf] = readdirSync(join(history, period));
    const manifest = JSON.parse(readFileSync(join(history, period, asOf, 'manifest.json'), 'utf8')) as { pipelineVersion: string };
    expect(manifest.pipelineVersion).toBe(PIPELINE_VERSION);
  }, 120_000);
});
