/**
 * 还差 — what a person still lacks, in the words a branch secretary would say it:
 * 还差：观看《…》、评论《…》、线下 2 学时、报告 1 篇. And the order of the 督学 list.
 */
import { byCodeUnit } from '../../pipeline/contract/compare.ts';
import { isQualifiedGrade, type PersonResult } from '../../pipeline/contract/outputs.ts';
import { hours } from './format.ts';

/** How many titles to spell out before "等 N 门". */
const MAX_TITLES = 3;

/** A title in 书名号; inner 《》 become 〈〉 as Chinese typography nests them. */
export function bookTitle(title: string): string {
  return `《${title.replace(/《/g, '〈').replace(/》/g, '〉')}》`;
}

function courseList(ids: readonly string[], titleOf: (id: string) => string, requiredCount: number): string {
  if (ids.length > MAX_TITLES && ids.length === requiredCount) return `全部 ${ids.length} 门必修课件`;
  const shown = ids.slice(0, MAX_TITLES).map((id) => bookTitle(titleOf(id))).join('');
  return ids.length > MAX_TITLES ? `${shown}等 ${ids.length} 门课件` : shown;
}

/**
 * The lacking items of a person, in order: 观看…, 评论…, 线下 N 学时, 报告 N 篇.
 * Empty for a qualified person. `titleOf` maps a courseId to its title (courses.json).
 */
export function missingParts(p: PersonResult, titleOf: (id: string) => string, requiredHours: number): string[] {
  if (isQualifiedGrade(p.grade)) return [];
  const parts: string[] = [];
  const m = p.missing;
  const requiredCount = p.online.coursesRequired;
  if (m.watch.length) parts.push(`观看${courseList(m.watch, titleOf, requiredCount)}`);
  if (m.comment.length) parts.push(`评论${courseList(m.comment, titleOf, requiredCount)}`);
  if (m.offlineHours > 0) parts.push(`线下 ${hours(m.offlineHours)} 学时`);
  if (m.reports > 0) parts.push(`报告 ${m.reports} 篇`);
  // Rules may leave hours short without naming an item (e.g. a period whose parts sum below the requirement).
  if (!parts.length && p.totalHours < requiredHours) parts.push(`学时 ${hours(requiredHours - p.totalHours)} 学时`);
  return parts;
}

/** "还差：观看《…》、线下 2 学时" — or "已完成" for a qualified person. */
export function lackText(p: PersonResult, titleOf: (id: string) => string, requiredHours: number): string {
  const parts = missingParts(p, titleOf, requiredHours);
  return parts.length ? `还差：${parts.join('、')}` : isQualifiedGrade(p.grade) ? '已完成' : '还差：待审核';
}

/** How far a person is from qualifying: hours short, then reports short, then open items. */
export function lackKey(p: PersonResult, requiredHours: number): [number, number, number] {
  const short = Math.max(0, requiredHours - p.totalHours);
  return [short, p.missing.reports, p.missing.watch.length + p.missing.comment.length];
}

/**
 * The 督学 list of a group: everyone not yet qualified; with `risk` (a person's place in
 * outlook.json's most-at-risk-first order) those with a 预警 first in that order; the rest
 * (and all without `risk`) lacking most first
 * (more hours short, then more reports short, then more courses open; then the earlier
 * deadline, then personId).
 */
export function followUpList(people: readonly PersonResult[], requiredHours: number, risk?: (personId: string) => number | undefined): PersonResult[] {
  // With 预警 (outlook.json): the most at risk first, in its order; then those past their
  // deadline (不合格, no 预警), lacking most first.
  const keyed = people.filter((p) => !isQualifiedGrade(p.grade)).map((p) => ({ p, k: lackKey(p, requiredHours), r: risk?.(p.personId) ?? Infinity }));
  keyed.sort((a, b) =>
    (a.r === b.r ? 0 : a.r < b.r ? -1 : 1)
    || b.k[0] - a.k[0] || b.k[1] - a.k[1] || b.k[2] - a.k[2]
    || byCodeUnit(a.p.deadline, b.p.deadline) || byCodeUnit(a.p.personId, b.p.personId));
  return keyed.map((x) => x.p);
}
