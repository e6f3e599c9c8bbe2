/**
 * The pipeline as one function: dataset folder → every output file. ingest builds the model,
 * the rules evaluate each person, stats aggregate, and the result is handed to emit.
 */
import { formatDay, parseDay } from './contract/calendar.ts';
import {
  attendanceFile, branchesFile, commentsFile, coursesFile, extensionsFile, reportsFile, reviewsFile,
  rosterFile, selfStudyFile, sessionsFile, unitsFile, viewsFile,
} from './contract/inputs.ts';
import type { PersonResult, QualityFile, SessionsFile } from './contract/outputs.ts';
import { SCHEMA_VERSION } from './contract/outputs.ts';
import { ingestDataset, type IngestOptions } from './ingest/dataset.ts';
import { dayInRange, deadlineOf, periodDay, registeredLate } from './rules/deadline.ts';
import { evaluatePerson } from './rules/person.ts';
import { qualifiedOn } from './rules/qualified-on.ts';
import { parallelCoursesOf } from './rules/online.ts';
import { AnomalyFinder } from './stats/anomalies.ts';
import { CourseActivity } from './stats/courses.ts';
import { branchStats, coverageGaps, unitStats } from './stats/groups.ts';
import { summaryOf } from './stats/summary.ts';
import { DailyActivity } from './stats/timeline.ts';
import { writeOutputs, type Outputs } from './emit/write.ts';
import { phase } from './timings.ts';

/** The order files are listed in quality.json (SPEC §1's order). */
export const QUALITY_FILE_ORDER = [
  unitsFile, branchesFile, rosterFile, coursesFile, viewsFile, commentsFile, sessionsFile,
  attendanceFile, selfStudyFile, reportsFile, reviewsFile, extensionsFile,
].map((f) => f.name);

export async function computeOutputs(dataDir: string, options: IngestOptions = {}): Promise<Outputs> {
  const { dataset: data, ledger, extensions } = await ingestDataset(dataDir, options);
  const { period, asOf } = data;
  const startDay = periodDay(period.window.start);

  // Deadlines first: the timeline's last day and which sessions lie in the period depend on them.
  let latestDeadline = periodDay(period.window.end);
  for (const rec of data.people) latestDeadline = Math.max(latestDeadline, deadlineOf(period, rec.extensions).day);
  const lastDay = Math.min(asOf, latestDeadline);
  const sessionCounts = (day: number) => day >= startDay && day <= lastDay;

  const daily = new DailyActivity(startDay, lastDay);
  const courseActivity = new CourseActivity(data.courses);
  const anomalies = new AnomalyFinder(period, data.courses);
  const outside = { [viewsFile.name]: 0, [commentsFile.name]: 0, [attendanceFile.name]: 0, [selfStudyFile.name]: 0, [reportsFile.name]: 0, [sessionsFile.name]: 0 };
  const people: PersonResult[] = [];

  data.people.forEach((rec, i) => {
    const ev = evaluatePerson(data, i, asOf, (_course, from, to) => daily.credit(i, from, to));
    const firstQualified = qualifiedOn(data, i, ev);
    ev.result.qualifiedOn = firstQualified; // the result is this person's own: filled in, not copied
    people.push(ev.result);
    if (firstQualified) daily.qualify(parseDay(firstQualified) as number);

    for (const c of rec.comments) if (c.at >= ev.range.from && c.at < ev.range.to) daily.comment(c.at);
    for (const s of new Set(rec.attendance)) {
      const day = data.sessions[s].day;
      if (dayInRange(ev.range, day)) daily.attend(day);
    }
    courseActivity.add(ev.sweep.credited, ev.watched, ev.commented);
    anomalies.add(rec, ev, () => parallelCoursesOf(data.views, i, ev.range));
    outside[viewsFile.name] += ev.sweep.outside;
    outside[commentsFile.name] += ev.outsideComments;
    outside[attendanceFile.name] += ev.offline.outsideAttendance;
    outside[selfStudyFile.name] += ev.offline.outsideSelfStudy;
    outside[reportsFile.name] += ev.reports.outside;
  });

  phase('逐人计算');
  // Sessions: attendees, and whether each lies in the period at all (else its row is ignored).
  const attendees = new Map<number, number>();
  for (const rec of data.people) for (const s of new Set(rec.attendance)) attendees.set(s, (attendees.get(s) ?? 0) + 1);
  const sessions: SessionsFile['sessions'] = data.sessions.map((s, i) => ({
    sessionId: s.sessionId, branchId: s.branchId, date: formatDay(s.day), topic: s.topic,
    attendees: attendees.get(i) ?? 0, inWindow: sessionCounts(s.day),
  }));
  const held = new Map<string, number>();
  for (const s of sessions) if (s.inWindow) held.set(s.branchId, (held.get(s.branchId) ?? 0) + 1);
  outside[sessionsFile.name] = sessions.filter((s) => !s.inWindow).length;
  for (const [file, n] of Object.entries(outside)) ledger.ignore(file, n);

  // Warnings the rules reveal: late registrations, clamped extensions, no required course.
  for (const rec of data.people) {
    const p = rec.person;
    if (registeredLate(period, p.registeredOn)) {
      ledger.warn('lateRegistration', rosterFile.name, p.row, `逾期注册：${p.name}（${p.personId}）于 ${formatDay(p.registeredOn!)} 注册，晚于注册截止日 ${period.registrationDeadline}（不影响成绩）`);
    }
  }
  for (const e of extensions) {
    const d = deadlineOf(period, [e.until]);
    if (d.clamped) {
      ledger.warn('extensionClamped', extensionsFile.name, e.row, `延期至 ${formatDay(e.until)} 超过最长延期 ${period.maxExtensionMonths} 个月，按 ${formatDay(d.day)} 计`);
    }
  }
  if (!data.courses.some((c) => c.required)) ledger.warn('noRequiredCourses', coursesFile.name, null, '没有任何必修课件：网上学习按已完成计');

  const units = unitStats(data.units, data.branches, people);
  const branches = branchStats(data.branches, people, held);
  const unitGaps = coverageGaps(units, (u) => u.unitId);
  const branchGaps = coverageGaps(branches, (b) => b.branchId);
  const asOfIso = formatDay(asOf);
  const order = new Map(QUALITY_FILE_ORDER.map((f, i) => [f, i]));
  const quality: QualityFile = {
    schemaVersion: SCHEMA_VERSION,
    periodId: period.id,
    asOf: asOfIso,
    files: Object.fromEntries(QUALITY_FILE_ORDER.map((f) => [f, ledger.quality(f)])),
    rejected: [...ledger.rejected].sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.row - b.row),
    warnings: ledger.warnings,
    blocking: [],
  };

  phase('统计');
  return {
    'people.json': { schemaVersion: SCHEMA_VERSION, periodId: period.id, asOf: asOfIso, people },
    'units.json': { schemaVersion: SCHEMA_VERSION, periodId: period.id, asOf: asOfIso, units, coverageGaps: unitGaps },
    'branches.json': { schemaVersion: SCHEMA_VERSION, periodId: period.id, asOf: asOfIso, branches, coverageGaps: branchGaps },
    'sessions.json': { schemaVersion: SCHEMA_VERSION, periodId: period.id, sessions },
    'summary.json': summaryOf(period, asOf, latestDeadline, people, { units: units.length, branches: branches.length, coverageGaps: unitGaps.length }),
    'timeline.json': daily.timeline(),
    'courses.json': courseActivity.file(),
    'anomalies.json': anomalies.file(outside, branches),
    'quality.json': quality,
  };
}

export async function runPipeline(dataDir: string, outDir: string, options: IngestOptions = {}): Promise<Outputs> {
  const outputs = await computeOutputs(dataDir, options);
  await writeOutputs(outDir, outputs);
  phase('写出');
  return outputs;
}
