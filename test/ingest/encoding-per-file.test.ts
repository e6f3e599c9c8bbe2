/**
 * --encoding FILE=ENC (docs/data-format.md): one file's encoding given, the others still detected or given
 * as a whole with --encoding ENC.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeGb18030 } from '../../generate/gb18030.ts';
import { encodingOptions } from '../../pipeline/ingest/decode.ts';
import { computeOutputs } from '../../pipeline/run.ts';

describe('--encoding FILE=ENC', () => {
  it('reads the options the way the command line gives them', () => {
    expect(encodingOptions(['utf-8', 'Roster.CSV=gb18030', 'self-study=GBK'])).toEqual({
      encoding: 'utf-8', encodings: { 'roster.csv': 'gb18030', 'self_study.csv': 'gb18030' },
    });
    expect(encodingOptions(['people.csv=gb18030'])).toMatch(/不认识的文件名/);
    expect(encodingOptions(['views.csv=latin1'])).toMatch(/不支持的编码/);
  });

  it('decodes that one file as told while --encoding utf-8 holds for the rest', async () => {
    const data = mkdtempSync(join(tmpdir(), 'xueshi-enc-file-'));
    cpSync('test/fixtures/tiny', data, { recursive: true });
    const roster = readFileSync(join(data, 'roster.csv'), 'utf8').replace(/^\ufeff/, '');
    writeFileSync(join(data, 'roster.csv'), encodeGb18030(roster)); // as Excel saves "CSV" on Chinese Windows
    const clean = await computeOutputs('test/fixtures/tiny');
    const given = await computeOutputs(data, { encoding: 'utf-8', encodings: { 'roster.csv': 'gb18030' } });
    expect(given['people.json']).toEqual(clean['people.json']);
    const quality = given['quality.json'] as { files: Record<string, { encoding: string | null }> };
    expect(quality.files['roster.csv'].encoding).toBe('gb18030');
    expect(quality.files['units.csv'].encoding).toBe('utf-8');
    // Forced to UTF-8 as a whole, the GB18030 roster cannot be read as meant.
    await expect(computeOutputs(data, { encoding: 'utf-8' }).then((o) => JSON.stringify(o['people.json']))).rejects.toThrow();
  });
});
