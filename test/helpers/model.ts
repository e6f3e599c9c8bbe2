/**
 * Small hand-checkable datasets for rule tests, built in memory: times are written as
 * "MM-DD HH:mm" in 2020, Beijing time.
 */
import { parseDay, parseInstant } from '../../pipeline/contract/calendar.ts';
import type { Category } from '../../pipeline/contract/fields.ts';
import type { Course, Dataset, PersonRecord, Review, SelfStudy, Session } from '../../pipeline/contract/model.ts';
import { PeriodSchema, type Period } from '../../pipeline/contract/period.ts';
import { buildViewTable, ViewBuffer } from '../../pipeline/ingest/views.ts';
import { SAMPLE_PERIOD } from '../../generate/sample-period.ts';

/** The example period of the notice (docs/data-format.md), validated. */
export const PERIOD: Period = PeriodSchema.parse(SAMPLE_PERIOD);

/** "01-14 09:00" or "01-14 09:00:30" → instant in 2020, Beijing time. */
export function at(mmddhhmm: string): number {
  return parseInstant(`2020-${mmddhhmm.length === 11 ? mmddhhmm + ':00' : mmddhhmm}`) as number;
}
/** "01-14" → day in 2020. */
export function day(mmdd: string): number {
  return parseDay(`2020-${mmdd}`) as number;
}

export function course(courseId: string, durationMin: number, required = true): Course {
  return { courseId, title: `课件${courseId}`, durationMin, durationSec: durationMin * 60, required };
}

export interface PersonSpec {
  id?: string;
  category?: Category;
  exempt?: boolean;
  branchId?: string;
  /** [courseId, "MM-DD HH:mm", "MM-DD HH:mm"] segments. */
  views?: [string, string, string][];
  /** [courseId, "MM-DD HH:mm", text]. */
  comments?: [string, string, string][];
  /** session ids attended. */
  attendance?: string[];
  selfStudy?: [string, boolean][];
  reports?: { id?: string; kind?: string; submitted: string; verdict?: Review['verdict'] }[];
  extensions?: string[];
}

export interface DatasetSpec {
  period?: Period;
  asOf?: string;
  courses?: Course[];
  sessions?: [string, string, string][]; // [sessionId, branchId, "MM-DD"]
  people: PersonSpec[];
}

export const DEFAULT_COURSES = [course('C1', 30), course('C2', 20)];

export function dataset(spec: DatasetSpec): Dataset {
  const period = spec.period ?? PERIOD;
  const courses = spec.courses ?? DEFAULT_COURSES;
  const courseIndex = new Map(courses.map((c, i) => [c.courseId, i]));
  const sessions: Session[] = (spec.sessions ?? []).map(([sessionId, branchId, d]) => ({ sessionId, branchId, day: day(d), topic: '' }));
  const sessionIndex = new Map(sessions.map((s, i) => [s.sessionId, i]));
  const buf = new ViewBuffer();
  const people: PersonRecord[] = spec.people.map((p, i) => {
    for (const [c, s, e] of p.views ?? []) buf.push(i, courseIndex.get(c)!, at(s), at(e));
    const category = p.category ?? '党员';
    const kind = category === '党员' ? '党费日+报告' : '心得体会';
    return {
      person: {
        personId: p.id ?? `P${String(i + 1).padStart(2, '0')}`, name: `人员${i + 1}`, branchId: p.branchId ?? 'B1', unitId: 'U1',
        category, registeredOn: day('01-13'), partySchoolPassed: p.exempt ?? false, role: '', row: i + 2,
      },
      comments: (p.comments ?? []).map(([c, t, text]) => ({ course: courseIndex.get(c)!, at: at(t), chars: [...text.trim()].length, text: text.trim() })),
      attendance: (p.attendance ?? []).map((s) => sessionIndex.get(s)!),
      selfStudy: (p.selfStudy ?? []).map(([d, confirmed]): SelfStudy => ({ day: day(d), confirmed })),
      reports: (p.reports ?? []).map((r, k) => ({ reportId: r.id ?? `R${i}-${k}`, kind: r.kind ?? kind, submittedAt: at(r.submitted), reviews: r.verdict ? [{ reviewedAt: at(r.submitted) + 3600, row: 2, verdict: r.verdict }] : [] })),
      extensions: (p.extensions ?? []).map(day),
    };
  });
  return {
    period, asOf: day(spec.asOf ?? '02-24'), units: [{ unitId: 'U1', unitName: '州财政局', parent: '' }],
    branches: [{ branchId: 'B1', branchName: '机关党支部', unitId: 'U1', convener: '' }],
    courses, sessions, people, views: buildViewTable(buf, people.length).table,
  };
}

/** Comments long enough on every default course. */
export const GOOD_COMMENTS: [string, string, string][] = [
  ['C1', '01-14 12:00', '认真学习了四中全会精神，收获很大'],
  ['C2', '01-14 12:00', '学习纲要导读讲得透彻，很有启发'],
];
/** Both default courses watched in full. */
export const FULL_VIEWS: [string, string, string][] = [
  ['C1', '01-14 09:00', '01-14 09:30'],
  ['C2', '01-14 10:00', '01-14 10:20'],
];
/** A member who completed everything but the reports. */
export function completeMember(extra: Partial<PersonSpec> = {}): PersonSpec {
  return {
    views: FULL_VIEWS, comments: GOOD_COMMENTS, attendance: ['S1', 'S2', 'S3'], selfStudy: [['01-20', true]],
    reports: [{ submitted: '01-31 10:00' }, { submitted: '02-20 10:00' }], ...extra,
  };
}
export const THREE_SESSIONS: [string, string, string][] = [['S1', 'B1', '01-15'], ['S2', 'B1', '01-25'], ['S3', 'B1', '02-10']];
