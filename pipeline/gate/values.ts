/**
 * Invariants over a drop's values (docs/gate.md): course durations a course can have, event files
 * whose rows lie in the period, and reports once the window is two thirds gone. Each is what a
 * correct export shows; its failure names the file, the likely causes and the fix. Pure.
 */
import type { Course, Dataset } from '../contract/model.ts';
import type { Blocking, FileQuality } from '../contract/outputs.ts';
import type { Period } from '../contract/period.ts';
import { dayInRange, inRange, type Range } from '../rules/deadline.ts';
import { thirdsPassed } from './witnesses.ts';

/** docs/gate.md: a course shorter than 1 minute or longer than 8 hours is no course. */
export const MIN_COURSE_MINUTES = 1;
export const MAX_COURSE_MINUTES = 8 * 60;

/** `implausible-value`: courses.csv durations no video has — most often seconds under a minutes header. */
export function implausibleDurations(courses: readonly Course[]): Blocking[] {
  const odd = courses.filter((c) => c.durationMin < MIN_COURSE_MINUTES || c.durationMin > MAX_COURSE_MINUTES);
  if (odd.length === 0) return [];
  const long = odd.filter((c) => c.durationMin > MAX_COURSE_MINUTES);
  const examples = odd.slice(0, 5).map((c) => `${c.courseId}“${c.title}”${c.durationMin} 分钟`).join('、');
  const cause = long.length * 2 >= odd.length
    ? `这些值约是正常课件时长的 60 倍：时长很可能是以秒为单位导出的，却写在“时长(分钟)”表头下（${long.length} 个课件超过 8 小时）。`
    : '时长过短：可能导出的是小时数，或单位、小数点有误。';
  return [{
    code: 'implausible-value', file: 'courses.csv',
    message: `courses.csv 的“时长(分钟)”列有 ${odd.length} 个课件的时长不在 1 分钟到 8 小时之间（如 ${examples}）。${cause}` +
      '照此计算，看完的标准（时长 × 观看比例）全部错位，网上学时会全部算错。处理：把时长换算成分钟（秒数 ÷ 60）后填回“时长(分钟)”列，' +
      '或从平台重新导出以分钟为单位的课件清单，再重新运行。',
  }];
}

/** The event files whose rows carry a day of the period. */
const DATED_FILES: readonly (readonly [file: string, zh: string, column: string])[] = [
  ['views.csv', '观看记录', '开始时间/结束时间'],
  ['comments.csv', '评论', '评论时间'],
  ['sessions.csv', '集中学习场次', '日期'],
  ['attendance.csv', '集中学习签到', '场次日期（sessions.csv）'],
  ['self_study.csv', '自主学习', '日期'],
  ['reports.csv', '报告提交', '提交时间'],
];

/** Below this many rows a file's share outside the window says little. */
export const MIN_ROWS_OUTSIDE = 20;

/**
 * Accepted rows outside the period's window and the extensions, per dated file: what
 * `outside-window` judges. Not quality.json's `ignored`, which also holds the rows after the
 * as-of day — a drop looked at as of an earlier day (`--as-of`, a backtest) is no other
 * period's export.
 */
export class OutsideWindowTally {
  readonly rows: Record<string, number> = Object.fromEntries(DATED_FILES.map(([file]) => [file, 0]));

  /** Person `i`'s rows outside `window` (window.start to their own deadline, the as-of day aside). */
  addPerson(data: Dataset, i: number, window: Range): void {
    const { views } = data, rec = data.people[i];
    for (let k = views.offsets[i]; k < views.offsets[i + 1]; k++) if (views.end[k] <= window.from || views.start[k] >= window.to) this.rows['views.csv']++;
    for (const c of rec.comments) if (!inRange(window, c.at)) this.rows['comments.csv']++;
    for (const s of new Set(rec.attendance)) if (!dayInRange(window, data.sessions[s].day)) this.rows['attendance.csv']++;
    for (const s of rec.selfStudy) if (!dayInRange(window, s.day)) this.rows['self_study.csv']++;
    for (const r of rec.reports) if (!inRange(window, r.submittedAt)) this.rows['reports.csv']++;
  }

  /** The sessions held outside window.start … the latest deadline anyone has. */
  addSessions(data: Dataset, startDay: number, latestDeadline: number): void {
    for (const s of data.sessions) if (s.day < startDay || s.day > latestDeadline) this.rows['sessions.csv']++;
  }
}

/**
 * `outside-window`: more than 20 % of an event file's rows fall outside the period's window and
 * the extensions (`outside`: OutsideWindowTally's rows) — another period's or another year's export.
 */
export function outsideWindow(files: Readonly<Record<string, FileQuality>>, outside: Readonly<Record<string, number>>, period: Period): Blocking[] {
  const found: Blocking[] = [];
  for (const [file, zh, column] of DATED_FILES) {
    const f = files[file];
    const n = outside[file] ?? 0;
    if (!f || f.rows < MIN_ROWS_OUTSIDE || n * 5 <= f.rows) continue;
    const share = Math.round((n * 1000) / f.rows) / 10;
    found.push({
      code: 'outside-window', file,
      message: `${file}（${zh}）${f.rows} 行中有 ${n} 行（${share}%）的“${column}”不在本期学习培训时间（${period.window.start} 至 ${period.window.end}，含延期）之内，不计学时。` +
        '常见原因：导出了另一期或另一年的数据；日期的年份写错（如 2019 写成了 2020）；period.json 的学习培训时间写错。' +
        '处理：从平台按本期时间范围重新导出该文件，或改正 period.json 的 window 后重新运行。',
    });
  }
  return found;
}

/**
 * `empty-file` for reports.csv: reports come at the end of the window, so none at all once two
 * thirds of it have passed is a lost export, not a slow start. (The other event files'
 * 0-byte and header-only cases are found while reading.)
 */
export function emptyReports(files: Readonly<Record<string, FileQuality>>, period: Period, asOf: number): Blocking[] {
  const f = files['reports.csv'];
  if (!f || !f.present || f.rows > 0 || thirdsPassed(period, asOf) < 2) return [];
  return [{
    code: 'empty-file', file: 'reports.csv',
    message: `reports.csv（报告提交）没有任何数据行（空文件或只有表头），而本期学习培训时间（${period.window.start} 至 ${period.window.end}）已过三分之二：` +
      '照此发布，所有人都会按未交报告计，无人合格。常见原因：导出时选错了范围或筛选条件、下载中断、导出了模板。处理：从平台重新导出报告提交记录后重新运行。',
  }];
}

/** Below this many accepted reports, nobody having reviewed any yet is plausible. */
export const MIN_REPORTS_FOR_REVIEWS = 20;

/**
 * `empty-file` for reviews.csv: a reviews file present with no data row, while reports are in
 * (at least MIN_REPORTS_FOR_REVIEWS) and two thirds of the window have passed. Branches review
 * as reports come in, so an empty file then is a lost export — and it would take every 优秀
 * away. (An absent reviews.csv stays docs/gate.md's warning.)
 */
export function emptyReviews(files: Readonly<Record<string, FileQuality>>, period: Period, asOf: number): Blocking[] {
  const reviews = files['reviews.csv'], reports = files['reports.csv'];
  if (!reviews?.present || reviews.rows > 0 || !reports || reports.accepted < MIN_REPORTS_FOR_REVIEWS || thirdsPassed(period, asOf) < 2) return [];
  return [{
    code: 'empty-file', file: 'reviews.csv',
    message: `reviews.csv（点评审推结果）没有任何数据行（空文件或只有表头），而 reports.csv 已有 ${reports.accepted} 份报告、本期学习培训时间已过三分之二：` +
      '照此发布，所有报告都按未点评计，无人“优秀”，被退回的报告也照样计入。常见原因：导出时选错了范围、下载中断、导出了模板。' +
      '处理：从平台重新导出点评审推结果后重新运行；若本期确实尚未点评，请删除这个空文件（缺少该文件只作提醒）。',
  }];
}

/** The optional files whose absence is only a warning (docs/gate.md), and what nobody in them means. */
const OPTIONAL_EMPTY: readonly (readonly [file: string, zh: string, consequence: string])[] = [
  ['self_study.csv', '自主学习', '按无人自主学习计'],
  ['reviews.csv', '点评审推结果', '按所有报告都未点评计（无人优秀）'],
  ['extensions.csv', '延期审批', '按无人延期计（有延期的人会按原截止日判定）'],
];

/**
 * An optional file present but without a data row: the same warning as its absence (a file
 * emptied by a failed export must not pass in silence where a missing one is named).
 */
export function emptyOptionalWarnings(files: Readonly<Record<string, FileQuality>>): { file: string; message: string }[] {
  const out: { file: string; message: string }[] = [];
  for (const [file, zh, consequence] of OPTIONAL_EMPTY) {
    const f = files[file];
    if (!f?.present || f.rows > 0) continue;
    out.push({ file, message: `${file}（${zh}）没有任何数据行（空文件或只有表头）：${consequence}。若本期有这类记录，请从平台重新导出该文件后重新运行。` });
  }
  return out;
}

/**
 * `outside-window` for extensions.csv: an extension ends after the window does, by definition.
 * Most accepted extensions ending on or before window.end (`until` days given) is another year's
 * or a mistyped year's file: read as is, every extended person falls back to the window's end.
 */
export function extensionsBeforeWindowEnd(untilDays: readonly number[], period: Period, windowEnd: number): Blocking[] {
  const early = untilDays.filter((d) => d <= windowEnd).length;
  if (early === 0 || early * 2 <= untilDays.length) return [];
  return [{
    code: 'outside-window', file: 'extensions.csv',
    message: `extensions.csv（延期审批）${untilDays.length} 条延期中有 ${early} 条的“延至”不晚于本期学习培训结束日 ${period.window.end}，这样的延期不起作用：` +
      '有延期的人都会按原截止日判定（进行中会变成不合格）。常见原因：“延至”的年份写错（如 2020 写成了 2019）、导出了另一期的延期审批。' +
      '处理：改正“延至”日期或从平台重新导出本期的延期审批后重新运行。',
  }];
}

/** Below this many data rows even a majority refused says little (a file of 2 rows). */
export const MIN_ROWS_ALL_REJECTED = 3;

/**
 * `mostly-rejected` for a small file, where the 20-row floor cannot speak: more than half of its
 * rows refused (10 extensions whose 支部编号 column went unread lose every branch's extension).
 */
export function allRejected(files: Readonly<Record<string, FileQuality>>, isMostlyRejected: (f: FileQuality) => boolean): Blocking[] {
  const found: Blocking[] = [];
  for (const [file, f] of Object.entries(files)) {
    if (f.rows < MIN_ROWS_ALL_REJECTED || f.rejected * 2 <= f.rows || isMostlyRejected(f)) continue;
    found.push({
      code: 'mostly-rejected', file,
      message: `${file} 的 ${f.rows} 行数据中有 ${f.rejected} 行被拒绝（原因见“被拒绝的行”），超过一半：照此发布，这些记录都不算数。` +
        '常见原因：某一列的表头或编号写法与规定不同（如列名换了说法、编号末尾带不可见字符、日期写法不对）。' +
        '处理：按“被拒绝的行”中的原因改正该文件（或从平台重新导出）后重新运行。',
    });
  }
  return found;
}
