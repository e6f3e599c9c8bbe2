/**
 * Records read in place (quote-free lines, and quoted records written as RFC 4180 writes them)
 * must be exactly what papaparse reads, whatever the quotes and however the text is sliced:
 * the cells, the Excel row of each record, and the quoting problems papaparse reports.
 */
import { describe, expect, it } from 'vitest';
import { readRecords, type RecordSink } from '../../pipeline/ingest/records.ts';

type Read = [cells: string[], row: number, problem: string | null][];

function collect(slices: string[], withLines: boolean, final = true): { records: Read; count: number; unfinished: boolean } {
  const records: Read = [];
  const sink: RecordSink = { record: (cells, row, problem) => records.push([[...cells], row, problem]) };
  if (withLines) sink.line = (text, from, to, row) => records.push([text.substring(from, to).split(','), row, null]);
  const r = readRecords(slices, sink, final, ',');
  return { records, count: r.records, unfinished: r.unfinished };
}

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CSV-like text: mostly plain cells, some quoted (with commas, "" and line breaks inside), some broken. */
function csvText(rand: () => number): string {
  const cell = (): string => {
    const r = rand();
    const words = ['P01', '学习体会', '', ' ', 'a"b', '2020/1/27 1:06', '好'];
    const word = () => words[Math.floor(rand() * words.length)];
    if (r < 0.6) return word();
    if (r < 0.85) return `"${word()}${rand() < 0.5 ? ',' : ''}${rand() < 0.3 ? '\n' : ''}${rand() < 0.3 ? '""' : ''}${word()}"`;
    // Broken quoting: text after the closing quote, a quote never closed, spaces before the comma.
    const broken = ['"ab"c', '"never closed', '"x" ', '""', '"', 'x""'];
    return broken[Math.floor(rand() * broken.length)];
  };
  const lines: string[] = [];
  const n = 1 + Math.floor(rand() * 8);
  for (let i = 0; i < n; i++) lines.push(Array.from({ length: 1 + Math.floor(rand() * 4) }, cell).join(','));
  return lines.join('\n') + (rand() < 0.7 ? '\n' : '');
}

function sliced(text: string, rand: () => number): string[] {
  const slices: string[] = [];
  for (let at = 0; at < text.length;) {
    const len = 1 + Math.floor(rand() * 12);
    slices.push(text.slice(at, at + len));
    at += len;
  }
  return slices;
}

describe('readRecords reads in place exactly what papaparse reads', () => {
  it('quoted cells with commas, "" and line breaks, in any slicing', () => {
    const text = '人员编号,课件编号,评论时间,评论内容\nP01,KJ01,2020/1/27 1:06,"学习体会：\n一是,二是""好"""\nP02,KJ02,2020/1/28 9:00,好\n"P03",KJ01,2020/1/29 9:00,""\n';
    const whole = collect([text], false);
    expect(whole.records.map((r) => r[0])).toEqual([
      ['人员编号', '课件编号', '评论时间', '评论内容'],
      ['P01', 'KJ01', '2020/1/27 1:06', '学习体会：\n一是,二是"好"'],
      ['P02', 'KJ02', '2020/1/28 9:00', '好'],
      ['P03', 'KJ01', '2020/1/29 9:00', ''],
      [''],
    ]);
    for (let size = 1; size <= text.length; size++) {
      const slices = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
      expect(collect(slices, true), `slices of ${size}`).toEqual(whole);
    }
  });

  it('broken quoting is still papaparse\'s to judge and word', () => {
    const text = 'a,b\nP01,"ab"c,d\nP02,e\n"never closed,f\nP03,g\n';
    const fast = collect([text], true);
    expect(fast).toEqual(collect([text], false));
    expect(fast.records.some((r) => r[2] !== null)).toBe(true);
  });

  it('agrees with papaparse on 3,000 random texts and slicings', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const rand = random(seed);
      const text = csvText(rand);
      const expected = collect([text], false);
      expect(collect(sliced(text, rand), true), `seed ${seed}: ${JSON.stringify(text)}`).toEqual(expected);
    }
  });

  it('a part that is not final keeps its unfinished last record for the next', () => {
    const text = 'P01,"a,\nb"\nP02,"c';
    const r = collect([text], true, false);
    expect(r.records.map((x) => x[0])).toEqual([['P01', 'a,\nb']]);
    expect(r.unfinished).toBe(true);
  });
});
