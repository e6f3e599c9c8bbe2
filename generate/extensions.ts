/**
 * Approved extensions (延期审批): a branch or two whose people were away (访惠聚 village work),
 * a few individuals, and one approval beyond the one-month limit, which the pipeline must clamp.
 * People covered are marked `extended` and tend to be behind — that is why they were extended.
 */
import type { Branch, Person, Population } from './population.ts';
import type { Random } from './random.ts';
import type { Schedule } from './schedule.ts';

export interface Extension {
  readonly branch: Branch | null;
  readonly person: Person | null;
  readonly until: number;
  readonly approvedOn: number;
}

export function planExtensions(rng: Random, pop: Population, s: Schedule): Extension[] {
  const staffed = pop.branches.filter((b) => b.people.length > 0);
  if (staffed.length === 0) return [];
  const approved = () => s.windowEnd - rng.integer(1, 8);
  const branches = rng.sample(staffed, pop.branches.length >= 20 ? 2 : 1);
  const out: Extension[] = branches.map((branch) => ({ branch, person: null, until: s.windowEnd + 21, approvedOn: approved() }));
  const candidates = pop.people.filter((p) => !branches.includes(p.branch) && p.engagement !== 'inactive');
  const persons = rng.sample(candidates, Math.max(2, Math.min(6, Math.round(pop.people.length / 400))) + 1);
  persons.forEach((person, i) => {
    // The last one asks for more than the rules allow (the pipeline clamps it with a warning).
    const until = i === persons.length - 1 ? s.extensionLimit + 23 : Math.min(s.windowEnd + rng.integer(6, 28), s.extensionLimit);
    out.push({ branch: null, person, until, approvedOn: approved() });
  });
  for (const e of out) for (const p of e.branch ? e.branch.people : [e.person as Person]) markExtended(p);
  return out;
}

function markExtended(p: Person): void {
  p.extended = true;
  if (p.engagement === 'full') p.engagement = 'partial';
}
