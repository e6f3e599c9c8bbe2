/**
 * A dataset folder → the model: period.json, then every CSV in dependency order (entities
 * before the events naming them), with references checked, duplicates counted and ids
 * interned. The views table is built in typed arrays and sorted once per person.
 */
import { readFile } from 'node:fs/promises';
import { dayOfInstant, formatDay, parseDay } from '../contract/calendar.ts';
import { normalizeKey, unicodeLength } from '../contract/fields.ts';
import {
  attendanceFile, branchesFile, commentsFile, coursesFile, extensionsFile, INPUT_FILES, reportsFile,
  reviewsFile, rosterFile, selfStudyFile, sessionsFile, unitsFile, viewsFile,
} from '../contract/inputs.ts';
import type {
  Branch, Comment, Course, Dataset, Person, PersonRecord, Report, Review, SelfStudy, Session, Unit,
} from '../contract/model.ts';
import type { Period } from '../contract/period.ts';
import { loadPeriod } from './period-file.ts';
import { checkAsOf } from './as-of.ts';
import { byCodeUnit } from '../contract/compare.ts';
import type { Encoding } from './decode.ts';
import { FatalInputError } from './errors.ts';
import { Ledger } from './ledger.ts';
import { releaseDeadMemory } from '../memory.ts';
import { phase } from '../timings.ts';
import { deadlineOf } from '../rules/deadline.ts';
import { dropDuplicateRows } from './duplicates.ts';
import { readTable } from './table.ts';
import { resolveFolder } from './folder.ts';
import { repeatedKey, unknownId } from './rejections.ts';
import { type ParallelOptions, prefetchViews, startViews } from './views-parallel.ts';
import { buildViewTable, ViewBuffer } from './views.ts';

export interface IngestOptions extends ParallelOptions {
  /** --as-of, "YYYY-MM-DD" (any form parseDay accepts). */
  readonly asOf?: string;
  readonly encoding?: Encoding;
}

export interface ExtensionRecord {
  readonly row: number;
  readonly branchId: string;
  readonly personId: string;
  readonly until: number;
}

export interface Ingested {
  readonly dataset: Dataset;
  readonly ledger: Ledger;
  readonly extensions: readonly ExtensionRecord[];
}

/** period.json: decoded like the CSVs, then JSON, then the schema (period-file.ts). */
export { loadPeriod } from './period-file.ts';



/** Read the whole dataset folder. Throws FatalInputError for what SPEC calls fatal. */
export async function ingestDataset(dir: string, options: IngestOptions = {}): Promise<Ingested> {
  // Undo started work (a views worker) when the run fails midway.
  const onFailure: (() => void)[] = [];
  try {
    return await readDataset(dir, options, onFailure);
  } catch (e) {
    for (const undo of onFailure) undo();
    throw e;
  }
}

async function readDataset(dir: string, options: IngestOptions, onFailure: (() => void)[]): Promise<Ingested> {
  const period = await loadPeriod(dir);
  const ledger = new Ledger();
  const folder = resolveFolder(dir, ledger);
  const viewsBytes = prefetchViews(folder, options);
  onFailure.push(viewsBytes.release); // its standby worker, should the run fail before views.csv
  for (const f of INPUT_FILES) ledger.file(f.name);
  let latestEventDay = -Infinity;
  const saw = (day: number) => { if (day > latestEventDay) latestEventDay = day; };

  const units = new Map<string, Unit & { row: number }>();
  await readTable(folder, unitsFile, ledger, options, (r, row) => {
    const first = units.get(r.unitId);
    if (first) return repeatedKey('单位编号', r.unitId, first.row);
    units.set(r.unitId, { unitId: r.unitId, unitName: r.unitName, parent: r.parent, row });
    return null;
  });
  phase(unitsFile.name);

  const branches = new Map<string, Branch & { row: number }>();
  await readTable(folder, branchesFile, ledger, options, (r, row) => {
    if (!units.has(r.unitId)) return unknownId('单位编号', r.unitId, 'units.csv');
    const first = branches.get(r.branchId);
    if (first) return repeatedKey('支部编号', r.branchId, first.row);
    branches.set(r.branchId, { branchId: r.branchId, branchName: r.branchName, unitId: r.unitId, convener: r.convener, row });
    return null;
  });
  phase(branchesFile.name);

  const people = new Map<string, Person>();
  await readTable(folder, rosterFile, ledger, options, (r, row) => {
    const branch = branches.get(r.branchId);
    if (!branch) return unknownId('支部编号', r.branchId, 'branches.csv');
    const first = people.get(r.personId);
    if (first) return repeatedKey('人员编号', r.personId, first.row);
    people.set(r.personId, {
      personId: r.personId, name: r.name, branchId: r.branchId, unitId: branch.unitId, category: r.category,
      registeredOn: r.registeredOn, partySchoolPassed: r.partySchoolPassed, role: r.role, row,
    });
    return null;
  });
  phase(rosterFile.name);

  const courseRows = new Map<string, Course & { row: number }>();
  await readTable(folder, coursesFile, ledger, options, (r, row) => {
    const first = courseRows.get(r.courseId);
    if (first) return repeatedKey('课件编号', r.courseId, first.row);
    courseRows.set(r.courseId, {
      courseId: r.courseId, title: r.title, durationMin: r.durationMin,
      durationSec: Math.round(r.durationMin * 60 * 1000) / 1000, required: r.required, row,
    });
    return null;
  });
  phase(coursesFile.name);

  // Ids interned: people and courses in id order, so index order is id order.
  const personIds = [...people.keys()].sort(byCodeUnit);
  const personIndex = new Map(personIds.map((id, i) => [id, i]));
  const courses = [...courseRows.values()].sort((a, b) => byCodeUnit(a.courseId, b.courseId))
    .map(({ row: _row, ...c }) => c as Course);
  const courseIndex = new Map(courses.map((c, i) => [c.courseId, i]));

  // views.csv, the big one, is started now: a worker parses most of it while this thread reads
  // the other files; its own share and the merge come after them (viewsReading.finish() below).
  const views = new ViewBuffer();
  const viewsReading = await startViews(folder, ledger, options, personIds, courses.map((c) => c.courseId), views, viewsBytes);
  onFailure.push(viewsReading.cancel);
  phase('views.csv 已载入，开始读取');

  const sessionRows = new Map<string, Session & { row: number }>();
  await readTable(folder, sessionsFile, ledger, options, (r, row) => {
    if (!branches.has(r.branchId)) return unknownId('支部编号', r.branchId, 'branches.csv');
    const first = sessionRows.get(r.sessionId);
    if (first) return repeatedKey('场次编号', r.sessionId, first.row);
    sessionRows.set(r.sessionId, { sessionId: r.sessionId, branchId: r.branchId, day: r.date, topic: r.topic, row });
    return null;
  });
  phase(sessionsFile.name);
  const sessions = [...sessionRows.values()].sort((a, b) => byCodeUnit(a.sessionId, b.sessionId))
    .map(({ row: _row, ...s }) => s as Session);
  const sessionIndex = new Map(sessions.map((s, i) => [s.sessionId, i]));

  interface ReportDraft { reportId: string; person: number; kind: string; submittedAt: number; row: number; reviews: Review[] }
  const reports = new Map<string, ReportDraft>();
  await readTable(folder, reportsFile, ledger, options, (r, row) => {
    const person = personIndex.get(r.personId);
    if (person === undefined) return unknownId('人员编号', r.personId, 'roster.csv');
    const first = reports.get(r.reportId);
    if (first) return repeatedKey('报告编号', r.reportId, first.row);
    reports.set(r.reportId, { reportId: r.reportId, person, kind: r.kind, submittedAt: r.submittedAt, row, reviews: [] });
    saw(dayOfInstant(r.submittedAt));
    return null;
  });
  phase(reportsFile.name);

  // Exact duplicates of the event files are dropped once each group is read (see duplicates.ts).
  const comments: Comment[][] = personIds.map(() => []);
  const commentTexts: string[][] = personIds.map(() => []);
  await readTable(folder, commentsFile, ledger, options, (r) => {
    const person = personIndex.get(r.personId);
    if (person === undefined) return unknownId('人员编号', r.personId, 'roster.csv');
    const course = courseIndex.get(r.courseId);
    if (course === undefined) return unknownId('课件编号', r.courseId, 'courses.csv');
    comments[person].push({ course, at: r.commentedAt, chars: unicodeLength(r.text) });
    commentTexts[person].push(r.text);
    saw(dayOfInstant(r.commentedAt));
    return null;
  });
  comments.forEach((list, p) => {
    const texts = commentTexts[p];
    dropDuplicateRows(ledger, commentsFile.name, (i, j) => list[i].course - list[j].course || list[i].at - list[j].at || byCodeUnit(texts[i], texts[j]), list, texts);
  });
  // The texts served only to tell duplicates apart: let them go now, not when ingest ends (each
  // is a slice of the decoded text, which it keeps alive: 300 MB at 200,000 people).
  commentTexts.length = 0;
  releaseDeadMemory(); // and with them the decoded text of comments.csv (big runs only)
  phase(commentsFile.name);

  const attendance: number[][] = personIds.map(() => []);
  await readTable(folder, attendanceFile, ledger, options, (r) => {
    const session = sessionIndex.get(r.sessionId);
    if (session === undefined) return unknownId('场次编号', r.sessionId, 'sessions.csv');
    const person = personIndex.get(r.personId);
    if (person === undefined) return unknownId('人员编号', r.personId, 'roster.csv');
    attendance[person].push(session);
    saw(sessions[session].day);
    return null;
  });
  for (const list of attendance) {
    dropDuplicateRows(ledger, attendanceFile.name, (i, j) => list[i] - list[j], list);
  }
  phase(attendanceFile.name);

  const selfStudy: SelfStudy[][] = personIds.map(() => []);
  const selfStudyNotes: string[][] = personIds.map(() => []);
  await readTable(folder, selfStudyFile, ledger, options, (r) => {
    const person = personIndex.get(r.personId);
    if (person === undefined) return unknownId('人员编号', r.personId, 'roster.csv');
    selfStudy[person].push({ day: r.date, confirmed: r.confirmed });
    selfStudyNotes[person].push(r.note);
    saw(r.date);
    return null;
  });
  selfStudy.forEach((list, p) => {
    const notes = selfStudyNotes[p];
    dropDuplicateRows(ledger, selfStudyFile.name, (i, j) => list[i].day - list[j].day || byCodeUnit(notes[i], notes[j]) || Number(list[i].confirmed) - Number(list[j].confirmed), list, notes);
  });
  selfStudyNotes.length = 0;
  phase(selfStudyFile.name);

  // A review's comment and reviewer matter only to tell duplicates apart.
  const reviewTexts = new Map<ReportDraft, string[]>();
  await readTable(folder, reviewsFile, ledger, options, (r, row) => {
    const report = reports.get(r.reportId);
    if (!report) return unknownId('报告编号', r.reportId, 'reports.csv');
    report.reviews.push({ reviewedAt: r.reviewedAt, row, verdict: r.verdict });
    let texts = reviewTexts.get(report);
    if (!texts) reviewTexts.set(report, texts = []);
    texts.push(r.comment, r.reviewer);
    saw(dayOfInstant(r.reviewedAt));
    return null;
  });
  for (const [report, texts] of reviewTexts) {
    const list = report.reviews;
    dropDuplicateRows(ledger, reviewsFile.name, (i, j) => list[i].reviewedAt - list[j].reviewedAt || byCodeUnit(list[i].verdict, list[j].verdict) ||
      byCodeUnit(texts[2 * i], texts[2 * j]) || byCodeUnit(texts[2 * i + 1], texts[2 * j + 1]), list);
  }
  reviewTexts.clear();
  phase(reviewsFile.name);

  const extensionRecords: ExtensionRecord[] = [];
  // SPEC names views, comments, attendance, self_study and reviews as the event files with
  // duplicates; extensions is not among them, and a repeated approval changes nothing anyway.
  await readTable(folder, extensionsFile, ledger, options, (r, row) => {
    if (r.branchId !== '' && !branches.has(r.branchId)) return unknownId('支部编号', r.branchId, 'branches.csv');
    if (r.personId !== '' && !people.has(r.personId)) return unknownId('人员编号', r.personId, 'roster.csv');
    extensionRecords.push({ row, branchId: r.branchId, personId: r.personId, until: r.until });
    return null;
  });
  phase(extensionsFile.name);
  const workerViews = await viewsReading.finish();
  phase(`${viewsFile.name} 读完`);
  const { table: viewTable, duplicates: viewDuplicates, latestEnd } = buildViewTable([views, ...workerViews], personIds.length, true, releaseDeadMemory);
  // Exact duplicates of views are found after sorting; they were first counted as accepted.
  ledger.duplicate(viewsFile.name, viewDuplicates);
  if (latestEnd > -Infinity) saw(dayOfInstant(latestEnd));

  phase('观看记录表已排序');

  const reportsByPerson: Report[][] = personIds.map(() => []);
  for (const r of [...reports.values()].sort((a, b) => byCodeUnit(a.reportId, b.reportId))) {
    reportsByPerson[r.person].push({ reportId: r.reportId, kind: r.kind, submittedAt: r.submittedAt, reviews: r.reviews });
  }
  const byBranch = new Map<string, number[]>();
  const byPerson = new Map<string, number[]>();
  for (const e of extensionRecords) {
    const map = e.personId !== '' ? byPerson : byBranch;
    const key = e.personId !== '' ? e.personId : e.branchId;
    map.set(key, [...(map.get(key) ?? []), e.until]);
  }
  const records: PersonRecord[] = personIds.map((id, i) => {
    const person = people.get(id)!;
    return {
      person,
      comments: comments[i],
      attendance: attendance[i],
      selfStudy: selfStudy[i],
      reports: reportsByPerson[i],
      extensions: [...(byPerson.get(id) ?? []), ...(byBranch.get(person.branchId) ?? [])],
    };
  });

  // A derived asOf is never later than the latest deadline anyone has (SPEC §1): one stray
  // event of a later year must not put everyone past their deadline.
  let latestDeadline = -Infinity;
  for (const r of records) latestDeadline = Math.max(latestDeadline, deadlineOf(period, r.extensions).day);
  if (latestDeadline === -Infinity) latestDeadline = deadlineOf(period, []).day;
  const asOf = resolveAsOf(period, options.asOf, latestEventDay, ledger, latestDeadline);
  checkAsOf(dir, period, asOf, latestEventDay, ledger, options.asOf);

  const dataset: Dataset = {
    period,
    asOf,
    units: [...units.values()].sort((a, b) => byCodeUnit(a.unitId, b.unitId)).map(({ row: _r, ...u }) => u as Unit),
    branches: [...branches.values()].sort((a, b) => byCodeUnit(a.branchId, b.branchId)).map(({ row: _r, ...b }) => b as Branch),
    courses,
    sessions,
    people: records,
    views: viewTable,
  };
  return {
    dataset,
    ledger,
    extensions: extensionRecords,
  };
}

/**
 * --as-of, else period.asOf, else the day of the latest event but never after the latest
 * deadline anyone has (with a warning saying so).
 */
function resolveAsOf(period: Period, option: string | undefined, latestEventDay: number, ledger: Ledger, latestDeadline: number): number {
  if (option !== undefined) {
    const d = parseDay(normalizeKey(option));
    if (typeof d === 'string') throw new FatalInputError('--as-of', d);
    return d;
  }
  if (period.asOf) return parseDay(period.asOf) as number;
  if (latestEventDay > latestDeadline) {
    ledger.warn('asOfDerived', 'period.json', null, `period.json 未给出 asOf；数据中最晚事件的日期 ${formatDay(latestEventDay)} 晚于任何人的截止日，按最晚截止日 ${formatDay(latestDeadline)} 计（请检查该事件的日期，或在 period.json 中写明 asOf）`);
    return latestDeadline;
  }
  if (latestEventDay > -Infinity) {
    ledger.warn('asOfDerived', 'period.json', null, `period.json 未给出 asOf，按数据中最晚事件的日期 ${formatDay(latestEventDay)} 计`);
    return latestEventDay;
  }
  const end = parseDay(period.window.end) as number;
  ledger.warn('asOfDerived', 'period.json', null, `period.json 未给出 asOf，数据中也没有任何事件，按学习培训结束日 ${period.window.end} 计`);
  return end;
}
