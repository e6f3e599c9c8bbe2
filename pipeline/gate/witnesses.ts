/**
 * `unwitnessed-requirement` (docs/gate.md): every requirement of docs/rules.md is worked toward by somebody.
 * A rule nobody works toward — no credited view of a required course among 1,500 people, no
 * report of the required kind three weeks before the deadline — is a file or a word that was
 * not read as meant (a report kind spelled `党费日报告` on the platform, period.json saved in
 * another encoding, durations in seconds, a column read wrongly), not a true state of the drop.
 *
 * The witnesses are tallied during the per-person loop (WitnessTally.add, a few comparisons per
 * person) and judged here, purely, once the loop is over.
 */
import type { Category } from '../contract/fields.ts';
import type { Course, PersonRecord } from '../contract/model.ts';
import type { Blocking } from '../contract/outputs.ts';
import type { Period } from '../contract/period.ts';
import { periodDay } from '../rules/deadline.ts';
import type { Evaluation } from '../rules/person.ts';
import { offlineRatesOf } from '../rules/offline.ts';
import { reportRuleOf, requiredKindOf } from '../rules/reports.ts';

/** The requirements of docs/rules.md a person works toward, each witnessed by one kind of accepted record. */
export const REQUIREMENTS = ['view', 'comment', 'session', 'selfStudy', 'report'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

export const CATEGORIES: readonly Category[] = ['党员', '党外干部'];

/** What one person's evaluation shows toward each requirement (booleans, from the rules' own results). */
export interface PersonWitness {
  readonly category: Category;
  /** party_school_passed: exempt from the online part, so neither counted nor witnessing there. */
  readonly exempt: boolean;
  /** Credited seconds > 0 on at least one required course. */
  readonly view: boolean;
  /** A comment of ≥ minCommentChars, in range, on at least one required course. */
  readonly comment: boolean;
  /** At least one session attended in range. */
  readonly session: boolean;
  /** A confirmed self-study in range. */
  readonly selfStudy: boolean;
  /** At least one counted report (the category's required kind, in range, not 退回). */
  readonly report: boolean;
  /** The kinds of the person's reports, as read (for the message: what the platform wrote). */
  readonly reports: readonly { readonly kind: string }[];
}

/** One person's witnesses, read off the rules' evaluation (`requiredCourses`: the indices of the required courses). */
export function witnessOf(rec: PersonRecord, ev: Evaluation, requiredCourses: readonly number[]): PersonWitness {
  return {
    category: rec.person.category, exempt: rec.person.partySchoolPassed,
    view: requiredCourses.some((c) => ev.sweep.credited[c] > 0),
    comment: requiredCourses.some((c) => ev.commented.has(c)),
    session: ev.offline.sessions > 0, selfStudy: ev.offline.selfStudy, report: ev.reports.counted > 0,
    reports: rec.reports,
  };
}

interface CategoryTally {
  registered: number;
  notExempt: number;
  witnessed: Record<Requirement, number>;
  kinds: Map<string, number>;
}

/** The per-category counts the invariant needs, accumulated one person at a time. */
export class WitnessTally {
  readonly byCategory = new Map<Category, CategoryTally>();

  add(w: PersonWitness): void {
    let t = this.byCategory.get(w.category);
    if (!t) {
      t = { registered: 0, notExempt: 0, witnessed: { view: 0, comment: 0, session: 0, selfStudy: 0, report: 0 }, kinds: new Map() };
      this.byCategory.set(w.category, t);
    }
    t.registered++;
    if (!w.exempt) {
      t.notExempt++;
      if (w.view) t.witnessed.view++;
      if (w.comment) t.witnessed.comment++;
    }
    if (w.session) t.witnessed.session++;
    if (w.selfStudy) t.witnessed.selfStudy++;
    if (w.report) t.witnessed.report++;
    for (const { kind } of w.reports) t.kinds.set(kind, (t.kinds.get(kind) ?? 0) + 1);
  }
}

/** The smallest category a requirement is judged in: below it, nobody doing it is plausible. */
export const MIN_CATEGORY = 20;

/** At least 1 % of `population` (and at least one person). */
export const enoughWitnesses = (witnessed: number, population: number) => witnessed >= 1 && witnessed * 100 >= population;

/**
 * How far the window has gone by asOf, as thirds: 0 before a third of its days have passed,
 * 1 from then, 2 from two thirds (docs/gate.md: online and offline from a third, reports from two).
 * Days passed count asOf itself (data taken at the end of the day).
 */
export function thirdsPassed(period: Period, asOf: number): 0 | 1 | 2 {
  const start = periodDay(period.window.start);
  const days = periodDay(period.window.end) - start + 1;
  const passed = asOf - start + 1;
  if (passed * 3 >= days * 2) return 2;
  if (passed * 3 >= days) return 1;
  return 0;
}

/** Which requirements a category has under the period's rules (a zero rule has no witness). */
export function requirementsOf(period: Period, category: Category, courses: readonly Course[]): Requirement[] {
  const out: Requirement[] = [];
  if (courses.some((c) => c.required) && period.online.hours > 0) out.push('view', 'comment');
  const rates = offlineRatesOf(period, category);
  const offlineTarget = Math.min(period.offline.cap, Math.max(0, period.requiredHours - period.online.hours));
  if (offlineTarget > 0 && rates.maxSessions > 0 && rates.hoursPerSession > 0) out.push('session');
  // Self-study is a requirement where sessions alone cannot make the offline hours (members of
  // the seed: 3 × 1 h < 4 h); where they can, nobody choosing it is plausible.
  if (offlineTarget > 0 && rates.selfStudyHours > 0 && rates.maxSessions * rates.hoursPerSession < offlineTarget) out.push('selfStudy');
  if (reportRuleOf(period, category).required > 0) out.push('report');
  return out;
}

const ZH: Record<Requirement, string> = {
  view: '计入学时的必修课件观看记录',
  comment: '计入的必修课件评论',
  session: '集中学习签到',
  selfStudy: '已认定的自主学习',
  report: '报告',
};

/** The files feeding each requirement, the likely causes of nobody meeting it, and the fix. */
function explain(req: Requirement, period: Period, category: Category, kinds: ReadonlyMap<string, number>): { file: string; text: string } {
  switch (req) {
    case 'view':
      return {
        file: 'views.csv',
        text: '相关文件：views.csv（观看记录）、courses.csv（课件：是否必修、时长）、roster.csv（党校培训合格）。' +
          '常见原因：观看记录导出不全或为空、被分成多个文件（如 views_2.csv）只读到一部分；开始/结束时间的年份或日期不对（不在本期学习培训时间内）；' +
          '课件编号与 courses.csv 对不上；courses.csv 的“是否必修”列读错。' +
          '处理：从平台重新完整导出观看记录和课件清单（一个文件、含全部页），核对日期与课件编号后重新运行。',
      };
    case 'comment':
      return {
        file: 'comments.csv',
        text: `相关文件：comments.csv（评论）、courses.csv（是否必修）、period.json（online.minCommentChars = ${period.online.minCommentChars}）。` +
          '常见原因：评论导出不全或为空；“评论内容”列读成了截断的预览列，字数不足；评论时间不在本期内；课件编号对不上。' +
          '处理：从平台重新导出评论（含评论全文），核对表头与日期后重新运行。',
      };
    case 'session':
      return {
        file: 'attendance.csv',
        text: '相关文件：attendance.csv（集中学习签到）、sessions.csv（集中学习场次）。' +
          '常见原因：签到或场次文件为空或导出不全；场次日期不在本期内（年份写错，或导出了其他期的场次）；签到中的场次编号与 sessions.csv 对不上。' +
          '处理：重新导出集中学习场次与签到，核对场次编号和日期后重新运行。',
      };
    case 'selfStudy':
      return {
        file: 'self_study.csv',
        text: '相关文件：self_study.csv（自主学习）。' +
          `常见原因：文件缺失或为空；“是否认定”列的值未被读作“是”（如写成“已认定/未认定”的另一列，或列名不同）；日期不在本期内。` +
          `处理：导出自主学习记录，“是否认定”列填“是/否”，核对日期后重新运行（${category}仅凭集中学习拿不满线下学时，本期必须有人自主学习）。`,
      };
    case 'report': {
      const want = reportRuleOf(period, category).kind;
      const found = [...kinds].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5).map(([k, n]) => `“${k}”（${n} 份）`);
      const fffd = want.includes('\ufffd');
      return {
        file: 'reports.csv',
        text: `相关文件：reports.csv（报告提交）的“类型”列、period.json 的 reports 要求（${category}须交“${want}”）、reviews.csv（点评审推结果）。` +
          (found.length ? `本批${category}提交的报告类型有：${found.join('、')}。` : `本批${category}没有任何报告。`) +
          (fffd ? 'period.json 中的报告类型含乱码字符“\ufffd”：period.json 很可能被记事本等软件另存成了 GBK/ANSI 编码。' : '') +
          '常见原因：平台上的类型写法与 period.json 不同（如平台写“党费日报告”，period.json 写“党费日+报告”）；period.json 被另存为其他编码；' +
          '报告导出不全或提交时间不在本期内；点评结果被读错（全部按“退回”计）。' +
          '处理：让 period.json 的 reports.*.kind 与平台导出的类型一字不差（以 UTF-8 保存），或重新完整导出报告后重新运行。',
      };
    }
  }
}

/**
 * The blocking problems: a requirement of a category of at least MIN_CATEGORY people (not
 * exempt, for the online part) with fewer than 1 % of them witnessing it, once the window is
 * far enough along for it (online and offline: a third; reports: two thirds).
 */
export function unwitnessedRequirements(tally: WitnessTally, period: Period, asOf: number, courses: readonly Course[]): Blocking[] {
  const thirds = thirdsPassed(period, asOf);
  if (thirds === 0) return [];
  const found: Blocking[] = [];
  for (const category of CATEGORIES) {
    const t = tally.byCategory.get(category);
    if (!t) continue;
    for (const req of requirementsOf(period, category, courses)) {
      if (req === 'report' && thirds < 2) continue;
      const online = req === 'view' || req === 'comment';
      const population = online ? t.notExempt : t.registered;
      if (population < MIN_CATEGORY) continue;
      const n = t.witnessed[req];
      if (enoughWitnesses(n, population)) continue;
      const who = online ? `${population} 名未获党校培训合格免修的${category}` : `${population} 名${category}`;
      const share = n === 0 ? '没有任何人' : `只有 ${n} 人（不足 1%）`;
      const { file, text } = explain(req, period, category, t.kinds);
      found.push({
        code: 'unwitnessed-requirement', file,
        message: `本期要求${category}完成的“${ZH[req]}”在本批数据中无人或几乎无人达到：${who}中${share}有${ZH[req]}。` +
          `一项要求无人在做，通常是文件或用词没有按原意读到，而不是真实情况；照此发布，${category}的成绩会全部偏低。${text}`,
      });
    }
  }
  return found;
}

/** docs/gate.md: an unknown report kind in at least this many reports … */
export const MIN_RESPELLED_REPORTS = 20;
/** … and in at least this share of the reports (1 in 50) is a vocabulary word spelled anew. */
export const RESPELLED_SHARE = 0.02;

/**
 * `implausible-value` for reports.csv's 类型: one kind outside period.json's vocabulary (the
 * categories' required kinds) in at least MIN_RESPELLED_REPORTS reports and RESPELLED_SHARE of
 * them. Kinds are chosen from the platform's list, never typed, so the same unknown word again
 * and again is a kind the platform (or period.json) spells anew — often from a day on, for part
 * of the reports only, where `unwitnessed-requirement` (1 %) cannot see it. A stray odd kind or
 * two stays below the floor.
 */
export function respelledReportKinds(tally: WitnessTally, period: Period): Blocking[] {
  const vocabulary = CATEGORIES.map((c) => requiredKindOf(period, c));
  const unknown = new Map<string, number>();
  let total = 0;
  for (const t of tally.byCategory.values()) {
    for (const [kind, n] of t.kinds) {
      total += n;
      if (!vocabulary.includes(kind)) unknown.set(kind, (unknown.get(kind) ?? 0) + n);
    }
  }
  const found: Blocking[] = [];
  const words = [...new Set(vocabulary)];
  for (const [kind, n] of [...unknown].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    if (n < MIN_RESPELLED_REPORTS || n < total * RESPELLED_SHARE) continue;
    // Only a spelling of a required kind (sharing half its characters) is blocked: a report of
    // another type altogether (调研报告 beside 党费日+报告) does not count, as the rules say, and
    // a drop that holds many of them is correct and must publish.
    const like = closestWord(kind, words);
    if (!like) continue;
    const share = Math.round((n * 1000) / total) / 10;
    const guess = `“${kind}”很可能就是“${like}”的另一种写法。`;
    found.push({
      code: 'implausible-value', file: 'reports.csv',
      message: `reports.csv（报告提交）的“类型”列有 ${n} 份报告（占 ${total} 份的 ${share}%）写的是“${kind}”，不是 period.json 规定的报告类型` +
        `（${words.map((w) => `“${w}”`).join('、')}）之一：这些报告都不计入，照此发布，交了报告的人会按未交计。${guess}` +
        '类型是从平台的选项中选的，不是手填的，同一个陌生的写法出现这么多次，通常是平台改了类型的写法（常从某一天起，只影响之后提交的报告），' +
        '或 period.json 的 reports.*.kind 与平台的写法不一致。' +
        `处理：若是同一种报告，在 reports.csv 的“类型”列把“${kind}”统一替换为“${like}”（或改正 period.json 的 kind，与平台一字不差，以 UTF-8 保存）后重新运行；` +
        `若“${kind}”确实是不计学时的另一种报告，请从 reports.csv 中删去这些行后重新运行。`,
    });
  }
  return found;
}

/** The vocabulary word sharing most characters with `kind` (at least two, and half of the word's), or null. */
function closestWord(kind: string, words: readonly string[]): string | null {
  const chars = new Set(kind);
  let best: string | null = null, bestShared = 0;
  for (const w of words) {
    const shared = new Set([...w].filter((ch) => chars.has(ch))).size;
    if (shared >= 2 && shared * 2 >= new Set(w).size && shared > bestShared) { best = w; bestShared = shared; }
  }
  return best;
}
