/**
 * A big views.csv is read chunk by chunk from the file (never loaded whole), as UTF-8 on the
 * strength of its top alone. When a later chunk proves that wrong — a few bad bytes (UTF-8 with
 * rejected rows) or a file that is GB18030 below an ASCII top — everything read is forgotten
 * and the file is read whole, where its encoding is decided over all of its bytes: the outputs
 * are exactly one thread's, and the header's warnings are given once.
 * (Workers need the TypeScript loader, so this runs the real command line.)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeGb18030 } from '../../generate/gb18030.ts';
import { generateDataset } from '../../generate/dataset.ts';
import { directoryOutput } from '../../generate/output.ts';
import { freshHistory, readOutputTree } from '../helpers/outputs.ts';

const run = promisify(execFile);
const cli = (data: string, out: string, minBytes: string) => run(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', '--data', data, '--out', out, '--history', freshHistory()], {
  env: { ...process.env, XUESHI_PARALLEL_MIN_BYTES: minBytes, XUESHI_PARALLEL_CHUNK_BYTES: '65536', XUESHI_PARALLEL_HOLD: '1' },
});

/** Past the top the streamed reader judges the encoding by (1 MB). */
const PAST_TOP = 1.2 * 1024 * 1024;

let work: string;
let lines: string[];
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'xueshi-streamed-'));
  generateDataset({ people: 700, seed: 11, units: 6, segments: 60 }, directoryOutput(join(work, 'base')));
  lines = readFileSync(join(work, 'base', 'views.csv'), 'utf8').replace(/^\ufeff/, '').trimEnd().split(/\r?\n/).filter((l) => !l.includes('"'));
  expect(lines.join('\n').length).toBeGreaterThan(PAST_TOP + 100_000);
}, 120_000);

/** A copy of the base dataset with views.csv's bytes replaced. */
function datasetWith(name: string, views: Uint8Array): string {
  const dir = join(work, name);
  generateDataset({ people: 700, seed: 11, units: 6, segments: 60 }, directoryOutput(dir));
  writeFileSync(join(dir, 'views.csv'), views);
  return dir;
}

async function twoAndOne(data: string, name: string) {
  const two = await cli(data, join(work, `${name}-two`), '0');
  expect(two.stderr).toContain('views.csv：文件开头是 UTF-8，后面有不是 UTF-8 的字节，整个文件重新读取');
  await cli(data, join(work, `${name}-one`), 'Infinity');
  expect(readOutputTree(join(work, `${name}-two`))).toEqual(readOutputTree(join(work, `${name}-one`)));
  return JSON.parse(readFileSync(join(work, `${name}-two`, 'quality.json'), 'utf8'));
}

describe('a big views.csv whose top is UTF-8', () => {
  it('with a bad byte further down: read again whole, still UTF-8, the row rejected as 编码错误, as one thread', async () => {
    // Chinese notes in an extra column (valid UTF-8 everywhere), and one bad byte past the top.
    const noted = [`${lines[0]},note`, ...lines.slice(1).map((l) => `${l},补看课程`)];
    let at = 0, i = 0;
    while (at < PAST_TOP) at += Buffer.byteLength(noted[i++]) + 1;
    const head = Buffer.from(noted.slice(0, i).join('\n') + '\n');
    const bad = Buffer.concat([Buffer.from(noted[i].slice(0, 3)), Buffer.from([0xff]), Buffer.from(noted[i].slice(3) + '\n')]);
    const rest = Buffer.from(noted.slice(i + 1).join('\n') + '\n');
    const q = await twoAndOne(datasetWith('lossy', Buffer.concat([head, bad, rest])), 'lossy');
    expect(q.files['views.csv'].encoding).toBe('utf-8');
    expect(q.rejected.some((r: { file: string; reason: string }) => r.file === 'views.csv' && r.reason.startsWith('编码错误'))).toBe(true);
  }, 180_000);

  it('that is GB18030 below its top: read again whole as GB18030, the header warned about once, as one thread', async () => {
    // An extra column (ignored, with a warning) holding Chinese notes, empty in the (ASCII) top.
    let at = 0;
    const text = [`${lines[0]},note`, ...lines.slice(1).map((l) => {
      at += l.length + 1;
      return at < PAST_TOP ? `${l},` : `${l},补看${at % 7 === 0 ? '（手机端）' : '课程'}`;
    })].join('\r\n') + '\r\n';
    const bytes = encodeGb18030(text);
    expect(Buffer.from(bytes.subarray(0, 1024 * 1024)).every((b) => b < 0x80)).toBe(true);
    const q = await twoAndOne(datasetWith('gb-below', bytes), 'gb-below');
    expect(q.files['views.csv'].encoding).toBe('gb18030');
    expect(q.warnings.filter((w: { file: string; kind: string }) => w.file === 'views.csv' && w.kind === 'ignoredColumns')).toHaveLength(1);
  }, 180_000);
});
