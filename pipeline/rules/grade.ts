/**
 * The grade (docs/rules.md): 优秀, 合格, 进行中 or 不合格.
 */
import type { Grade } from '../contract/outputs.ts';

/** Hours are sums of period numbers such as 0.5; compare with a hair of tolerance. */
const EPSILON = 1e-9;

/**
 * Whether the hours and the counted reports meet the period's requirements (the 合格 test; a
 * grade's being 合格/优秀 is `isQualifiedGrade` in the contract).
 */
export function meetsRequirements(totalHours: number, requiredHours: number, reportsCounted: number, reportsRequired: number): boolean {
  return totalHours + EPSILON >= requiredHours && reportsCounted >= reportsRequired;
}

/**
 * 优秀 when qualified with a recommended report; 合格 when qualified; otherwise 进行中 while the
 * as-of day is on or before the person's deadline day, 不合格 (须重新学习) after it.
 */
export function gradeOf(qualified: boolean, recommended: number, asOfDay: number, deadlineDay: number): Grade {
  if (qualified) return recommended > 0 ? '优秀' : '合格';
  return asOfDay <= deadlineDay ? '进行中' : '不合格';
}
