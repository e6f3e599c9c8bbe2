/**
 * The handful of broken rows real exports carry, a few per file: a day that does not exist
 * (2020-02-30), ids nobody registered, a segment that ends before it starts or runs for a day,
 * empty required cells, values outside an enumeration, re-used keys. Ingest must reject each
 * with a reason (SPEC §1) — never drop it silently, never stop. Exact duplicates of valid rows
 * are made where the rows are (views, attendance), not here.
 */
import { formatDay } from '../contract/calendar.ts';
import type { Course } from './courses.ts';
import { type Ethnicity, type Gender, idCardNumber, mobileNumber, personName } from './names.ts';
import type { Offline } from './offline.ts';
import { type Population, personId } from './population.ts';
import type { Random } from './random.ts';
import type { Report } from './reports.ts';
import type { Schedule } from './schedule.ts';

export const BAD_DAY = '2020-02-30';
/** A branch id of a unit that does not exist. */
const NO_BRANCH = 'U999-01';

/** Broken rows to scatter among the valid ones, and re-used keys to append after them (so the first row stays the valid one). */
export interface BrokenRows {
  readonly scattered: string[][];
  readonly appended: string[][];
}

export interface BrokenContext {
  readonly rng: Random;
  readonly pop: Population;
  readonly courses: readonly Course[];
  readonly schedule: Schedule;
  /** An id that is in no file's roster: someone who left before the period. */
  readonly strangerId: string;
}

const pickPerson = (b: BrokenContext) => b.rng.pick(b.pop.people);
const someDayNumber = (b: BrokenContext) => b.schedule.windowStart + b.rng.int(3, 35);
const someDay = (b: BrokenContext) => formatDay(someDayNumber(b));

/** Roster rows past the real ones (ids after the last person), and a second row for an existing id. */
export function brokenRoster(b: BrokenContext): BrokenRows {
  const n = b.pop.people.length;
  const extra = (k: number, ethnicity: Ethnicity, branchId: string, category: string, registered: string): string[] => {
    const gender: Gender = b.rng.chance(0.5) ? '男' : '女';
    const name = personName(b.rng, ethnicity, gender);
    return [personId(n + k), name, gender, ethnicity, idCardNumber(b.rng, gender), mobileNumber(b.rng), branchId, category, '一级科员', registered, '否'];
  };
  const branch = () => b.rng.pick(b.pop.branches).id;
  const nameless = extra(1, '汉族', branch(), '党员', '2020-01-20');
  nameless[1] = '';
  const scattered = [
    extra(0, '汉族', branch(), '党员', BAD_DAY),
    nameless,
    extra(2, '维吾尔族', branch(), '团员', '2020-01-21'),
    extra(3, '蒙古族', NO_BRANCH, '党员', '2020-01-22'),
  ];
  // The same id registered again by another branch (a transfer): the first row stays.
  const dup = extra(4, '汉族', branch(), '党员', '2020-01-22');
  dup[0] = pickPerson(b).id;
  return { scattered, appended: [dup] };
}

export function brokenBranches(b: BrokenContext): string[][] {
  const unit = b.pop.units[0];
  return [
    [NO_BRANCH, '州某局机关党支部', 'U999', ''],
    [`${unit.id}-99`, '', unit.id, ''],
  ];
}

export function brokenViews(b: BrokenContext): string[][] {
  const p = () => pickPerson(b).id;
  const c = () => b.rng.pick(b.courses).id;
  const day = someDayNumber(b);
  const d = formatDay(day);
  return [
    [p(), c(), `${BAD_DAY} 10:15:00`, `${BAD_DAY} 10:21:40`],
    [b.strangerId, c(), `${d} 11:02:00`, `${d} 11:08:30`],
    [p(), c(), `${d} 21:10:00`, `${d} 21:04:12`],
    [p(), '', `${d} 16:20:00`, `${d} 16:25:00`],
    // The player was left open overnight: longer than 24 hours.
    [p(), c(), `${d} 10:02:11`, `${formatDay(day + 1)} 11:40:05`],
    [p(), 'KJ99', `${d} 17:45:00`, `${d} 17:50:10`],
  ];
}

export function brokenComments(b: BrokenContext): string[][] {
  const c = () => b.rng.pick(b.courses).id;
  return [
    [b.strangerId, c(), '2020/1/20 10:05', '认真学习了全会精神，深受教育。'],
    [pickPerson(b).id, c(), '2020/1/22 21:30', ''],
    [pickPerson(b).id, c(), '2020/2/30 10:05', '学习了，要学以致用，把全会精神落到实处。'],
    [pickPerson(b).id, 'KJ99', '2020/2/3 11:15', '通过学习深刻认识到制度优势的重要意义。'],
  ];
}

export function brokenSessions(b: BrokenContext, offline: Offline): BrokenRows {
  const branch = b.rng.pick(b.pop.branches).id;
  const scattered = [
    [`${branch}-S9`, branch, BAD_DAY, '集中学习全会精神'],
    [`${NO_BRANCH}-S1`, NO_BRANCH, '2020/2/14', '集中学习全会精神'],
    [`${branch}-S8`, branch, '', '观看专题辅导视频'],
  ];
  const appended: string[][] = [];
  if (offline.sessions.length > 0) {
    const s = b.rng.pick(offline.sessions);
    appended.push([s.id, s.branch.id, '2020/2/21', '补充学习（重复录入）']);
  }
  return { scattered, appended };
}

export function brokenAttendance(b: BrokenContext, offline: Offline): string[][] {
  const session = offline.sessions.length > 0 ? b.rng.pick(offline.sessions).id : `${NO_BRANCH}-S1`;
  return [
    [session, b.strangerId],
    [`${b.rng.pick(b.pop.branches).id}-S7`, pickPerson(b).id],
    [session, ''],
  ];
}

export function brokenSelfStudy(b: BrokenContext): string[][] {
  return [
    [pickPerson(b).id, BAD_DAY, '自学《决定》全文', '是'],
    [b.strangerId, someDay(b), '学习全会公报', '是'],
    [pickPerson(b).id, someDay(b), '自学党章', '待定'],
    [pickPerson(b).id, '', '自学全会精神辅导读本', '是'],
  ];
}

export function brokenReports(b: BrokenContext, reports: readonly Report[]): BrokenRows {
  const scattered = [
    ['R900001', b.strangerId, '心得体会', '学习全会精神心得体会', `${someDay(b)} 20:15:00`],
    ['R900002', pickPerson(b).id, '党费日+报告', '党费日+报告', `${BAD_DAY} 20:15:00`],
    ['R900003', pickPerson(b).id, '', '学习体会', `${someDay(b)} 09:30:00`],
  ];
  const appended: string[][] = [];
  if (reports.length > 0) {
    const r = b.rng.pick(reports);
    appended.push([r.id, r.person.id, r.kindText, `${r.title}（修改稿）`, `${someDay(b)} 22:40:00`]);
  }
  return { scattered, appended };
}

export function brokenReviews(b: BrokenContext, reports: readonly Report[]): string[][] {
  const id = () => (reports.length > 0 ? b.rng.pick(reports).id : 'R000001');
  return [
    ['R999999', `${someDay(b)} 11:00:00`, '通过', '同意', '州委党校点评组'],
    [id(), `${someDay(b)} 17:30:00`, '不通过', '内容空洞', ''],
    [id(), `${BAD_DAY} 12:00:00`, '通过', '', ''],
    [id(), `${someDay(b)} 18:05:00`, '', '已阅', ''],
  ];
}

export function brokenExtensions(b: BrokenContext): string[][] {
  const p = pickPerson(b);
  return [
    [p.branch.id, p.id, '2020-03-10', '2020-02-20'],
    ['', '', '2020-03-10', '2020-02-20'],
    [b.rng.pick(b.pop.branches).id, '', BAD_DAY, '2020-02-19'],
  ];
}
