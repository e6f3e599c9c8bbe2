/**
 * Copy-paste on its own thread (pipeline/copy-paste-thread.ts) gives the very outputs of the
 * main thread — with copies flagged only, with copies deducted (the rules wait for the
 * findings), and when the thread fails (the main thread then does the job and says so).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IntegrityFile } from '../../pipeline/contract/outputs.ts';
import { packStrings, unpackStrings } from '../../pipeline/analysis/copy-paste.ts';
import { computeOutputs } from '../../pipeline/run.ts';
import { injectedDataset } from '../helpers/injection.ts';

const ON_MAIN = { copyPasteThreadMin: Infinity, parallelMinBytes: Infinity };
const ON_THREAD = { copyPasteThreadMin: 0, parallelMinBytes: Infinity };
const stable = (o: unknown) => JSON.stringify(o);

describe('copy-paste on a thread of its own', () => {
  let dir = '';
  let deducting = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'xueshi-copy-thread-'));
    injectedDataset(dir, 4243);
    deducting = mkdtempSync(join(tmpdir(), 'xueshi-copy-thread-deduct-'));
    injectedDataset(deducting, 4243);
    const period = JSON.parse(readFileSync(join(deducting, 'period.json'), 'utf8'));
    writeFileSync(join(deducting, 'period.json'), JSON.stringify({ ...period, integrity: { ...period.integrity, deduct: ['copy-paste'] } }));
  });
  afterEach(() => { delete process.env.XUESHI_COPY_PASTE_WORKER_FAIL; });

  it('finds the same copies as the main thread: every output equal', async () => {
    const notes: string[] = [];
    const main = await computeOutputs(dir, ON_MAIN);
    const thread = await computeOutputs(dir, { ...ON_THREAD, onNote: (m) => notes.push(m) });
    const integrity = thread['integrity.json'] as IntegrityFile;
    expect(integrity.clusters.length).toBeGreaterThan(20); // the injected copies were found at all
    expect(notes).toEqual([expect.stringMatching(/^评论相似度：\d+ 条评论在另一个线程比对$/)]); // it went to the thread, which did not fail
    for (const file of Object.keys(main)) expect(stable(thread[file as keyof typeof thread]), file).toBe(stable(main[file as keyof typeof main]));
  });

  it('deducting copies, the rules wait for the thread: every output equal, copies withheld', async () => {
    const main = await computeOutputs(deducting, ON_MAIN);
    const thread = await computeOutputs(deducting, ON_THREAD);
    const people = (thread['people.json'] as { people: { deducted?: { rules: string[] } }[] }).people;
    expect(people.filter((p) => p.deducted?.rules.includes('copy-paste')).length).toBeGreaterThan(20);
    for (const file of Object.keys(main)) expect(stable(thread[file as keyof typeof thread]), file).toBe(stable(main[file as keyof typeof main]));
  });

  it('a thread that fails costs only time: the main thread does the job, and says so', async () => {
    process.env.XUESHI_COPY_PASTE_WORKER_FAIL = '1';
    const notes: string[] = [];
    const failed = await computeOutputs(dir, { ...ON_THREAD, onNote: (m) => notes.push(m) });
    expect(notes.some((m) => m.includes('改在主线程计算'))).toBe(true);
    const main = await computeOutputs(dir, ON_MAIN);
    expect(stable(failed['integrity.json'])).toBe(stable(main['integrity.json']));
    expect(stable(failed['people.json'])).toBe(stable(main['people.json']));
  });
});

describe('packed strings (how a job crosses to the thread)', () => {
  it('unpack gives back every string, empty and astral ones included', () => {
    const xs = ['学习了', '', 'a\u0000b', '𠮷野家', '，。！', ''];
    expect(unpackStrings(packStrings(xs))).toEqual(xs);
    expect(unpackStrings(packStrings([]))).toEqual([]);
  });
});
