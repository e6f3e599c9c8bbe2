/**
 * Tallies of people (registered, grades, rates, mean hours) and the contract (docs/)'s ranking.
 */
import type { PersonResult, Tally } from '../contract/outputs.ts';
import { ratioHalfUp, roundHalfUp } from '../rules/decimal.ts';

/** Exact counts behind a tally, kept for ranking without rounding. */
export interface Counts {
  registered: number;
  qualified: number;
  excellent: number;
  inProgress: number;
  failed: number;
  /** Σ totalHours in hundredths of an hour: an exact integer (totalHours has 2 decimals). */
  centiHours: number;
}

export function emptyCounts(): Counts {
  return { registered: 0, qualified: 0, excellent: 0, inProgress: 0, failed: 0, centiHours: 0 };
}

export function addPerson(c: Counts, p: PersonResult): void {
  c.registered++;
  c.centiHours += Math.round(p.totalHours * 100); // 2 decimals: × 100 is within fuzz of an integer
  if (p.grade === '优秀') { c.qualified++; c.excellent++; }
  else if (p.grade === '合格') c.qualified++;
  else if (p.grade === '进行中') c.inProgress++;
  else c.failed++;
}

export function countPeople(people: readonly PersonResult[]): Counts {
  const c = emptyCounts();
  for (const p of people) addPerson(c, p);
  return c;
}

/** rate = qualified / registered; 0 for an empty group (which gets no rank anyway). */
export function tallyOf(c: Counts): Tally {
  const n = c.registered;
  return {
    registered: n,
    qualified: c.qualified,
    excellent: c.excellent,
    inProgress: c.inProgress,
    failed: c.failed,
    // Rounded half-up on the exact quotients of the counts, not on float quotients.
    rate: n ? ratioHalfUp(c.qualified, n, 4) : 0,
    excellentRate: n ? ratioHalfUp(c.excellent, n, 4) : 0,
    avgHours: n ? ratioHalfUp(c.centiHours, n * 100, 2) : 0,
  };
}

/**
 * Compare (rate, excellentRate) of two non-empty groups exactly, by cross-multiplying the
 * counts: rounded rates would make 1/3 and 3333/10000 equal.
 */
function compareStanding(a: Counts, b: Counts): number {
  const rate = a.qualified * b.registered - b.qualified * a.registered;
  if (rate !== 0) return rate;
  return a.excellent * b.registered - b.excellent * a.registered;
}

/**
 * rank = 1 + the number of groups with a strictly higher (rate, excellentRate); null for a
 * group with nobody registered. Ties share a rank (1, 1, 3).
 */
export function ranks(groups: readonly Counts[]): (number | null)[] {
  const ranked = groups.map((g, i) => ({ g, i })).filter((x) => x.g.registered > 0)
    .sort((x, y) => compareStanding(y.g, x.g));
  const out: (number | null)[] = groups.map(() => null);
  for (let k = 0; k < ranked.length; k++) {
    const same = k > 0 && compareStanding(ranked[k - 1].g, ranked[k].g) === 0;
    out[ranked[k].i] = same ? out[ranked[k - 1].i] : k + 1;
  }
  return out;
}
