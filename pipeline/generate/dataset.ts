/**
 * The generator: one seeded synthetic dataset folder (SPEC §1) — period.json and the twelve CSV
 * files — written through `OpenOutput`. Pure apart from that: no clock, no Math.random, every
 * draw from streams derived from the seed, so the same options give byte-identical files.
 *
 * Each file is saved the way the system it comes from saves it (see FORMATS): the platform's
 * own exports are UTF-8 with LF, files re-saved in Excel are UTF-8 with BOM and CRLF, and the
 * two hand-kept sheets (roster, sessions) are GB18030 as Excel writes "CSV" on Chinese Windows.
 * Views and comments are streamed person by person, so memory does not grow with their rows.
 */
import { addMonths } from '../contract/calendar.ts';
import type { Period } from '../contract/period.ts';
import * as broken from './broken.ts';
import { buildCourses, type Course } from './courses.ts';
import { CsvWriter, type CsvFormat } from './csv.ts';
import { type Extension, planExtensions } from './extensions.ts';
import { excelInstant, isoInstant, mixedDayText, standardInstant } from './formats.ts';
import { commentsOf, expandSegments, type OnlineContext, planSittings, playedCourses } from './online.ts';
import { type Offline, planSelfStudy, planSessions } from './offline.ts';
import type { OpenOutput } from './output.ts';
import { buildPopulation, personId, type Population } from './population.ts';
import { Random, Stream } from './random.ts';
import { planReports, planReviews, type Report, type Review } from './reports.ts';
import { SAMPLE_PERIOD } from './sample-period.ts';
import { type Schedule, scheduleOf } from './schedule.ts';

export interface GenerateOptions {
  readonly people: number;
  readonly seed: number;
  /** Number of units; default about one per 60 people (3–150). */
  readonly units?: number;
  /** Average view segments per person (heartbeats); 100 makes 20,000 people ≈ 2,000,000 rows. */
  readonly segments?: number;
}

export const DEFAULT_SEGMENTS = 100;

export function defaultUnitCount(people: number): number {
  return Math.max(3, Math.min(150, Math.round(people / 60)));
}

interface World {
  readonly seed: number;
  readonly period: Period;
  readonly schedule: Schedule;
  readonly pop: Population;
  readonly courses: Course[];
  readonly extensions: Extension[];
  readonly offline: Offline;
  readonly reports: Report[];
  readonly reviews: Review[];
  readonly segmentsPerWatcher: number;
  readonly broken: broken.BrokenContext;
}

/** Data rows written per file (broken and duplicate rows included, headers not). */
export type GenerateSummary = Record<string, number>;

const PLATFORM: CsvFormat = { encoding: 'utf-8', eol: '\n' };
const EXCEL_UTF8: CsvFormat = { encoding: 'utf-8-bom', eol: '\r\n' };
const EXCEL_GBK: CsvFormat = { encoding: 'gb18030', eol: '\r\n' };

/** How each file is saved, by where it comes from. */
export const FORMATS: Readonly<Record<string, CsvFormat>> = {
  'units.csv': EXCEL_UTF8, 'branches.csv': EXCEL_UTF8, 'roster.csv': EXCEL_GBK, 'courses.csv': PLATFORM,
  'views.csv': PLATFORM, 'comments.csv': EXCEL_UTF8, 'sessions.csv': EXCEL_GBK, 'attendance.csv': PLATFORM,
  'self_study.csv': EXCEL_UTF8, 'reports.csv': PLATFORM, 'reviews.csv': EXCEL_UTF8, 'extensions.csv': EXCEL_UTF8,
};

export function generateDataset(options: GenerateOptions, open: OpenOutput): GenerateSummary {
  if (!Number.isInteger(options.people) || options.people < 1) throw new Error('people must be a positive integer');
  const world = buildWorld(options);
  writePeriod(open, world.period);
  return {
    'units.csv': writeUnits(world, open),
    'branches.csv': writeBranches(world, open),
    'roster.csv': writeRoster(world, open),
    'courses.csv': writeCourses(world, open),
    ...writeOnline(world, open),
    'sessions.csv': writeSessions(world, open),
    'attendance.csv': writeAttendance(world, open),
    'self_study.csv': writeSelfStudy(world, open),
    'reports.csv': writeReports(world, open),
    'reviews.csv': writeReviews(world, open),
    'extensions.csv': writeExtensions(world, open),
  };
}

function buildWorld(options: GenerateOptions): World {
  const { seed, people } = options;
  const period = SAMPLE_PERIOD;
  const windowEnd = scheduleOf(period, 0).windowEnd;
  const schedule = scheduleOf(period, addMonths(windowEnd, period.maxExtensionMonths));
  const pop = buildPopulation(Random.derive(seed, Stream.population), people, options.units ?? defaultUnitCount(people), schedule);
  const courses = buildCourses(Random.derive(seed, Stream.courses));
  const extensions = planExtensions(Random.derive(seed, Stream.extensions), pop, schedule);
  const extendedBranches = new Set(extensions.flatMap((e) => (e.branch ? [e.branch] : [])));
  const offlineRng = Random.derive(seed, Stream.offline);
  const offline = { sessions: planSessions(offlineRng, pop, schedule, extendedBranches), selfStudy: planSelfStudy(offlineRng, pop.people, schedule) };
  const reportRng = Random.derive(seed, Stream.reports);
  const reports = planReports(reportRng, pop.people, period, schedule);
  const watchers = pop.people.filter((p) => p.watches).length;
  return {
    seed, period, schedule, pop, courses, extensions, offline, reports,
    reviews: planReviews(reportRng, reports, schedule),
    segmentsPerWatcher: ((options.segments ?? DEFAULT_SEGMENTS) * people) / Math.max(1, watchers),
    broken: { rng: Random.derive(seed, Stream.broken), pop, courses, schedule, strangerId: personId(people + 50) },
  };
}

function writePeriod(open: OpenOutput, period: Period): void {
  const out = open('period.json');
  out.write(new TextEncoder().encode(`${JSON.stringify(period, null, 2)}\n`));
  out.close();
}

/** Writes `rows` with `extra` (broken) rows at random places, `appended` ones at the end. */
function writeTable(world: World, open: OpenOutput, name: string, header: readonly string[], rows: readonly string[][], bad: broken.BrokenRows): number {
  const w = new CsvWriter(open(name), header, FORMATS[name]);
  const rng = world.broken.rng;
  const at = new Map<number, string[][]>();
  for (const row of bad.scattered) {
    const i = rng.int(0, rows.length);
    at.set(i, [...(at.get(i) ?? []), row]);
  }
  for (let i = 0; i <= rows.length; i++) {
    for (const row of at.get(i) ?? []) w.row(row);
    if (i < rows.length) w.row(rows[i]);
  }
  for (const row of bad.appended) w.row(row);
  w.close();
  return w.rows;
}

function writeUnits(world: World, open: OpenOutput): number {
  const rows = world.pop.units.map((u) => [u.id, u.name, '州直机关工委']);
  // A unit pasted twice into the sheet: the second row has an existing id.
  return writeTable(world, open, 'units.csv', ['单位编号', '单位名称', '上级党组织'], rows, { scattered: [], appended: [rows[world.broken.rng.int(0, rows.length - 1)]] });
}

function writeBranches(world: World, open: OpenOutput): number {
  const rows = world.pop.branches.map((b) => [b.id, b.name, b.unit.id, b.convener]);
  return writeTable(world, open, 'branches.csv', ['支部编号', '支部名称', '单位编号', '召集人'], rows, { scattered: broken.brokenBranches(world.broken), appended: [] });
}

/** The roster as the units keep it: with gender, ethnicity, ID-card and phone numbers the pipeline must drop. */
const ROSTER_HEADER = ['人员编号', '姓名', '性别', '民族', '身份证号', '手机号', '支部编号', '人员类别', '职务', '注册日期', '党校培训合格'];

function writeRoster(world: World, open: OpenOutput): number {
  const rng = Random.derive(world.seed, Stream.population, 1);
  const rows = world.pop.people.map((p) => [
    p.id, p.name, p.gender, p.ethnicity, p.idCard, p.phone, p.branch.id, p.categoryText, p.role,
    rng.chance(0.01) ? '' : mixedDayText(rng, p.registeredOn, 0.85, 0.1),
    p.partySchoolPassed ? '是' : rng.chance(0.7) ? '否' : '',
  ]);
  return writeTable(world, open, 'roster.csv', ROSTER_HEADER, rows, broken.brokenRoster(world.broken));
}

function writeCourses(world: World, open: OpenOutput): number {
  const firstRequired = world.courses.find((c) => c.required);
  // Full-width parentheses, as typed in a Chinese sheet; one required flag left empty (default 是).
  const rows = world.courses.map((c) => [c.id, c.title, String(c.durationMin), c === firstRequired ? '' : c.required ? '是' : '否']);
  return writeTable(world, open, 'courses.csv', ['课件编号', '课件名称', '时长（分钟）', '是否必修'], rows, { scattered: [], appended: [] });
}

/** Views (English headers: the platform's raw log) and comments, person by person. */
function writeOnline(world: World, open: OpenOutput): Record<string, number> {
  const views = new CsvWriter(open('views.csv'), ['person_id', 'course_id', 'started_at', 'ended_at'], FORMATS['views.csv']);
  const comments = new CsvWriter(open('comments.csv'), ['人员编号', '课件编号', '评论时间', '评论内容'], FORMATS['comments.csv']);
  const people = world.pop.people;
  const brokenViews = scatter(world.broken.rng, broken.brokenViews(world.broken), people.length);
  const brokenComments = scatter(world.broken.rng, broken.brokenComments(world.broken), people.length);
  const ctx: OnlineContext = { courses: world.courses, schedule: world.schedule, watchRatio: world.period.online.watchRatio };
  // An exact duplicate row (the export sent one segment twice), from the first watcher after this index.
  let duplicateFrom = world.broken.rng.int(0, people.length - 1);
  for (const p of people) {
    const sittings = planSittings(Random.derive(world.seed, Stream.plan, p.index), p, ctx);
    const segments = expandSegments(Random.derive(world.seed, Stream.segments, p.index), sittings, world.segmentsPerWatcher);
    segments.forEach((sg, i) => {
      const row = [p.id, sg.course.id, standardInstant(sg.start), standardInstant(sg.end)];
      views.row(row);
      if (i === 0 && p.index >= duplicateFrom) {
        views.row(row);
        duplicateFrom = Infinity;
      }
    });
    for (const c of commentsOf(Random.derive(world.seed, Stream.comments, p.index), p, playedCourses(segments), ctx)) {
      comments.row([p.id, c.course.id, excelInstant(c.at), c.text]);
    }
    for (const row of brokenViews.get(p.index) ?? []) views.row(row);
    for (const row of brokenComments.get(p.index) ?? []) comments.row(row);
  }
  views.close();
  comments.close();
  return { 'views.csv': views.rows, 'comments.csv': comments.rows };
}

/** Broken rows keyed by the person index after whose rows they go. */
function scatter(rng: Random, rows: string[][], people: number): Map<number, string[][]> {
  const at = new Map<number, string[][]>();
  for (const row of rows) {
    const i = rng.int(0, people - 1);
    at.set(i, [...(at.get(i) ?? []), row]);
  }
  return at;
}

function writeSessions(world: World, open: OpenOutput): number {
  const rng = Random.derive(world.seed, Stream.offline, 1);
  const rows = world.offline.sessions.map((s) => [s.id, s.branch.id, mixedDayText(rng, s.day, 0.25, 0.6), s.topic]);
  return writeTable(world, open, 'sessions.csv', ['场次编号', '支部编号', '日期', '主题'], rows, broken.brokenSessions(world.broken, world.offline));
}

function writeAttendance(world: World, open: OpenOutput): number {
  const rows = world.offline.sessions.flatMap((s) => s.attendees.map((p) => [s.id, p.id]));
  // One sign-in recorded twice: an exact duplicate.
  const appended = rows.length > 0 ? [rows[world.broken.rng.int(0, rows.length - 1)]] : [];
  return writeTable(world, open, 'attendance.csv', ['场次编号', '人员编号'], rows, { scattered: broken.brokenAttendance(world.broken, world.offline), appended });
}

function writeSelfStudy(world: World, open: OpenOutput): number {
  const rng = Random.derive(world.seed, Stream.offline, 2);
  const rows = world.offline.selfStudy.map((s) => [handTypedId(rng, s.person.id), mixedDayText(rng, s.day, 0.7, 0.2), s.note, s.confirmedText]);
  return writeTable(world, open, 'self_study.csv', ['人员编号', '日期', '内容', '是否认定'], rows, { scattered: broken.brokenSelfStudy(world.broken), appended: [] });
}

/** An id as typed by hand now and then: padded with a space or U+3000, or in full-width digits (NFKC undoes all). */
function handTypedId(rng: Random, id: string): string {
  const r = rng.next();
  if (r < 0.01) return `${id} `;
  if (r < 0.015) return `${id}\u3000`;
  if (r < 0.02) return id.replace(/[0-9A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
  return id;
}

function writeReports(world: World, open: OpenOutput): number {
  const rng = Random.derive(world.seed, Stream.reports, 1);
  // Most rows from the platform; some merged in from the office system, which writes ISO 8601.
  const rows = world.reports.map((r) => [r.id, r.person.id, r.kindText, r.title, rng.chance(0.2) ? isoInstant(r.submittedAt) : standardInstant(r.submittedAt)]);
  return writeTable(world, open, 'reports.csv', ['报告编号', '人员编号', '类型', '标题', '提交时间'], rows, broken.brokenReports(world.broken, world.reports));
}

function writeReviews(world: World, open: OpenOutput): number {
  const rows = world.reviews.map((r) => [r.report.id, r.excelTime ? excelInstant(r.at) : standardInstant(r.at), r.verdict, r.remark, r.reviewer]);
  return writeTable(world, open, 'reviews.csv', ['报告编号', '审核时间', '结果', '点评', '评审人'], rows, { scattered: broken.brokenReviews(world.broken, world.reports), appended: [] });
}

function writeExtensions(world: World, open: OpenOutput): number {
  const rng = Random.derive(world.seed, Stream.extensions, 1);
  const rows = world.extensions.map((e) => [
    e.branch?.id ?? '', e.person?.id ?? '', mixedDayText(rng, e.until, 0.6, 0.3), mixedDayText(rng, e.approvedOn, 0.8, 0.2),
  ]);
  return writeTable(world, open, 'extensions.csv', ['支部编号', '人员编号', '延至', '批准日期'], rows, { scattered: broken.brokenExtensions(world.broken), appended: [] });
}
