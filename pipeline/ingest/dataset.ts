/**
 * A dataset folder → the model: period.json, then every CSV in dependency order (entities
 * before the events naming them), with references checked, duplicates counted and ids
 * interned. The views table is built in typed arrays and sorted once per person.
 */
import { readFile } from 'node:fs/promises';
import { dayOfInstant, formatDay, parseDay } from '../contract/calendar.ts';
import { normalizeKey, unicodeLength } from '../contract/fields.ts';
import {
  attendanceFile, branchesFile, commentsFile, coursesFile, extensionsFile, INPUT_FILES, type InputFile, referencesOf, reportsFile,
  reviewsFile, rosterFile, type RowOf, selfStudyFile, sessionsFile, unitsFile, viewsFile,
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
import { QualityTally } from './quality-tally.ts';
import { releaseDeadMemory } from '../runtime/memory.ts';
import { phase } from '../runtime/timings.ts';
import { deadlineOf } from '../rules/deadline.ts';
import { dedupeRows, PartTags } from './duplicates.ts';
import { parseTable, readParts, type RowOutcome } from './table.ts';
import { type DataFolder, resolveFolder } from './folder.ts';
import { warnUnterminated } from './line-endings.ts';
import { blockCutTail, RowOrder } from './cut-tail.ts';
import { repeatedKey, unknownId } from './rejections.ts';
import { type ParallelOptions, prefetchViews, startViews } from './views-parallel.ts';
import { buildViewTable, ViewBuffer } from './views.ts';

export interface IngestOptions extends ParallelOptions {
  /** --as-of, "YYYY-MM-DD" (any form parseDay accepts). */
  readonly asOf?: string;
  readonly encoding?: Encoding;
  /** Told each input file's accepted rows as soon as it is read (the pipeline starts work that needs only that file). */
  readonly onFileRead?: (file: string, accepted: number) => void;
}

export interface ExtensionRecord {
  readonly row: number;
  readonly branchId: string;
  readonly personId: string;
  readonly until: number;
}

export interface Ingested {
  readonly dataset: Dataset;
  readonly qualityTally: QualityTally;
  readonly extensions: readonly ExtensionRecord[];
}

/** period.json: decoded like the CSVs, then JSON, then the schema (period-file.ts). */
export { loadPeriod } from './period-file.ts';



/** Read the whole dataset folder. Throws FatalInputError for what docs/data-format.md calls fatal. */
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

/** What the loader and the files' hooks share while one dataset is read. */
class Reading {
  readonly qualityTally = new QualityTally();
  readonly folder: DataFolder;
  /** What each entity file's key names (the lookups of the references to it), by file name. */
  readonly keys = new Map<string, ReadonlyMap<string, unknown>>();
  /** The part of a paged export being read (0 for a file read as one). */
  part = 0;
  latestEventDay = -Infinity;

  constructor(dir: string, readonly options: IngestOptions) {
    this.folder = resolveFolder(dir, this.qualityTally);
  }

  /** An event on `day`: a derived asOf is the latest such day. */
  saw(day: number): void {
    if (day > this.latestEventDay) this.latestEventDay = day;
  }

  /** The file is a paged export (its rows carry their part for the duplicates' count). */
  paged(f: InputFile): boolean {
    return this.folder.parts(f.name).length > 1;
  }
}

/** How one file's rows become the model: only what differs from file to file. */
interface FileHooks<F extends InputFile> {
  /** An entity file's rows kept so far, by key: a second row with a key is rejected (重复编号). */
  readonly byKey?: ReadonlyMap<string, { readonly row: number }>;
  /** Keep a row whose references all name something: `found[i]` is what the file's i-th reference named. */
  keep(r: RowOf<F>, row: number, found: readonly unknown[]): void;
}

/**
 * The one loader of an input file: its parts read (readParts), each row's references checked
 * against the files they name and its key against the rows before it — both as the contract
 * declares them (inputs.ts `refs`, `key`), the messages naming its columns and files — then
 * kept by the file's hook.
 */
async function load<F extends InputFile>(ctx: Reading, f: F, hooks: FileHooks<F>): Promise<void> {
  const refs = referencesOf(f).map((r) => ({ ...r, known: ctx.keys.get(r.file)! }));
  const key = f.key;
  const keyZh = f.columns.find((c) => c.key === key)?.zh ?? '';
  const found: unknown[] = refs.map(() => undefined);
  const onRow = (r: RowOf<F>, row: number): RowOutcome => {
    const cells = r as Record<string, unknown>;
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i];
      const id = cells[ref.key] as string;
      if (id === '' && ref.optional) { found[i] = undefined; continue; }
      const v = ref.known.get(id);
      if (v === undefined) return unknownId(ref.zh, id, ref.file);
      found[i] = v;
    }
    if (hooks.byKey && key !== undefined) {
      const id = cells[key] as string;
      const first = hooks.byKey.get(id);
      if (first) return repeatedKey(keyZh, id, first.row);
    }
    hooks.keep(r, row, found);
    return null;
  };
  const { folder, qualityTally, options } = ctx;
  ctx.part = 0;
  const knownKeys = (file: string) => ctx.keys.get(file);
  await readParts({ folder, file: f, qualityTally, options }, (loaded, target, sameHeaderAs) => parseTable({
    ...loaded, file: f, qualityTally, options, onRow, target, sameHeaderAs, knownKeys,
  }), (part) => { ctx.part = part; });
  phase(f.name);
  options.onFileRead?.(f.name, qualityTally.files.get(f.name)?.accepted ?? 0);
}

/** The entity files: units, branches, the roster and the courses, with ids interned in id order. */
async function readEntities(ctx: Reading) {
  const units = new Map<string, Unit & { row: number }>();
  await load(ctx, unitsFile, { byKey: units, keep: (r, row) => { units.set(r.unitId, { unitId: r.unitId, unitName: r.unitName, parent: r.parent, row }); } });
  ctx.keys.set(unitsFile.name, units);

  const branches = new Map<string, Branch & { row: number }>();
  await load(ctx, branchesFile, {
    byKey: branches,
    keep: (r, row) => { branches.set(r.branchId, { branchId: r.branchId, branchName: r.branchName, unitId: r.unitId, convener: r.convener, row }); },
  });
  ctx.keys.set(branchesFile.name, branches);

  const people = new Map<string, Person>();
  await load(ctx, rosterFile, {
    byKey: people,
    keep: (r, row, [branch]) => {
      people.set(r.personId, {
        personId: r.personId, name: r.name, branchId: r.branchId, unitId: (branch as Branch).unitId, category: r.category,
        registeredOn: r.registeredOn, partySchoolPassed: r.partySchoolPassed, role: r.role, row,
      });
    },
  });

  const courseRows = new Map<string, Course & { row: number }>();
  await load(ctx, coursesFile, {
    byKey: courseRows,
    keep: (r, row) => {
      courseRows.set(r.courseId, {
        courseId: r.courseId, title: r.title, durationMin: r.durationMin,
        durationSec: Math.round(r.durationMin * 60 * 1000) / 1000, required: r.required, row,
      });
    },
  });

  // Ids interned: people and courses in id order, so index order is id order.
  const personIds = [...people.keys()].sort(byCodeUnit);
  ctx.keys.set(rosterFile.name, new Map(personIds.map((id, i) => [id, i])));
  const courses = withoutRow([...courseRows.values()].sort((a, b) => byCodeUnit(a.courseId, b.courseId)));
  ctx.keys.set(coursesFile.name, new Map(courses.map((c, i) => [c.courseId, i])));
  return { units, branches, people, personIds, courses };
}

type Entities = Awaited<ReturnType<typeof readEntities>>;

/** Records without the row number they were read at. */
function withoutRow<T extends { row: number }>(rows: readonly T[]): Omit<T, 'row'>[] {
  return rows.map(({ row: _row, ...rest }) => rest);
}

interface ReportDraft { reportId: string; person: number; kind: string; submittedAt: number; row: number; reviews: Review[] }

/** sessions.csv and reports.csv: the entities events name (attendance, reviews). */
async function readSessionsAndReports(ctx: Reading) {
  const sessionRows = new Map<string, Session & { row: number }>();
  await load(ctx, sessionsFile, {
    byKey: sessionRows,
    keep: (r, row) => { sessionRows.set(r.sessionId, { sessionId: r.sessionId, branchId: r.branchId, day: r.date, topic: r.topic, row }); },
  });
  const sessions = withoutRow([...sessionRows.values()].sort((a, b) => byCodeUnit(a.sessionId, b.sessionId)));
  ctx.keys.set(sessionsFile.name, new Map(sessions.map((s, i) => [s.sessionId, i])));

  const reports = new Map<string, ReportDraft>();
  await load(ctx, reportsFile, {
    byKey: reports,
    keep: (r, row, [person]) => {
      reports.set(r.reportId, { reportId: r.reportId, person: person as number, kind: r.kind, submittedAt: r.submittedAt, row, reviews: [] });
      ctx.saw(dayOfInstant(r.submittedAt));
    },
  });
  ctx.keys.set(reportsFile.name, reports);
  return { sessions, reports };
}

/**
 * comments, attendance and self_study, by person. Exact duplicates are dropped once each
 * group is read (see duplicates.ts), counted in the part they are in.
 */
async function readPersonEvents(ctx: Reading, people: number, sessions: readonly Session[]) {
  const { qualityTally } = ctx;
  const comments: Comment[][] = Array.from({ length: people }, () => []);
  const commentOrder = new RowOrder();
  let tags = new PartTags<number>(ctx.paged(commentsFile));
  await load(ctx, commentsFile, {
    keep: (r, _row, [person, course]) => {
      commentOrder.see(person as number, r.commentedAt);
      // (' ' + text).slice(1) flattens a copy: the slice of the decoded file is let go below.
      comments[person as number].push({ course: course as number, at: r.commentedAt, chars: unicodeLength(r.text), text: (' ' + r.text).slice(1) });
      tags.add(person as number, ctx.part);
      ctx.saw(dayOfInstant(r.commentedAt));
    },
  });
  comments.forEach((list, p) => {
    dedupeRows(tags.of(qualityTally, commentsFile.name, p), (i, j) => list[i].course - list[j].course || list[i].at - list[j].at || byCodeUnit(list[i].text, list[j].text), list);
  });
  // Each comment keeps a copy of its text (for 学时真实性's copy-paste rule), not a slice: the
  // decoded text of comments.csv can go now, not when ingest ends (300 MB at 200,000 people).
  releaseDeadMemory(); // (big runs only)

  const attendance: number[][] = Array.from({ length: people }, () => []);
  tags = new PartTags<number>(ctx.paged(attendanceFile));
  await load(ctx, attendanceFile, {
    keep: (_r, _row, [session, person]) => {
      attendance[person as number].push(session as number);
      tags.add(person as number, ctx.part);
      ctx.saw(sessions[session as number].day);
    },
  });
  attendance.forEach((list, p) => dedupeRows(tags.of(qualityTally, attendanceFile.name, p), (i, j) => list[i] - list[j], list));

  const selfStudy: SelfStudy[][] = Array.from({ length: people }, () => []);
  const selfStudyNotes: string[][] = Array.from({ length: people }, () => []);
  tags = new PartTags<number>(ctx.paged(selfStudyFile));
  await load(ctx, selfStudyFile, {
    keep: (r, _row, [person]) => {
      selfStudy[person as number].push({ day: r.date, confirmed: r.confirmed });
      selfStudyNotes[person as number].push(r.note);
      tags.add(person as number, ctx.part);
      ctx.saw(r.date);
    },
  });
  selfStudy.forEach((list, p) => {
    const notes = selfStudyNotes[p];
    dedupeRows(tags.of(qualityTally, selfStudyFile.name, p), (i, j) => list[i].day - list[j].day || byCodeUnit(notes[i], notes[j]) || Number(list[i].confirmed) - Number(list[j].confirmed), list, notes);
  });
  return { comments, attendance, selfStudy, commentOrder };
}

/** reviews.csv, attached to their reports; a review's comment and reviewer matter only to tell duplicates apart. */
async function readReviews(ctx: Reading): Promise<void> {
  const reviewTexts = new Map<ReportDraft, string[]>();
  const tags = new PartTags<ReportDraft>(ctx.paged(reviewsFile));
  await load(ctx, reviewsFile, {
    keep: (r, row, [found]) => {
      const report = found as ReportDraft;
      // Of equal times the later row is the latest review: in a paged export, a later part's rows come later.
      report.reviews.push({ reviewedAt: r.reviewedAt, row: ctx.part * 2 ** 32 + row, verdict: r.verdict });
      let texts = reviewTexts.get(report);
      if (!texts) reviewTexts.set(report, texts = []);
      texts.push(r.comment, r.reviewer);
      tags.add(report, ctx.part);
      ctx.saw(dayOfInstant(r.reviewedAt));
    },
  });
  for (const [report, texts] of reviewTexts) {
    const list = report.reviews;
    dedupeRows(tags.of(ctx.qualityTally, reviewsFile.name, report), (i, j) => list[i].reviewedAt - list[j].reviewedAt || byCodeUnit(list[i].verdict, list[j].verdict) ||
      byCodeUnit(texts[2 * i], texts[2 * j]) || byCodeUnit(texts[2 * i + 1], texts[2 * j + 1]), list);
  }
}

/** extensions.csv: approvals by branch or by person. */
async function readExtensions(ctx: Reading): Promise<ExtensionRecord[]> {
  const records: ExtensionRecord[] = [];
  await load(ctx, extensionsFile, { keep: (r, row) => { records.push({ row, branchId: r.branchId, personId: r.personId, until: r.until }); } });
  return records;
}

async function readDataset(dir: string, options: IngestOptions, onFailure: (() => void)[]): Promise<Ingested> {
  const period = await loadPeriod(dir);
  const ctx = new Reading(dir, options);
  const { qualityTally, folder } = ctx;
  const viewsBytes = prefetchViews(folder, options);
  onFailure.push(viewsBytes.release); // its standby worker, should the run fail before views.csv
  for (const f of INPUT_FILES) qualityTally.file(f.name);

  const entities = await readEntities(ctx);
  const { personIds, courses } = entities;
  // views.csv, the big one, is started now: a worker parses most of it while this thread reads
  // the other files; its own share and the merge come after them (viewsReading.finish() below).
  const views = new ViewBuffer();
  const viewsReading = await startViews({ folder, qualityTally, options, personIds, courseIds: courses.map((c) => c.courseId), into: views, prefetched: viewsBytes });
  onFailure.push(viewsReading.cancel);
  phase('views.csv 已载入，开始读取');

  const { sessions, reports } = await readSessionsAndReports(ctx);
  const events = await readPersonEvents(ctx, personIds.length, sessions);
  await readReviews(ctx);
  const extensions = await readExtensions(ctx);
  const workerViews = await viewsReading.finish();
  phase(`${viewsFile.name} 读完`);
  const paged = qualityTally.partCount(viewsFile.name) > 1;
  const built = buildViewTable([views, ...workerViews], personIds.length, true, releaseDeadMemory, paged);
  // Exact duplicates of views are found after sorting; they were first counted as accepted.
  if (paged) built.duplicatesByPart.forEach((n, part) => qualityTally.duplicate(viewsFile.name, n, part));
  else qualityTally.duplicate(viewsFile.name, built.duplicates);
  if (built.latestEnd > -Infinity) ctx.saw(dayOfInstant(built.latestEnd));
  phase('观看记录表已排序');

  const records = personRecords(entities, reports, events, extensions);
  // A derived asOf is never later than the latest deadline anyone has (docs/data-format.md): one stray
  // event of a later year must not put everyone past their deadline.
  let latestDeadline = -Infinity;
  for (const r of records) latestDeadline = Math.max(latestDeadline, deadlineOf(period, r.extensions).day);
  if (latestDeadline === -Infinity) latestDeadline = deadlineOf(period, []).day;
  const asOf = resolveAsOf(period, options.asOf, ctx.latestEventDay, qualityTally, latestDeadline);
  checkAsOf(dir, period, asOf, ctx.latestEventDay, qualityTally, options.asOf);
  blockEmptyFiles(qualityTally);
  const endings = await warnUnterminated(folder, qualityTally);
  const commentsEnding = endings.filter((e) => e.file === commentsFile.name).at(-1);
  blockCutTail(qualityTally, commentsFile.name, commentsEnding?.ending === 'none', events.commentOrder, built.table);

  const dataset: Dataset = {
    period,
    asOf,
    units: withoutRow([...entities.units.values()].sort((a, b) => byCodeUnit(a.unitId, b.unitId))),
    branches: withoutRow([...entities.branches.values()].sort((a, b) => byCodeUnit(a.branchId, b.branchId))),
    courses,
    sessions,
    people: records,
    views: built.table,
  };
  return { dataset, qualityTally, extensions };
}

/** Each person's record: their events, their reports in id order, their extensions (their own and their branch's). */
function personRecords(
  entities: Entities, reports: ReadonlyMap<string, ReportDraft>, events: Awaited<ReturnType<typeof readPersonEvents>>, extensions: readonly ExtensionRecord[],
): PersonRecord[] {
  const { personIds, people } = entities;
  const reportsByPerson: Report[][] = personIds.map(() => []);
  for (const r of [...reports.values()].sort((a, b) => byCodeUnit(a.reportId, b.reportId))) {
    reportsByPerson[r.person].push({ reportId: r.reportId, kind: r.kind, submittedAt: r.submittedAt, reviews: r.reviews });
  }
  const byBranch = new Map<string, number[]>();
  const byPerson = new Map<string, number[]>();
  for (const e of extensions) {
    const map = e.personId !== '' ? byPerson : byBranch;
    const key = e.personId !== '' ? e.personId : e.branchId;
    map.set(key, [...(map.get(key) ?? []), e.until]);
  }
  return personIds.map((id, i) => {
    const person = people.get(id)!;
    return {
      person,
      comments: events.comments[i],
      attendance: events.attendance[i],
      selfStudy: events.selfStudy[i],
      reports: reportsByPerson[i],
      extensions: [...(byPerson.get(id) ?? []), ...(byBranch.get(person.branchId) ?? [])],
    };
  });
}

/**
 * docs/gate.md `empty-file`: a file that is there but holds no data row (0 bytes, a header alone)
 * where every correct drop has rows — an export that failed or caught the wrong range.
 * (reports.csv, empty only late in the window, is the gate's: it knows asOf's thirds.)
 */
function blockEmptyFiles(qualityTally: QualityTally): void {
  for (const f of INPUT_FILES) {
    const t = qualityTally.file(f.name);
    if (!f.expectsRows || !t.present || t.rows > 0) continue;
    qualityTally.block('empty-file', f.name, `${f.name}（${f.zh}）没有任何数据行（空文件或只有表头）：导出很可能失败了，或导出时选错了范围或条件。请从平台重新导出${f.zh}，确认文件中有数据行后重新运行`);
  }
}

/**
 * --as-of, else period.asOf, else the day of the latest event but never after the latest
 * deadline anyone has (with a warning saying so).
 */
function resolveAsOf(period: Period, option: string | undefined, latestEventDay: number, qualityTally: QualityTally, latestDeadline: number): number {
  if (option !== undefined) {
    const d = parseDay(normalizeKey(option));
    if (typeof d === 'string') throw new FatalInputError('--as-of', d);
    return d;
  }
  if (period.asOf) return parseDay(period.asOf) as number;
  if (latestEventDay > latestDeadline) {
    qualityTally.warn('asOfDerived', 'period.json', null, `period.json 未给出 asOf；数据中最晚事件的日期 ${formatDay(latestEventDay)} 晚于任何人的截止日，按最晚截止日 ${formatDay(latestDeadline)} 计（请检查该事件的日期，或在 period.json 中写明 asOf）`);
    return latestDeadline;
  }
  if (latestEventDay > -Infinity) {
    qualityTally.warn('asOfDerived', 'period.json', null, `period.json 未给出 asOf，按数据中最晚事件的日期 ${formatDay(latestEventDay)} 计`);
    return latestEventDay;
  }
  const end = parseDay(period.window.end) as number;
  qualityTally.warn('asOfDerived', 'period.json', null, `period.json 未给出 asOf，数据中也没有任何事件，按学习培训结束日 ${period.window.end} 计`);
  return end;
}
