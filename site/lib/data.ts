/**
 * The site's one door to the pipeline's output: reads every JSON file of the output directory
 * once (memoised for the whole build), validates it through the contract's schemas, checks
 * that the files agree with each other, and indexes it so each page gets only its slice.
 *
 * Besides the current drop's nine files it reads the drops' history (docs/drops.md): history.json,
 * ledger.json and the archive `drops/<period>/<asOf>/{summary,units,drop}.json` that every
 * archived 通报 is rendered from. An output folder without history.json (one dataset, or a
 * pipeline from before drops) is one drop, its period's first: its archive is the current files.
 *
 * The directory comes from XUESHI_OUT (set by site/scripts/build.ts), else build/out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DropDigestSchema, HistoryFileSchema, LedgerFileSchema, OUTPUT_FILES, dropFolder,
  type DropDigest, type HistoryFile, type LedgerFile, type UnitsFile,
  type AnomaliesFile, type BranchStat, type CoursesFile, type OutputName, type PersonResult,
  type QualityFile, type SessionsFile, type SummaryFile, type TimelineFile, type UnitStat,
  type IntegrityFile, type OutlookFile, type OutlookPerson, type RhythmFile,
} from '../../pipeline/contract/outputs.ts';
import type { Period } from '../../pipeline/contract/period.ts';
import { byCodeUnit } from '../../pipeline/contract/compare.ts';
import { ZodArray, ZodObject, type z } from 'zod';
import { assignSlugs, idHash } from './slug.ts';
import { noticeAnnex } from './paging.ts';
import { noticePath } from './paths.ts';
import { noIntegrity } from './integrity.ts';

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

/** One drop of the root as its archive keeps it: what its 通报 is rendered from. */
export interface ArchivedDrop {
  readonly periodId: string;
  readonly asOf: string;
  readonly ordinal: number;
  readonly summary: SummaryFile;
  readonly units: UnitStat[];
  readonly digest: DropDigest;
  /** The period id as a safe URL segment (slug.ts rules). */
  readonly periodSlug: string;
  /** `notices/<period slug>/<asOf>/` (no base). */
  readonly path: string;
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
  /** history.json (docs/drops.md), or the one-drop history of an output folder without it. */
  readonly history: HistoryFile;
  /** ledger.json, or null when the output folder has none. */
  readonly ledger: LedgerFile | null;
  /** 预警 (outlook.json): the people with a state, most at risk first (empty without people). */
  readonly outlook: OutlookFile;
  /** A person's 预警 by personId, and their place in the most-at-risk-first order. */
  readonly outlookOf: ReadonlyMap<string, OutlookPerson & { readonly risk: number }>;
  /** 学习节律 (rhythm.json). */
  readonly rhythm: RhythmFile;
  /**
   * 学时真实性 (integrity.json): counts per rule, unit and branch; flags and copy-paste clusters
   * only with people (their names and comments' texts), none without.
   */
  readonly integrity: IntegrityFile;
  /** Every drop of the root, in history order (periods by window.start, drops by asOf). */
  readonly archive: ArchivedDrop[];
  /** The current drop's archive entry (its 通报 is /notice/). */
  readonly currentDrop: ArchivedDrop;
}

/** An output file's content, as its schema parses it. */
type OutputOf<N extends OutputName> = z.infer<(typeof OUTPUT_FILES)[N]>;

/** The output directory the build reads. */
export function outputDir(): string {
  return resolve(process.env.XUESHI_OUT || 'build/out');
}

function readOutput<N extends OutputName>(dir: string, name: N): OutputOf<N> {
  return readJson(join(dir, name), OUTPUT_FILES[name]) as OutputOf<N>;
}

const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A file's text exactly as readFileSync(path, 'utf8') decodes it (a leading BOM kept, so
 * JSON.parse still refuses it; malformed bytes as U+FFFD), but faster and leaner for large
 * non-ASCII files: reading the 200,000-person output (people.json 166 MB, ledger.json 73 MB)
 * took 8.1–9.0 s instead of 10.0–10.2 s, at 0.54–0.58 GB of RSS instead of 1.0 GB.
 */
export function readUtf8(path: string): string {
  return UTF8.decode(readFileSync(path));
}

/** One JSON file through its schema; every failure names the file. */
function readJson<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
  if (!existsSync(path)) throw new Error(`缺少流水线输出文件 ${path}（先运行流水线，或用 XUESHI_OUT 指定输出目录）`);
  let json: unknown;
  try {
    json = JSON.parse(readUtf8(path));
  } catch (e) {
    throw new Error(`${path} 不是有效的 JSON：${(e as Error).message}`);
  }
  const result = validateInPlace(json, schema);
  if (!result.success) {
    const issues = result.issues.slice(0, 5).map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`${path} 不符合输出契约：\n${issues}`);
  }
  return result.data;
}

type Issue = { path: PropertyKey[]; message: string };

/**
 * A schema's verdict on parsed JSON without holding the file's tree twice: zod returns fresh
 * objects, so validating people.json (200,000 people) in one call kept the parsed tree and
 * its copy alive together (~1 GB more at province scale). Here each element of a top-level
 * array is validated and put back in its place as soon as it passes; the rest of the object
 * is validated as a whole. Same rules, same messages (paths like people.17.name).
 */
function validateInPlace<S extends z.ZodType>(json: unknown, schema: S): { success: true; data: z.infer<S> } | { success: false; issues: Issue[] } {
  if (!(schema instanceof ZodObject) || json === null || typeof json !== 'object' || Array.isArray(json)) {
    const r = schema.safeParse(json);
    return r.success ? { success: true, data: r.data } : { success: false, issues: r.error.issues };
  }
  const shape = schema.shape as Record<string, z.ZodType>;
  const input = json as Record<string, unknown>;
  const arrays = Object.keys(shape).filter((k) => shape[k] instanceof ZodArray && Array.isArray(input[k]));
  const issues: Issue[] = [];
  for (const key of arrays) {
    const element = (shape[key] as ZodArray<z.ZodType>).element;
    const rows = input[key] as unknown[];
    for (let i = 0; i < rows.length && issues.length < 5; i++) {
      const r = element.safeParse(rows[i]);
      if (r.success) rows[i] = r.data;
      else for (const issue of r.error.issues) issues.push({ path: [key, i, ...issue.path], message: issue.message });
    }
  }
  const others: Record<string, unknown> = {};
  for (const k of Object.keys(input)) if (!arrays.includes(k)) others[k] = input[k];
  const rest = schema.omit(Object.fromEntries(arrays.map((k) => [k, true])) as never).safeParse(others);
  if (!rest.success) issues.push(...rest.error.issues);
  if (issues.length) return { success: false, issues };
  const data: Record<string, unknown> = {};
  const restData = rest.data as Record<string, unknown>;
  for (const k of Object.keys(shape)) {
    if (arrays.includes(k)) data[k] = input[k];
    else if (k in restData) data[k] = restData[k];
  }
  return { success: true, data: data as z.infer<S> };
}


/**
 * Reads, validates and indexes an output directory (not memoised; see loadSiteData).
 * `people: false` leaves out people.json and ledger.json (no people, no ledger): for readers
 * that need only the units and branches, such as the deployment rules (scripts/deploy.ts).
 */
export function readSiteData(dir: string, { people = true }: { people?: boolean } = {}): SiteData {
  const peopleFile = people ? readOutput(dir, 'people.json') : { people: [] };
  const unitsFile = readOutput(dir, 'units.json');
  const branchesFile = readOutput(dir, 'branches.json');
  const sessionsFile = readOutput(dir, 'sessions.json');
  const summary = readOutput(dir, 'summary.json');
  const timeline = readOutput(dir, 'timeline.json');
  const coursesFile = readOutput(dir, 'courses.json');
  const anomalies = readOutput(dir, 'anomalies.json');
  const quality = readOutput(dir, 'quality.json');
  const outlookFile = readOutput(dir, 'outlook.json');
  const rhythm = readOutput(dir, 'rhythm.json');
  // An output folder written before 学时真实性 has no integrity.json: no flags, not an error.
  const integrityFile = existsSync(join(dir, 'integrity.json')) ? readOutput(dir, 'integrity.json') : noIntegrity(summary.period.id, summary.asOf);
  const integrity = people ? integrityFile : { ...integrityFile, flags: [], clusters: [] };
  // Without people (deployment rules), the 预警 list's names are not kept either.
  const outlook = people ? outlookFile : { ...outlookFile, people: [] };

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
  for (const b of branches) b.sessions.sort((x, y) => byCodeUnit(x.date, y.date) || byCodeUnit(x.sessionId, y.sessionId));

  const courses = coursesFile.courses;
  const { history, ledger, archive, currentDrop } = readDrops(dir, summary, unitsFile, branchesFile, people);
  return {
    dir, period: summary.period, asOf: summary.asOf, summary, timeline, courses,
    requiredCourses: courses.filter((c) => c.required), anomalies, quality,
    people: peopleFile.people, units, branches, unitById, branchById,
    courseById: new Map(courses.map((c) => [c.courseId, c])),
    history, ledger, archive, currentDrop,
    outlook, rhythm, integrity, outlookOf: new Map(outlook.people.map((p, risk) => [p.personId, { ...p, risk }])),
  };
}

const sameDrop = (a: { periodId: string; asOf: string }, b: { periodId: string; asOf: string }) => a.periodId === b.periodId && a.asOf === b.asOf;

/**
 * history.json, ledger.json and the archive. They must describe the same current drop as the
 * nine files (a folder mixing two runs is refused), and every drop of the history must have
 * its archive folder: an archived 通报 is never rebuilt from anything else.
 */
function readDrops(dir: string, summary: SummaryFile, unitsFile: UnitsFile, branchesFile: BranchesFileLike, withLedger: boolean) {
  const current = { periodId: summary.period.id, asOf: summary.asOf };
  const historyPath = join(dir, 'history.json');
  if (!existsSync(historyPath)) {
    // One drop (a dataset folder, not a root): its period's first, so 较上期 says 首次统计.
    const t = summary.totals;
    const history: HistoryFile = {
      schemaVersion: 1, current, previous: null,
      drops: [{ ...current, ordinal: 1, registered: t.registered, qualified: t.qualified, excellent: t.excellent, inProgress: t.inProgress, failed: t.failed, rate: t.rate, excellentRate: t.excellentRate, avgHours: t.avgHours, outlook: summary.outlook }],
      units: [...unitsFile.units].sort((a, b) => byCodeUnit(a.unitId, b.unitId)).map((u) => ({ unitId: u.unitId, drops: [groupDrop(current, u)] })),
      branches: [...branchesFile.branches].sort((a, b) => byCodeUnit(a.branchId, b.branchId)).map((b) => ({ branchId: b.branchId, drops: [groupDrop(current, b)] })),
      newlyQualified: null,
    };
    const digest: DropDigest = { schemaVersion: 1, ...current, ordinal: 1, previous: null, newlyQualified: null, noLongerQualified: null };
    const periodSlug = periodSlugs([current.periodId]).get(current.periodId)!;
    const only: ArchivedDrop = { ...current, ordinal: 1, summary, units: unitsFile.units, digest, periodSlug, path: noticePath(periodSlug, current.asOf) };
    return { history, ledger: withLedger ? readLedger(dir, summary) : null, archive: [only], currentDrop: only };
  }
  const history = readJson(historyPath, HistoryFileSchema);
  if (!sameDrop(history.current, current)) {
    throw new Error(`${historyPath}：当前批次（${history.current.periodId} ${history.current.asOf}）与 summary.json（${current.periodId} ${current.asOf}）不一致`);
  }
  const slugs = periodSlugs(history.drops.map((d) => d.periodId));
  const archive = history.drops.map((d): ArchivedDrop => {
    const folder = join(dir, 'drops', ...dropFolder(d.periodId, d.asOf).split('/'));
    const dropSummary = readJson(join(folder, 'summary.json'), OUTPUT_FILES['summary.json']);
    const dropUnits = readJson(join(folder, 'units.json'), OUTPUT_FILES['units.json']);
    const digest = readJson(join(folder, 'drop.json'), DropDigestSchema);
    for (const [name, got] of [['summary.json', { periodId: dropSummary.period.id, asOf: dropSummary.asOf }], ['units.json', dropUnits], ['drop.json', digest]] as const) {
      if (!sameDrop(got, d)) throw new Error(`${join(folder, name)}：批次（${got.periodId} ${got.asOf}）与所在目录（${d.periodId} ${d.asOf}）不一致`);
    }
    if (digest.ordinal !== d.ordinal) throw new Error(`${join(folder, 'drop.json')}：第${digest.ordinal}期与 history.json 的第${d.ordinal}期不一致`);
    const periodSlug = slugs.get(d.periodId)!;
    return { periodId: d.periodId, asOf: d.asOf, ordinal: d.ordinal, summary: dropSummary, units: dropUnits.units, digest, periodSlug, path: noticePath(periodSlug, d.asOf) };
  });
  const currentDrop = archive.find((a) => sameDrop(a, current));
  if (!currentDrop) throw new Error(`${historyPath}：drops 中没有当前批次（${current.periodId} ${current.asOf}）`);
  return { history, ledger: withLedger ? readLedger(dir, summary) : null, archive, currentDrop };
}

type BranchesFileLike = { branches: BranchStat[] };

function groupDrop(drop: { periodId: string; asOf: string }, s: UnitStat | BranchStat) {
  return { ...drop, registered: s.registered, qualified: s.qualified, rate: s.rate, excellentRate: s.excellentRate, rank: s.rank, outlook: s.outlook };
}

function readLedger(dir: string, summary: SummaryFile): LedgerFile | null {
  const path = join(dir, 'ledger.json');
  if (!existsSync(path)) return null;
  const ledger = readJson(path, LedgerFileSchema);
  if (ledger.asOf !== summary.asOf) throw new Error(`${path}：数据截至 ${ledger.asOf} 与 summary.json 的 ${summary.asOf} 不一致`);
  return ledger;
}

/** URL slugs of period ids (an id may hold `/` or `..`): the unit and branch slug rules. */
export function periodSlugs(ids: Iterable<string>): Map<string, string> {
  return assignSlugs(ids);
}

/** The drop before `drop` in its period, from the archive (null for a period's first drop). */
export function previousArchived(archive: readonly ArchivedDrop[], drop: ArchivedDrop): ArchivedDrop | null {
  const prev = drop.digest.previous;
  if (!prev) return null;
  const found = archive.find((a) => sameDrop(a, prev));
  if (!found) throw new Error(`通报存档缺少 ${drop.periodId} ${drop.asOf} 的上一批次（${prev.periodId} ${prev.asOf}）`);
  return found;
}

/** A person's place in the most-at-risk-first 预警 order (undefined: no 预警), for followUpList. */
export function riskOf(data: SiteData): (personId: string) => number | undefined {
  return (personId) => data.outlookOf.get(personId)?.risk;
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

/** The static paths of the 通报 archive: one per drop, with the drop before it (page and .docx alike). */
export function archivedNoticePaths(): { params: { period: string; asOf: string }; props: { drop: ArchivedDrop; previous: ArchivedDrop | null } }[] {
  const data = loadSiteData();
  return data.archive.map((drop) => ({
    params: { period: drop.periodSlug, asOf: drop.asOf },
    props: { drop, previous: previousArchived(data.archive, drop) },
  }));
}

/**
 * The static paths of the archived 通报s' annexes (site/lib/paging.ts noticeAnnex): every page
 * of each drop's own annex, page 1 at `annex/`; none for a 通报 that keeps its table in its body.
 */
export function archivedAnnexPaths(): { params: { period: string; asOf: string; page: string | undefined }; props: { drop: ArchivedDrop; previous: ArchivedDrop | null; page: number } }[] {
  return archivedNoticePaths().flatMap(({ params, props }) => annexPageNumbers(props.drop).map((page) => ({
    params: { ...params, page: page === 1 ? undefined : String(page) },
    props: { ...props, page },
  })));
}

/** The page numbers of a drop's 通报 annex: 1 … pages, or none when its table stays in the 通报. */
export function annexPageNumbers(drop: ArchivedDrop): number[] {
  const annex = noticeAnnex(drop.units.length);
  return annex ? Array.from({ length: annex.pages }, (_, i) => i + 1) : [];
}

/**
 * What every unit and branch page asks of the whole site — how many are ranked, its 学时真实性
 * counts and flags — indexed once per build instead of found by a scan of every unit, branch
 * or flag on each page (at a province's 2,900 unit and 11,800 branch pages the scans were
 * O(pages × groups): ~20 s of the build's CPU, bench/RESULTS.md).
 */
export interface GroupIndex {
  readonly rankedUnits: number;
  readonly rankedBranches: number;
  /** integrity.json's counts per rule of a unit (by unitId) or branch (by branchId). */
  readonly integrityOfUnit: ReadonlyMap<string, IntegrityFile['totals']>;
  readonly integrityOfBranch: ReadonlyMap<string, IntegrityFile['totals']>;
  /** integrity.json's flags of a unit's or a branch's people, in the file's order. */
  readonly flagsOfUnit: ReadonlyMap<string, IntegrityFile['flags']>;
  readonly flagsOfBranch: ReadonlyMap<string, IntegrityFile['flags']>;
}

const groupIndexes = new WeakMap<SiteData, GroupIndex>();

/** The site's GroupIndex, built on first use. */
export function groupIndex(data: SiteData): GroupIndex {
  let index = groupIndexes.get(data);
  if (!index) {
    const flagsOfUnit = new Map<string, IntegrityFile['flags']>();
    const flagsOfBranch = new Map<string, IntegrityFile['flags']>();
    for (const f of data.integrity.flags) {
      (flagsOfUnit.get(f.unitId) ?? flagsOfUnit.set(f.unitId, []).get(f.unitId)!).push(f);
      (flagsOfBranch.get(f.branchId) ?? flagsOfBranch.set(f.branchId, []).get(f.branchId)!).push(f);
    }
    index = {
      rankedUnits: data.units.filter((u) => u.stat.rank !== null).length,
      rankedBranches: data.branches.filter((b) => b.stat.rank !== null).length,
      integrityOfUnit: new Map(data.integrity.units.map((u) => [u.unitId, u.rules])),
      integrityOfBranch: new Map(data.integrity.branches.map((b) => [b.branchId, b.rules])),
      flagsOfUnit,
      flagsOfBranch,
    };
    groupIndexes.set(data, index);
  }
  return index;
}
