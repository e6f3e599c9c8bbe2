/**
 * anomalies.json: what a reviewer of the data should look at — parallel playback, events
 * outside the range, short comments, late registrations, people with no activity at all,
 * branches that held no session.
 */
import { formatDay, formatInstant } from '../contract/calendar.ts';
import type { Course, Person, PersonRecord } from '../contract/model.ts';
import type { AnomaliesFile, BranchStat } from '../contract/outputs.ts';
import { SCHEMA_VERSION } from '../contract/outputs.ts';
import { byCodeUnit } from '../contract/compare.ts';
import type { Period } from '../contract/period.ts';
import type { Evaluation } from '../rules/person.ts';
import { registeredLate } from '../rules/deadline.ts';

type Ref = { personId: string; name: string; unitId: string; branchId: string };
const refOf = (p: Person): Ref => ({ personId: p.personId, name: p.name, unitId: p.unitId, branchId: p.branchId });

export class AnomalyFinder {
  private readonly parallel: AnomaliesFile['parallelPlayback'] = [];
  private readonly shortComments: AnomaliesFile['shortComments'] = [];
  private readonly late: AnomaliesFile['lateRegistrations'] = [];
  private readonly zero: AnomaliesFile['zeroActivity'] = [];

  constructor(private readonly period: Period, private readonly courses: readonly Course[]) {}

  /** One person (people arrive in personId order). */
  add(rec: PersonRecord, ev: Evaluation, parallelCourses: () => readonly number[]): void {
    const p = rec.person;
    let cached: Ref | null = null;
    const ref = () => (cached ??= refOf(p)); // most people are in no list
    if (ev.sweep.parallelSeconds > 0) {
      this.parallel.push({ ...ref(), seconds: Math.round(ev.sweep.parallelSeconds), courses: parallelCourses().map((c) => this.courses[c].courseId) });
    }
    const min = this.period.online.minCommentChars;
    for (const c of rec.comments) {
      if (c.chars < min && c.at >= ev.range.from && c.at < ev.range.to) {
        this.shortComments.push({ ...ref(), courseId: this.courses[c.course].courseId, chars: c.chars, commentedAt: formatInstant(c.at) });
      }
    }
    if (registeredLate(this.period, p.registeredOn)) this.late.push({ ...ref(), registeredOn: formatDay(p.registeredOn!) });
    const credited = ev.sweep.credited.some((s) => s > 0);
    const anySelfStudy = rec.selfStudy.length - ev.offline.outsideSelfStudy > 0;
    const anyReport = rec.reports.length - ev.reports.outside > 0;
    const anyComment = rec.comments.length - ev.outsideComments > 0;
    if (!credited && !anyComment && ev.offline.sessions === 0 && !anySelfStudy && !anyReport) this.zero.push(ref());
  }

  file(outside: Record<string, number>, branches: readonly BranchStat[]): AnomaliesFile {
    this.parallel.sort((a, b) => b.seconds - a.seconds || byCodeUnit(a.personId, b.personId));
    return {
      schemaVersion: SCHEMA_VERSION,
      parallelPlayback: this.parallel,
      outsideWindow: Object.entries(outside).filter(([, n]) => n > 0).map(([file, events]) => ({ file, events })),
      shortComments: this.shortComments,
      lateRegistrations: this.late,
      zeroActivity: this.zero,
      branchesWithoutSession: branches.filter((b) => b.sessionsHeld === 0)
        .map((b) => ({ branchId: b.branchId, branchName: b.branchName, unitId: b.unitId, registered: b.registered })),
    };
  }
}
