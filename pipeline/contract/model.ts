/**
 * The in-memory model ingest builds and the rules read: validated, cross-referenced tables with
 * ids interned to indices. Days and instants are numbers (see calendar.ts). Viewing segments,
 * the one table with millions of rows, live in typed arrays grouped by person.
 */
import type { Category, Verdict } from './fields.ts';
import type { Period } from './period.ts';

export interface Unit {
  readonly unitId: string;
  readonly unitName: string;
  readonly parent: string;
}

export interface Branch {
  readonly branchId: string;
  readonly branchName: string;
  readonly unitId: string;
  readonly convener: string;
}

export interface Person {
  readonly personId: string;
  readonly name: string;
  readonly branchId: string;
  readonly unitId: string;
  readonly category: Category;
  readonly registeredOn: number | null;
  readonly partySchoolPassed: boolean;
  readonly role: string;
  /** Excel row in roster.csv, for warnings. */
  readonly row: number;
}

export interface Course {
  readonly courseId: string;
  readonly title: string;
  readonly durationMin: number;
  /** durationMin × 60, rounded to the millisecond so 0.1-minute durations carry no float fuzz. */
  readonly durationSec: number;
  readonly required: boolean;
}

export interface Session {
  readonly sessionId: string;
  readonly branchId: string;
  readonly day: number;
  readonly topic: string;
}

export interface Comment {
  /** Index into Dataset.courses. */
  readonly course: number;
  readonly at: number;
  /** Unicode code points of the trimmed text. */
  readonly chars: number;
  /**
   * The trimmed text, for 学时真实性's copy-paste rule (docs/analysis.md). A copy of its own, not a slice
   * of the decoded file (a slice would keep the whole file's text alive).
   */
  readonly text: string;
}

export interface SelfStudy {
  readonly day: number;
  readonly confirmed: boolean;
}

/** A review of a report (点评审推): when, which reviews.csv row, and its verdict. */
export interface Review {
  readonly reviewedAt: number;
  /** Excel row in reviews.csv: of equal times, the later row is the latest review. */
  readonly row: number;
  readonly verdict: Verdict;
}

export interface Report {
  readonly reportId: string;
  /** NFKC-normalised kind, compared with the period's kinds normalised the same way. */
  readonly kind: string;
  readonly submittedAt: number;
  /** Its reviews, whenever made (the rules take the latest); empty when unreviewed. */
  readonly reviews: readonly Review[];
}

/**
 * Viewing segments of all people, sorted by person, then (started_at, course_id, ended_at);
 * exact duplicates already removed. Segments of person i are [offsets[i], offsets[i + 1]).
 * Course indices follow course_id order, so comparing indices compares ids.
 */
export interface ViewTable {
  readonly course: Int32Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly offsets: Int32Array;
}

/** Everything of one person the rules need, gathered by ingest. */
export interface PersonRecord {
  readonly person: Person;
  readonly comments: readonly Comment[];
  /** Indices into Dataset.sessions, one per accepted attendance row: each session once (ingest drops repeats). */
  readonly attendance: readonly number[];
  readonly selfStudy: readonly SelfStudy[];
  readonly reports: readonly Report[];
  /** `until` days of the extensions naming the person or the person's branch. */
  readonly extensions: readonly number[];
}

export interface Dataset {
  readonly period: Period;
  /** The as-of day: --as-of, period.asOf, or the day of the latest event. */
  readonly asOf: number;
  readonly units: readonly Unit[];
  readonly branches: readonly Branch[];
  readonly courses: readonly Course[];
  readonly sessions: readonly Session[];
  /** Sorted by personId; index i matches ViewTable person i. */
  readonly people: readonly PersonRecord[];
  readonly views: ViewTable;
}

/**
 * The ids of one file's column that named nothing known (rows rejected as “不在 X 中”): how many
 * rows, and the first distinct values in file order (bounded), for the publish gate's diagnosis
 * of ids Excel mangled (leading zeros stripped, E-notation).
 */
export interface UnknownIds {
  /** The file whose rows were rejected, e.g. "views.csv". */
  readonly file: string;
  /** The column's canonical Chinese header, e.g. "人员编号". */
  readonly column: string;
  /** The file the ids should be in, e.g. "roster.csv". */
  readonly refersTo: string;
  /** Rows rejected for an unknown id in this column. */
  readonly rows: number;
  /** The first distinct unknown values (at most UNKNOWN_ID_SAMPLE of them), in file order. */
  readonly sample: readonly string[];
}

/** How many distinct unknown ids per file and column are kept for the diagnosis. */
export const UNKNOWN_ID_SAMPLE = 200;
