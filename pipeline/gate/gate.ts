/**
 * The publish gate (docs/gate.md): a drop can be right row by row and wrong as a whole — a lost
 * file, ids Excel stripped of their leading zeros, an empty roster. Each rule below looks at
 * the quality ledger and names what must not be published; `gate` runs them all. Pure: the
 * caller passes everything in (no I/O), so a rule is a function of its input and nothing else.
 *
 * Adding a rule is adding one function to GATE_RULES (a rule that needs more — e.g. the
 * previous drop, for `shrunk` — adds an optional field to GateInput and returns [] without it).
 */
import type { Course, UnknownIds } from '../contract/model.ts';
import type { Blocking, FileQuality, RejectedRow } from '../contract/outputs.ts';
import type { Period } from '../contract/period.ts';
import {
  allRejected, emptyOptionalWarnings, emptyReports, emptyReviews, extensionsBeforeWindowEnd, implausibleDurations, outsideWindow,
} from './values.ts';
import { periodDay } from '../rules/deadline.ts';
import { respelledReportKinds, unwitnessedRequirements, type WitnessTally } from './witnesses.ts';
import { printable } from '../ingest/printable.ts';

export interface GateInput {
  /** quality.json's files, by canonical file name. */
  readonly files: Readonly<Record<string, FileQuality>>;
  /** quality.json's rejected rows. */
  readonly rejected: readonly RejectedRow[];
  /** Per file and column, the ids of rows rejected as unknown (counted, sampled). */
  readonly unknownIds: readonly UnknownIds[];
  /** The accepted ids of an entity file: "roster.csv" → person ids, "courses.csv" → course ids … */
  readonly knownIds: (file: string) => readonly string[];
  /** The drop itself, for the invariants (docs/gate.md); rules needing it find nothing without it. */
  readonly drop?: DropFacts;
}

/** What the invariants read of the drop besides the quality tally. */
export interface DropFacts {
  readonly period: Period;
  /** The as-of day (calendar day number). */
  readonly asOf: number;
  readonly courses: readonly Course[];
  /** Who worked toward each requirement, tallied in the per-person loop. */
  readonly witnesses: WitnessTally;
  /** Per dated file, the accepted rows outside the window and the extensions (values.ts OutsideWindowTally). */
  readonly outsideWindow?: Readonly<Record<string, number>>;
  /** The `延至` days of the accepted extensions.csv rows. */
  readonly extensionsUntil?: readonly number[];
}

/** What a rule finds: a blocking problem, or a warning (published, not blocking). */
export type Finding =
  | ({ readonly severity: 'blocking' } & Blocking)
  | { readonly severity: 'warning'; readonly file: string | null; readonly message: string };

export type GateRule = (input: GateInput) => readonly Finding[];

export interface GateResult {
  readonly blocking: Blocking[];
  readonly warnings: { readonly file: string | null; readonly message: string }[];
}

const blocking = (code: Blocking['code'], file: string | null, message: string): Finding => ({ severity: 'blocking', code, file, message });

/** `empty-roster`: nobody is registered, so every figure would be 0 and the 通报 would be absurd. */
export const emptyRoster: GateRule = ({ files }) => {
  const roster = files['roster.csv'];
  if (!roster || roster.accepted > 0) return [];
  const why = roster.rows === 0 ? '没有任何数据行' : `${roster.rows} 行全部未被接受（被拒绝 ${roster.rejected} 行，原因见“被拒绝的行”）`;
  return [blocking('empty-roster', 'roster.csv',
    `roster.csv（学籍注册）${why}：本期等于无人注册，不能发布。请从平台重新导出学籍注册名单，核对表头与支部编号后重新运行。`)];
};

/** The event files whose absence changes everyone's grade, and what their absence would do. */
const NEEDED_FILES: readonly (readonly [file: string, zh: string, consequence: string])[] = [
  ['views.csv', '观看记录', '所有人的网上学习都会按未观看计，网上学时全部为 0'],
  ['comments.csv', '评论', '所有人的课件都会按未评论计，网上学时全部为 0'],
  ['sessions.csv', '集中学习场次', '签到对应不上任何场次，集中学习学时全部为 0'],
  ['attendance.csv', '集中学习签到', '所有人的集中学习学时都会按 0 计'],
  ['reports.csv', '报告提交', '所有人都会按未提交报告计，无人合格'],
];

/** The optional files whose absence is plausible (nobody did it): a warning only. */
const OPTIONAL_FILES: readonly (readonly [file: string, zh: string, consequence: string])[] = [
  ['self_study.csv', '自主学习', '按无人自主学习计'],
  ['reviews.csv', '点评审推结果', '按所有报告都未点评计（未点评的报告照样计入，但无人优秀）'],
  ['extensions.csv', '延期审批', '按无人延期计'],
];

/** `missing-file`: an export that lost a file (and a warning for the files that may be absent). */
export const missingFiles: GateRule = ({ files }) => {
  const found: Finding[] = [];
  for (const [file, zh, consequence] of NEEDED_FILES) {
    if (files[file]?.present !== false) continue;
    found.push(blocking('missing-file', file,
      `缺少 ${file}（${zh}）：${consequence}，不能发布。请从平台导出“${zh}”，以 ${file}（或 .xlsx）为名放入数据目录后重新运行。`));
  }
  for (const [file, zh, consequence] of OPTIONAL_FILES) {
    if (files[file]?.present !== false) continue;
    found.push({ severity: 'warning', file, message: `未提供 ${file}（${zh}）：${consequence}。若本期有这类记录，请导出后放入数据目录。` });
  }
  return found;
};

/** docs/gate.md: rejected rows above 5 % of a file's data rows, and at least 20 of them. */
export function isMostlyRejected(f: Pick<FileQuality, 'rows' | 'rejected'>): boolean {
  return f.rejected >= 20 && f.rejected * 20 > f.rows; // rejected / rows > 5 %, exactly
}

/** `mostly-rejected`: a file most of whose rows were refused — with the Excel-id diagnosis. */
export const mostlyRejected: GateRule = ({ files, rejected, unknownIds, knownIds }) => {
  const found: Finding[] = [];
  for (const [file, f] of Object.entries(files)) {
    if (!isMostlyRejected(f)) continue;
    const share = Math.round((f.rejected * 1000) / f.rows) / 10;
    let message = `${file}：${f.rows} 行中有 ${f.rejected} 行（${share}%）被拒绝，${mainCause(rejected.filter((r) => r.file === file))}。`;
    const diagnosis = unknownIds
      .filter((u) => u.file === file)
      .map((u) => diagnose(u, knownIds(u.refersTo), (f) => (files[f]?.encoding === 'xlsx' ? 'xlsx' : 'csv')))
      .find((d) => d !== null);
    message += diagnosis ?? damagedReference(file, files, unknownIds) ?? '请按“被拒绝的行”中的原因改正该文件（或从平台重新导出）后重新运行。';
    found.push(blocking('mostly-rejected', file, message));
  }
  return found;
};

/** The column most rows were rejected for, with the first such row as an example. */
function mainCause(rows: readonly RejectedRow[]): string {
  const byColumn = new Map<string, { n: number; first: RejectedRow }>();
  for (const r of rows) {
    const key = r.column ?? '（整行）';
    const c = byColumn.get(key);
    if (c) c.n++;
    else byColumn.set(key, { n: 1, first: r });
  }
  let best: [string, { n: number; first: RejectedRow }] | null = null;
  for (const entry of byColumn) if (best === null || entry[1].n > best[1].n) best = entry;
  if (best === null) return '原因见“被拒绝的行”';
  const [column, { n, first }] = best;
  const where = column === '（整行）' ? '整行有误' : `问题主要在“${column}”列`;
  return `${where}（${n} 行；如第 ${first.row} 行：${first.reason}）`;
}

// ------------------------------------------------------------------ the file referred to

/**
 * When most of a file's rejected rows point at ids the referenced file lacks, and it is that
 * file which looks damaged — its own rows largely rejected, fewer ids in it than this file
 * alone uses and it lacks, or another file missing the same ones — the sentence that says so:
 * views.csv and comments.csv are not to be re-exported when courses.csv lost its rows. Null
 * when the referenced file looks whole (then this file's own rows are the likely fault).
 */
export function damagedReference(file: string, files: Readonly<Record<string, FileQuality>>, unknownIds: readonly UnknownIds[]): string | null {
  const f = files[file];
  if (!f) return null;
  const u = unknownIds.filter((x) => x.file === file).sort((a, b) => b.rows - a.rows)[0];
  if (!u || u.rows * 2 < f.rejected) return null;
  const target = files[u.refersTo];
  if (!target) return null;
  const reasons: string[] = [];
  if (target.rejected > 0 && (target.rejected >= target.accepted || isMostlyRejected(target))) {
    reasons.push(`${u.refersTo} 自身 ${target.rows} 行中有 ${target.rejected} 行被拒绝，只接受了 ${target.accepted} 行`);
  }
  if (u.sample.length >= Math.max(3, target.accepted)) {
    reasons.push(`${file} 用到而 ${u.refersTo} 中没有的编号至少有 ${u.sample.length} 个，比 ${u.refersTo} 接受的全部 ${target.accepted} 个还多`);
  }
  const others = [...new Set(unknownIds.filter((x) => x.file !== file && x.refersTo === u.refersTo && files[x.file] && isMostlyRejected(files[x.file])).map((x) => x.file))];
  if (others.length > 0) reasons.push(`${others.join('、')} 也有大量行引用了 ${u.refersTo} 中没有的编号`);
  if (reasons.length === 0) return null;
  return `出错的很可能是 ${u.refersTo}，不是 ${file}：被拒绝的行大多是“${u.column}”在 ${u.refersTo} 中找不到（如“${u.sample[0] ?? ''}”），而${reasons.join('；')}。` +
    `请先检查并重新导出完整的 ${u.refersTo}（核对表头、行数与编号列），然后重新运行；${file} 本身多半无需改动。`;
}

// ------------------------------------------------------------------ ids Excel mangled

/** An all-digit id without its leading zeros ("000001" → "1"); null for any other id. */
export function withoutLeadingZeros(id: string): string | null {
  return /^\d+$/.test(id) ? id.replace(/^0+(?=\d)/, '') : null;
}

/**
 * An id Excel wrote in E-notation ("1.00001E+05") as the integer it stands for ("100001");
 * null when it is not E-notation or not an integer (then the digits Excel dropped are lost).
 */
export function expandENotation(id: string): string | null {
  const m = /^(\d+)(?:\.(\d+))?E\+?(\d+)$/i.exec(id);
  if (!m) return null;
  const [, whole, fraction = '', exponent] = m;
  const shift = Number(exponent);
  if (fraction.length > shift) return null;
  return withoutLeadingZeros(whole + fraction + '0'.repeat(shift - fraction.length));
}

const isENotation = (id: string) => /^\d+(?:\.\d+)?E\+?\d+$/i.test(id);

/**
 * An all-digit id of more than 15 digits as Excel keeps it in a number cell: 15 significant
 * digits, the rest zeros (652824196301154404 → 652824196301154000); null for any other id.
 */
export function excelNumberDigits(id: string): string | null {
  if (!/^[1-9]\d{15,}$/.test(id)) return null;
  const head = BigInt(id.slice(0, 15)) + (id.charCodeAt(15) >= 53 /* '5' */ ? 1n : 0n);
  const digits = head.toString();
  return digits + '0'.repeat(id.length - 15); // a carry (999…9) adds a digit, as the number does
}

/** How a file was given: a CSV (or text) file, or an Excel workbook read in its place. */
export type SourceForm = 'csv' | 'xlsx';

/**
 * How to fix a column of ids in Excel or WPS: concrete steps, one line. For a CSV, the damage
 * was done by opening it in Excel and saving it again: take the platform's CSV as it is, or
 * import it with the column as text. For a workbook, the cells themselves are numbers: the
 * column must be made text in the workbook and the ids typed again (a cell turned to text
 * does not get its zeros back), or the platform's CSV used instead.
 */
export function excelTextColumnAdvice(column: string, form: SourceForm = 'csv', file = ''): string {
  if (form === 'xlsx') {
    return `改正方法：该文件是 Excel 工作簿，编号存成了数字单元格。请在工作簿${file ? `（${file}）` : ''}中选中“${column}”整列 → 右键“设置单元格格式”→“文本”，` +
      '然后重新输入这些编号（改成文本后，已丢掉的前导零或位数不会自己回来：须按原编号重新输入或粘贴；也可在编号前加英文单引号，如 \'000001）→ 保存后重新运行。' +
      'WPS 表格相同：选中整列 →“设置单元格格式”→“文本”，再重新输入。更省事的做法：直接从平台导出 CSV 放入数据目录（不要用 Excel 打开后再保存），并移走这个工作簿。';
  }
  return '改正方法：最好从平台重新导出原始 CSV 直接使用，不要用 Excel 或 WPS 打开后再保存（它们会把编号当成数字）。' +
    `必须用 Excel 整理时：新建空白工作簿 →“数据”→“从文本/CSV”选择该文件 → 在预览中点“转换数据”，把“${column}”列的数据类型改为“文本”` +
    `（旧版 Excel 的文本导入向导：第 3 步选中“${column}”列，列数据格式选“文本”）→ 加载后“另存为”→“CSV UTF-8（逗号分隔）”；` +
    `WPS 表格：“数据”→“导入数据”选择该文件，在第 3 步把“${column}”列设为“文本”；手工粘贴时，先选中整列 → 右键“设置单元格格式”→“文本”，再粘贴。`;
}

/** A file as the user knows it: roster.csv, or "roster.csv（Excel 工作簿）" when a workbook stood in for it. */
const shown = (file: string, form: SourceForm) => (form === 'xlsx' ? `${file}（Excel 工作簿）` : file);

/**
 * When most sampled unknown ids of a column match known ids once leading zeros are restored
 * or E-notation expanded (or are E-notation that lost digits), the sentence saying so and how
 * to fix the column; else null. Which side was damaged is told by which id is the shorter: the
 * rejected rows' ids ("1" where the roster has "000001": this file lost the zeros) or the
 * referenced file's ("000001" where roster.xlsx holds the number 1: the roster lost them, and
 * this file is right). The advice is for the damaged file's form (CSV or workbook).
 */
export function diagnose(u: UnknownIds, known: readonly string[], formOf: (file: string) => SourceForm = () => 'csv'): string | null {
  if (u.sample.length === 0) return null;
  const byDigits = new Map<string, string>();
  for (const id of known) {
    const key = isENotation(id) ? expandENotation(id) : withoutLeadingZeros(id);
    if (key !== null && !byDigits.has(key)) byDigits.set(key, id);
  }
  // This file damaged: its ids are the shorter form of known ones.
  let zeros: [string, string] | null = null, zerosN = 0;
  let expanded: [string, string] | null = null, expandedN = 0;
  let lost: string | null = null, lostN = 0;
  // The referenced file damaged: its ids are the shorter form of these.
  let theirZeros: [string, string] | null = null, theirExpanded: [string, string] | null = null, theirsN = 0;
  // Ids of more than 15 digits kept as numbers: the digits after the 15th became zeros.
  const knownSet = new Set(known);
  const byRounded = new Map<string, string>();
  for (const id of known) {
    const r = excelNumberDigits(id);
    if (r !== null && r !== id && !byRounded.has(r)) byRounded.set(r, id);
  }
  let theirDigits: [string, string] | null = null, digitsN = 0;
  let myDigits: [string, string] | null = null;
  for (const id of u.sample) {
    const rounded = excelNumberDigits(id);
    if (rounded !== null && rounded !== id && knownSet.has(rounded)) { digitsN++; theirDigits ??= [id, rounded]; continue; }
    const original = byRounded.get(id);
    if (original !== undefined) { digitsN++; myDigits ??= [id, original]; continue; }
    if (isENotation(id)) {
      const digits = expandENotation(id);
      const match = digits === null ? undefined : byDigits.get(digits);
      if (match !== undefined) { expandedN++; expanded ??= [id, match]; } else { lostN++; lost ??= id; }
      continue;
    }
    const key = withoutLeadingZeros(id);
    const match = key === null ? undefined : byDigits.get(key);
    if (match === undefined || match === id) continue;
    if (isENotation(match)) { theirsN++; theirExpanded ??= [id, match]; } else if (match.length < id.length) { theirsN++; theirZeros ??= [id, match]; } else { zerosN++; zeros ??= [id, match]; }
  }
  const most = (n: number) => n * 2 >= u.sample.length;
  const mine = formOf(u.file), theirs = formOf(u.refersTo);
  const where = `${shown(u.file, mine)} 的“${u.column}”列`;
  if (most(digitsN) && theirDigits) {
    return `出错的是 ${shown(u.refersTo, theirs)}，不是 ${u.file}：${u.refersTo} 中超过 15 位的编号被 Excel 或 WPS 存成了数字，第 15 位以后变成了 0` +
      `（如 ${u.file} 中的“${theirDigits[0]}”在 ${u.refersTo} 中成了“${theirDigits[1]}”），丢掉的位数无法从该文件还原。` + excelTextColumnAdvice(u.column, theirs, u.refersTo);
  }
  if (most(digitsN) && myDigits) {
    return `${where}中超过 15 位的编号被 Excel 或 WPS 存成了数字，第 15 位以后变成了 0（如“${myDigits[0]}”应为“${myDigits[1]}”），丢掉的位数无法还原：必须重新导出。` +
      excelTextColumnAdvice(u.column, mine, u.file);
  }
  if (most(theirsN) && (theirZeros || theirExpanded)) {
    const forms: string[] = [];
    if (theirZeros) forms.push(`去掉了前导零（如 ${u.file} 中的“${theirZeros[0]}”在 ${u.refersTo} 中成了“${theirZeros[1]}”）`);
    if (theirExpanded) forms.push(`变成了科学计数法（如 ${u.file} 中的“${theirExpanded[0]}”在 ${u.refersTo} 中成了“${theirExpanded[1]}”）`);
    return `出错的是 ${shown(u.refersTo, theirs)}，不是 ${u.file}：${u.refersTo} 中的编号被 Excel 或 WPS 当成了数字，${forms.join('，或')}，所以 ${u.file} 中正确的编号对不上。` +
      excelTextColumnAdvice(u.column, theirs, u.refersTo);
  }
  if (most(zerosN + expandedN) && (zeros || expanded)) {
    const forms: string[] = [];
    if (zeros) forms.push(`去掉了前导零（如“${zeros[0]}”应为“${zeros[1]}”）`);
    if (expanded) forms.push(`变成了科学计数法（如“${expanded[0]}”应为“${expanded[1]}”）`);
    return `${where}的编号被 Excel 或 WPS 当成了数字：${forms.join('，或')}，补回后与 ${u.refersTo} 中的编号一致。${excelTextColumnAdvice(u.column, mine, u.file)}`;
  }
  if (most(lostN) && lost) {
    return `${where}的编号被 Excel 或 WPS 变成了科学计数法（如“${lost}”），多出的位数已丢失，无法还原：必须重新导出。${excelTextColumnAdvice(u.column, mine, u.file)}`;
  }
  return null;
}

// ------------------------------------------------------------------ invariants (docs/gate.md)

const asFindings = (found: readonly Blocking[]): Finding[] => found.map((b) => ({ severity: 'blocking', ...b }));

/** `implausible-value`: course durations no video has; a report kind outside period.json's words in many reports. */
export const implausibleValues: GateRule = ({ drop }) =>
  (drop ? asFindings([...implausibleDurations(drop.courses), ...respelledReportKinds(drop.witnesses, drop.period)]) : []);

/**
 * `empty-file`: no report at all once two thirds of the window have passed, or reports and no
 * review at all then; an optional file present without rows is named like an absent one.
 */
export const emptyReportsFile: GateRule = ({ files, drop }) => {
  if (!drop) return [];
  const blocked = [...emptyReports(files, drop.period, drop.asOf), ...emptyReviews(files, drop.period, drop.asOf)];
  const warned: Finding[] = emptyOptionalWarnings(files)
    .filter((w) => !blocked.some((b) => b.file === w.file))
    .map((w) => ({ severity: 'warning', file: w.file, message: w.message }));
  return [...asFindings(blocked), ...warned];
};

/** `outside-window`: an event file mostly outside the period (another period's or year's export), extensions ending before it. */
export const outsideTheWindow: GateRule = ({ files, drop }) => (drop ? asFindings([
  ...outsideWindow(files, drop.outsideWindow ?? {}, drop.period),
  ...extensionsBeforeWindowEnd(drop.extensionsUntil ?? [], drop.period, periodDay(drop.period.window.end)),
]) : []);

/** `mostly-rejected` where the 20-row floor cannot speak: a small file all of whose rows were refused. */
export const allRowsRejected: GateRule = ({ files }) => asFindings(allRejected(files, isMostlyRejected));

/** `unwitnessed-requirement`: a requirement of docs/rules.md nobody works toward. */
export const unwitnessed: GateRule = ({ drop }) =>
  (drop ? asFindings(unwitnessedRequirements(drop.witnesses, drop.period, drop.asOf, drop.courses)) : []);

// ------------------------------------------------------------------ the gate

/** Every rule, in the order their problems are listed. */
export const GATE_RULES: readonly GateRule[] = [
  emptyRoster, missingFiles, mostlyRejected, allRowsRejected, emptyReportsFile, implausibleValues, outsideTheWindow, unwitnessed,
];

/** Run the rules: the blocking problems (quality.json.blocking) and the warnings they raise. */
export function gate(input: GateInput, rules: readonly GateRule[] = GATE_RULES): GateResult {
  const result: GateResult = { blocking: [], warnings: [] };
  for (const rule of rules) {
    for (const f of rule(input)) {
      // Messages quote ids from the files: never a raw control byte (on the site, in a terminal).
      if (f.severity === 'blocking') result.blocking.push({ code: f.code, file: f.file, message: printable(f.message) });
      else result.warnings.push({ file: f.file, message: printable(f.message) });
    }
  }
  return result;
}
