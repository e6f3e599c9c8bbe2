/**
 * The `shrunk` gate (docs/gate.md): successive drops of a period are snapshots, so a later export
 * holds every event of the earlier one. An event file with fewer accepted rows than in the
 * previous drop, or fewer people registered, means a partial export — publishing it would
 * report qualified 765 → 38. People qualified before and not now are only a warning: a 退回
 * review can truly do that.
 */
import type { Blocking, PersonResult, QualityFile, Warning } from '../contract/outputs.ts';
import type { DropRef } from '../history/series.ts';

/** The files of events, which only grow from one drop of a period to the next. */
export const EVENT_FILES = [
  'views.csv', 'comments.csv', 'sessions.csv', 'attendance.csv', 'self_study.csv', 'reports.csv', 'reviews.csv', 'extensions.csv',
] as const;

export interface DropCounts extends DropRef {
  readonly quality: QualityFile;
  readonly registered: number;
}

/** Blocking `shrunk` problems of `now` against the previous drop of its period. */
export function shrunkProblems(now: DropCounts, previous: DropCounts): Blocking[] {
  const problems: Blocking[] = [];
  const before = `上一批（数据截至 ${previous.asOf}）`;
  for (const file of EVENT_FILES) {
    const was = previous.quality.files[file]?.accepted ?? 0;
    const is = now.quality.files[file]?.accepted ?? 0;
    if (is < was) {
      problems.push({
        code: 'shrunk', file,
        message: `${file} 本批（数据截至 ${now.asOf}）接受 ${is} 行，少于${before}的 ${was} 行：同一期的后一批数据应包含前一批的全部记录，这看起来是不完整的导出。请重新完整导出该文件后再发布。`,
      });
    }
  }
  if (now.registered < previous.registered) {
    problems.push({
      code: 'shrunk', file: 'roster.csv',
      message: `本批（数据截至 ${now.asOf}）注册 ${now.registered} 人，少于${before}的 ${previous.registered} 人：这看起来是不完整的导出（学籍注册不应减少）。请重新完整导出 roster.csv 后再发布。`,
    });
  }
  return problems;
}

/**
 * People 合格/优秀 in the previous drop and not in this one, as one warning listing them (name
 * and id, in personId order), or null when there are none. `people` are this drop's results
 * and `previousPeople` the previous drop's (for names of people no longer registered).
 */
export function noLongerQualifiedWarning(
  previous: DropRef, qualifiedBefore: readonly string[], qualifiedNow: readonly string[],
  people: readonly PersonResult[], previousPeople: readonly PersonResult[],
): Warning | null {
  const now = new Set(qualifiedNow);
  const lost = qualifiedBefore.filter((id) => !now.has(id));
  if (lost.length === 0) return null;
  const names = new Map<string, string>();
  for (const p of previousPeople) names.set(p.personId, p.name);
  for (const p of people) names.set(p.personId, p.name);
  const list = lost.map((id) => `${names.get(id) ?? ''}（${id}）`).join('、');
  return {
    kind: 'noLongerQualified', file: null, row: null,
    message: `${lost.length} 人在上一批（数据截至 ${previous.asOf}）已合格、本批不再合格（如报告被退回）：${list}`,
  };
}

// ------------------------------------------------------------------ regressed (docs/gate.md)

/** A person whose standing went down since the previous drop, or who left the roster (`to` null). */
export interface Regression {
  readonly personId: string;
  readonly name: string;
  readonly from: PersonResult['grade'];
  readonly to: PersonResult['grade'] | null;
}

const QUALIFIED = new Set<PersonResult['grade']>(['合格', '优秀']);

/**
 * docs/gate.md's "grade went down": 优秀 → 合格, 合格/优秀 → 进行中/不合格; and anybody who left the
 * roster. (进行中 → 不合格 is the deadline passing, not a regression.)
 */
export function wentDown(from: PersonResult['grade'], to: PersonResult['grade']): boolean {
  return (from === '优秀' && to !== '优秀') || (from === '合格' && !QUALIFIED.has(to));
}

/** The regressions of `people` against `previousPeople` (both sorted by personId), in personId order. */
export function regressionsOf(previousPeople: readonly PersonResult[], people: readonly PersonResult[]): Regression[] {
  const now = new Map<string, PersonResult>();
  for (const p of people) now.set(p.personId, p);
  const out: Regression[] = [];
  for (const before of previousPeople) {
    const p = now.get(before.personId);
    if (!p) out.push({ personId: before.personId, name: before.name, from: before.grade, to: null });
    else if (wentDown(before.grade, p.grade)) out.push({ personId: p.personId, name: p.name, from: before.grade, to: p.grade });
  }
  return out;
}

/** docs/gate.md: more than 2 % of the previous drop's registered people, and at least 10. */
export const isRegressed = (n: number, registeredBefore: number) => n >= 10 && n * 50 > registeredBefore;

const describeRegression = (r: Regression) => `${r.name}（${r.personId}，${r.from}→${r.to ?? '不在名单中'}）`;

/**
 * `regressed`: so many people went down or left the roster that the export, not the people,
 * changed — a blocking problem; fewer are a warning listing them (a 退回 review can do that).
 * The warning leaves out the people noLongerQualifiedWarning already lists (qualified before,
 * not now), so each person is named once.
 */
export function regressedFindings(
  now: DropRef, previous: DropRef, registeredBefore: number, regressions: readonly Regression[],
): { blocking: Blocking | null; warning: Warning | null } {
  if (regressions.length === 0) return { blocking: null, warning: null };
  const before = `上一批（数据截至 ${previous.asOf}）`;
  if (isRegressed(regressions.length, registeredBefore)) {
    const left = regressions.filter((r) => r.to === null).length;
    const share = Math.round((regressions.length * 1000) / registeredBefore) / 10;
    const shown = regressions.slice(0, 20).map(describeRegression).join('、');
    return {
      blocking: {
        code: 'regressed', file: null,
        message: `与${before}相比，本批（数据截至 ${now.asOf}）有 ${regressions.length} 人（占上一批注册 ${registeredBefore} 人的 ${share}%）成绩下降或已不在名单中` +
          `（其中 ${left} 人不在本批学籍注册中）：${shown}${regressions.length > 20 ? ' 等' : ''}。同一期的后一批数据中，学时只增不减，个别人因报告被退回而降级属正常，这么多人同时降级通常是导出不完整或读错：` +
          '某个文件少了一部分（分页导出只放了一页、下载中断）、日期或编码被改动、报告类型或点评结果的写法变了、学籍名单少了某些单位。' +
          '处理：对照上一批逐一核对各文件的行数（quality.json 的 files），重新完整导出有问题的文件后重新运行。',
      },
      warning: null,
    };
  }
  const extra = regressions.filter((r) => !(QUALIFIED.has(r.from) && (r.to === null || !QUALIFIED.has(r.to))));
  if (extra.length === 0) return { blocking: null, warning: null };
  return {
    blocking: null,
    warning: {
      kind: 'noLongerQualified', file: null, row: null,
      message: `${extra.length} 人较${before}成绩下降或已不在学籍名单中：${extra.map(describeRegression).join('、')}`,
    },
  };
}

// ------------------------------------------------------------------ per unit (docs/gate.md)

/** A unit's or branch's registered people in a drop (units.json / branches.json). */
export interface GroupCount {
  readonly id: string;
  readonly name: string;
  readonly registered: number;
}

/** docs/gate.md: a group of at least 10 registered people before is `unit-shrunk` below half of them. */
export const isGroupShrunk = (before: number, now: number) => before >= 10 && now * 2 < before;

/**
 * `unit-shrunk`: a unit or branch that lost more than half of its people since the previous
 * drop — its part of the roster was not exported, whatever the totals say (others registered late).
 */
export function unitShrunkProblems(
  now: DropRef, previous: DropRef,
  groups: readonly { readonly kind: '单位' | '支部'; readonly before: readonly GroupCount[]; readonly now: readonly GroupCount[] }[],
): Blocking[] {
  const problems: Blocking[] = [];
  for (const g of groups) {
    const current = new Map(g.now.map((x) => [x.id, x.registered]));
    const shrunk = g.before.filter((b) => isGroupShrunk(b.registered, current.get(b.id) ?? 0));
    if (shrunk.length === 0) continue;
    const list = shrunk.slice(0, 10).map((b) => `${b.name}（${b.id}）${b.registered} → ${current.get(b.id) ?? 0} 人`).join('、');
    problems.push({
      code: 'unit-shrunk', file: 'roster.csv',
      message: `与上一批（数据截至 ${previous.asOf}）相比，本批（数据截至 ${now.asOf}）有 ${shrunk.length} 个${g.kind}的注册人数不到原来的一半：${list}${shrunk.length > 10 ? ' 等' : ''}。` +
        `学籍注册不会成批减少：这通常是学籍名单（roster.csv）或${g.kind === '单位' ? '支部清单（branches.csv）' : '支部清单'}导出不全（按单位分批导出漏了一批、筛选条件不对），或支部编号被改动（如前导零丢失）。` +
        '处理：从平台重新完整导出学籍注册名单和支部清单，核对该单位的人数后重新运行。',
    });
  }
  return problems;
}

/** Accepted records per unit and event file (quality.json's `byUnit`). */
export type UnitTallies = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * `shrunk` per unit: an event file with fewer accepted records for a unit than in the previous
 * drop (the totals can hide a unit's lost records behind others' new ones). Units some of whose
 * people moved away or left (`leftUnits`) are not compared: their records left with them.
 */
export function shrunkPerUnit(
  now: DropRef, previous: DropRef, tallies: UnitTallies, before: UnitTallies, leftUnits: ReadonlySet<string>,
  unitName: (id: string) => string,
): Blocking[] {
  const problems: Blocking[] = [];
  for (const file of EVENT_FILES) {
    const lost: string[] = [];
    for (const unitId of Object.keys(before)) {
      if (leftUnits.has(unitId)) continue;
      const was = before[unitId][file] ?? 0;
      const is = tallies[unitId]?.[file] ?? 0;
      if (is < was) lost.push(`${unitName(unitId)}（${unitId}）${was} → ${is} 条`);
    }
    if (lost.length === 0) continue;
    problems.push({
      code: 'shrunk', file,
      message: `${file} 本批（数据截至 ${now.asOf}）中有 ${lost.length} 个单位的记录少于上一批（数据截至 ${previous.asOf}）：${lost.slice(0, 10).join('、')}${lost.length > 10 ? ' 等' : ''}。` +
        '同一期的后一批数据应包含前一批的全部记录：这看起来是不完整的导出（某些单位或某一页漏导、下载中断），即使总行数没有减少。请重新完整导出该文件后再发布。',
    });
  }
  return problems;
}
