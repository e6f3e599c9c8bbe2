/**
 * Quote-free lines take a fast lane (cells found by commas, datetimes read in place). It must
 * agree with papaparse's general path on everything: values, rejections, blank lines, rows.
 */
import { describe, expect, it } from 'vitest';
import { computeOutputs } from '../../pipeline/run.ts';
import { writeDataset } from '../helpers/files.ts';

const LINES = [
  'P01,C1,2020-01-14 09:00:00,2020-01-14 09:10:00',
  'P01,C1,2020-01-14 09:05:00,2020-01-14 09:20:00',
  '',
  'P02,C1,2020/1/14 9:00,2020-01-14T09:30:00+08:00',
  ',,,',
  'P01,C1,2020-02-30 09:00:00,2020-02-30 09:10:00',
  'P01,C1,2020-01-14 09:00:00',
  'P01,C1,2020-01-14 09:00:00,2020-01-14 09:10:00,extra',
  'P01,C1,2020-01-14 09:00:00,2020-01-14 09:10:00,',
  ' P02 ,C1,2020-01-15 09:00:00,2020-01-15 09:30:00',
  'P09,C1,2020-01-15 09:00:00,2020-01-15 09:30:00',
  'P01,C1,2020-01-15 10:00:00,2020-01-15 09:30:00',
  'P01,C1,2020-01-14 09:00:00,2020-01-14 09:10:00',
  'P01,C1,2020-13-14 09:00:00,2020-01-14 09:10:00',
  'P01,C1,2020-01-14 25:00:00,2020-01-14 09:10:00',
  // Edges of views.csv's own shortcut (known ids, platform times, a valid span).
  'P01,C1,2020-01-16 09:00:00,2020-01-17 09:00:00',
  'P01,C1,2020-01-16 09:00:00,2020-01-17 09:00:01',
  'P01,C1,2020-01-16 09:00:00,2020-01-16 09:00:00',
  'Ｐ01,C1,2020-01-16 10:00:00,2020-01-16 10:30:00',
  'P01,C1 ,2020-01-16 11:00:00,2020-01-16 11:30:00',
  'P01,C1,2020-01-16 12:00:00,2020-01-16 12:30:00,',
  'P01,C2,2020-01-16 12:00:00,2020-01-16 12:30:00',
  'P0,C1,2020-01-16 12:00:00,2020-01-16 12:30:00',
  'P01,C1,2020-01-16T13:00:00,2020-01-16 13:30:00',
];

async function run(views: string) {
  const out = await computeOutputs(writeDataset({ 'views.csv': views }));
  return JSON.stringify([out['people.json'], out['quality.json']]);
}

describe('the fast lane for quote-free lines', () => {
  it('gives exactly what the general path gives, bad rows and blank lines included', async () => {
    const header = '人员编号,课件编号,开始时间,结束时间';
    const fast = await run([header, ...LINES].join('\n') + '\n');
    // Read as tab-separated, the same file goes wholly through papaparse and the general path.
    const general = await run([header, ...LINES].map((l) => l.replaceAll(',', '\t')).join('\n') + '\n');
    expect(fast).toBe(general);
    expect(fast).toContain('2020年2月没有30日');
  });
  it('reads a last line without a final line break', async () => {
    const r = JSON.parse(await run('人员编号,课件编号,开始时间,结束时间\nP01,C1,2020-01-14 09:00:00,2020-01-14 09:30:00'));
    expect(r[1].files['views.csv']).toMatchObject({ rows: 1, accepted: 1 });
    expect(r[0].people[0].online.creditedMinutes).toBe(30);
  });
});
