/**
 * Outputs are byte-identical on one or two threads (README), warnings included: views.csv's
 * header is read early when a worker reads it and last when one thread does, so its
 * "已忽略不在约定内的列" warning must not land in a different place among the other files'.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { filesBelow } from '../helpers/files.ts';

vi.setConfig({ testTimeout: 240_000 });
const run = promisify(execFile);
// Each run gets a store of its own: the second would otherwise reuse the first's outputs.
const cli = (data: string, out: string, minBytes: string) => run(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', '--data', data, '--out', out, '--history', mkdtempSync(join(tmpdir(), 'xueshi-warn-store-'))], {
  env: { ...process.env, XUESHI_PARALLEL_MIN_BYTES: minBytes, XUESHI_PARALLEL_CHUNK_BYTES: '256', XUESHI_PARALLEL_HOLD: '1' },
});
const snapshot = (dir: string) => Object.fromEntries(filesBelow(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
/** A column the contract does not know, appended to every line of a CSV. */
const withExtraColumn = (csv: string, name: string) => csv.trimEnd().split('\n').map((l, i) => `${l},${i === 0 ? name : 'x'}`).join('\n') + '\n';

describe('warnings on one or two threads', () => {
  it('views.csv and comments.csv both with extra columns: the same quality.json either way', async () => {
    const data = mkdtempSync(join(tmpdir(), 'xueshi-warn-order-'));
    cpSync('test/fixtures/tiny', data, { recursive: true });
    for (const [file, column] of [['views.csv', '终端类型'], ['comments.csv', 'IP地址'], ['sessions.csv', '地点']]) {
      writeFileSync(join(data, file), withExtraColumn(readFileSync(join(data, file), 'utf8'), column));
    }
    const one = join(mkdtempSync(join(tmpdir(), 'xueshi-warn-one-')), 'out');
    const two = join(mkdtempSync(join(tmpdir(), 'xueshi-warn-two-')), 'out');
    await cli(data, one, 'Infinity');
    const r = await cli(data, two, '0');
    expect(r.stderr).toContain('分两个线程读取'); // the worker really read a share
    const warnings = JSON.parse(readFileSync(join(one, 'quality.json'), 'utf8')).warnings as { kind: string; file: string }[];
    expect(warnings.filter((w) => w.kind === 'ignoredColumns').map((w) => w.file)).toEqual(['roster.csv', 'views.csv', 'comments.csv', 'sessions.csv']);
    expect(snapshot(two)).toEqual(snapshot(one));
  });
});
