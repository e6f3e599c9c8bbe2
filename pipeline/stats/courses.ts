/**
 * courses.json: per course, how many people viewed, watched and commented, and the median
 * credited minutes among its viewers.
 */
import type { Course } from '../contract/model.ts';
import type { CoursesFile } from '../contract/outputs.ts';
import { SCHEMA_VERSION } from '../contract/outputs.ts';
import { round2 } from '../rules/person.ts';

/** Median of numbers (mean of the middle two for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export class CourseActivity {
  private readonly credited: number[][];
  private readonly watched: Int32Array;
  private readonly commented: Int32Array;

  constructor(private readonly courses: readonly Course[]) {
    this.credited = courses.map(() => []);
    this.watched = new Int32Array(courses.length);
    this.commented = new Int32Array(courses.length);
  }

  /** One person's credited seconds per course and their watched / commented courses. */
  add(credited: Float64Array, watched: ReadonlySet<number>, commented: ReadonlySet<number>): void {
    for (let c = 0; c < credited.length; c++) if (credited[c] > 0) this.credited[c].push(credited[c]);
    for (const c of watched) this.watched[c]++;
    for (const c of commented) this.commented[c]++;
  }

  file(): CoursesFile {
    return {
      schemaVersion: SCHEMA_VERSION,
      courses: this.courses.map((c, i) => ({
        courseId: c.courseId,
        title: c.title,
        durationMin: c.durationMin,
        required: c.required,
        viewers: this.credited[i].length,
        watched: this.watched[i],
        commented: this.commented[i],
        medianCreditedMinutes: round2(median(this.credited[i]) / 60),
      })),
    };
  }
}
