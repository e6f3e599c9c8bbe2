/**
 * The `shrunk` gate (SPEC §7): successive drops of a period are snapshots, so a later export
 * holds every event of the earlier one. An event file with fewer accepted rows than in the
 * previous drop, or fewer people registered, means a partial export — publishing it would
 * report qualified 765 → 38. People qualified before and not now are only a warning: a 退回
 * review can truly do that.
 */
import type { Blocking, PersonResult, QualityFile, Warning } from '../contract/outputs.ts';
import type { DropRef } from './series.ts';

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
