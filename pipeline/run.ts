/**
 * The pipeline as one function: dataset folder → every output file. ingest builds the model,
 * the rules evaluate each person, stats aggregate, and the result is handed to emit.
 */
import { join } from 'node:path';
import { formatDay, parseDay } from './contract/calendar.ts';
import {
  attendanceFile, branchesFile, commentsFile, coursesFile, extensionsFile, reportsFile, reviewsFile,
  rosterFile, selfStudyFile, sessionsFile, unitsFile, viewsFile,
} from './contract/inputs.ts';
import type { Dataset } from './contract/model.ts';
import { INTEGRITY_RULES, integrityOf, outlookThresholds } from './contract/period.ts';
import { deductComments } from './rules/deductions.ts';
import type { Funnel, HistoryFile, LedgerFile, OutlookCounts, OutlookPerson, PersonResult, QualityFile, SessionsFile, SummaryFile } from './contract/outputs.ts';
import {
  DropDigestSchema, dropFolder, HistoryFileSchema, LedgerFileSchema, SCHEMA_VERSION, SummaryFileSchema, UnitsFileSchema,
} from './contract/outputs.ts';
import { type Collected, type CollectedDrop, collectDrops, type DropEvent } from './drops/collect.ts';
import { storeDir } from './drops/store.ts';
import { FatalInputError } from './ingest/errors.ts';
import { historyFolderProblem } from './folders/guard.ts';
import { digestOf } from './history/digest.ts';
import { ledgerOf } from './history/ledger.ts';
import { readOtherTraining } from './ingest/other-training.ts';
import { historyOf } from './history/series.ts';
import {
  noLongerQualifiedWarning, regressedFindings, regressionsOf, shrunkPerUnit, shrunkProblems, unitShrunkProblems,
} from './gate/shrunk.ts';
import { WitnessTally, witnessOf } from './gate/witnesses.ts';
import { UnitTally } from './gate/unit-tally.ts';
import { OutsideWindowTally } from './gate/values.ts';
import { type ExtensionRecord, ingestDataset, type IngestOptions } from './ingest/dataset.ts';
import type { QualityTally } from './ingest/quality-tally.ts';
import { dayInRange, deadlineOf, periodDay, rangeOf, registeredLate } from './rules/deadline.ts';
import { evaluatePerson } from './rules/person.ts';
import { qualifiedOn } from './rules/qualified-on.ts';
import { parallelCoursesOf } from './rules/online.ts';
import { AnomalyFinder } from './stats/anomalies.ts';
import { againstPrevious, IntegrityFinder } from './analysis/integrity.ts';
import { CopyPasteThread, type CopyPasteThreadOptions } from './copy-paste-thread.ts';
import { CourseActivity } from './stats/courses.ts';
import { branchStats, coverageGaps, unitStats } from './stats/groups.ts';
import { summaryOf } from './stats/summary.ts';
import { gate } from './gate/gate.ts';
import { DailyActivity } from './stats/timeline.ts';
import { type FileToWrite, jsonFile, writeOutputs, type Outputs } from './emit/write.ts';
import { releaseDeadMemory } from './runtime/memory.ts';
import { phase } from './runtime/timings.ts';
import { lastStudyDay } from './analysis/activity.ts';
import { addToFunnel, emptyFunnel, funnelDepth } from './analysis/funnel.ts';
import { countState, emptyOutlookCounts, outlookFile, outlookOf, type OutlookInput } from './analysis/outlook.ts';
import { StudyRhythm } from './analysis/rhythm.ts';

/** The order files are listed in quality.json (docs/data-format.md's order). */
export const QUALITY_FILE_ORDER = [
  unitsFile, branchesFile, rosterFile, coursesFile, viewsFile, commentsFile, sessionsFile,
  attendanceFile, selfStudyFile, reportsFile, reviewsFile, extensionsFile,
].map((f) => f.name);

export async function computeOutputs(dataDir: string, options: IngestOptions & CopyPasteThreadOptions = {}): Promise<Outputs> {
  // Copy-paste's thread starts once comments.csv is read, and works while this thread evaluates everyone (copy-paste-thread.ts).
  const copyPaste = new CopyPasteThread(options);
  let ingested: Awaited<ReturnType<typeof ingestDataset>>;
  try {
    ingested = await ingestDataset(dataDir, {
      ...options,
      onFileRead: (file, accepted) => { options.onFileRead?.(file, accepted); if (file === commentsFile.name) copyPaste.prepare(accepted); },
    });
  } catch (e) {
    copyPaste.cancel();
    throw e;
  }
  const { dataset: data, qualityTally, extensions } = ingested;
  orderIngestWarnings(qualityTally);
  const { period, asOf } = data;
  phase('读取完成');
  const integrity = new IntegrityFinder(data);
  const copies = copyPaste.run(integrity.copyJob);
  phase('学时真实性（评论，交给线程）');
  const startDay = periodDay(period.window.start);
  // Deadlines first: the timeline's last day and which sessions lie in the period depend on them.
  let latestDeadline = periodDay(period.window.end);
  for (const rec of data.people) latestDeadline = Math.max(latestDeadline, deadlineOf(period, rec.extensions).day);
  const lastDay = Math.min(asOf, latestDeadline);

  // When period.json deducts copies, the rules must know them before anyone is evaluated.
  if (integrityOf(period).deduct.includes('copy-paste')) {
    integrity.receiveCopies(await copies());
    deductComments(data, integrity.copiedComments);
    phase('学时真实性（评论）');
  }
  const ev = evaluateEveryone(data, startDay, lastDay, integrity);
  ev.outsideWindow.addSessions(data, startDay, latestDeadline);
  phase('逐人计算');
  const { sessions, held } = sessionsOf(data, (day) => day >= startDay && day <= lastDay);
  ev.outside[sessionsFile.name] = sessions.filter((s) => !s.inWindow).length;
  for (const [file, n] of Object.entries(ev.outside)) qualityTally.ignore(file, n);
  warnWhatRulesReveal(data, extensions, qualityTally);
  const groups = analyseGroups(data, held, ev.outlookInputs);
  phase('大数据分析');

  const units = unitStats(data.units, data.branches, ev.people, (id) => groups.of(`u:${id}`));
  const branches = branchStats(data.branches, ev.people, held, (id) => groups.of(`b:${id}`));
  const unitGaps = coverageGaps(units, (u) => u.unitId);
  const branchGaps = coverageGaps(branches, (b) => b.branchId);
  const quality = gatedQuality(data, extensions, qualityTally, ev);
  phase('统计');
  const rhythmFile = ev.rhythm.file(period.id, asOf, data.units.map((u) => u.unitId));
  if (!integrity.receivedCopies) {
    integrity.receiveCopies(await copies());
    phase('学时真实性（评论，等待）');
  }
  const integrityFile = ev.integrity.file();
  phase('学时真实性');
  const asOfIso = formatDay(asOf);
  return {
    'people.json': { schemaVersion: SCHEMA_VERSION, periodId: period.id, asOf: asOfIso, people: ev.people },
    'units.json': { schemaVersion: SCHEMA_VERSION, periodId: period.id, asOf: asOfIso, units, coverageGaps: unitGaps },
    'branches.json': { schemaVersion: SCHEMA_VERSION, periodId: period.id, asOf: asOfIso, branches, coverageGaps: branchGaps },
    'sessions.json': { schemaVersion: SCHEMA_VERSION, periodId: period.id, sessions },
    'summary.json': {
      ...summaryOf(period, asOf, latestDeadline, ev.people, { units: units.length, branches: branches.length, coverageGaps: unitGaps.length }, { ...groups.total, cram: rhythmFile.cram }),
      integrity: Object.fromEntries(INTEGRITY_RULES.map((r) => [r, integrityFile.totals[r].people])) as SummaryFile['integrity'],
    },
    'timeline.json': ev.daily.timeline(),
    'courses.json': ev.courseActivity.file(),
    'anomalies.json': ev.anomalies.file(ev.outside, branches),
    'quality.json': quality,
    'outlook.json': outlookFile(period, asOf, groups.thresholds, groups.outlookPeople),
    'rhythm.json': rhythmFile,
    'integrity.json': integrityFile,
  };
}

/**
 * Ingest's warnings in file order (docs/'s), each file's in the order met: the files are read
 * in another order, and views.csv's header is read early on two threads but last on one — the
 * outputs must not depend on which (README: byte-identical either way).
 */
function orderIngestWarnings(qualityTally: QualityTally): void {
  const fileOrder = new Map<string | null, number>([[null, -2], ['period.json', -1], ...QUALITY_FILE_ORDER.map((f, i) => [f, i] as const)]);
  const rankOf = (file: string | null) => fileOrder.get(file) ?? QUALITY_FILE_ORDER.length;
  const ordered = qualityTally.warnings.map((w, i) => ({ w, i })).sort((a, b) => rankOf(a.w.file) - rankOf(b.w.file) || a.i - b.i).map((x) => x.w);
  qualityTally.warnings.splice(0, qualityTally.warnings.length, ...ordered);
}

/** Everything the one pass over people collects, besides each person's result. */
interface Evaluated {
  readonly people: PersonResult[];
  readonly daily: DailyActivity;
  readonly courseActivity: CourseActivity;
  readonly anomalies: AnomalyFinder;
  readonly integrity: IntegrityFinder;
  readonly rhythm: StudyRhythm;
  readonly outlookInputs: OutlookInput[];
  readonly witnesses: WitnessTally;
  readonly unitTally: UnitTally;
  /** Rows outside the window and the extensions, for the gate's `outside-window` (sessions added later). */
  readonly outsideWindow: OutsideWindowTally;
  /** Accepted rows that fell outside a person's range, per event file (sessions filled in later). */
  readonly outside: Record<string, number>;
}

/**
 * The rules for every person, in one pass that also feeds the statistics, the analyses
 * (docs/analysis.md: credited intervals by weekday × hour and unit, each person's last study)
 * and the invariants' witnesses (docs/gate.md) — a few comparisons per person each.
 */
function evaluateEveryone(data: Dataset, startDay: number, lastDay: number, integrity: IntegrityFinder): Evaluated {
  const { period, asOf } = data;
  const ev: Evaluated = {
    people: [],
    daily: new DailyActivity(startDay, lastDay),
    courseActivity: new CourseActivity(data.courses),
    anomalies: new AnomalyFinder(period, data.courses),
    integrity,
    rhythm: new StudyRhythm(data.units.length, Math.min(asOf, periodDay(period.window.end))),
    outlookInputs: [],
    witnesses: new WitnessTally(),
    unitTally: new UnitTally(),
    outsideWindow: new OutsideWindowTally(),
    outside: { [viewsFile.name]: 0, [commentsFile.name]: 0, [attendanceFile.name]: 0, [selfStudyFile.name]: 0, [reportsFile.name]: 0, [sessionsFile.name]: 0 },
  };
  const unitIndex = new Map(data.units.map((u, k) => [u.unitId, k]));
  const watchNeed = data.courses.map((c) => (c.required ? period.online.watchRatio * c.durationSec : 0));
  const watchNeedSeconds = watchNeed.reduce((a, b) => a + b, 0);
  const requiredCourses = data.courses.flatMap((c, k) => (c.required ? [k] : []));
  const { daily, outside } = ev;

  data.people.forEach((rec, i) => {
    const unit = unitIndex.get(rec.person.unitId)!;
    let lastCredited = -Infinity;
    const one = evaluatePerson(data, i, asOf, (_course, from, to) => {
      daily.credit(i, from, to);
      ev.rhythm.credit(unit, from, to);
      lastCredited = to;
    });
    const firstQualified = qualifiedOn(data, i, one);
    one.result.qualifiedOn = firstQualified; // the result is this person's own: filled in, not copied
    ev.people.push(one.result);
    if (firstQualified) daily.qualify(parseDay(firstQualified) as number);

    for (const c of rec.comments) if (c.at >= one.range.from && c.at < one.range.to) daily.comment(c.at);
    for (const s of new Set(rec.attendance)) {
      const day = data.sessions[s].day;
      if (dayInRange(one.range, day)) daily.attend(day);
    }
    ev.courseActivity.add(one.sweep.credited, one.watched, one.commented);
    ev.anomalies.add(rec, one, () => parallelCoursesOf(data.views, i, one.range));
    ev.integrity.add(i, one);
    outside[viewsFile.name] += one.sweep.outside;
    outside[commentsFile.name] += one.outsideComments;
    outside[attendanceFile.name] += one.offline.outsideAttendance;
    outside[selfStudyFile.name] += one.offline.outsideSelfStudy;
    outside[reportsFile.name] += one.reports.outside;
    let watchLeftSeconds = 0;
    for (let c = 0; c < watchNeed.length; c++) if (watchNeed[c] > 0 && !one.watched.has(c)) watchLeftSeconds += Math.max(0, watchNeed[c] - one.sweep.credited[c]);
    ev.outlookInputs.push({ result: one.result, lastStudied: lastStudyDay(data, rec, one.range, lastCredited), watchLeftSeconds, watchNeedSeconds });
    ev.witnesses.add(witnessOf(rec, one, requiredCourses));
    ev.unitTally.addPerson(rec, data.views.offsets[i + 1] - data.views.offsets[i]);
    ev.outsideWindow.addPerson(data, i, rangeOf(period, one.deadline.day, one.deadline.day));
  });
  return ev;
}

/** Sessions: attendees, whether each lies in the period at all (else its row is ignored), and how many each branch held. */
function sessionsOf(data: Dataset, inPeriod: (day: number) => boolean): { sessions: SessionsFile['sessions']; held: Map<string, number> } {
  const attendees = new Map<number, number>();
  for (const rec of data.people) for (const s of new Set(rec.attendance)) attendees.set(s, (attendees.get(s) ?? 0) + 1);
  const sessions: SessionsFile['sessions'] = data.sessions.map((s, i) => ({
    sessionId: s.sessionId, branchId: s.branchId, date: formatDay(s.day), topic: s.topic,
    attendees: attendees.get(i) ?? 0, inWindow: inPeriod(s.day),
  }));
  const held = new Map<string, number>();
  for (const s of sessions) if (s.inWindow) held.set(s.branchId, (held.get(s.branchId) ?? 0) + 1);
  return { sessions, held };
}

/** Warnings the rules reveal: late registrations, clamped extensions, no required course. */
function warnWhatRulesReveal(data: Dataset, extensions: readonly ExtensionRecord[], qualityTally: QualityTally): void {
  const { period } = data;
  for (const rec of data.people) {
    const p = rec.person;
    if (registeredLate(period, p.registeredOn)) {
      qualityTally.warn('lateRegistration', rosterFile.name, p.row, `逾期注册：${p.name}（${p.personId}）于 ${formatDay(p.registeredOn!)} 注册，晚于注册截止日 ${period.registrationDeadline}（不影响成绩）`);
    }
  }
  for (const e of extensions) {
    const d = deadlineOf(period, [e.until]);
    if (d.clamped) {
      qualityTally.warn('extensionClamped', extensionsFile.name, e.row, `延期至 ${formatDay(e.until)} 超过最长延期 ${period.maxExtensionMonths} 个月，按 ${formatDay(d.day)} 计`);
    }
  }
  if (!data.courses.some((c) => c.required)) qualityTally.warn('noRequiredCourses', coursesFile.name, null, '没有任何必修课件：网上学习按已完成计');
}

interface GroupAnalysis { funnel: Funnel; outlook: OutlookCounts }

/** 预警 and the funnel, per person, then counted per unit, branch and in total. */
function analyseGroups(data: Dataset, held: ReadonlyMap<string, number>, outlookInputs: readonly OutlookInput[]) {
  const { period, asOf } = data;
  const thresholds = outlookThresholds(period);
  const outlookContext = { period, asOf, thresholds, sessionsHeld: (b: string) => held.get(b) ?? 0 };
  const byGroup = new Map<string, GroupAnalysis>();
  const groupOf = (id: string) => {
    let g = byGroup.get(id);
    if (!g) byGroup.set(id, g = { funnel: emptyFunnel(), outlook: emptyOutlookCounts() });
    return g;
  };
  const total: GroupAnalysis = { funnel: emptyFunnel(), outlook: emptyOutlookCounts() };
  const outlookPeople: OutlookPerson[] = [];
  for (const input of outlookInputs) {
    const p = input.result;
    const depth = funnelDepth(p, input.lastStudied !== null, period.online.hours);
    const state = outlookOf(input, outlookContext);
    if (state) outlookPeople.push(state);
    // Units and branches are keyed apart: an id may name a unit and a branch at once.
    for (const g of [groupOf(`u:${p.unitId}`), groupOf(`b:${p.branchId}`), total]) {
      addToFunnel(g.funnel, depth);
      if (state) countState(g.outlook, state.state);
    }
  }
  const of = (key: string): GroupAnalysis => byGroup.get(key) ?? { funnel: emptyFunnel(), outlook: emptyOutlookCounts() };
  return { thresholds, total, outlookPeople, of };
}

/** quality.json: the tally, and the publish gate (docs/gate.md) — what makes this drop unfit to publish as it is. */
function gatedQuality(data: Dataset, extensions: readonly ExtensionRecord[], qualityTally: QualityTally, ev: Evaluated): QualityFile {
  const { period, asOf } = data;
  const files = Object.fromEntries(QUALITY_FILE_ORDER.map((f) => [f, qualityTally.quality(f)]));
  // In file order, then a paged export's part, then row.
  const rejected = qualityTally.rejectedInOrder(QUALITY_FILE_ORDER);
  const gateResult = gate({
    files, rejected, unknownIds: qualityTally.unknownIds(), knownIds: (file) => knownIdsOf(data, file),
    drop: { period, asOf, courses: data.courses, witnesses: ev.witnesses, outsideWindow: ev.outsideWindow.rows, extensionsUntil: extensions.map((e) => e.until) },
  });
  for (const s of data.sessions) ev.unitTally.addSession(data.branches, s.branchId);
  for (const w of gateResult.warnings) qualityTally.warn('fileAbsent', w.file, null, w.message);
  return {
    schemaVersion: SCHEMA_VERSION,
    periodId: period.id,
    asOf: formatDay(asOf),
    files,
    rejected,
    warnings: qualityTally.warnings,
    // Reading's own findings first (they name the file that was misread), then the gate's —
    // less what reading already said of the same file.
    blocking: [...qualityTally.blocking, ...gateResult.blocking.filter((b) => !qualityTally.blocking.some((l) => l.code === b.code && l.file === b.file))],
    byUnit: ev.unitTally.tallies(),
  };
}

/** The accepted ids of an entity file, for the gate's diagnosis of unknown ids. */
function knownIdsOf(data: Dataset, file: string): readonly string[] {
  switch (file) {
    case unitsFile.name: return data.units.map((u) => u.unitId);
    case branchesFile.name: return data.branches.map((b) => b.branchId);
    case rosterFile.name: return data.people.map((p) => p.person.personId);
    case coursesFile.name: return data.courses.map((c) => c.courseId);
    case sessionsFile.name: return data.sessions.map((s) => s.sessionId);
    case reportsFile.name: return data.people.flatMap((p) => p.reports.map((r) => r.reportId));
    default: return [];
  }
}

export interface RunOptions extends IngestOptions, CopyPasteThreadOptions {
  /** --history DIR; undefined = build/history, divided per data root (drops/store.ts). */
  readonly history?: string;
  /** Told per drop whether it was computed or reused (the CLI prints 计算 / 复用). */
  readonly onDrop?: (event: DropEvent) => void;
}

export interface RunResult {
  /** The current drop's docs/outputs.md outputs, as written (quality.json with the `shrunk` gate applied). */
  readonly outputs: Outputs;
  readonly collected: Collected;
  readonly history: HistoryFile;
  readonly ledger: LedgerFile;
}

/**
 * A data root (or one dataset folder) → the output folder: the current drop's docs/outputs.md files,
 * history.json, ledger.json and every drop's archive under drops/ (docs/drops.md).
 */
export async function runRoot(dataDir: string, outDir: string, options: RunOptions = {}): Promise<RunResult> {
  // Before anything is read or written: the store's entries must never replace a drop folder,
  // nor live where the next output replaces them.
  const store = storeDir(options.history, dataDir);
  const clash = historyFolderProblem(store, [{ dir: dataDir, what: '数据目录' }, { dir: outDir, what: '输出目录（--out）' }]);
  if (clash) throw new FatalInputError(`--history ${options.history ?? store}`, clash);
  const collected = await collectDrops(dataDir, async (dir) => {
    const outputs = await computeOutputs(dir, options);
    releaseDeadMemory(); // the drop's ingest data is dead now: let it go before writing
    return outputs;
  }, {
    history: options.history,
    // Per-file --encoding FILE=ENC joins the global one in the store's key (a change re-reads).
    outputOptions: { asOf: options.asOf ?? null, encoding: [options.encoding ?? '', ...Object.entries(options.encodings ?? {}).sort().map(([f, e]) => `${f}=${e}`)].join(',').replace(/^,?$/, '') || null },
    onDrop: options.onDrop,
    refuseAsOf: options.asOf !== undefined,
  });
  phase('历史');
  const { drops, previous: prevIndex } = collected;
  const current = drops[drops.length - 1];
  const previous = prevIndex === null ? null : drops[prevIndex];
  const history = historyOf(drops, previous, { current: current.qualified, previous: previous?.qualified ?? null });
  // Only the current year's periods were read with their people (collect.ts); others have none.
  const ledger = ledgerOf(
    collected.periodLatest.map((i) => drops[i]).map((d) => ({ period: d.period, asOf: d.asOf, people: d.people ?? [] })),
    current.asOf,
    // 其他培训学时: an optional file of the data root, not of a drop (docs/data-format.md).
    await readOtherTraining(dataDir, options),
  );
  const outputs = { ...current.outputs! };
  if (previous) outputs['quality.json'] = gated(current, previous);
  // Which flags are new since the previous drop of the period: a flag's id is its identity.
  if (previous && previous.periodId === current.periodId && current.integrity && previous.integrity) {
    outputs['integrity.json'] = againstPrevious(current.integrity, previous.integrity);
  }
  const archive: FileToWrite[] = drops.flatMap((d, i) => {
    const before = i > 0 && drops[i - 1].periodId === d.periodId ? drops[i - 1] : null;
    const folder = `drops/${dropFolder(d.periodId, d.asOf)}`;
    return [
      jsonFile(`${folder}/summary.json`, SummaryFileSchema, d.summary),
      jsonFile(`${folder}/units.json`, UnitsFileSchema, d.units),
      jsonFile(`${folder}/drop.json`, DropDigestSchema, digestOf(d, d.qualified, before)),
    ];
  });
  // The current drop's files as just stored are copied, not serialised again — all but a
  // quality.json the gate changed.
  const stored = current.storedIn;
  await writeOutputs(outDir, outputs, [
    jsonFile('history.json', HistoryFileSchema, history),
    jsonFile('ledger.json', LedgerFileSchema, ledger),
    ...archive,
  ], (name) => (stored !== null && outputs[name] === current.outputs![name] ? join(stored, name) : null));
  phase('写出');
  return { outputs, collected, history, ledger };
}

/** The current drop's quality.json with the `shrunk` gate against its previous drop (docs/gate.md). */
function gated(current: CollectedDrop, previous: CollectedDrop): QualityFile {
  const quality = current.quality!;
  const shrunk = shrunkProblems(
    { periodId: current.periodId, asOf: current.asOf, quality, registered: current.summary.totals.registered },
    { periodId: previous.periodId, asOf: previous.asOf, quality: previous.quality!, registered: previous.summary.totals.registered },
  );
  const lost = noLongerQualifiedWarning(previous, previous.qualified, current.qualified, current.people!, previous.people!);
  const regressed = regressedFindings(current, previous, previous.summary.totals.registered, regressionsOf(previous.people!, current.people!));
  const unitShrunk = unitShrunkProblems(current, previous, [
    { kind: '单位', before: previous.units.units.map((u) => ({ id: u.unitId, name: u.unitName, registered: u.registered })), now: current.units.units.map((u) => ({ id: u.unitId, name: u.unitName, registered: u.registered })) },
    { kind: '支部', before: previous.branches.branches.map((b) => ({ id: b.branchId, name: b.branchName, registered: b.registered })), now: current.branches.branches.map((b) => ({ id: b.branchId, name: b.branchName, registered: b.registered })) },
  ]);
  // Per unit only where the total did not already shrink (that message says it all).
  const perUnit = quality.byUnit && previous.quality!.byUnit
    ? shrunkPerUnit(current, previous, quality.byUnit, previous.quality!.byUnit, unitsLeft(previous.people!, current.people!),
      (id) => current.units.units.find((u) => u.unitId === id)?.unitName ?? previous.units.units.find((u) => u.unitId === id)?.unitName ?? id)
      .filter((p) => !shrunk.some((s) => s.file === p.file))
    : [];
  const warnings = [...quality.warnings, ...(lost ? [lost] : []), ...(regressed.warning ? [regressed.warning] : [])];
  const blocking = [...quality.blocking, ...shrunk, ...perUnit, ...unitShrunk, ...(regressed.blocking ? [regressed.blocking] : [])];
  return { ...quality, warnings, blocking };
}

/** Units some of whose people of the previous drop are elsewhere now, or gone. */
function unitsLeft(previousPeople: readonly PersonResult[], people: readonly PersonResult[]): Set<string> {
  const unitNow = new Map(people.map((p) => [p.personId, p.unitId]));
  const left = new Set<string>();
  for (const p of previousPeople) if (unitNow.get(p.personId) !== p.unitId) left.add(p.unitId);
  return left;
}

export async function runPipeline(dataDir: string, outDir: string, options: RunOptions = {}): Promise<Outputs> {
  return (await runRoot(dataDir, outDir, options)).outputs;
}
