/**
 * Accepted records per unit and event file (quality.json's `byUnit`), counted in the
 * per-person loop so the next drop of the period can run `shrunk` unit by unit (docs/gate.md).
 * Each person's records count in the person's unit; sessions in their branch's unit.
 */
import { byCodeUnit } from '../contract/compare.ts';
import type { Branch, PersonRecord } from '../contract/model.ts';

export class UnitTally {
  private readonly byUnit = new Map<string, Record<string, number>>();
  private branchUnit: Map<string, string> | null = null;

  private of(unitId: string): Record<string, number> {
    let t = this.byUnit.get(unitId);
    if (!t) this.byUnit.set(unitId, t = {});
    return t;
  }

  private bump(unitId: string, file: string, n: number): void {
    if (n <= 0) return;
    const t = this.of(unitId);
    t[file] = (t[file] ?? 0) + n;
  }

  /** A person's records; `views` = their accepted viewing segments. */
  addPerson(rec: PersonRecord, views: number): void {
    const u = rec.person.unitId;
    this.of(u);
    this.bump(u, 'views.csv', views);
    this.bump(u, 'comments.csv', rec.comments.length);
    this.bump(u, 'attendance.csv', rec.attendance.length);
    this.bump(u, 'self_study.csv', rec.selfStudy.length);
    this.bump(u, 'reports.csv', rec.reports.length);
    let reviews = 0;
    for (const r of rec.reports) reviews += r.reviews.length;
    this.bump(u, 'reviews.csv', reviews);
  }

  /** A session, counted in its branch's unit (unknown branches were rejected by ingest). */
  addSession(branches: readonly Branch[], branchId: string): void {
    this.branchUnit ??= new Map(branches.map((b) => [b.branchId, b.unitId]));
    const u = this.branchUnit.get(branchId);
    if (u !== undefined) this.bump(u, 'sessions.csv', 1);
  }

  /** By unitId (code-unit order), each unit's files in a fixed order: stable bytes. */
  tallies(): Record<string, Record<string, number>> {
    const order = ['views.csv', 'comments.csv', 'sessions.csv', 'attendance.csv', 'self_study.csv', 'reports.csv', 'reviews.csv'];
    const out: Record<string, Record<string, number>> = {};
    for (const id of [...this.byUnit.keys()].sort(byCodeUnit)) {
      const t = this.byUnit.get(id)!;
      const sorted: Record<string, number> = {};
      for (const f of order) if (t[f] !== undefined) sorted[f] = t[f];
      out[id] = sorted;
    }
    return out;
  }
}
