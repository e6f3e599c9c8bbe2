/**
 * The generator: one seeded synthetic dataset folder (docs/data-format.md) — period.json and the twelve CSV
 * files — written through `OpenOutput`. Pure apart from that: no clock, no Math.random, every
 * draw from streams derived from the seed, so the same options give byte-identical files.
 *
 * A period is first played out whole (its *world*, up to the period's `asOf`), then written as
 * it stood on a day: a drop (docs/drops.md) cut on day A holds exactly the rows dated on or before A
 * (see `Cut`), so a later drop holds every row of an earlier one plus what happened since. The
 * drop on the world's own `asOf` is the world uncut — the single dataset `generateDataset`
 * writes. A later period of the year plays out on the earlier period's people (drops.ts).
 *
 * Each file is saved the way the system it comes from saves it (see FORMATS): the platform's
 * own exports are UTF-8 with LF, files re-saved in Excel are UTF-8 with BOM and CRLF, and the
 * two hand-kept sheets (roster, sessions) are GB18030 as Excel writes "CSV" on Chinese Windows.
 * Views and comments are streamed person by person, so memory does not grow with their rows.
 */
import { addMonths, dayOfInstant, formatDay, startOfDay } from '../pipeline/contract/calendar.ts';
import type { Period } from '../pipeline/contract/period.ts';
import * as broken from './broken.ts';
import { attends, type Behaviour, movedDay, planBehaviour } from './behaviour.ts';
import { buildCourses, type Course } from './courses.ts';
import { CsvWriter, type CsvFormat } from './csv.ts';
import { type Extension, planExtensions } from './extensions.ts';
import { excelInstant, isoInstant, mixedDayText, standardInstant } from './formats.ts';
import { commentsOf, expandSegments, type OnlineContext, planSittings, playedCourses } from './online.ts';
import { type Offline, planSelfStudy, planSessions } from './offline.ts';
import type { OpenOutput } from './output.ts';
import { buildPopulation, nextPopulation, personId, type Population, type Turnover } from './population.ts';
import { Random, Stream } from './random.ts';
import { planReports, planReviews, type Report, type Review } from './reports.ts';
import { SAMPLE_PERIOD } from './sample-period.ts';
import { type Schedule, scheduleOf } from './schedule.ts';
import { PLENUM_THEME, type Theme } from './texts.ts';

export interface GenerateOptions {
  readonly people: number;
  readonly seed: number;
  /** Number of units; default about one per 60 people (3–150). */
  readonly units?: number;
  /** People per branch a unit aims at (default 15; a unit has 1–6 branches). */
  readonly branchSize?: number;
  /** Average view segments per person (heartbeats); 100 makes 20,000 people ≈ 2,000,000 rows. */
  readonly segments?: number;
  /** Behaviour profiles (steady, crammer, stalled, never; behaviour.ts), for the 预警 backtest. Off by default. */
  readonly behaviour?: boolean;
}

export const DEFAULT_SEGMENTS = 100;

export function defaultUnitCount(people: number): number {
  return Math.max(3, Math.min(150, Math.round(people / 60)));
}

/**
 * A province as it is (the issue-as-is round): 200,000 cadres in about 2,900 units of ~70 people and
 * 11,800 branches of ~17 — not 150 units of 1,300, which the prefecture default gives at
 * that size and which makes unit pages huge and the unit index short.
 */
export const PROVINCE_SHAPE = { peoplePerUnit: 69, branchSize: 17 } as const;

export function provinceUnitCount(people: number): number {
  return Math.max(3, Math.round(people / PROVINCE_SHAPE.peoplePerUnit));
}

export interface World {
  readonly seed: number;
  readonly period: Period;
  readonly theme: Theme;
  readonly schedule: Schedule;
  readonly pop: Population;
  readonly courses: Course[];
  readonly extensions: Extension[];
  readonly offline: Offline;
  readonly reports: Report[];
  readonly reviews: Review[];
  readonly segmentsPerWatcher: number;
  readonly broken: broken.BrokenContext;
  /** How this period's people differ from the previous period's (null for a year's first period). */
  readonly turnover: Turnover | null;
  /** The highest person index any id of this world uses, broken rows included: the next period's new people come after it. */
  readonly lastIdIndex: number;
  /** Behaviour profiles (options.behaviour), or null: everyone studies as planned. */
  readonly behaviour: Behaviour | null;
}

/** An instant of person `index`'s record as the profile moves it (whole days), or null. */
function movedInstant(b: Behaviour | null, index: number, at: number): number | null {
  if (b === null) return at;
  const day = dayOfInstant(at);
  const to = movedDay(b, index, day);
  return to === null ? null : at + (to - day) * 86400;
}

/**
 * The day a drop was exported: rows dated after it are not in the drop. Rows are dated by when
 * they entered the platform or the sheet: a view when its segment ended, a comment, report or
 * review when it was made, attendance on its session's day, a session and a self-study record on
 * their day, a registration on its 注册日期 (the real one, also when the cell was left empty),
 * an extension on its 批准日期. Units, branches and courses exist from the start (every drop).
 */
export interface Cut {
  readonly asOf: number;
}

const inCut = (cut: Cut | null, day: number | null) => cut === null || day === null || day <= cut.asOf;
const inCutInstant = (cut: Cut | null, instant: number) => cut === null || instant < startOfDay(cut.asOf + 1);

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
  return writeDrop(firstWorld(options), null, open);
}

/**
 * Writes `world` as it stood at the end of `cut`'s day (null: the whole world, as generated),
 * with `period.json` giving that day as its asOf. Every file's random draws are made for the
 * whole world whatever the cut, so a cut drop is the uncut one with rows left out — nothing moves.
 */
export function writeDrop(world: World, cut: Cut | null, open: OpenOutput): GenerateSummary {
  const period = cut === null ? world.period : { ...world.period, asOf: formatDay(cut.asOf) };
  writePeriod(open, period);
  return {
    'units.csv': writeUnits(world, open),
    'branches.csv': writeBranches(world, open),
    'roster.csv': writeRoster(world, cut, open),
    'courses.csv': writeCourses(world, open),
    ...writeOnline(world, cut, open),
    'sessions.csv': writeSessions(world, cut, open),
    'attendance.csv': writeAttendance(world, cut, open),
    'self_study.csv': writeSelfStudy(world, cut, open),
    'reports.csv': writeReports(world, cut, open),
    'reviews.csv': writeReviews(world, cut, open),
    'extensions.csv': writeExtensions(world, cut, open),
  };
}

/** The year's first period (the sample's): its people drawn from the seed. */
export function firstWorld(options: GenerateOptions): World {
  const { seed, people } = options;
  if (!Number.isInteger(people) || people < 1) throw new Error('people must be a positive integer');
  const period = SAMPLE_PERIOD;
  const schedule = scheduleWithLimit(period);
  const pop = buildPopulation(Random.derive(seed, Stream.population), people, options.units ?? defaultUnitCount(people), schedule, options.branchSize);
  // Broken roster rows use the ids after the last person; the stranger is one who left before.
  return playOut(options, seed, period, PLENUM_THEME, schedule, pop, null, personId(people + 50), people - 1);
}

/**
 * A later period of the year, played out on `earlier`'s people (some leave, move or join; see
 * nextPopulation), with its own seed stream, topic and schedule.
 */
export function laterWorld(options: GenerateOptions, earlier: World, period: Period, theme: Theme, ordinal: number): World {
  const seed = mixSeedOf(options.seed, ordinal);
  const schedule = scheduleWithLimit(period);
  // New people's ids come after every id the earlier periods used, broken rows and the stranger included.
  const firstNew = Math.ceil((earlier.lastIdIndex + 100) / 100) * 100;
  const { pop, turnover } = nextPopulation(Random.derive(seed, Stream.turnover), earlier.pop, schedule, firstNew);
  // The stranger of a later period is someone who left: ids in the data that nobody registered any more.
  const stranger = turnover.left.length > 0 ? Random.derive(seed, Stream.broken, 1).pick(turnover.left) : personId(firstNew + pop.people.length + 50);
  const lastReal = Math.max(earlier.lastIdIndex, firstNew + turnover.joined.length - 1);
  return playOut(options, seed, period, theme, schedule, pop, turnover, stranger, lastReal);
}

function mixSeedOf(seed: number, ordinal: number): number {
  return Random.derive(seed, Stream.period, ordinal).integer(0, 0xffffffff) >>> 0;
}

function scheduleWithLimit(period: Period): Schedule {
  const windowEnd = scheduleOf(period, 0).windowEnd;
  return scheduleOf(period, addMonths(windowEnd, period.maxExtensionMonths));
}

function playOut(
  options: GenerateOptions, seed: number, period: Period, theme: Theme, schedule: Schedule, pop: Population,
  turnover: Turnover | null, strangerId: string, lastRealIndex: number,
): World {
  const courses = buildCourses(Random.derive(seed, Stream.courses), theme);
  const extensions = planExtensions(Random.derive(seed, Stream.extensions), pop, schedule);
  const extendedBranches = new Set(extensions.flatMap((e) => (e.branch ? [e.branch] : [])));
  const offlineRng = Random.derive(seed, Stream.offline);
  const offline = {
    sessions: planSessions(offlineRng, pop, schedule, extendedBranches, theme, options.behaviour === true),
    selfStudy: planSelfStudy(offlineRng, pop.people, schedule, theme),
  };
  const reportRng = Random.derive(seed, Stream.reports);
  const reports = planReports(reportRng, pop.people, period, schedule, theme);
  const watchers = pop.people.filter((p) => p.watches).length;
  // Broken roster rows take the 5 ids after the last real one; the stranger is 50 after (first period).
  const lastIdIndex = Math.max(lastRealIndex + 5, Number(strangerId.slice(1)) - 1);
  return {
    seed, period, theme, schedule, pop, courses, extensions, offline, reports,
    reviews: planReviews(reportRng, reports, schedule),
    segmentsPerWatcher: ((options.segments ?? DEFAULT_SEGMENTS) * options.people) / Math.max(1, watchers),
    broken: { rng: Random.derive(seed, Stream.broken), pop, courses, schedule, strangerId, lastIdIndex: lastRealIndex },
    turnover, lastIdIndex,
    behaviour: options.behaviour ? planBehaviour(seed, pop, schedule) : null,
  };
}

function writePeriod(open: OpenOutput, period: Period): void {
  const out = open('period.json');
  out.write(new TextEncoder().encode(`${JSON.stringify(period, null, 2)}\n`));
  out.close();
}

/** A row of a table and the day it entered the export (null: in every drop). */
type DatedRow = broken.DatedRow;
const always = (cells: string[]): DatedRow => ({ cells, day: null });

/**
 * Writes `rows` with `extra` (broken) rows at random places, `appended` ones at the end, leaving
 * out those dated after the cut. Places are drawn for the whole world, so cutting moves nothing.
 */
function writeTable(world: World, cut: Cut | null, open: OpenOutput, name: string, header: readonly string[], rows: readonly DatedRow[], bad: broken.BrokenRows): number {
  const w = new CsvWriter(open(name), header, FORMATS[name]);
  const rng = world.broken.rng;
  const at = new Map<number, DatedRow[]>();
  for (const row of bad.scattered) {
    const i = rng.integer(0, rows.length);
    at.set(i, [...(at.get(i) ?? []), row]);
  }
  const put = (row: DatedRow) => {
    if (inCut(cut, row.day)) w.row(row.cells);
  };
  for (let i = 0; i <= rows.length; i++) {
    for (const row of at.get(i) ?? []) put(row);
    if (i < rows.length) put(rows[i]);
  }
  for (const row of bad.appended) put(row);
  w.close();
  return w.rows;
}

function writeUnits(world: World, open: OpenOutput): number {
  const rows = world.pop.units.map((u) => always([u.id, u.name, '州直机关工委']));
  // A unit pasted twice into the sheet: the second row has an existing id.
  return writeTable(world, null, open, 'units.csv', ['单位编号', '单位名称', '上级党组织'], rows, { scattered: [], appended: [rows[world.broken.rng.integer(0, rows.length - 1)]] });
}

function writeBranches(world: World, open: OpenOutput): number {
  const rows = world.pop.branches.map((b) => always([b.id, b.name, b.unit.id, b.convener]));
  return writeTable(world, null, open, 'branches.csv', ['支部编号', '支部名称', '单位编号', '召集人'], rows, { scattered: broken.brokenBranches(world.broken).map(always), appended: [] });
}

/** The roster as the units keep it: with gender, ethnicity, ID-card and phone numbers the pipeline must drop. */
const ROSTER_HEADER = ['人员编号', '姓名', '性别', '民族', '身份证号', '手机号', '支部编号', '人员类别', '职务', '注册日期', '党校培训合格'];

function writeRoster(world: World, cut: Cut | null, open: OpenOutput): number {
  const rng = Random.derive(world.seed, Stream.population, 1);
  const rows = world.pop.people.map((p) => ({
    cells: [
      p.id, p.name, p.gender, p.ethnicity, p.idCard, p.phone, p.branch.id, p.categoryText, p.role,
      rng.chance(0.01) ? '' : mixedDayText(rng, p.registeredOn, 0.85, 0.1),
      p.partySchoolPassed ? '是' : rng.chance(0.7) ? '否' : '',
    ],
    day: p.registeredOn,
  }));
  return writeTable(world, cut, open, 'roster.csv', ROSTER_HEADER, rows, broken.brokenRoster(world.broken));
}

function writeCourses(world: World, open: OpenOutput): number {
  const firstRequired = world.courses.find((c) => c.required);
  // Full-width parentheses, as typed in a Chinese sheet; one required flag left empty (default 是).
  const rows = world.courses.map((c) => always([c.id, c.title, String(c.durationMin), c === firstRequired ? '' : c.required ? '是' : '否']));
  return writeTable(world, null, open, 'courses.csv', ['课件编号', '课件名称', '时长（分钟）', '是否必修'], rows, { scattered: [], appended: [] });
}

/** Views (English headers: the platform's raw log) and comments, person by person. */
function writeOnline(world: World, cut: Cut | null, open: OpenOutput): Record<string, number> {
  const views = new CsvWriter(open('views.csv'), ['person_id', 'course_id', 'started_at', 'ended_at'], FORMATS['views.csv']);
  const comments = new CsvWriter(open('comments.csv'), ['人员编号', '课件编号', '评论时间', '评论内容'], FORMATS['comments.csv']);
  const people = world.pop.people;
  const brokenViews = scatter(world.broken.rng, broken.brokenViews(world.broken), people.length);
  const brokenComments = scatter(world.broken.rng, broken.brokenComments(world.broken), people.length);
  const ctx: OnlineContext = { courses: world.courses, schedule: world.schedule, watchRatio: world.period.online.watchRatio, theme: world.theme };
  // An exact duplicate row (the export sent one segment twice), from the first watcher after this index.
  let duplicateFrom = world.broken.rng.integer(0, people.length - 1);
  for (const p of people) {
    const sittings = planSittings(Random.derive(world.seed, Stream.plan, p.index), p, ctx);
    const planned = expandSegments(Random.derive(world.seed, Stream.segments, p.index), sittings, world.segmentsPerWatcher);
    const b = world.behaviour;
    const segments = b === null ? planned : planned.flatMap((sg) => {
      const start = movedInstant(b, p.index, sg.start);
      return start === null ? [] : [{ course: sg.course, start, end: sg.end + (start - sg.start) }];
    }).sort((x, y) => x.start - y.start);
    segments.forEach((sg, i) => {
      // The platform logs a segment when it ends.
      const logged = inCutInstant(cut, sg.end);
      const row = [p.id, sg.course.id, standardInstant(sg.start), standardInstant(sg.end)];
      if (logged) views.row(row);
      if (i === 0 && p.index >= duplicateFrom) {
        if (logged) views.row(row);
        duplicateFrom = Infinity;
      }
    });
    // Comments are drawn from all the segments (as the whole world has them), then cut.
    for (const c of commentsOf(Random.derive(world.seed, Stream.comments, p.index), p, playedCourses(segments), ctx)) {
      // Comments follow the (moved) viewing; a stalled person's after the last day are not written.
      if (b !== null && movedDay(b, p.index, dayOfInstant(c.at)) === null) continue;
      if (inCutInstant(cut, c.at)) comments.row([p.id, c.course.id, excelInstant(c.at), c.text]);
    }
    for (const row of brokenViews.get(p.index) ?? []) if (inCut(cut, row.day)) views.row(row.cells);
    for (const row of brokenComments.get(p.index) ?? []) if (inCut(cut, row.day)) comments.row(row.cells);
  }
  views.close();
  comments.close();
  return { 'views.csv': views.rows, 'comments.csv': comments.rows };
}

/** Broken rows keyed by the person index after whose rows they go. */
function scatter(rng: Random, rows: DatedRow[], people: number): Map<number, DatedRow[]> {
  const at = new Map<number, DatedRow[]>();
  for (const row of rows) {
    const i = rng.integer(0, people - 1);
    at.set(i, [...(at.get(i) ?? []), row]);
  }
  return at;
}

function writeSessions(world: World, cut: Cut | null, open: OpenOutput): number {
  const rng = Random.derive(world.seed, Stream.offline, 1);
  const rows = world.offline.sessions.map((s) => ({ cells: [s.id, s.branch.id, mixedDayText(rng, s.day, 0.25, 0.6), s.topic], day: s.day }));
  return writeTable(world, cut, open, 'sessions.csv', ['场次编号', '支部编号', '日期', '主题'], rows, broken.brokenSessions(world.broken, world.offline));
}

function writeAttendance(world: World, cut: Cut | null, open: OpenOutput): number {
  // A sign-in is recorded on its session's day.
  const b = world.behaviour;
  const rows = world.offline.sessions.flatMap((s) => s.attendees.filter((p) => b === null || attends(b, p.index, s.day)).map((p) => ({ cells: [s.id, p.id], day: s.day })));
  // One sign-in recorded twice: an exact duplicate.
  const appended = rows.length > 0 ? [rows[world.broken.rng.integer(0, rows.length - 1)]] : [];
  return writeTable(world, cut, open, 'attendance.csv', ['场次编号', '人员编号'], rows, { scattered: broken.brokenAttendance(world.broken, world.offline), appended });
}

function writeSelfStudy(world: World, cut: Cut | null, open: OpenOutput): number {
  const rng = Random.derive(world.seed, Stream.offline, 2);
  const b = world.behaviour;
  const rows = world.offline.selfStudy.flatMap((s) => {
    // Every record draws its texts, moved or not, so profiles change nothing else.
    const id = handTypedId(rng, s.person.id);
    const day = b === null ? s.day : movedDay(b, s.person.index, s.day);
    const text = mixedDayText(rng, day ?? s.day, 0.7, 0.2);
    return day === null ? [] : [{ cells: [id, text, s.note, s.confirmedText], day }];
  });
  return writeTable(world, cut, open, 'self_study.csv', ['人员编号', '日期', '内容', '是否认定'], rows, { scattered: broken.brokenSelfStudy(world.broken), appended: [] });
}

/** An id as typed by hand now and then: padded with a space or U+3000, or in full-width digits (NFKC undoes all). */
function handTypedId(rng: Random, id: string): string {
  const r = rng.next();
  if (r < 0.01) return `${id} `;
  if (r < 0.015) return `${id}\u3000`;
  if (r < 0.02) return id.replace(/[0-9A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
  return id;
}

function writeReports(world: World, cut: Cut | null, open: OpenOutput): number {
  const rng = Random.derive(world.seed, Stream.reports, 1);
  // Most rows from the platform; some merged in from the office system, which writes ISO 8601.
  const rows = world.reports.flatMap((r) => {
    const iso = rng.chance(0.2);
    const at = movedInstant(world.behaviour, r.person.index, r.submittedAt);
    return at === null ? [] : [{ cells: [r.id, r.person.id, r.kindText, r.title, iso ? isoInstant(at) : standardInstant(at)], day: dayOfInstant(at) }];
  });
  return writeTable(world, cut, open, 'reports.csv', ['报告编号', '人员编号', '类型', '标题', '提交时间'], rows, broken.brokenReports(world.broken, world.reports));
}

function writeReviews(world: World, cut: Cut | null, open: OpenOutput): number {
  const rows = world.reviews.flatMap((r) => {
    // A review follows its report: moved by as much, gone with it.
    const submitted = movedInstant(world.behaviour, r.report.person.index, r.report.submittedAt);
    if (submitted === null) return [];
    const at = r.at + (submitted - r.report.submittedAt);
    return [{ cells: [r.report.id, r.excelTime ? excelInstant(at) : standardInstant(at), r.verdict, r.remark, r.reviewer], day: dayOfInstant(at) }];
  });
  return writeTable(world, cut, open, 'reviews.csv', ['报告编号', '审核时间', '结果', '点评', '评审人'], rows, { scattered: broken.brokenReviews(world.broken, world.reports), appended: [] });
}

function writeExtensions(world: World, cut: Cut | null, open: OpenOutput): number {
  const rng = Random.derive(world.seed, Stream.extensions, 1);
  const rows = world.extensions.map((e) => ({
    cells: [e.branch?.id ?? '', e.person?.id ?? '', mixedDayText(rng, e.until, 0.6, 0.3), mixedDayText(rng, e.approvedOn, 0.8, 0.2)],
    day: e.approvedOn,
  }));
  return writeTable(world, cut, open, 'extensions.csv', ['支部编号', '人员编号', '延至', '批准日期'], rows, { scattered: broken.brokenExtensions(world.broken), appended: [] });
}
