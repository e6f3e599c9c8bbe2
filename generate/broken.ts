/**
 * The handful of broken rows real exports carry, a few per file: a day that does not exist
 * (2020-02-30), ids nobody registered, a segment that ends before it starts or runs for a day,
 * empty required cells, values outside an enumeration, re-used keys. Ingest must reject each
 * with a reason (docs/data-format.md) — never drop it silently, never stop. Exact duplicates of valid rows
 * are made where the rows are (views, attendance), not here.
 *
 * Days are counted from the window's start, so a later period's broken rows fall in its own
 * window. Each row carries the day it entered the export (`day`), so successive drops of a
 * period hold it from that day on; a row whose day cannot be read (2020-02-30, an empty cell)
 * is in every drop — nobody can tell when it was typed, and it is just as broken each time.
 */
import { dayOfInstant, formatDay } from '../pipeline/contract/calendar.ts';
import type { Course } from './courses.ts';
import { slashDay } from './formats.ts';
import { type Ethnicity, type Gender, idCardNumber, mobileNumber, personName } from './names.ts';
import type { Offline } from './offline.ts';
import { type Population, personId } from './population.ts';
import type { Random } from './random.ts';
import type { Report } from './reports.ts';
import type { Schedule } from './schedule.ts';

export const BAD_DAY = '2020-02-30';
/** A branch id of a unit that does not exist. */
const NO_BRANCH = 'U999-01';

/** A row and the day it entered the export (null: in every drop). */
export interface DatedRow {
  readonly cells: string[];
  readonly day: number | null;
}

/** Broken rows to scatter among the valid ones, and re-used keys to append after them (so the first row stays the valid one). */
export interface BrokenRows {
  readonly scattered: DatedRow[];
  readonly appended: DatedRow[];
}

export interface BrokenContext {
  readonly rng: Random;
  readonly pop: Population;
  readonly courses: readonly Course[];
  readonly schedule: Schedule;
  /** An id that is in no file's roster: someone who left before the period. */
  readonly strangerId: string;
  /** Ids of broken roster rows start after this one (past every real person's id). */
  readonly lastIdIndex: number;
}

const pickPerson = (b: BrokenContext) => b.rng.pick(b.pop.people);
const someDayNumber = (b: BrokenContext) => b.schedule.windowStart + b.rng.integer(3, 35);
/** The window's start + `offset` days. */
const dayAt = (b: BrokenContext, offset: number) => b.schedule.windowStart + offset;
const undated = (cells: string[]): DatedRow => ({ cells, day: null });

/** Roster rows past the real ones (ids after the last person), and a second row for an existing id. */
export function brokenRoster(b: BrokenContext): BrokenRows {
  const n = b.lastIdIndex + 1;
  const extra = (k: number, ethnicity: Ethnicity, branchId: string, category: string, registered: string): string[] => {
    const gender: Gender = b.rng.chance(0.5) ? '男' : '女';
    const name = personName(b.rng, ethnicity, gender);
    return [personId(n + k), name, gender, ethnicity, idCardNumber(b.rng, gender), mobileNumber(b.rng), branchId, category, '一级科员', registered, '否'];
  };
  const branch = () => b.rng.pick(b.pop.branches).id;
  const nameless = extra(1, '汉族', branch(), '党员', formatDay(dayAt(b, 7)));
  nameless[1] = '';
  const scattered = [
    undated(extra(0, '汉族', branch(), '党员', BAD_DAY)),
    { cells: nameless, day: dayAt(b, 7) },
    { cells: extra(2, '维吾尔族', branch(), '团员', formatDay(dayAt(b, 8))), day: dayAt(b, 8) },
    { cells: extra(3, '蒙古族', NO_BRANCH, '党员', formatDay(dayAt(b, 9))), day: dayAt(b, 9) },
  ];
  // The same id registered again by another branch (a transfer): the first row stays, so the
  // second never enters an export before the first.
  const dup = extra(4, '汉族', branch(), '党员', formatDay(dayAt(b, 9)));
  const person = pickPerson(b);
  dup[0] = person.id;
  return { scattered, appended: [{ cells: dup, day: Math.max(dayAt(b, 9), person.registeredOn) }] };
}

export function brokenBranches(b: BrokenContext): string[][] {
  const unit = b.pop.units[0];
  return [
    [NO_BRANCH, '州某局机关党支部', 'U999', ''],
    [`${unit.id}-99`, '', unit.id, ''],
  ];
}

export function brokenViews(b: BrokenContext): DatedRow[] {
  const p = () => pickPerson(b).id;
  const c = () => b.rng.pick(b.courses).id;
  const day = someDayNumber(b);
  const d = formatDay(day);
  return [
    undated([p(), c(), `${BAD_DAY} 10:15:00`, `${BAD_DAY} 10:21:40`]),
    { cells: [b.strangerId, c(), `${d} 11:02:00`, `${d} 11:08:30`], day },
    { cells: [p(), c(), `${d} 21:10:00`, `${d} 21:04:12`], day },
    { cells: [p(), '', `${d} 16:20:00`, `${d} 16:25:00`], day },
    // The player was left open overnight: longer than 24 hours (logged when it ended).
    { cells: [p(), c(), `${d} 10:02:11`, `${formatDay(day + 1)} 11:40:05`], day: day + 1 },
    { cells: [p(), 'KJ99', `${d} 17:45:00`, `${d} 17:50:10`], day },
  ];
}

export function brokenComments(b: BrokenContext): DatedRow[] {
  const c = () => b.rng.pick(b.courses).id;
  return [
    { cells: [b.strangerId, c(), `${slashDay(dayAt(b, 7))} 10:05`, '认真学习了全会精神，深受教育。'], day: dayAt(b, 7) },
    { cells: [pickPerson(b).id, c(), `${slashDay(dayAt(b, 9))} 21:30`, ''], day: dayAt(b, 9) },
    undated([pickPerson(b).id, c(), '2020/2/30 10:05', '学习了，要学以致用，把全会精神落到实处。']),
    { cells: [pickPerson(b).id, 'KJ99', `${slashDay(dayAt(b, 21))} 11:15`, '通过学习深刻认识到制度优势的重要意义。'], day: dayAt(b, 21) },
  ];
}

export function brokenSessions(b: BrokenContext, offline: Offline): BrokenRows {
  const branch = b.rng.pick(b.pop.branches).id;
  const scattered = [
    undated([`${branch}-S9`, branch, BAD_DAY, '集中学习全会精神']),
    { cells: [`${NO_BRANCH}-S1`, NO_BRANCH, slashDay(dayAt(b, 32)), '集中学习全会精神'], day: dayAt(b, 32) },
    undated([`${branch}-S8`, branch, '', '观看专题辅导视频']),
  ];
  const appended: DatedRow[] = [];
  if (offline.sessions.length > 0) {
    const s = b.rng.pick(offline.sessions);
    appended.push({ cells: [s.id, s.branch.id, slashDay(dayAt(b, 39)), '补充学习（重复录入）'], day: Math.max(dayAt(b, 39), s.day) });
  }
  return { scattered, appended };
}

export function brokenAttendance(b: BrokenContext, offline: Offline): DatedRow[] {
  const session = offline.sessions.length > 0 ? b.rng.pick(offline.sessions) : null;
  const id = session ? session.id : `${NO_BRANCH}-S1`;
  const day = session ? session.day : null;
  return [
    { cells: [id, b.strangerId], day },
    undated([`${b.rng.pick(b.pop.branches).id}-S7`, pickPerson(b).id]),
    { cells: [id, ''], day },
  ];
}

export function brokenSelfStudy(b: BrokenContext): DatedRow[] {
  const bad = undated([pickPerson(b).id, BAD_DAY, '自学《决定》全文', '是']);
  const strangerDay = someDayNumber(b);
  const who = pickPerson(b).id;
  const undecidedDay = someDayNumber(b);
  return [
    bad,
    { cells: [b.strangerId, formatDay(strangerDay), '学习全会公报', '是'], day: strangerDay },
    { cells: [who, formatDay(undecidedDay), '自学党章', '待定'], day: undecidedDay },
    undated([pickPerson(b).id, '', '自学全会精神辅导读本', '是']),
  ];
}

export function brokenReports(b: BrokenContext, reports: readonly Report[]): BrokenRows {
  // Draws in the order the rows read (person before day), as the committed sample was made.
  const strangerDay = someDayNumber(b);
  const first = { cells: ['R900001', b.strangerId, '心得体会', '学习全会精神心得体会', `${formatDay(strangerDay)} 20:15:00`], day: strangerDay };
  const second = undated(['R900002', pickPerson(b).id, '党费日+报告', '党费日+报告', `${BAD_DAY} 20:15:00`]);
  const who = pickPerson(b).id;
  const kindlessDay = someDayNumber(b);
  const scattered = [first, second, { cells: ['R900003', who, '', '学习体会', `${formatDay(kindlessDay)} 09:30:00`], day: kindlessDay }];
  const appended: DatedRow[] = [];
  if (reports.length > 0) {
    const r = b.rng.pick(reports);
    const day = someDayNumber(b);
    // A re-used report id: never in an export before the report it repeats.
    appended.push({ cells: [r.id, r.person.id, r.kindText, `${r.title}（修改稿）`, `${formatDay(day)} 22:40:00`], day: Math.max(day, dayOfInstant(r.submittedAt)) });
  }
  return { scattered, appended };
}

export function brokenReviews(b: BrokenContext, reports: readonly Report[]): DatedRow[] {
  const id = () => (reports.length > 0 ? b.rng.pick(reports).id : 'R000001');
  // Each row draws its report before its day, as the committed sample was made.
  const row = (reportId: string, rest: (day: string) => string[]): DatedRow => {
    const day = someDayNumber(b);
    return { cells: [reportId, ...rest(formatDay(day))], day };
  };
  const first = row('R999999', (d) => [`${d} 11:00:00`, '通过', '同意', '州委党校点评组']);
  const second = row(id(), (d) => [`${d} 17:30:00`, '不通过', '内容空洞', '']);
  const third = undated([id(), `${BAD_DAY} 12:00:00`, '通过', '', '']);
  const fourth = row(id(), (d) => [`${d} 18:05:00`, '', '已阅', '']);
  return [first, second, third, fourth];
}

export function brokenExtensions(b: BrokenContext): DatedRow[] {
  const p = pickPerson(b);
  return [
    { cells: [p.branch.id, p.id, formatDay(dayAt(b, 57)), formatDay(dayAt(b, 38))], day: dayAt(b, 38) },
    { cells: ['', '', formatDay(dayAt(b, 57)), formatDay(dayAt(b, 38))], day: dayAt(b, 38) },
    { cells: [b.rng.pick(b.pop.branches).id, '', BAD_DAY, formatDay(dayAt(b, 37))], day: dayAt(b, 37) },
  ];
}
