/**
 * The views table: grouped by person, each person's rows in (start, course, end) order, exact
 * duplicates dropped — the same table however the rows were split among the threads' buffers
 * and in whatever order they came.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildViewTable, ViewBuffer } from '../../pipeline/ingest/views.ts';

type Row = [person: number, course: number, start: number, end: number];
const PEOPLE = 4;

function bufferOf(rows: readonly Row[]): ViewBuffer {
  const b = new ViewBuffer();
  for (const [p, c, s, e] of rows) b.push(p, c, s, e);
  return b;
}

/** The table as plain rows, person by person. */
function rowsOf(built: ReturnType<typeof buildViewTable>): Row[] {
  const { table } = built;
  const rows: Row[] = [];
  for (let p = 0; p < PEOPLE; p++) {
    for (let i = table.offsets[p]; i < table.offsets[p + 1]; i++) rows.push([p, table.course[i], table.start[i], table.end[i]]);
  }
  return rows;
}

/** What the table must be: sort by person then (start, course, end), drop repeats. */
function expected(rows: readonly Row[]): { rows: Row[]; duplicates: number } {
  const sorted = [...rows].sort((a, b) => a[0] - b[0] || a[2] - b[2] || a[1] - b[1] || a[3] - b[3]);
  const kept = sorted.filter((r, i) => i === 0 || r.some((v, k) => v !== sorted[i - 1][k]));
  return { rows: kept, duplicates: rows.length - kept.length };
}

const row = fc.tuple(fc.integer({ min: 0, max: PEOPLE - 1 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 7, max: 9 }));

describe('buildViewTable', () => {
  it('orders, groups and deduplicates, whatever the split into parts', () => {
    fc.assert(fc.property(fc.array(row, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 3 }), (rows, cuts) => {
      const want = expected(rows);
      const points = [...new Set(cuts.map((c) => c % (rows.length + 1)))].sort((a, b) => a - b);
      const parts = [0, ...points, rows.length].slice(1).map((to, i, all) => rows.slice(i === 0 ? 0 : all[i - 1], to));
      const built = buildViewTable(parts.map(bufferOf), PEOPLE);
      expect(rowsOf(built)).toEqual(want.rows);
      expect(built.duplicates).toBe(want.duplicates);
      expect(built.latestEnd).toBe(rows.length ? Math.max(...rows.map((r) => r[3])) : -Infinity);
      expect(built.table.offsets[PEOPLE]).toBe(want.rows.length);
    }), { numRuns: 500 });
  });

  it('takes one buffer as well as a list', () => {
    const rows: Row[] = [[1, 0, 5, 8], [1, 0, 1, 8], [0, 2, 3, 9], [1, 0, 5, 8]];
    expect(rowsOf(buildViewTable(bufferOf(rows), PEOPLE))).toEqual(expected(rows).rows);
    expect(rowsOf(buildViewTable([bufferOf(rows.slice(0, 1)), bufferOf(rows.slice(1))], PEOPLE))).toEqual(expected(rows).rows);
  });
});
