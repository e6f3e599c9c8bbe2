/**
 * The viewing-segment table: rows appended into growable typed arrays as they are read, then
 * grouped by person (a counting sort) and ordered within each person by (started_at,
 * course_id, ended_at), with exact duplicates dropped — the order the credit sweep needs.
 */
import type { ViewRow } from '../contract/inputs.ts';
import type { ViewTable } from '../contract/model.ts';
import type { Verdict } from './table.ts';
import { IdInterner } from './intern.ts';
import { unknownId } from './verdicts.ts';

export class ViewBuffer {
  length = 0;
  person = new Int32Array(1024);
  course = new Int32Array(1024);
  start = new Float64Array(1024);
  end = new Float64Array(1024);

  push(person: number, course: number, start: number, end: number): void {
    if (this.length === this.person.length) this.grow(this.length + 1);
    const i = this.length++;
    this.person[i] = person;
    this.course[i] = course;
    this.start[i] = start;
    this.end[i] = end;
  }

  /** Append another buffer's rows at once (a worker's share of the file). */
  append(from: { length: number; person: Int32Array; course: Int32Array; start: Float64Array; end: Float64Array }): void {
    const n = from.length;
    if (this.length + n > this.person.length) this.grow(this.length + n);
    this.person.set(from.person.subarray(0, n), this.length);
    this.course.set(from.course.subarray(0, n), this.length);
    this.start.set(from.start.subarray(0, n), this.length);
    this.end.set(from.end.subarray(0, n), this.length);
    this.length += n;
  }

  private grow(needed: number): void {
    let n = this.person.length * 2;
    while (n < needed) n *= 2;
    const p = new Int32Array(n); p.set(this.person); this.person = p;
    const c = new Int32Array(n); c.set(this.course); this.course = c;
    const s = new Float64Array(n); s.set(this.start); this.start = s;
    const e = new Float64Array(n); e.set(this.end); this.end = e;
  }
}

/** How view rows are read: known ids found in place, and the verdict on each row. */
export interface ViewReader {
  readonly interners: { personId: IdInterner; courseId: IdInterner };
  /** Its person and course must be known; then the row is kept. */
  readonly onRow: (r: ViewRow) => Verdict;
}

export function viewReader(personIds: readonly string[], courseIds: readonly string[], into: ViewBuffer): ViewReader {
  const personIndex = new Map(personIds.map((id, i) => [id, i]));
  const courseIndex = new Map(courseIds.map((id, i) => [id, i]));
  return {
    interners: { personId: new IdInterner(personIds), courseId: new IdInterner(courseIds) },
    onRow: (r) => {
      const person = personIndex.get(r.personId);
      if (person === undefined) return unknownId('人员编号', r.personId, 'roster.csv');
      const course = courseIndex.get(r.courseId);
      if (course === undefined) return unknownId('课件编号', r.courseId, 'courses.csv');
      into.push(person, course, r.startedAt, r.endedAt);
      return null;
    },
  };
}

export interface BuiltViews {
  readonly table: ViewTable;
  /** Rows identical to an earlier one in person, course, start and end. */
  readonly duplicates: number;
  /** The latest ended_at of any segment (-Infinity when none). */
  readonly latestEnd: number;
}

export function buildViewTable(buf: ViewBuffer, people: number): BuiltViews {
  const n = buf.length;
  const counts = new Int32Array(people + 1);
  for (let i = 0; i < n; i++) counts[buf.person[i] + 1]++;
  for (let p = 0; p < people; p++) counts[p + 1] += counts[p];
  const order = new Int32Array(n);
  const fill = counts.slice(0, people);
  for (let i = 0; i < n; i++) order[fill[buf.person[i]]++] = i;

  const course = new Int32Array(n), start = new Float64Array(n), end = new Float64Array(n);
  const offsets = new Int32Array(people + 1);
  let out = 0, duplicates = 0, latestEnd = -Infinity;
  const byTime = (a: number, b: number) =>
    buf.start[a] - buf.start[b] || buf.course[a] - buf.course[b] || buf.end[a] - buf.end[b];
  for (let p = 0; p < people; p++) {
    offsets[p] = out;
    const group = order.subarray(counts[p], counts[p + 1]).sort(byTime);
    for (let k = 0; k < group.length; k++) {
      const i = group[k];
      if (out > offsets[p] && start[out - 1] === buf.start[i] && course[out - 1] === buf.course[i] && end[out - 1] === buf.end[i]) {
        duplicates++;
        continue;
      }
      course[out] = buf.course[i];
      start[out] = buf.start[i];
      end[out] = buf.end[i];
      if (end[out] > latestEnd) latestEnd = end[out];
      out++;
    }
  }
  offsets[people] = out;
  return {
    table: { course: course.subarray(0, out), start: start.subarray(0, out), end: end.subarray(0, out), offsets },
    duplicates,
    latestEnd,
  };
}
