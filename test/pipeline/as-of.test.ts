/**
 * A derived asOf (no asOf in period.json, no --as-of) is the day of the latest event, but never
 * later than the latest deadline anyone has (docs/data-format.md): one stray self-study row dated a year
 * later must not put everyone past their deadline (进行中 → 不合格).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PeopleFile } from '../../pipeline/contract/outputs.ts';
import { computeOutputs } from '../../pipeline/run.ts';

function tinyWithoutAsOf(opts: { extensions: boolean; strayRow: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'xueshi-asof-'));
  cpSync('test/fixtures/tiny', dir, { recursive: true });
  const period = JSON.parse(readFileSync(join(dir, 'period.json'), 'utf8'));
  delete period.asOf;
  writeFileSync(join(dir, 'period.json'), JSON.stringify(period));
  if (!opts.extensions) rmSync(join(dir, 'extensions.csv'));
  if (opts.strayRow) writeFileSync(join(dir, 'self_study.csv'), readFileSync(join(dir, 'self_study.csv'), 'utf8') + 'P02,2021-01-22,自学,是\n');
  return dir;
}

const grades = (people: PeopleFile) => people.people.map((p) => [p.personId, p.grade]);

describe('derived asOf', () => {
  it('one stray 2021 row: asOf is the latest deadline (window.end without extensions), grades as on that day', async () => {
    const stray = await computeOutputs(tinyWithoutAsOf({ extensions: false, strayRow: true }));
    const onEnd = await computeOutputs(tinyWithoutAsOf({ extensions: false, strayRow: false }), { asOf: '2020-02-23' });
    const summary = stray['summary.json'];
    expect(summary.asOf).toBe('2020-02-23');
    expect(grades(stray['people.json'])).toEqual(grades(onEnd['people.json']));
    expect(stray['people.json'].people.some((p) => p.grade === '进行中')).toBe(true);
    expect(stray['people.json'].people.some((p) => p.grade === '不合格')).toBe(false);
    const warning = stray['quality.json'].warnings.find((w) => w.kind === 'asOfDerived');
    expect(warning?.message).toContain('2021-01-22 晚于任何人的截止日，按最晚截止日 2020-02-23 计');
  });

  it('with extensions, the cap is the latest extended deadline (P04 until 04-30, clamped to 03-23)', async () => {
    const stray = await computeOutputs(tinyWithoutAsOf({ extensions: true, strayRow: true }));
    expect(stray['summary.json'].asOf).toBe('2020-03-23');
  });

  it('without a stray row, asOf is the latest event day as before', async () => {
    const plain = await computeOutputs(tinyWithoutAsOf({ extensions: false, strayRow: false }));
    const asOf = plain['summary.json'].asOf;
    expect(asOf <= '2020-02-23').toBe(true);
    expect(plain['quality.json'].warnings.find((w) => w.kind === 'asOfDerived')?.message).toContain(`按数据中最晚事件的日期 ${asOf} 计`);
  });

  it('--as-of early in the window (a backtest): rows after that day are ignored, and no outside-window blocks the drop', async () => {
    const early = await computeOutputs('data/sample', { asOf: '2020-02-09' });
    const q = early['quality.json'];
    expect(q.files['views.csv'].ignored * 5).toBeGreaterThan(q.files['views.csv'].rows); // most views come after 02-09
    expect(q.blocking.filter((b) => b.code === 'outside-window')).toEqual([]);
  });
});
