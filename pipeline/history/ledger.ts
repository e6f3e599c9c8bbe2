/**
 * ledger.json (docs/drops.md): the year of the current period. Each of the year's periods contributes
 * its latest drop; following the seed (经评估“合格”，即可计本期相应学时) a person is credited a
 * period's requiredHours when graded 合格 or 优秀 in it, and a period graded 不合格 must be taken
 * again (重新申报、重新学习). 进行中 credits nothing yet and is not a restudy.
 *
 * Where docs/ is silent: annualRequiredHours is the current period's (the latest period.json
 * states the year's requirement as it now stands).
 */
import type { Category, } from '../contract/fields.ts';
import type { LedgerFile, PersonResult } from '../contract/outputs.ts';
import { isQualifiedGrade, SCHEMA_VERSION } from '../contract/outputs.ts';
import type { Period } from '../contract/period.ts';
import { byCodeUnit } from '../contract/compare.ts';
import { round2 } from '../rules/person.ts';

/** One period of the year: its period.json and its latest drop's people. */
export interface LedgerPeriod {
  readonly period: Period;
  /** The asOf of the period's latest drop. */
  readonly asOf: string;
  readonly people: readonly PersonResult[];
}

type LedgerPerson = LedgerFile['people'][number];

/**
 * The ledger. `all` are every period's latest drop in docs/ order (the current period last; only
 * those of the current period's year need people); `asOf` is the current drop's.
 */
/** other_training.csv's accepted rows and rejections (ingest/other-training.ts), as the ledger takes them. */
export interface OtherTrainingInput {
  readonly rows: readonly { personId: string; date: string; hours: number; source: string; row: number }[];
  readonly read: number;
  readonly rejected: readonly { row: number; column: string | null; reason: string }[];
}

export function ledgerOf(all: readonly LedgerPeriod[], asOf: string, other: OtherTrainingInput | null = null): LedgerFile {
  const current = all[all.length - 1].period;
  const periods = all.filter((p) => p.period.year === current.year);
  const annual = current.annualRequiredHours;
  const people = new Map<string, LedgerPerson & { credited: number }>();
  for (const { period, people: results } of periods) {
    for (const p of results) {
      let row = people.get(p.personId);
      if (!row) {
        row = { personId: p.personId, name: p.name, category: p.category as Category, unitId: p.unitId, branchId: p.branchId, periods: [], creditedHours: 0, remainingHours: 0, restudy: [], credited: 0 };
        people.set(p.personId, row);
      }
      // Periods come in order: the latest period a person is registered in has the last word.
      row.name = p.name;
      row.category = p.category as Category;
      row.unitId = p.unitId;
      row.branchId = p.branchId;
      row.periods.push({ periodId: period.id, grade: p.grade, totalHours: p.totalHours });
      // Credited when graded 合格 or 优秀 (docs/: 经评估“合格”，即可计本期相应学时).
      if (isQualifiedGrade(p.grade)) row.credited += period.requiredHours;
      if (p.grade === '不合格') row.restudy.push(period.id);
    }
  }
  // Other training: the rows of the ledger's year, of people registered in one of
  // its periods; a row of another year is ignored (counted), one of an unknown person rejected.
  const otherHours = new Map<string, number>();
  let otherTraining: LedgerFile['otherTraining'];
  if (other) {
    const rejectedRows = [...other.rejected];
    let accepted = 0, ignored = 0, hours = 0;
    for (const r of other.rows) {
      if (!people.has(r.personId)) {
        rejectedRows.push({ row: r.row, column: '人员编号', reason: `人员编号“${r.personId}”不在${current.year}年任一期的学籍注册中` });
      } else if (Number(r.date.slice(0, 4)) !== current.year) {
        ignored++;
      } else {
        accepted++;
        hours += r.hours;
        otherHours.set(r.personId, (otherHours.get(r.personId) ?? 0) + r.hours);
      }
    }
    rejectedRows.sort((a, b) => a.row - b.row);
    otherTraining = { file: 'other_training.csv', rows: accepted + ignored + rejectedRows.length, accepted, rejected: rejectedRows.length, ignored, hours: round2(hours), rejectedRows };
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    year: current.year,
    annualRequiredHours: annual,
    asOf,
    periods: periods.map(({ period, asOf: latest }) => ({ periodId: period.id, title: period.title, asOf: latest, requiredHours: period.requiredHours })),
    people: [...people.keys()].sort(byCodeUnit).map((id) => {
      const { credited, ...row } = people.get(id)!;
      if (!other) return { ...row, creditedHours: round2(credited), remainingHours: round2(Math.max(0, annual - credited)) };
      const extra = otherHours.get(id) ?? 0;
      return { ...row, creditedHours: round2(credited), remainingHours: round2(Math.max(0, annual - credited - extra)), otherHours: round2(extra) };
    }),
    ...(otherTraining ? { otherTraining } : {}),
  };
}
