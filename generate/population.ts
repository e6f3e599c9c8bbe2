/**
 * Who must study: units, their branches and the registered people, each person with the
 * behaviour the activity files will show (engagement, parallel playback, an extension).
 * Drawn from one stream in a fixed order, so the same seed gives the same prefecture.
 */
import {
  branchNames, ETHNICITY_SHARES, type Ethnicity, type Gender, idCardNumber, mobileNumber, personName,
  sizeFactor, unitNames,
} from './names.ts';
import { byCodeUnit } from '../pipeline/contract/compare.ts';
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

export function buildPopulation(rng: Random, peopleCount: number, unitCount: number, s: Schedule, branchSize = 15): Population {
  const units = unitNames(unitCount).map((name, i): Unit => ({
    id: `U${String(i + 1).padStart(3, '0')}`, name, branches: [], size: 0, registrationDay: s.windowStart,
    diligence: 1 - 0.5 * rng.next() ** 2,
  }));
  const ordinary = units.slice(Math.floor(unitCount / 2)).filter((u) => sizeFactor(u.name) <= 1);
  const gapUnit = unitCount >= 8 && peopleCount >= 100 && ordinary.length > 0 ? rng.pick(ordinary) : null;
  allocateSizes(rng, units, peopleCount, gapUnit);
  setRegistrationDays(rng, units, gapUnit, s);
  const branches = units.flatMap((u) => buildBranches(rng, u, branchSize));
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

function buildBranches(rng: Random, unit: Unit, branchSize: number): Branch[] {
  const count = unit.size === 0 ? 1 : Math.max(1, Math.min(6, Math.round((unit.size / branchSize) * rng.between(0.7, 1.3))));
  branchNames(unit.name, count, rng).forEach((name, i) => {
    unit.branches.push({ id: `${unit.id}-${String(i + 1).padStart(2, '0')}`, name, unit, people: [], convener: '' });
  });
  return unit.branches;
}

function addPeople(rng: Random, unit: Unit, people: Person[], s: Schedule): void {
  const branchWeights = unit.branches.map(() => rng.between(0.5, 1.5));
  for (let j = 0; j < unit.size; j++) {
    const branch = unit.branches[j < unit.branches.length ? j : rng.weightedIndex(branchWeights)];
    const person = newPerson(rng, people.length, personId(people.length), branch, s);
    people.push(person);
    branch.people.push(person);
  }
}

function newPerson(rng: Random, index: number, id: string, branch: Branch, s: Schedule): Person {
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
    index, id, name: personName(rng, ethnicity, gender), gender, ethnicity,
    idCard: idCardNumber(rng, gender), phone: mobileNumber(rng), branch, member,
    categoryText: rng.weighted(member ? MEMBER_TEXTS : NON_MEMBER_TEXTS),
    leader, role: leader ? rng.pick(LEADER_ROLES) : rng.pick(STAFF_ROLES), partySchoolPassed,
    registeredOn: registrationDay(rng, branch.unit, s), engagement, watches,
    parallel: watches && engagement !== 'low' && rng.chance(0.04), extended: false,
  };
}

/** Mostly the unit's day or a day or two later; about 3 % register after the deadline. */
function registrationDay(rng: Random, unit: Unit, s: Schedule): number {
  if (rng.chance(0.03)) return s.registrationDeadline + rng.integer(1, 20);
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

/**
 * What became of each person between two periods of the year (how the roster of the next
 * period differs from this one's): most stay where they were; some leave (retired, transferred
 * out of 州直); some move to another unit's branch or another branch of their unit; some 党外干部
 * join the party (预备党员) and so change category; and new people arrive, with ids after every
 * id used so far. The year's ledger (docs/drops.md) must follow them.
 */
const FATES: readonly (readonly [Fate, number])[] = [['stay', 0.9], ['leave', 0.035], ['otherUnit', 0.045], ['otherBranch', 0.02]];
type Fate = 'stay' | 'leave' | 'otherUnit' | 'otherBranch';

export interface Turnover {
  /** Ids of the earlier period's people who are not registered in this one. */
  readonly left: string[];
  /** Ids of people registered now whose unit differs from the earlier period's. */
  readonly changedUnit: string[];
  /** Ids of people whose category changed (党外干部 → 党员). */
  readonly changedCategory: string[];
  /** Ids of people who were not in the earlier period. */
  readonly joined: string[];
}

/**
 * The population of a later period of the year, drawn from the earlier one: same units and
 * branches (ids, names), the same people where they stayed (id, name, ID card, phone), with
 * their behaviour this period drawn afresh (those who did little before tend to again).
 */
export function nextPopulation(rng: Random, earlier: Population, s: Schedule, firstNewIndex: number): { pop: Population; turnover: Turnover } {
  const units = earlier.units.map((u): Unit => ({
    id: u.id, name: u.name, branches: [], size: 0, registrationDay: s.windowStart,
    diligence: Math.min(1, Math.max(0.5, u.diligence + rng.between(-0.1, 0.1))),
  }));
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const branches = earlier.branches.map((b): Branch => {
    const unit = unitOf.get(b.unit.id) as Unit;
    const branch = { id: b.id, name: b.name, unit, people: [], convener: b.convener };
    unit.branches.push(branch);
    return branch;
  });
  const branchOf = new Map(branches.map((b) => [b.id, b]));
  const gapUnit = earlier.gapUnit ? (unitOf.get(earlier.gapUnit.id) as Unit) : null;
  const staffed = branches.filter((b) => b.unit !== gapUnit);
  const turnover: Turnover = { left: [], changedUnit: [], changedCategory: [], joined: [] };

  // Where everyone is this period; people are made once units know their head count.
  const placed: { earlier: Person | null; id: string; branch: Branch }[] = [];
  for (const p of earlier.people) {
    const fate = rng.weighted(FATES);
    const home = branchOf.get(p.branch.id) as Branch;
    if (fate === 'leave') {
      turnover.left.push(p.id);
      continue;
    }
    let branch = home;
    if (fate === 'otherUnit') {
      const elsewhere = staffed.filter((b) => b.unit !== home.unit);
      if (elsewhere.length > 0) branch = rng.pick(elsewhere);
    } else if (fate === 'otherBranch' && home.unit.branches.length > 1) {
      branch = rng.pick(home.unit.branches.filter((b) => b !== home));
    }
    if (branch.unit !== home.unit) turnover.changedUnit.push(p.id);
    placed.push({ earlier: p, id: p.id, branch });
  }
  const newcomers = Math.max(1, Math.round(earlier.people.length * 0.05));
  for (let k = 0; k < newcomers && staffed.length > 0; k++) {
    const id = personId(firstNewIndex + k);
    turnover.joined.push(id);
    placed.push({ earlier: null, id, branch: rng.pick(staffed) });
  }
  for (const x of placed) x.branch.unit.size++;
  setRegistrationDays(rng, units, gapUnit, s);

  // The roster lists people unit by unit, by id within a unit (as a unit's sheet is kept).
  const unitIndex = new Map(units.map((u, i) => [u, i]));
  placed.sort((a, b) => (unitIndex.get(a.branch.unit) as number) - (unitIndex.get(b.branch.unit) as number) || byCodeUnit(a.id, b.id));
  const people = placed.map((x, index) => {
    const person = x.earlier ? returningPerson(rng, index, x.earlier, x.branch, s, turnover) : newPerson(rng, index, x.id, x.branch, s);
    x.branch.people.push(person);
    return person;
  });
  for (const b of branches) {
    if (!b.people.some((p) => p.member && p.name === b.convener)) b.convener = convenerOf(rng, b);
  }
  return { pop: { units, branches, people, gapUnit }, turnover };
}

/** Someone registered again: who they are stays, what they do this period is drawn anew. */
function returningPerson(rng: Random, index: number, before: Person, branch: Branch, s: Schedule, turnover: Turnover): Person {
  const joinsParty = !before.member && rng.chance(0.15);
  if (joinsParty) turnover.changedCategory.push(before.id);
  const member = before.member || joinsParty;
  const partySchoolPassed = before.leader && rng.chance(0.9);
  let engagement = rng.weighted(ENGAGEMENT);
  if ((before.engagement === 'inactive' || before.engagement === 'low') && rng.chance(0.5)) engagement = before.engagement;
  if (engagement === 'full' && rng.chance((1 - branch.unit.diligence) * 0.5)) engagement = 'partial';
  const watches = engagement !== 'inactive' && (!partySchoolPassed || rng.chance(0.3));
  return {
    index, id: before.id, name: before.name, gender: before.gender, ethnicity: before.ethnicity,
    idCard: before.idCard, phone: before.phone, branch, member,
    categoryText: joinsParty ? '预备党员' : before.categoryText,
    leader: before.leader, role: before.role, partySchoolPassed,
    registeredOn: registrationDay(rng, branch.unit, s), engagement, watches,
    parallel: watches && engagement !== 'low' && rng.chance(0.04), extended: false,
  };
}
