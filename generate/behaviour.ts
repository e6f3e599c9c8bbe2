/**
 * Behaviour profiles (for the 预警 backtest, bench/outlook.ts): how a person's study spreads over
 * the window. Off by default — the sample and every other generated dataset are unchanged —
 * and drawn from a stream of their own, so turning them on moves no other draw.
 *
 * - steady: studies as planned, spread over the window (most people);
 * - crammer: leaves it late — their viewing, comments, self-study and reports are squeezed into
 *   the last days before the window's end; the branch's collective sessions they attend as
 *   planned (a session is the branch's date, not theirs to put off);
 * - stalled: starts as planned, then stops for good on a day in the first 60 % of the window;
 * - never: registered, never studies.
 * Records are moved or dropped when a drop is written (dataset.ts), like the cut of a drop.
 */
import type { Population } from './population.ts';
import { Random, Stream } from './random.ts';
import type { Schedule } from './schedule.ts';

export type Profile = 'steady' | 'crammer' | 'stalled' | 'never';

/** Shares of the profiles among the registered people. */
export const PROFILE_SHARES: readonly (readonly [Profile, number])[] = [['steady', 0.66], ['crammer', 0.18], ['stalled', 0.1], ['never', 0.06]];

export interface Behaviour {
  readonly profile: readonly Profile[];
  /** Per person: the crammer's first day, or the stalled person's last day. */
  readonly pivot: Int32Array;
  readonly windowStart: number;
  readonly windowEnd: number;
}

export function planBehaviour(seed: number, pop: Population, s: Schedule): Behaviour {
  const rng = Random.derive(seed, Stream.behaviour);
  const n = pop.people.length;
  const profile: Profile[] = [];
  const pivot = new Int32Array(n);
  const length = s.windowEnd - s.windowStart + 1;
  for (const p of pop.people) {
    const kind = rng.weighted(PROFILE_SHARES);
    profile[p.index] = kind;
    if (kind === 'crammer') pivot[p.index] = s.windowEnd - rng.integer(4, 12);
    if (kind === 'stalled') pivot[p.index] = s.windowStart + rng.integer(3, Math.floor(0.6 * length));
  }
  return { profile, pivot, windowStart: s.windowStart, windowEnd: s.windowEnd };
}

/** Where a record of person `index` on `day` lands: another day, or null (it does not happen). */
export function movedDay(b: Behaviour, index: number, day: number): number | null {
  switch (b.profile[index]) {
    case 'never': return null;
    case 'stalled': return day <= b.pivot[index] ? day : null;
    case 'crammer': {
      if (day < b.windowStart || day > b.windowEnd) return day;
      const from = b.pivot[index];
      return from + Math.floor(((day - b.windowStart) * (b.windowEnd - from + 1)) / (b.windowEnd - b.windowStart + 1));
    }
    default: return day;
  }
}

/** Whether a session on `day` is attended (sessions do not move with the person). */
export function attends(b: Behaviour, index: number, day: number): boolean {
  switch (b.profile[index]) {
    case 'never': return false;
    case 'stalled': return day <= b.pivot[index];
    default: return true;
  }
}
