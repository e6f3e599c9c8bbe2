/**
 * The viewing-segment table: rows appended into growable typed arrays as they are read (one
 * buffer per thread), then grouped by person (a counting sort) and ordered within each person
 * by (started_at, course_id, ended_at), with exact duplicates dropped — the order the credit
 * sweep needs.
 */
import { referencesOf, type ViewRow, viewSpanProblem, viewsFile } from '../contract/inputs.ts';
import { parsePlatformInstantAt } from '../contract/calendar.ts';
import type { ViewTable } from '../contract/model.ts';
import type { FastLine, RowOutcome } from './table.ts';
import { IdInterner } from './intern.ts';
import { unknownId } from './rejections.ts';

export class ViewBuffer implements ViewRows {
  length = 0;
  person = new Int32Array(1024);
  course = new Int32Array(1024);
  start = new Float64Array(1024);
  end = new Float64Array(1024);

  /**
   * Room for `rows` rows at once, for a reader that can estimate them (views.csv's size over
   * its average line): the columns then never grow by copying, which left the grown-out copies
   * resident until a garbage collection that a thread doing no other allocation hardly ever
   * runs (800 MB in the worker at 200,000 people). Pages of the room left unused are never
   * touched, so they cost address space, not memory.
   */
  reserve(rows: number): void {
    if (rows > this.person.length) this.grow(rows, true);
  }

  push(person: number, course: number, start: number, end: number): void {
    if (this.length === this.person.length) this.grow(this.length + 1);
    const i = this.length++;
    this.person[i] = person;
    this.course[i] = course;
    this.start[i] = start;
    this.end[i] = end;
  }

  private grow(needed: number, exact = false): void {
    let n = this.person.length * 2;
    while (n < needed) n *= 2;
    if (exact) n = needed;
    const p = new Int32Array(n); p.set(this.person); this.person = p;
    const c = new Int32Array(n); c.set(this.course); this.course = c;
    const s = new Float64Array(n); s.set(this.start); this.start = s;
    const e = new Float64Array(n); e.set(this.end); this.end = e;
  }
}

/** How view rows are read: known ids found in place, and the outcome of each row. */
export interface ViewReader {
  readonly interners: { personId: IdInterner; courseId: IdInterner };
  /** Its person and course must be known; then the row is kept. */
  readonly onRow: (r: ViewRow) => RowOutcome;
  /**
   * The commonest line read straight into the buffer: known ids as written, the platform's
   * own times, a valid span. Anything else goes the general way (the same outcomes, worded).
   */
  readonly fastLine: FastLine;
}

const column = (key: string) => viewsFile.columns.findIndex((c) => c.key === key);
const PERSON = column('personId'), COURSE = column('courseId'), STARTED = column('startedAt'), ENDED = column('endedAt');
// The contract's references of views.csv (its person, its course), for the rejections' words.
const [PERSON_REF, COURSE_REF] = ['personId', 'courseId'].map((key) => referencesOf(viewsFile).find((r) => r.key === key)!);

export function viewReader(personIds: readonly string[], courseIds: readonly string[], into: ViewBuffer): ViewReader {
  const personIndex = new Map(personIds.map((id, i) => [id, i]));
  const courseIndex = new Map(courseIds.map((id, i) => [id, i]));
  const interners = { personId: new IdInterner(personIds), courseId: new IdInterner(courseIds) };
  return {
    interners,
    fastLine: (text, starts, ends, n, index) => {
      const pc = index[PERSON], cc = index[COURSE], sc = index[STARTED], ec = index[ENDED];
      if (pc < 0 || pc >= n || cc < 0 || cc >= n || sc < 0 || sc >= n || ec < 0 || ec >= n) return false;
      if (ends[sc] - starts[sc] !== 19 || ends[ec] - starts[ec] !== 19) return false;
      const person = interners.personId.indexOf(text, starts[pc], ends[pc]);
      if (person === -1) return false;
      const course = interners.courseId.indexOf(text, starts[cc], ends[cc]);
      if (course === -1) return false;
      const start = parsePlatformInstantAt(text, starts[sc]), end = parsePlatformInstantAt(text, starts[ec]);
      if (start !== start || end !== end || viewSpanProblem(start, end) !== null) return false;
      into.push(person, course, start, end);
      return true;
    },
    onRow: (r) => {
      const person = personIndex.get(r.personId);
      if (person === undefined) return unknownId(PERSON_REF.zh, r.personId, PERSON_REF.file);
      const course = courseIndex.get(r.courseId);
      if (course === undefined) return unknownId(COURSE_REF.zh, r.courseId, COURSE_REF.file);
      into.push(person, course, r.startedAt, r.endedAt);
      return null;
    },
  };
}

export interface BuiltViews {
  readonly table: ViewTable;
  /** Rows identical to an earlier one in person, course, start and end. */
  readonly duplicates: number;
  /** With `byPart`: the duplicates of each part (the later of two equal rows is the duplicate). */
  readonly duplicatesByPart: readonly number[];
  /** The latest ended_at of any segment (-Infinity when none). */
  readonly latestEnd: number;
}

/** Rows as read: a buffer, or a worker's share of the file. */
export interface ViewRows {
  readonly length: number;
  readonly person: Int32Array;
  readonly course: Int32Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
}

/**
 * The rows of all parts (a thread's buffer each), grouped by person with a counting sort,
 * each person's rows ordered by (start, course, end) — a total order on the values, so the
 * table does not depend on which thread read which row — and exact duplicates dropped.
 * With `consume`, each column of the parts is let go (replaced by an empty one) as soon as it
 * has been moved into the table, and `moved` is told: the columns are moved one at a time, so
 * that the parts and the table need never be both whole in memory (at 200,000 people each is
 * about 450 MB) — if `moved` has the dead columns collected (see releaseDeadMemory).
 */
export function buildViewTable(source: ViewRows | readonly ViewRows[], people: number, consume = false, moved?: () => void, byPart = false): BuiltViews {
  const parts: readonly ViewRows[] = Array.isArray(source) ? source : [source as ViewRows];
  // Which part each row came from, only when asked (a paged export: its parts are the file's).
  const partOf = byPart && parts.length > 1 ? scatterPartOf(parts, people) : null;
  let n = 0;
  for (const part of parts) n += part.length;
  const counts = new Int32Array(people + 1);
  for (const part of parts) for (let i = 0; i < part.length; i++) counts[part.person[i] + 1]++;
  for (let p = 0; p < people; p++) counts[p + 1] += counts[p];

  // Scatter into person order (stable: parts in turn, rows in file order), column by column.
  const fill = new Int32Array(people);
  const scatter = <T extends Int32Array | Float64Array>(into: T, key: 'course' | 'start' | 'end'): T => {
    fill.set(counts.subarray(0, people));
    for (const part of parts) {
      const from = part[key], person = part.person;
      for (let i = 0; i < part.length; i++) into[fill[person[i]]++] = from[i];
      if (consume) (part as { [k in typeof key]: Int32Array | Float64Array })[key] = key === 'course' ? EMPTY_INT : EMPTY_FLOAT;
    }
    if (consume && key !== 'course') moved?.();
    return into;
  };
  const start = scatter(new Float64Array(n), 'start');
  const end = scatter(new Float64Array(n), 'end');
  const course = scatter(new Int32Array(n), 'course');
  if (consume) {
    for (const part of parts) (part as { person: Int32Array }).person = EMPTY_INT;
    moved?.();
  }

  const offsets = new Int32Array(people + 1);
  const duplicatesByPart = parts.map(() => 0);
  let out = 0, duplicates = 0, latestEnd = -Infinity;
  for (let p = 0; p < people; p++) {
    const from = counts[p], to = counts[p + 1];
    // Exports mostly list a person's segments in time order already: then nothing moves.
    if (!ordered(course, start, end, from, to)) sortRows(course, start, end, from, to, partOf);
    offsets[p] = out;
    // Compact in place (out ≤ k), dropping a row equal to the one kept before it.
    for (let k = from; k < to; k++) {
      if (out > offsets[p] && start[out - 1] === start[k] && course[out - 1] === course[k] && end[out - 1] === end[k]) {
        duplicates++;
        if (partOf) duplicatesByPart[partOf[k]]++;
        continue;
      }
      course[out] = course[k];
      start[out] = start[k];
      end[out] = end[k];
      if (end[out] > latestEnd) latestEnd = end[out];
      out++;
    }
  }
  offsets[people] = out;
  return {
    table: { course: course.subarray(0, out), start: start.subarray(0, out), end: end.subarray(0, out), offsets },
    duplicates,
    duplicatesByPart: partOf ? duplicatesByPart : [duplicates],
    latestEnd,
  };
}

/** Each row's part, in the order buildViewTable scatters the rows (by person, parts in turn). */
function scatterPartOf(parts: readonly ViewRows[], people: number): Uint16Array {
  const counts = new Int32Array(people + 1);
  for (const part of parts) for (let i = 0; i < part.length; i++) counts[part.person[i] + 1]++;
  for (let p = 0; p < people; p++) counts[p + 1] += counts[p];
  const partOf = new Uint16Array(counts[people]);
  parts.forEach((part, k) => {
    for (let i = 0; i < part.length; i++) partOf[counts[part.person[i]]++] = k;
  });
  return partOf;
}

const EMPTY_INT = new Int32Array(0), EMPTY_FLOAT = new Float64Array(0);

function compareRows(course: Int32Array, start: Float64Array, end: Float64Array, a: number, b: number): number {
  return start[a] - start[b] || course[a] - course[b] || end[a] - end[b];
}

function ordered(course: Int32Array, start: Float64Array, end: Float64Array, from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) if (compareRows(course, start, end, k - 1, k) > 0) return false;
  return true;
}

/** Sort rows [from, to) of the three columns together (and of `partOf`, when given), equal rows in their order. */
function sortRows(course: Int32Array, start: Float64Array, end: Float64Array, from: number, to: number, partOf: Uint16Array | null): void {
  const order = Int32Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => compareRows(course, start, end, a, b) || a - b);
  const c = course.slice(from, to), s = start.slice(from, to), e = end.slice(from, to);
  const k = partOf?.slice(from, to);
  for (let i = 0; i < order.length; i++) {
    const j = order[i] - from;
    course[from + i] = c[j];
    start[from + i] = s[j];
    end[from + i] = e[j];
    if (k) partOf![from + i] = k[j];
  }
}
