/**
 * Every drop of a data root, each either computed from its folder or taken from the history
 * store, in docs/ order (history/order.ts). A drop is computed only when the store has no
 * trustworthy entry for exactly its files, options and pipeline version; a drop whose folder
 * vanished from the root is taken from the store. Only the files history needs are read back:
 * summary/units/branches/qualified of every drop, people of a few, all of the current one.
 */
import type { Outputs } from '../emit/write.ts';
import type {
  BranchesFile, IntegrityFile, PersonResult, QualityFile, SummaryFile, UnitsFile,
} from '../contract/outputs.ts';
import { isQualifiedGrade, OUTPUT_FILES } from '../contract/outputs.ts';
import type { Period } from '../contract/period.ts';
import { byCodeUnit } from '../contract/compare.ts';
import { FatalInputError } from '../ingest/errors.ts';
import { sequenceOf } from '../history/order.ts';
import { contentHash, contentHashBeside } from './hash.ts';
import { type DropSource, findDrops } from './root.ts';
import { implausibleAsOf } from './plausible.ts';
import { latestEventDayOf } from '../ingest/as-of.ts';
import { parseDay } from '../contract/calendar.ts';
import { join } from 'node:path';
import {
  HistoryStore, type LoadedEntry, type Manifest, type OutputOptions, QUALIFIED_FILE, type StoreEntry, storeDir,
} from './store.ts';
import { PIPELINE_VERSION } from './version.ts';

/** One drop as history needs it. */
export interface CollectedDrop {
  readonly periodId: string;
  readonly asOf: string;
  readonly ordinal: number;
  readonly period: Period;
  /** The folder relative to the root, or null when it vanished (taken from the store). */
  readonly folder: string | null;
  readonly summary: SummaryFile;
  readonly units: UnitsFile;
  readonly branches: BranchesFile;
  /** personIds graded 合格/优秀, sorted. */
  readonly qualified: readonly string[];
  /** Only for the current drop, its previous one and each ledger period's latest drop. */
  readonly people: readonly PersonResult[] | null;
  /** Only for the current drop and its previous one. */
  readonly quality: QualityFile | null;
  /** Only for the current drop and its previous one (which flags are new: analysis/integrity.ts). */
  readonly integrity: IntegrityFile | null;
  /** Only for the current drop: all of its docs/outputs.md outputs. */
  readonly outputs: Outputs | null;
  /**
   * Only for a drop computed by this run: the store entry just written from `outputs`, whose
   * files the output folder copies instead of serialising them again (null: serialise).
   */
  readonly storedIn: string | null;
}

export interface DropEvent {
  readonly action: '计算' | '复用';
  readonly periodId: string;
  readonly asOf: string;
  readonly ordinal: number;
  readonly folder: string | null;
  /** Why it was computed although an entry existed, or where a reused drop came from. */
  readonly note: string | null;
}

export interface CollectOptions {
  /** --history DIR; undefined = the default store, divided per data root. */
  readonly history?: string;
  /** Options that change outputs (recorded in the manifest). */
  readonly outputOptions: OutputOptions;
  readonly onDrop?: (event: DropEvent) => void;
  /** --as-of was given: refused for a root (each drop's asOf is its identity). */
  readonly refuseAsOf?: boolean;
}

export interface Collected {
  readonly single: boolean;
  readonly store: string;
  /** In docs/ order; the current drop last. */
  readonly drops: readonly CollectedDrop[];
  /** Position of the current drop's previous drop, or null. */
  readonly previous: number | null;
  /** Positions of each period's latest drop, in period order. */
  readonly periodLatest: readonly number[];
}

type Compute = (dir: string) => Promise<Outputs>;

interface Candidate {
  readonly periodId: string;
  readonly asOf: string;
  readonly windowStart: string;
  readonly source: DropSource | null;
  readonly entry: StoreEntry | null;
}

const qualifiedOf = (people: readonly PersonResult[]) =>
  people.filter((p) => isQualifiedGrade(p.grade)).map((p) => p.personId).sort(byCodeUnit);

const sameOptions = (a: OutputOptions, b: OutputOptions) => a.asOf === b.asOf && a.encoding === b.encoding;

function refused(entry: StoreEntry, problem: string): FatalInputError {
  return new FatalInputError(entry.dir, `历史存储中的数据批次（期 ${entry.manifest?.periodId ?? (entry as { periodId: string }).periodId}，数据截至 ${entry.manifest?.asOf ?? (entry as { asOf: string }).asOf}）不可用：${problem}；而数据目录中已没有该批次的文件夹，无法重新计算。请把该批次的数据文件夹放回数据目录后重跑（将重新计算），或删除该条目文件夹（该批次将不再计入历史）`);
}

/** What every step of collecting shares: the store, how to compute a drop, the options, the report. */
interface Collecting {
  readonly store: HistoryStore;
  readonly compute: Compute;
  readonly options: CollectOptions;
  readonly report: (action: DropEvent['action'], id: { periodId: string; asOf: string }, ordinal: number, folder: string | null, note: string | null) => void;
}

/** Which of a drop's files its users need read back (wanted()). */
interface Needs {
  readonly people: boolean;
  readonly quality: boolean;
  /** The current drop: all of its outputs. */
  readonly current: boolean;
}

const ALL: Needs = { people: true, quality: true, current: true };

export async function collectDrops(dataDir: string, compute: Compute, options: CollectOptions): Promise<Collected> {
  const root = await findDrops(dataDir);
  const store = new HistoryStore(storeDir(options.history, dataDir));
  await store.claim();
  const entries = await store.entries();
  const report: Collecting['report'] = (action, c, ordinal, folder, note) =>
    options.onDrop?.({ action, periodId: c.periodId, asOf: c.asOf, ordinal, folder, note });
  const ctx: Collecting = { store, compute, options, report };
  if (root.single) return collectSingle(ctx, root.drops[0], entries);
  // A root: identities are known from period.json before anything is computed.
  if (options.refuseAsOf) {
    throw new FatalInputError('--as-of', `数据目录 ${dataDir} 是含多个数据批次的数据根目录：每个批次的数据截至日期就是其标识，由各自 period.json 的 asOf 给出，不能用 --as-of 统一改写。--as-of 只用于单个数据集文件夹`);
  }
  return collectRoot(ctx, root.drops, entries);
}

/**
 * One dataset folder: one drop, its identity possibly known only once computed (a derived
 * asOf). The store serves as a cache of exactly this folder; other entries never count.
 */
async function collectSingle(ctx: Collecting, source: DropSource, entries: readonly StoreEntry[]): Promise<Collected> {
  const asOf = ctx.options.outputOptions.asOf ?? source.asOf;
  const sameDrop = entries.filter((e) => e.manifest !== null && e.manifest.periodId === source.period.id
    && (asOf === undefined || e.manifest.asOf === asOf));
  let drop: CollectedDrop;
  if (!sameDrop.length) {
    // Nothing stored for this drop: it is computed whatever the hash says, so the hash is
    // made beside the computation and only awaited to store the result.
    drop = await present(ctx, source, { hash: contentHashBeside(source.dir), entry: null, ordinal: 1, stale: null, needs: ALL, candidates: null });
  } else {
    const hash = await contentHash(source.dir);
    const match = sameDrop.find((e) => reusable(e.manifest!, hash, ctx.options.outputOptions));
    drop = await present(ctx, source, { hash, entry: match ?? null, ordinal: 1, stale: null, needs: ALL, candidates: null });
  }
  return { single: true, store: ctx.store.dir, drops: [drop], previous: null, periodLatest: [0] };
}

/** Every drop of a root: those present in it, and those that vanished from it but are stored. */
async function collectRoot(ctx: Collecting, sources: readonly DropSource[], entries: readonly StoreEntry[]): Promise<Collected> {
  const { candidates, vanishedSummaries } = await rootCandidates(ctx.store, sources, entries);
  const seq = sequenceOf(presentLast(candidates));
  const current = seq.current;
  const previous = seq.previous[current];
  const ledgerYear = (seq.drops[current].source?.period ?? null)?.year;
  const needPeople = new Set<number>([current, ...(previous === null ? [] : [previous])]);
  for (const p of seq.periods) {
    const c = seq.drops[p.latest];
    const year = c.source ? c.source.period.year : vanishedSummaries.get(key(c.periodId, c.asOf))!.files['summary.json']!.period.year;
    if (year === ledgerYear) needPeople.add(p.latest);
  }
  const drops: CollectedDrop[] = [];
  for (const [i, c] of seq.drops.entries()) {
    const needs: Needs = { people: needPeople.has(i), quality: i === current || i === previous, current: i === current };
    drops.push(await collectOne(ctx, c, seq.ordinals[i], needs, seq.drops));
  }
  return { single: false, store: ctx.store.dir, drops, previous, periodLatest: seq.periods.map((p) => p.latest) };
}

/**
 * The drops of a root as candidates: each present drop with its store entry (if any), and each
 * stored drop whose folder vanished (its summary read, for its window and year). A stored entry
 * that is unusable while its folder is gone stops the run: it cannot be recomputed.
 */
async function rootCandidates(store: HistoryStore, sources: readonly DropSource[], entries: readonly StoreEntry[]): Promise<{ candidates: Candidate[]; vanishedSummaries: Map<string, LoadedEntry> }> {
  const entryOf = new Map(entries.map((e) => [key(e.manifest?.periodId ?? (e as { periodId: string }).periodId, e.manifest?.asOf ?? (e as { asOf: string }).asOf), e]));
  const presentIds = new Set(sources.map((d) => key(d.period.id, d.asOf!)));
  const candidates: Candidate[] = sources.map((d) => ({ periodId: d.period.id, asOf: d.asOf!, windowStart: d.period.window.start, source: d, entry: entryOf.get(key(d.period.id, d.asOf!)) ?? null }));
  const vanishedSummaries = new Map<string, LoadedEntry>();
  for (const e of entries) {
    if (e.manifest === null) {
      if (!presentIds.has(key(e.periodId, e.asOf))) throw refused(e, e.problem);
      continue;
    }
    if (presentIds.has(key(e.manifest.periodId, e.manifest.asOf))) continue;
    const loaded = await store.load(e, new Set(['summary.json']));
    if (typeof loaded === 'string') throw refused(e, loaded);
    vanishedSummaries.set(key(e.manifest.periodId, e.manifest.asOf), loaded);
    candidates.push({ periodId: e.manifest.periodId, asOf: e.manifest.asOf, windowStart: loaded.files['summary.json']!.period.window.start, source: null, entry: e });
  }
  return { candidates, vanishedSummaries };
}

/**
 * The candidates without the vanished drops that would come after the last present one: a
 * vanished drop never becomes the current one, nor follows it — the current drop is always one
 * the user handed in (deleting a bad newest drop's folder takes it out of the site).
 */
function presentLast(candidates: readonly Candidate[]): readonly Candidate[] {
  const ordered = sequenceOf(candidates).drops;
  let lastPresent = ordered.length - 1;
  while (ordered[lastPresent].source === null) lastPresent--;
  return ordered.slice(0, lastPresent + 1);
}

/** One drop of a root: present (reused or computed) or vanished (taken from the store). */
async function collectOne(ctx: Collecting, c: Candidate, ordinal: number, needs: Needs, candidates: readonly Candidate[]): Promise<CollectedDrop> {
  if (c.source) {
    // A new drop: computed whatever its hash, which is made beside the computation.
    if (c.entry === null) return present(ctx, c.source, { hash: contentHashBeside(c.source.dir), entry: null, ordinal, stale: null, needs, candidates });
    const hash = await contentHash(c.source.dir);
    const entry = c.entry.manifest && reusable(c.entry.manifest, hash, ctx.options.outputOptions) ? c.entry : null;
    const stale = entry === null ? staleReason(c.entry, hash, ctx.options.outputOptions) : null;
    return present(ctx, c.source, { hash, entry, ordinal, stale, needs, candidates });
  }
  const e = c.entry as StoreEntry & { manifest: Manifest };
  const loaded = await ctx.store.load(e, wanted(needs));
  if (typeof loaded === 'string') throw refused(e, loaded);
  const foreign = e.manifest.pipelineVersion === PIPELINE_VERSION ? '' : `；由另一版本的流水线（${e.manifest.pipelineVersion}）计算，已按当前输出格式校验，按原样计入`;
  ctx.report('复用', c, ordinal, null, `数据文件夹 ${e.manifest.folder} 已不在数据目录中，取自历史存储${foreign}`);
  return fromEntry(c, ordinal, null, loaded);
}

/** How a present drop is to be had. */
interface PresentDrop {
  /** The content hash of its folder (or its promise, when it is made beside the computation). */
  readonly hash: string | Promise<string>;
  /** A stored entry to reuse, or null to compute. */
  readonly entry: StoreEntry | null;
  readonly ordinal: number;
  /** Why it is computed although an entry existed. */
  readonly stale: string | null;
  readonly needs: Needs;
  /** A root's drops, to refuse a misdated one before it is stored; null for a single dataset. */
  readonly candidates: readonly Candidate[] | null;
}

/** A drop whose folder is present: reused from `entry` when it loads cleanly, else computed and stored. */
async function present(ctx: Collecting, source: DropSource, how: PresentDrop): Promise<CollectedDrop> {
  const { store, options, report } = ctx;
  let why = how.stale;
  if (how.entry?.manifest) {
    const loaded = await store.load(how.entry as StoreEntry & { manifest: Manifest }, wanted(how.needs));
    if (typeof loaded !== 'string') {
      report('复用', how.entry.manifest, how.ordinal, source.folder, null);
      return fromEntry({ periodId: how.entry.manifest.periodId, asOf: how.entry.manifest.asOf }, how.ordinal, source.folder, loaded);
    }
    why = `历史存储中的条目已损坏（${loaded}），重新计算`;
  }
  const outputs = await ctx.compute(source.dir);
  // Before it is stored under an identity its own data contradicts (docs/gate.md).
  if (how.candidates !== null) refuseMisdated(source, how.candidates);
  const people = outputs['people.json'].people;
  const summary = outputs['summary.json'];
  const id = { periodId: summary.period.id, asOf: summary.asOf };
  report('计算', id, how.ordinal, source.folder, why);
  const qualified = qualifiedOf(people);
  const storedIn = await store.save({ ...id, folder: source.folder, contentHash: await how.hash, options: options.outputOptions, pipelineVersion: PIPELINE_VERSION }, outputs, qualified);
  const { needs } = how;
  return {
    ...id, ordinal: how.ordinal, period: summary.period, folder: source.folder, summary,
    units: outputs['units.json'], branches: outputs['branches.json'], qualified,
    people: needs.people ? people : null, quality: needs.quality ? outputs['quality.json'] : null,
    integrity: needs.quality ? outputs['integrity.json'] : null,
    outputs: needs.current ? outputs : null, storedIn: needs.current ? storedIn : null,
  };
}

/**
 * A drop of a root whose own data is newer than a later drop of its period (its latest event
 * well after its asOf, and after the later drop's asOf): its asOf was typed too early, so it is
 * ordered before a drop it is newer than, and every comparison (较上期, shrunk, regressed) would
 * blame that later, correct drop for "losing" rows. Fatal, naming the misdated drop.
 */
function refuseMisdated(source: DropSource, candidates: readonly Candidate[]): void {
  const latest = latestEventDayOf(source.dir);
  const doubt = implausibleAsOf(source.asOf!, latest);
  if (doubt === null || latest === undefined) return;
  const overtaken = candidates
    .filter((c) => c.periodId === source.period.id && c.asOf > source.asOf! && (parseDay(c.asOf) as number) < latest)
    .sort((a, b) => byCodeUnit(a.asOf, b.asOf))[0];
  if (!overtaken) return;
  const where = overtaken.source ? overtaken.source.folder : '历史存储中';
  const file = join(source.folder, 'period.json');
  throw new FatalInputError(file, `这个数据批次的 asOf ${source.asOf} 很可能写错了：${doubt}，比数据截至 ${overtaken.asOf} 的批次（${where}）还新。` +
    `按写错的 asOf 它会排在那个批次之前，与之比较会把正确的那一批当成“减少了”的不完整导出。请把 ${file} 的 asOf 改为这批数据实际导出的日期后重新运行（不要删除 ${where} 的批次）`);
}

function key(periodId: string, asOf: string): string {
  return `${periodId}\u0000${asOf}`;
}

function reusable(m: Manifest, hash: string, opts: OutputOptions): boolean {
  return m.contentHash === hash && m.pipelineVersion === PIPELINE_VERSION && sameOptions(m.options, opts);
}

function staleReason(e: StoreEntry, hash: string, opts: OutputOptions): string {
  if (e.manifest === null) return `历史存储中的条目不可用（${e.problem}），重新计算`;
  if (e.manifest.contentHash !== hash) return '数据文件有变化，重新计算';
  if (e.manifest.pipelineVersion !== PIPELINE_VERSION) return `历史存储中的条目由另一版本的流水线（${e.manifest.pipelineVersion}）计算，重新计算`;
  if (!sameOptions(e.manifest.options, opts)) return '运行选项（--encoding）与历史存储中的条目不同，重新计算';
  return '重新计算';
}

function wanted(needs: Needs): Set<string> {
  if (needs.current) return new Set([...Object.keys(OUTPUT_FILES), QUALIFIED_FILE]);
  const names = ['summary.json', 'units.json', 'branches.json', QUALIFIED_FILE];
  if (needs.people) names.push('people.json');
  if (needs.quality) names.push('quality.json', 'integrity.json');
  return new Set(names);
}

function fromEntry(id: { periodId: string; asOf: string }, ordinal: number, folder: string | null, loaded: LoadedEntry): CollectedDrop {
  const f = loaded.files;
  const summary = f['summary.json']!;
  return {
    periodId: id.periodId, asOf: id.asOf, ordinal, period: summary.period, folder, summary,
    units: f['units.json']!, branches: f['branches.json']!,
    qualified: f[QUALIFIED_FILE]!.personIds,
    people: f['people.json']?.people ?? null,
    quality: f['quality.json'] ?? null,
    integrity: f['integrity.json'] ?? null,
    outputs: f['timeline.json'] === undefined ? null : f as Outputs,
    // Reused: its outputs went through JSON and the schemas, so they are serialised afresh.
    storedIn: null,
  };
}
