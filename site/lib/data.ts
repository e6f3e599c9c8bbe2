/**
 * The site's one door to the pipeline's output: reads every JSON file of the output directory
 * once (memoised for the whole build), validates it through the contract's schemas, checks
 * that the files agree with each other, and indexes it so each page gets only its slice.
 *
 * The directory comes from XUESHI_OUT (set by site/scripts/build.ts), else build/out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  OUTPUT_FILES,
  type AnomaliesFile, type BranchStat, type CoursesFile, type OutputName, type PersonResult,
  type QualityFile, type SessionsFile, type SummaryFile, type TimelineFile, type UnitStat,
} from '../../pipeline/contract/outputs.ts';
import type { Period } from '../../pipeline/contract/period.ts';
import type { z } from 'zod';
import { assignSlugs, idHash } from './slug.ts';

export type Course = CoursesFile['courses'][number];
export type Session = SessionsFile['sessions'][number];

export interface UnitEntry {
  readonly stat: UnitStat;
  readonly slug: string;
  readonly branches: BranchEntry[];
  /** The unit's people, sorted by branch (in branch order) then personId. */
  readonly people: PersonResult[];
}

export interface BranchEntry {
  readonly stat: BranchStat;
  readonly slug: string;
  readonly unit: UnitEntry;
  readonly people: PersonResult[];
  /** Sessions of this branch, by date. */
  readonly sessions: Session[];
}

export interface SiteData {
  readonly dir: string;
  readonly period: Period;
  readonly asOf: string;
  readonly summary: SummaryFile;
  readonly timeline: TimelineFile;
  readonly courses: Course[];
  readonly requiredCourses: Course[];
  readonly anomalies: AnomaliesFile;
  readonly quality: QualityFile;
  readonly people: PersonResult[];
  /** In the file's order (sorted by unitId). */
  readonly units: UnitEntry[];
  readonly branches: BranchEntry[];
  readonly unitById: ReadonlyMap<string, UnitEntry>;
  readonly branchById: ReadonlyMap<string, BranchEntry>;
  readonly courseById: ReadonlyMap<string, Course>;
}

type Parsed<N extends OutputName> = z.infer<(typeof OUTPUT_FILES)[N]>;

/** The output directory the build reads. */
export function outputDir(): string {
  return resolve(process.env.XUESHI_OUT || 'build/out');
}

function readOutput<N extends OutputName>(dir: string, name: N): Parsed<N> {
  const path = join(dir, name);
  if (!existsSync(path)) throw new Error(`缺少流水线输出文件 ${path}（先运行流水线，或用 XUESHI_OUT 指定输出目录）`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path} 不是有效的 JSON：${(e as Error).message}`);
  }
  const result = OUTPUT_FILES[name].safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`${path} 不符合输出契约：\n${issues}`);
  }
  return result.data as Parsed<N>;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Reads, validates and indexes an output directory (not memoised; see loadSiteData). */
export function readSiteData(dir: string): SiteData {
  const peopleFile = readOutput(dir, 'people.json');
  const unitsFile = readOutput(dir, 'units.json');
  const branchesFile = readOutput(dir, 'branches.json');
  const sessionsFile = readOutput(dir, 'sessions.json');
  const summary = readOutput(dir, 'summary.json');
  const timeline = readOutput(dir, 'timeline.json');
  const coursesFile = readOutput(dir, 'courses.json');
  const anomalies = readOutput(dir, 'anomalies.json');
  const quality = readOutput(dir, 'quality.json');

  const unitSlugs = assignSlugs(unitsFile.units.map((u) => u.unitId));
  const branchSlugs = assignSlugs(branchesFile.branches.map((b) => b.branchId));

  const units: UnitEntry[] = unitsFile.units.map((stat) => ({ stat, slug: unitSlugs.get(stat.unitId)!, branches: [], people: [] }));
  const unitById = new Map(units.map((u) => [u.stat.unitId, u]));
  if (unitById.size !== units.length) throw new Error('units.json 中有重复的单位编号');

  const branches: BranchEntry[] = [];
  const branchById = new Map<string, BranchEntry>();
  for (const stat of branchesFile.branches) {
    const unit = unitById.get(stat.unitId);
    if (!unit) throw new Error(`branches.json：支部“${stat.branchId}”的单位编号“${stat.unitId}”不在 units.json 中`);
    if (branchById.has(stat.branchId)) throw new Error(`branches.json 中有重复的支部编号“${stat.branchId}”`);
    const entry: BranchEntry = { stat, slug: branchSlugs.get(stat.branchId)!, unit, people: [], sessions: [] };
    branches.push(entry);
    branchById.set(stat.branchId, entry);
    unit.branches.push(entry);
  }

  for (const p of peopleFile.people) {
    const branch = branchById.get(p.branchId);
    if (!branch) throw new Error(`people.json：人员“${p.personId}”的支部编号“${p.branchId}”不在 branches.json 中`);
    if (branch.stat.unitId !== p.unitId) throw new Error(`people.json：人员“${p.personId}”的单位编号与其支部所属单位不一致`);
    branch.people.push(p);
  }
  for (const u of units) for (const b of u.branches) u.people.push(...b.people);

  for (const s of sessionsFile.sessions) branchById.get(s.branchId)?.sessions.push(s);
  for (const b of branches) b.sessions.sort((x, y) => byString(x.date, y.date) || byString(x.sessionId, y.sessionId));

  const courses = coursesFile.courses;
  return {
    dir, period: summary.period, asOf: summary.asOf, summary, timeline, courses,
    requiredCourses: courses.filter((c) => c.required), anomalies, quality,
    people: peopleFile.people, units, branches, unitById, branchById,
    courseById: new Map(courses.map((c) => [c.courseId, c])),
  };
}

let cached: { dir: string; data: SiteData } | null = null;

/** The site data of the build's output directory, read once. */
export function loadSiteData(): SiteData {
  const dir = outputDir();
  if (!cached || cached.dir !== dir) cached = { dir, data: readSiteData(dir) };
  return cached.data;
}

/**
 * A person's anchor on their branch page: `p-` + the id when it is plain ASCII (the search
 * index then needs no anchor of its own), else `p-` + a hash of the id. Unique per personId.
 */
export function personAnchor(personId: string): string {
  return PLAIN_ANCHOR.test(personId) ? `p-${personId}` : `p-${idHash(personId, 12)}`;
}
const PLAIN_ANCHOR = /^[A-Za-z0-9_-]{1,64}$/;
