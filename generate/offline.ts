/**
 * Offline study: each branch's collective sessions (0–4; a few branches hold none), who signed
 * in (mostly their own branch, a few at another branch's session), and self-study records that
 * the branch confirms (是否认定) — mostly yes.
 */
import type { Branch, Person, Population } from './population.ts';
import type { Random } from './random.ts';
import { isWorkday, pickDays, type Schedule } from './schedule.ts';
import { selfStudyNote, sessionTopic, type Theme } from './texts.ts';

export interface Session {
  readonly id: string;
  readonly branch: Branch;
  readonly day: number;
  readonly topic: string;
  readonly attendees: Person[];
}

/** Branches of diligent units hold the 3–4 sessions members need; others fewer, some none. */
const SESSION_COUNTS_KEEN: readonly (readonly [number, number])[] = [[2, 0.02], [3, 0.2], [4, 0.78]];
const SESSION_COUNTS_SLACK: readonly (readonly [number, number])[] = [[0, 0.15], [1, 0.15], [2, 0.3], [3, 0.25], [4, 0.15]];
const ATTENDANCE: Record<Person['engagement'], number> = { full: 0.97, partial: 0.7, low: 0.3, inactive: 0 };

/**
 * `everyBranchKeen` (behaviour profiles, for the 预警 backtest): every branch holds the 3–4
 * sessions members need, so who fails is decided by how people study, not by a branch that
 * held too few. The same draws are made either way.
 */
export function planSessions(rng: Random, pop: Population, s: Schedule, extendedBranches: ReadonlySet<Branch>, theme: Theme, everyBranchKeen = false): Session[] {
  const sessions: Session[] = [];
  let early = pop.branches.length >= 10;
  for (const branch of pop.branches) {
    if (branch.people.length === 0) continue;
    const counts = rng.chance(branch.unit.diligence) || everyBranchKeen ? SESSION_COUNTS_KEEN : SESSION_COUNTS_SLACK;
    const days = rng.sample(workdays(s), rng.weighted(counts));
    // One branch started before the window opened (ignored by the rules); extended branches catch up after it.
    if (early && days.length > 0) {
      days[0] = s.windowStart - 3;
      early = false;
    }
    if (extendedBranches.has(branch) && s.asOf > s.windowEnd) days.push(s.asOf);
    days.forEach((day, k) => {
      // People sign in whether or not the platform has them yet; only late joiners miss earlier sessions.
      const present = (p: Person) => p.registeredOn <= s.registrationDeadline || p.registeredOn <= day + 3;
      const attendees = branch.people.filter((p) => present(p) && rng.chance(ATTENDANCE[p.engagement]));
      sessions.push({ id: `${branch.id}-S${k + 1}`, branch, day, topic: sessionTopic(rng, theme), attendees });
    });
  }
  addVisitors(rng, pop.people, sessions);
  return sessions;
}

function workdays(s: Schedule): number[] {
  const days: number[] = [];
  for (let d = s.windowStart; d <= s.windowEnd; d++) if (isWorkday(d)) days.push(d);
  return days;
}

/** About 2 % of active people also sign in at another branch's session (same unit, mostly). */
function addVisitors(rng: Random, people: readonly Person[], sessions: Session[]): void {
  if (sessions.length < 2) return;
  for (const p of people) {
    if (p.engagement === 'inactive' || !rng.chance(0.02)) continue;
    const elsewhere = sessions.filter((x) => x.branch !== p.branch);
    const sameUnit = elsewhere.filter((x) => x.branch.unit === p.branch.unit);
    const pool = sameUnit.length > 0 && rng.chance(0.6) ? sameUnit : elsewhere;
    if (pool.length === 0) continue;
    const session = rng.pick(pool);
    if (!session.attendees.includes(p)) session.attendees.push(p);
  }
}

export interface Offline {
  readonly sessions: Session[];
  readonly selfStudy: SelfStudy[];
}

export interface SelfStudy {
  readonly person: Person;
  readonly day: number;
  readonly note: string;
  /** As the branch typed it: 是, empty (default 是), 否, and the odd √ or Y. */
  readonly confirmedText: string;
}

const SELF_STUDY_SHARE: Record<Person['engagement'], number> = { full: 0.985, partial: 0.6, low: 0.25, inactive: 0 };
const CONFIRMED_TEXTS: readonly (readonly [string, number])[] = [['是', 0.82], ['', 0.1], ['否', 0.04], ['√', 0.02], ['Y', 0.02]];

export function planSelfStudy(rng: Random, people: readonly Person[], s: Schedule, theme: Theme): SelfStudy[] {
  const out: SelfStudy[] = [];
  for (const person of people) {
    if (!rng.chance(SELF_STUDY_SHARE[person.engagement])) continue;
    const from = Math.min(Math.max(s.windowStart, person.registeredOn), s.windowEnd);
    const days = new Set(pickDays(rng, from, s.windowEnd, rng.weighted([[1, 0.75], [2, 0.2], [3, 0.05]]), s));
    for (const day of days) {
      out.push({ person, day, note: selfStudyNote(rng, theme), confirmedText: rng.weighted(CONFIRMED_TEXTS) });
    }
  }
  return out;
}
