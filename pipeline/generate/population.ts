/**
 * Who must study: units, their branches and the registered people, each person with the
 * behaviour the activity files will show (engagement, parallel playback, an extension).
 * Drawn from one stream in a fixed order, so the same seed gives the same prefecture.
 */
import {
  branchNames, ETHNICITY_SHARES, type Ethnicity, type Gender, idCardNumber, mobileNumber, personName,
  sizeFactor, unitNames,
} from './names.ts';
import type { Random } from './random.ts';
import type { Schedule } from './schedule.ts';
import { LEADER_ROLES, STAFF_ROLES } from './texts.ts';

/** How much a person does: nothing, a little, most of it, everything. */
export type Engagement = 'inactive' | 'low' | 'partial' | 'full';

export interface Unit {
  readonly id: string;
  readonly name: string;
  readonly branches: Branch[];
  /** Head count planned for the unit (0 for the coverage gap). */
  size: number;
  /** The day the unit's administrator registered most of its people. */
  registrationDay: number;
  /** How hard the unit pushes its people (0.5–1): rankings need diligent and lagging units. */
  readonly diligence: number;
}

export interface Branch {
  readonly id: string;
  readonly name: string;
  readonly unit: Unit;
  readonly people: Person[];
  convener: string;
}

export interface Person {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly gender: Gender;
  readonly ethnicity: Ethnicity;
  readonly idCard: string;
  readonly phone: string;
  readonly branch: Branch;
  /** 党员 (member) or 党外干部 (nonMember); `categoryText` is how the roster spells it. */
  readonly member: boolean;
  readonly categoryText: string;
  readonly leader: boolean;
  readonly role: string;
  readonly partySchoolPassed: boolean;
  readonly registeredOn: number;
  engagement: Engagement;
  /** Watches any video at all (exempt leaders mostly don't). */
  watches: boolean;
  /** Plays two videos at once now and then (并行播放). */
  parallel: boolean;
  /** Covered by an extension (of the person or the branch). */
  extended: boolean;
}

export interface Population {
  readonly units: Unit[];
  readonly branches: Branch[];
  readonly people: Person[];
  /** A unit with branches but nobody registered (应培尽培 gap), in bigger datasets. */
  readonly gapUnit: Unit | null;
}

export const personId = (index: number) => `P${String(index + 1).padStart(6, '0')}`;

const ENGAGEMENT: readonly (readonly [Engagement, number])[] = [['inactive', 0.04], ['low', 0.04], ['partial', 0.1], ['full', 0.82]];
const MEMBER_TEXTS: readonly (readonly [string, number])[] = [['党员', 0.9], ['中共党员', 0.07], ['预备党员', 0.03]];
const NON_MEMBER_TEXTS: readonly (readonly [string, number])[] = [['党外干部', 0.7], ['群众', 0.15], ['无党派人士', 0.08], ['民主党派', 0.04], ['非中共党员', 0.03]];

export function buildPopulation(rng: Random, peopleCount: number, unitCount: number, s: Schedule): Population {
  const units = unitNames(unitCount).map((name, i): Unit => ({
    id: `U${String(i + 1).padStart(3, '0')}`, name, branches: [], size: 0, registrationDay: s.windowStart,
    diligence: 1 - 0.5 * rng.next() ** 2,
  }));
  const ordinary = units.slice(Math.floor(unitCount / 2)).filter((u) => sizeFactor(u.name) <= 1);
  const gapUnit = unitCount >= 8 && peopleCount >= 100 && ordinary.length > 0 ? rng.pick(ordinary) : null;
  allocateSizes(rng, units, peopleCount, gapUnit);
  setRegistrationDays(rng, units, gapUnit, s);
  const branches = units.flatMap((u) => buildBranches(rng, u));
  const people: Person[] = [];
  for (const unit of units) addPeople(rng, unit, people, s);
  for (const b of branches) b.convener = convenerOf(rng, b);
  return { units, branches, people, gapUnit };
}

/** Head counts by largest remainder over random weights (big bureaus bigger), the gap unit 0. */
function allocateSizes(rng: Random, units: Unit[], peopleCount: number, gapUnit: Unit | null): void {
  const weights = units.map((u) => (u === gapUnit ? 0 : sizeFactor(u.name) * (0.4 + 1.6 * rng.next() * rng.next() + rng.next())));
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / total) * peopleCount);
  units.forEach((u, i) => (u.size = Math.floor(exact[i])));
  let left = peopleCount - units.reduce((a, u) => a + u.size, 0);
  const byRemainder = units.map((_, i) => i).sort((a, b) => exact[b] - Math.floor(exact[b]) - (exact[a] - Math.floor(exact[a])) || a - b);
  for (const i of byRemainder) {
    if (left-- <= 0) break;
    units[i].size++;
  }
}

/** Most units register their people in the week before the deadline; one big dataset's unit is late. */
function setRegistrationDays(rng: Random, units: Unit[], gapUnit: Unit | null, s: Schedule): void {
  for (const u of units) u.registrationDay = s.registrationDeadline - rng.weighted([[0, 2], [1, 2], [2, 2], [3, 1.5], [5, 1], [8, 1], [12, 0.5]]);
  const candidates = units.filter((u) => u !== gapUnit && u.size > 0 && u.size < 80);
  if (units.length >= 10 && candidates.length > 0) rng.pick(candidates).registrationDay = s.registrationDeadline + 4;
}

function buildBranches(rng: Random, unit: Unit): Branch[] {
  const count = unit.size === 0 ? 1 : Math.max(1, Math.min(6, Math.round((unit.size / 15) * rng.between(0.7, 1.3))));
  branchNames(unit.name, count, rng).forEach((name, i) => {
    unit.branches.push({ id: `${unit.id}-${String(i + 1).padStart(2, '0')}`, name, unit, people: [], convener: '' });
  });
  return unit.branches;
}

function addPeople(rng: Random, unit: Unit, people: Person[], s: Schedule): void {
  const branchWeights = unit.branches.map(() => rng.between(0.5, 1.5));
  for (let j = 0; j < unit.size; j++) {
    const branch = unit.branches[j < unit.branches.length ? j : rng.weightedIndex(branchWeights)];
    const person = newPerson(rng, people.length, branch, s);
    people.push(person);
    branch.people.push(person);
  }
}

function newPerson(rng: Random, index: number, branch: Branch, s: Schedule): Person {
  const ethnicity = rng.weighted(ETHNICITY_SHARES);
  const gender: Gender = rng.chance(0.55) ? '男' : '女';
  const member = !rng.chance(0.1);
  const leader = rng.chance(0.05);
  const partySchoolPassed = leader && rng.chance(0.9);
  // A lagging unit turns some would-be diligent people into partial ones.
  let engagement = rng.weighted(ENGAGEMENT);
  if (engagement === 'full' && rng.chance((1 - branch.unit.diligence) * 0.5)) engagement = 'partial';
  const watches = engagement !== 'inactive' && (!partySchoolPassed || rng.chance(0.3));
  return {
    index, id: personId(index), name: personName(rng, ethnicity, gender), gender, ethnicity,
    idCard: idCardNumber(rng, gender), phone: mobileNumber(rng), branch, member,
    categoryText: rng.weighted(member ? MEMBER_TEXTS : NON_MEMBER_TEXTS),
    leader, role: leader ? rng.pick(LEADER_ROLES) : rng.pick(STAFF_ROLES), partySchoolPassed,
    registeredOn: registrationDay(rng, branch.unit, s), engagement, watches,
    parallel: watches && engagement !== 'low' && rng.chance(0.04), extended: false,
  };
}

/** Mostly the unit's day or a day or two later; about 3 % register after the deadline. */
function registrationDay(rng: Random, unit: Unit, s: Schedule): number {
  if (rng.chance(0.03)) return s.registrationDeadline + rng.int(1, 20);
  return Math.min(unit.registrationDay + rng.weighted([[0, 6], [1, 2], [2, 1]]), Math.max(unit.registrationDay, s.registrationDeadline));
}

/** The branch's convener: one of its members, a leader when there is one; a stranger for an empty branch. */
function convenerOf(rng: Random, b: Branch): string {
  const members = b.people.filter((p) => p.member);
  const leaders = members.filter((p) => p.leader);
  if (leaders.length > 0) return rng.pick(leaders).name;
  if (members.length > 0) return rng.pick(members).name;
  return personName(rng, '汉族', '男');
}
