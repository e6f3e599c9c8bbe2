/**
 * qualifiedOn looks first where its estimate says; the answer must not depend on that: it is
 * the first day of [window.start, asOf] on which the person is qualified, whatever the guess.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../pipeline/contract/calendar.ts';
import type { Dataset } from '../../pipeline/contract/model.ts';
import { generateDataset } from '../../generate/dataset.ts';
import { directoryOutput } from '../../generate/output.ts';
import { ingestDataset } from '../../pipeline/ingest/dataset.ts';
import { periodDay } from '../../pipeline/rules/deadline.ts';
import { evaluatePerson, qualifiedAsOf, type Evaluation } from '../../pipeline/rules/person.ts';
import { estimateQualifiedDay, qualifiedOn } from '../../pipeline/rules/qualified-on.ts';

let data: Dataset;
let evaluations: Evaluation[];
beforeAll(async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'xueshi-qualified-')), 'data');
  generateDataset({ people: 400, seed: 11, units: 5, segments: 30 }, directoryOutput(dir));
  data = (await ingestDataset(dir)).dataset;
  evaluations = data.people.map((_, i) => evaluatePerson(data, i));
});

/** The definition, day by day. */
function firstDayQualified(i: number): string | null {
  for (let d = periodDay(data.period.window.start); d <= data.asOf; d++) if (qualifiedAsOf(data, i, d)) return formatDay(d);
  return null;
}

describe('qualifiedOn', () => {
  it('is the first qualified day, whatever the first guess', () => {
    const start = periodDay(data.period.window.start);
    let qualified = 0;
    data.people.forEach((_, i) => {
      const want = evaluations[i].result.grade === '优秀' || evaluations[i].result.grade === '合格' ? firstDayQualified(i) : null;
      if (want) qualified++;
      expect(qualifiedOn(data, i, evaluations[i]), data.people[i].person.personId).toBe(want);
      for (const guess of [-1, start, start + 7, data.asOf - 3, data.asOf, data.asOf + 5, Infinity]) {
        expect(qualifiedOn(data, i, evaluations[i], guess)).toBe(want);
      }
    });
    expect(qualified).toBeGreaterThan(50);
  });

  it('mostly needs no search: the estimate is the answer for nearly everyone', () => {
    let qualified = 0, right = 0;
    data.people.forEach((_, i) => {
      const got = qualifiedOn(data, i, evaluations[i]);
      if (got === null) return;
      qualified++;
      if (formatDay(estimateQualifiedDay(data, i, evaluations[i])) === got) right++;
    });
    expect(right / qualified).toBeGreaterThan(0.9);
  });
});
