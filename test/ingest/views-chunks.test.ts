/**
 * views.csv in chunks claimed by two readers, merged back: the same rows, tallies, rejected
 * row numbers and blank lines as the whole file read at once — whoever reads which chunk, at
 * any chunk size, and when one reader is lost midway and its chunks are read again. (The
 * real two-thread run is tested through the command line in test/pipeline/parallel.test.ts.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { viewsFile } from '../../pipeline/contract/inputs.ts';
import { decodeSlices } from '../../pipeline/ingest/decode.ts';
import { QualityTally } from '../../pipeline/ingest/quality-tally.ts';
import { readRecords } from '../../pipeline/ingest/records.ts';
import { mapHeader, parseTable } from '../../pipeline/ingest/table.ts';
import { ViewBuffer, viewReader } from '../../pipeline/ingest/views.ts';
import {
  ChunkFile, type ChunkJob, type ChunkTally, chunkBounds, chunkCount, claimCounter, cutBetweenRecords, mergeChunks, missingChunks, nominalBounds, readChunk,
  readClaimedChunks,
} from '../../pipeline/ingest/views-chunks.ts';

const PEOPLE = ['P01', 'P02'], COURSES = ['C1', 'C2'];
const BODY = [
  'P01,C1,2020-01-14 09:00:00,2020-01-14 09:10:00',
  'P02,C2,2020/1/14 9:00,2020-01-14T09:30:00+08:00',
  '',
  'P01,C1,2020-02-30 09:00:00,2020-02-30 09:10:00',
  '\ufeffP02,C1,2020-01-15 09:00:00,2020-01-15 09:30:00',
  'P09,C1,2020-01-15 09:00:00,2020-01-15 09:30:00',
  'P01,C1,2020-01-15 10:00:00,2020-01-15 09:30:00',
  'P01,C1,2020-01-14 09:00:00,2020-01-14 09:10:00,extra',
  ',,,',
  'P01,C1,2020-01-14 09:00:00,2020-01-14 09:10:00',
];
const TEXT = '\ufeffperson_id,course_id,started_at,ended_at\r\n' + [...BODY, ...BODY, ...BODY].join('\r\n') + '\r\n';
// Every cell quoted (as some exporters write), and a quoted cell holding line breaks (legal CSV).
const QUOTED = TEXT.split('\r\n').map((line) => (line ? line.split(',').map((c) => `"${c}"`).join(',') : line)).join('\r\n');
const MULTILINE = TEXT.replace('P09,C1', '"P09\n\nnot\na\nperson\n\n",C1').replace('P09,C1', '"P09\r\nalso, not\r\n",C1');
let BYTES = new Uint8Array(Buffer.from(TEXT));

interface Outcome { rows: number[][]; qualityTally: QualityTally; blank: number }

function rowsOf(...buffers: ViewBuffer[]): number[][] {
  const rows: number[][] = [];
  for (const b of buffers) for (let i = 0; i < b.length; i++) rows.push([b.person[i], b.course[i], b.start[i], b.end[i]]);
  return rows.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
}

function whole(): Outcome {
  const qualityTally = new QualityTally();
  const buffer = new ViewBuffer();
  const reader = viewReader(PEOPLE, COURSES, buffer);
  const { blank } = parseTable({ bytes: BYTES, encoding: 'utf-8', file: viewsFile, qualityTally, onRow: reader.onRow, interners: reader.interners });
  return { rows: rowsOf(buffer), qualityTally, blank };
}

function jobOf(chunkBytes: number): ChunkJob {
  const headerEnd = BYTES.indexOf(0x0a);
  const header: string[] = [];
  const head = readRecords(decodeSlices(BYTES.subarray(0, headerEnd + 1), 'utf-8'), { record: (cells) => { if (!header.length) header.push(...cells); } }, false);
  return {
    bytes: BYTES, bounds: chunkBounds(BYTES, headerEnd + 1, chunkBytes), counter: claimCounter(false), encoding: 'utf-8',
    index: mapHeader(viewsFile, header, new QualityTally(), undefined), headerWidth: header.length, delimiter: head.delimiter, firstRow: 2,
  };
}

/** The same job, but the file read from disk chunk by chunk (nominal bounds), as a big views.csv is. */
function fileJobOf(chunkBytes: number): ChunkJob {
  const job = jobOf(chunkBytes);
  const path = join(mkdtempSync(join(tmpdir(), 'xueshi-chunks-')), 'views.csv');
  writeFileSync(path, BYTES);
  return { ...job, bytes: null, file: { path, size: BYTES.length }, bounds: nominalBounds(job.bounds[0], BYTES.length, chunkBytes) };
}

/** Two readers claim chunks in the order `pick` says (true: the first reader). */
function chunked(chunkBytes: number, pick: (c: number) => boolean, loseSecond = false, fromFile = false): Outcome {
  const job = fromFile ? fileJobOf(chunkBytes) : jobOf(chunkBytes);
  const a = new ViewBuffer(), b = new ViewBuffer();
  const readers = [viewReader(PEOPLE, COURSES, a), viewReader(PEOPLE, COURSES, b)];
  const tallies: ChunkTally[][] = [[], []];
  for (let c = Atomics.add(job.counter, 0, 1); c < chunkCount(job); c = Atomics.add(job.counter, 0, 1)) {
    const who = pick(c) ? 0 : 1;
    tallies[who].push(readChunk(job, c, readers[who]));
  }
  const kept = loseSecond ? tallies[0] : [...tallies[0], ...tallies[1]];
  for (const c of missingChunks(job, kept)) kept.push(readChunk(job, c, readers[0]));
  const qualityTally = new QualityTally();
  const { blank } = mergeChunks(qualityTally, job, kept);
  return { rows: loseSecond ? rowsOf(a) : rowsOf(a, b), qualityTally, blank };
}

function expectSame(got: Outcome, want: Outcome): void {
  expect(got.rows).toEqual(want.rows);
  expect(got.blank).toBe(want.blank);
  expect(got.qualityTally.quality(viewsFile.name)).toEqual(want.qualityTally.quality(viewsFile.name));
  const byRow = (l: QualityTally) => [...l.rejected].sort((x, y) => x.row - y.row);
  expect(byRow(got.qualityTally)).toEqual(byRow(want.qualityTally));
}

describe('chunk bounds', () => {
  it.each([1, 7, 64, 300, 1 << 20])('cut after line breaks and cover the body exactly (chunks of %i bytes)', (size) => {
    const job = jobOf(size);
    const b = [...job.bounds];
    expect(b[0]).toBe(BYTES.indexOf(0x0a) + 1);
    expect(b[b.length - 1]).toBe(BYTES.length);
    for (let i = 1; i < b.length; i++) {
      expect(b[i]).toBeGreaterThan(b[i - 1]);
      expect(BYTES[b[i] - 1]).toBe(0x0a);
    }
    if (size >= BYTES.length) expect(b.length).toBe(2);
  });

  it('gives one empty chunk for a file that is only a header', () => {
    const bytes = new Uint8Array(Buffer.from('person_id,course_id,started_at,ended_at\n'));
    expect([...chunkBounds(bytes, bytes.length, 16)]).toEqual([bytes.length, bytes.length]);
  });

  it('ends with the file when its last line has no line break', () => {
    const bytes = new Uint8Array(Buffer.from('h\na\nb\nc'));
    expect([...chunkBounds(bytes, 2, 1)]).toEqual([2, 4, 6, 7]);
  });
});

describe('chunks read from the file', () => {
  it.each([1, 2, 5, 16, 1000])('are the lines starting in each nominal range: together the body, once (chunks of %i bytes)', (size) => {
    // Lines of very different lengths, one much longer than a chunk, and no final line break.
    const text = 'header\n' + ['a', 'bb', 'x'.repeat(40), '', 'ccc', 'd'.repeat(7), 'e'].join('\n');
    const path = join(mkdtempSync(join(tmpdir(), 'xueshi-chunks-')), 'v.csv');
    writeFileSync(path, text);
    const bytes = Buffer.from(text);
    const bounds = nominalBounds(7, bytes.length, size);
    const file = new ChunkFile({ path, size: bytes.length });
    const pieces = Array.from({ length: bounds.length - 1 }, (_, c) => Buffer.from(file.lines(bounds[c], bounds[c + 1], c === 0)).toString());
    file.close();
    expect(pieces.join('')).toBe(text.slice(7));
    for (const p of pieces.slice(0, -1)) if (p !== '') expect(p.endsWith('\n')).toBe(true);
    expect(bounds[bounds.length - 1]).toBe(bytes.length);
  });
});

describe('views.csv read in chunks', () => {
  const want = whole();

  it('reads the planted trouble at all (the reference is not empty)', () => {
    expect(want.rows.length).toBe(12);
    expect(want.qualityTally.rejected.length).toBe(12);
    expect(want.blank).toBe(6);
  });

  it.each([1, 7, 64, 300, 1 << 20])('equals the whole file whoever reads which chunk (chunks of %i bytes)', (size) => {
    expectSame(chunked(size, () => true), want);
    expectSame(chunked(size, (c) => c % 2 === 0), want);
    expectSame(chunked(size, (c) => c % 3 === 1), want);
  });

  it.each([1, 7, 64, 300, 1 << 20])('read from the file chunk by chunk, equals the whole file (nominal chunks of %i bytes)', (size) => {
    expectSame(chunked(size, () => true, false, true), want);
    expectSame(chunked(size, (c) => c % 2 === 0, false, true), want);
    expectSame(chunked(size, (c) => c > 3, true, true), want);
  });

  it('loses nothing when the second reader is lost: its chunks are read again', () => {
    expectSame(chunked(64, (c) => c % 2 === 0, true), want);
    expectSame(chunked(1, (c) => c > 5, true), want);
  });

  it('reads every chunk through the claim counter, once', () => {
    const job = jobOf(64);
    const buffer = new ViewBuffer();
    const seen: number[] = [];
    const tallies = readClaimedChunks(job, viewReader(PEOPLE, COURSES, buffer), (c) => seen.push(c));
    expect(seen).toEqual([...Array(chunkCount(job)).keys()]);
    expect(missingChunks(job, tallies)).toEqual([]);
    expect(readClaimedChunks(job, viewReader(PEOPLE, COURSES, buffer))).toEqual([]);
    const qualityTally = new QualityTally();
    expect(mergeChunks(qualityTally, job, tallies).blank).toBe(want.blank);
    expect(rowsOf(buffer)).toEqual(want.rows);
  });

  it('refuses to merge with a chunk missing', () => {
    const job = jobOf(64);
    const tallies = readClaimedChunks(job, viewReader(PEOPLE, COURSES, new ViewBuffer()));
    expect(() => mergeChunks(new QualityTally(), job, tallies.slice(1))).toThrow(/分块合并出错/);
  });
});

describe('quoted views.csv in chunks', () => {
  const plain = BYTES;
  afterEach(() => { BYTES = plain; });

  it.each([1, 7, 64, 300])('every cell quoted: the same as the whole file (chunks of %i bytes)', (size) => {
    BYTES = new Uint8Array(Buffer.from(QUOTED));
    const want = whole();
    expect(want.rows.length).toBe(12);
    expect(cutBetweenRecords(readClaimedChunks(jobOf(size), viewReader(PEOPLE, COURSES, new ViewBuffer())))).toBe(true);
    expectSame(chunked(size, (c) => c % 2 === 0), want);
  });

  it('a line break inside quotes: a cut that falls there is noticed, and one part reads as the whole file', () => {
    BYTES = new Uint8Array(Buffer.from(MULTILINE));
    const clean = [1, 7, 64].map((size) => cutBetweenRecords(readClaimedChunks(jobOf(size), viewReader(PEOPLE, COURSES, new ViewBuffer()))));
    expect(clean).toContain(false);
    const want = whole();
    expect(want.qualityTally.rejected.some((r) => r.reason.includes('P09'))).toBe(true);
    // The body as one part, as the caller reads it then.
    expectSame(chunked(BYTES.length, () => true), want);
  });
});
