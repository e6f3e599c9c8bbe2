/**
 * The input files of a dataset: for each, its columns (Chinese header canonical, English alias
 * accepted), which are required, and the field type of each. `rowSchema(file)` gives the zod
 * schema of one row; ingest runs the same field functions without zod's per-row overhead.
 */
import { z } from 'zod';
import {
  booleanField, categoryField, dayField, type FieldType, idField, instantField, Invalid,
  normalizeKey, optionalDayField, optionalTextField, positiveNumberField, textField, verdictField,
} from './fields.ts';

export interface Column<K extends string = string, T = unknown> {
  /** Name in code and in the parsed row. */
  readonly key: K;
  /** Canonical Chinese header. */
  readonly zh: string;
  /** English alias header. */
  readonly en: string;
  /** The column must be present in the header row (and, for non-optional types, non-empty). */
  readonly required: boolean;
  readonly type: FieldType<T>;
  /** Other headers real exports use for the column (matched like zh and en, annotations stripped). */
  readonly aliases?: readonly string[];
}

function col<K extends string, T>(key: K, zh: string, en: string, required: boolean, type: FieldType<T>, aliases?: readonly string[]): Column<K, T> {
  return aliases ? { key, zh, en, required, type, aliases } : { key, zh, en, required, type };
}

/** Entity files have a key (a second row with it is rejected); event files have exact duplicates. */
export type FileKind = 'entity' | 'event';

export interface InputFile<C extends readonly Column[] = readonly Column[]> {
  readonly name: string;
  readonly zh: string;
  readonly required: boolean;
  readonly kind: FileKind;
  readonly columns: C;
  /** Entity files: the key column (a second row with a key is rejected, 重复编号). */
  readonly key?: C[number]['key'];
  /**
   * Columns naming another file's key, in the order they are checked: column → that file's
   * name. A row naming what the file does not hold is rejected (unknown id); an empty optional
   * column names nothing.
   */
  readonly refs?: Readonly<Partial<Record<C[number]['key'], string>>>;
  /**
   * Event files whose exact duplicate rows are counted once (docs/data-format.md): every column of the
   * row is its identity.
   */
  readonly duplicates?: 'exact-row';
  /** Present, the file must hold data rows (docs/gate.md `empty-file`: a header alone is an export that failed). */
  readonly expectsRows?: boolean;
}

function file<const C extends readonly Column[]>(f: InputFile<C>): InputFile<C> {
  return f;
}

export const unitsFile = file({
  name: 'units.csv', zh: '单位', required: true, kind: 'entity', key: 'unitId',
  columns: [
    col('unitId', '单位编号', 'unit_id', true, idField),
    col('unitName', '单位名称', 'unit_name', true, textField),
    col('parent', '上级党组织', 'parent', false, optionalTextField),
  ],
});

export const branchesFile = file({
  name: 'branches.csv', zh: '支部', required: true, kind: 'entity', key: 'branchId', refs: { unitId: 'units.csv' },
  columns: [
    col('branchId', '支部编号', 'branch_id', true, idField),
    col('branchName', '支部名称', 'branch_name', true, textField),
    col('unitId', '单位编号', 'unit_id', true, idField),
    col('convener', '召集人', 'convener', false, optionalTextField),
  ],
});

export const rosterFile = file({
  name: 'roster.csv', zh: '学籍注册', required: true, kind: 'entity', key: 'personId', refs: { branchId: 'branches.csv' },
  columns: [
    col('personId', '人员编号', 'person_id', true, idField),
    col('name', '姓名', 'name', true, textField),
    col('branchId', '支部编号', 'branch_id', true, idField),
    col('category', '人员类别', 'category', true, categoryField),
    col('registeredOn', '注册日期', 'registered_on', false, optionalDayField),
    col('partySchoolPassed', '党校培训合格', 'party_school_passed', false, booleanField(false, { yes: ['合格', '已合格'], no: ['不合格', '未合格'] })),
    col('role', '职务', 'role', false, optionalTextField),
  ],
});

export const coursesFile = file({
  name: 'courses.csv', zh: '视频课件', required: true, kind: 'entity', key: 'courseId',
  columns: [
    col('courseId', '课件编号', 'course_id', true, idField),
    col('title', '课件名称', 'title', true, textField),
    col('durationMin', '时长(分钟)', 'duration_min', true, positiveNumberField, ['时长', '课件时长', '视频时长', 'duration']),
    col('required', '是否必修', 'required', false, booleanField(true, { yes: ['必修'], no: ['选修'] })),
  ],
});

export const viewsFile = file({
  name: 'views.csv', zh: '观看记录', required: false, kind: 'event', expectsRows: true, duplicates: 'exact-row',
  refs: { personId: 'roster.csv', courseId: 'courses.csv' },
  columns: [
    col('personId', '人员编号', 'person_id', true, idField),
    col('courseId', '课件编号', 'course_id', true, idField),
    col('startedAt', '开始时间', 'started_at', true, instantField),
    col('endedAt', '结束时间', 'ended_at', true, instantField),
  ],
});

export const commentsFile = file({
  name: 'comments.csv', zh: '评论', required: false, kind: 'event', expectsRows: true, duplicates: 'exact-row',
  refs: { personId: 'roster.csv', courseId: 'courses.csv' },
  columns: [
    col('personId', '人员编号', 'person_id', true, idField),
    col('courseId', '课件编号', 'course_id', true, idField),
    col('commentedAt', '评论时间', 'commented_at', true, instantField),
    col('text', '评论内容', 'text', true, textField),
  ],
});

export const sessionsFile = file({
  name: 'sessions.csv', zh: '集中学习场次', required: false, kind: 'entity', key: 'sessionId', expectsRows: true,
  refs: { branchId: 'branches.csv' },
  columns: [
    col('sessionId', '场次编号', 'session_id', true, idField),
    col('branchId', '支部编号', 'branch_id', true, idField),
    col('date', '日期', 'date', true, dayField),
    col('topic', '主题', 'topic', false, optionalTextField),
  ],
});

export const attendanceFile = file({
  name: 'attendance.csv', zh: '集中学习签到', required: false, kind: 'event', expectsRows: true, duplicates: 'exact-row',
  refs: { sessionId: 'sessions.csv', personId: 'roster.csv' },
  columns: [
    col('sessionId', '场次编号', 'session_id', true, idField),
    col('personId', '人员编号', 'person_id', true, idField),
  ],
});

export const selfStudyFile = file({
  name: 'self_study.csv', zh: '自主学习', required: false, kind: 'event', duplicates: 'exact-row', refs: { personId: 'roster.csv' },
  columns: [
    col('personId', '人员编号', 'person_id', true, idField),
    col('date', '日期', 'date', true, dayField),
    col('note', '内容', 'note', false, optionalTextField),
    col('confirmed', '是否认定', 'confirmed', false, booleanField(true, { yes: ['已认定', '认定'], no: ['未认定', '不认定'] })),
  ],
});

export const reportsFile = file({
  name: 'reports.csv', zh: '报告提交', required: false, kind: 'entity', key: 'reportId', refs: { personId: 'roster.csv' },
  columns: [
    col('reportId', '报告编号', 'report_id', true, idField),
    col('personId', '人员编号', 'person_id', true, idField),
    // The kind is an enumeration in spirit (党费日+报告 / 心得体会): NFKC makes ＋ and + equal.
    col('kind', '类型', 'kind', true, idField),
    col('title', '标题', 'title', false, optionalTextField),
    col('submittedAt', '提交时间', 'submitted_at', true, instantField),
  ],
});

export const reviewsFile = file({
  name: 'reviews.csv', zh: '点评审推结果', required: false, kind: 'event', duplicates: 'exact-row', refs: { reportId: 'reports.csv' },
  columns: [
    col('reportId', '报告编号', 'report_id', true, idField),
    col('reviewedAt', '审核时间', 'reviewed_at', true, instantField),
    col('verdict', '结果', 'verdict', true, verdictField),
    col('comment', '点评', 'comment', false, optionalTextField),
    col('reviewer', '评审人', 'reviewer', false, optionalTextField),
  ],
});

/** Empty ids allowed here: exactly one of branch and person names whom the extension is for. */
const optionalIdField: FieldType<string> = { label: '编号（可空）', parse: (raw) => (raw === undefined ? '' : normalizeKey(raw)) };

export const extensionsFile = file({
  name: 'extensions.csv', zh: '延期审批', required: false, kind: 'event',
  // A repeated approval changes nothing: docs/data-format.md names no duplicates here.
  refs: { branchId: 'branches.csv', personId: 'roster.csv' },
  columns: [
    col('branchId', '支部编号', 'branch_id', false, optionalIdField),
    col('personId', '人员编号', 'person_id', false, optionalIdField),
    col('until', '延至', 'until', true, dayField),
    col('approvedOn', '批准日期', 'approved_on', false, optionalDayField),
  ],
});

/** Every input file, in the order ingest reads them (entities before the events naming them). */
/**
 * 其他培训学时: hours of other training a person earned in the year — 党校 classes,
 * other courses — which count towards the year's 32 学时 (全年须完成学习培训不少于32个学时). One
 * optional file at the data root, not in a drop: it belongs to the year, not to one export.
 * Read by pipeline/ingest/other-training.ts, counted in ledger.json.
 */
export const otherTrainingFile = file({
  name: 'other_training.csv', zh: '其他培训学时', required: false, kind: 'event',
  columns: [
    col('personId', '人员编号', 'person_id', true, idField),
    col('date', '日期', 'date', true, dayField),
    col('hours', '学时', 'hours', true, positiveNumberField),
    col('source', '培训名称', 'source', true, textField, ['来源', '培训项目']),
  ],
});
export type OtherTrainingRow = RowOf<typeof otherTrainingFile>;

export const INPUT_FILES = [
  unitsFile, branchesFile, rosterFile, coursesFile, sessionsFile, reportsFile,
  viewsFile, commentsFile, attendanceFile, selfStudyFile, reviewsFile, extensionsFile,
] as const;

/** One reference of a file (see InputFile.refs): its column and the file it names. */
export interface Reference {
  readonly key: string;
  /** The column's Chinese header, for messages. */
  readonly zh: string;
  /** The file whose key it names. */
  readonly file: string;
  /** An empty cell names nothing (an optional column). */
  readonly optional: boolean;
}

/** The references of `f`, in the order they are checked. */
export function referencesOf(f: InputFile): Reference[] {
  return Object.entries(f.refs ?? {}).map(([key, file]) => {
    const c = f.columns.find((x) => x.key === key)!;
    return { key, zh: c.zh, file: file as string, optional: !c.required };
  });
}

/** The input file of a name (the contract's: `views.csv`). */
export function inputFile(name: string): InputFile {
  return INPUT_FILES.find((f) => f.name === name)!;
}

export type RowOf<F extends InputFile> = { [C in F['columns'][number] as C['key']]: C extends Column<string, infer T> ? T : never };

export type ViewRow = RowOf<typeof viewsFile>;
type ExtensionRow = RowOf<typeof extensionsFile>;

/** How a header cell is matched: NFKC, trimmed, English aliases case-insensitive. */
export function headerKey(header: string): string {
  return normalizeKey(header).replace(/\s+/g, '').toLowerCase();
}

/**
 * A header cell without its annotations (docs/data-format.md, annotated headers): `*` marks before or
 * after, and a trailing note in brackets — `是否必修（是/否）` → 是否必修 with note 是/否,
 * `时长(min)` → 时长 with note min. Works on headerKey's output (NFKC made （） into ()).
 */
export function headerBase(key: string): { base: string; note: string | null } {
  let base = key, note: string | null = null;
  for (;;) {
    const stripped = base.replace(/^\*+|\*+$/g, '');
    const m = /^(.+?)[([【〔<]([^()[\]【】〔〕<>]*)[)\]】〕>]$/.exec(stripped);
    if (m && note === null) { base = m[1]; note = m[2]; continue; }
    if (stripped === base) return { base, note };
    base = stripped;
  }
}

const MINUTES = new Set(['分钟', '分', 'min', 'mins', 'minute', 'minutes', 'm']);
const SECONDS = new Set(['秒', '秒钟', 's', 'sec', 'secs', 'second', 'seconds']);
const HOURS = new Set(['小时', '时', 'h', 'hr', 'hrs', 'hour', 'hours']);

/** How the header row was read: column → cell index (-1 absent), and what to tell. */
export interface HeaderMatch {
  readonly index: number[];
  /** Required columns no cell names. */
  readonly missing: Column[];
  /** Cells the contract does not know (or that it reads otherwise), as written. */
  readonly ignored: string[];
  /** Positions of the cells the contract does not know at all. */
  readonly unknownAt: number[];
  /** Cells read as a near spelling of a column: [cell, column's Chinese header]. */
  readonly near: [string, string][];
  /** A duration column whose unit is not minutes, and no column in minutes beside it: [cell, unit]. */
  readonly wrongUnit: [string, string] | null;
  /** Two cells that are the same column (docs/gate.md: fatal, naming both): [first, second, column]. */
  readonly twice: [string, string, Column] | null;
}

/** Levenshtein distance of two short texts, by code points. */
function distance(a: string, b: string): number {
  const x = [...a], y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length];
}

/**
 * Match a header row to the file's columns. A cell is its column when, NFKC'd, without spaces
 * and case, it is the Chinese header or English alias; else when, without `*` and a bracketed
 * note, it is the base of one of them or of an alias (a duration's note must be minutes: one in
 * seconds or hours beside a column in minutes is ignored, alone it is `wrongUnit`); else, for a
 * column nothing else named, when it is one edit from such a base (4 characters at least, one
 * column only) — reported as near. Two cells naming one column are `twice`, never "the first
 * one". Anything else is listed as ignored.
 */
export function matchHeader(f: InputFile, header: readonly string[]): HeaderMatch {
  const exact = new Map<string, number>();
  const bases = new Map<string, number>();
  f.columns.forEach((c, i) => {
    for (const name of [c.zh, c.en, ...(c.aliases ?? [])]) {
      const k = headerKey(name);
      exact.set(k, i);
      bases.set(headerBase(k).base, i);
    }
  });
  const cellsOf: number[][] = f.columns.map(() => []);
  const otherUnit: [number, string][] = [];
  const unmatched: number[] = [];
  header.forEach((cell, at) => {
    const k = headerKey(cell);
    if (k === '') return;
    const c = exact.get(k);
    if (c !== undefined) { cellsOf[c].push(at); return; }
    const { base, note } = headerBase(k);
    const b = bases.get(base);
    if (b === undefined) unmatched.push(at);
    else if (f.columns[b].key === 'durationMin' && note !== null && !MINUTES.has(note)) otherUnit.push([at, note]);
    else cellsOf[b].push(at);
  });
  const index = cellsOf.map((cells) => cells[0] ?? -1);
  const twiceAt = cellsOf.findIndex((cells) => cells.length > 1);
  const twice: HeaderMatch['twice'] = twiceAt === -1 ? null : [header[cellsOf[twiceAt][0]].trim(), header[cellsOf[twiceAt][1]].trim(), f.columns[twiceAt]];
  const ignored: string[] = [];
  let wrongUnit: [string, string] | null = null;
  const duration = f.columns.findIndex((c) => c.key === 'durationMin');
  for (const [at, note] of otherUnit) {
    if (index[duration] === -1) wrongUnit ??= [header[at].trim(), note];
    else ignored.push(`${header[at].trim()}（以${unitName(note)}计；时长按“${header[index[duration]].trim()}”列读取）`);
  }
  const near: [string, string][] = [];
  const unknownAt: number[] = [];
  for (const at of unmatched) {
    const cell = header[at];
    const { base } = headerBase(headerKey(cell));
    const close = [...bases].filter(([name, c]) => index[c] === -1 && [...base].length >= 4 && distance(base, name) <= 1).map(([, c]) => c);
    const columns = [...new Set(close)];
    if (columns.length === 1) {
      index[columns[0]] = at;
      near.push([cell.trim(), f.columns[columns[0]].zh]);
    } else {
      ignored.push(cell.trim());
      unknownAt.push(at);
    }
  }
  const missing = f.columns.filter((c, i) => c.required && index[i] === -1);
  return { index, missing, ignored, unknownAt, near, wrongUnit, twice };
}

/** What a duration header's unit says, for the fatal message (seconds or hours). */
export function unitName(note: string): string {
  if (SECONDS.has(note)) return '秒';
  if (HOURS.has(note)) return '小时';
  return `“${note}”`;
}

const FOOTER = /^(合计|总计|小计|共计|(注|备注|说明)\s*:)/;
/** First characters a footer line's first non-empty cell can start with (a cheap test first). */
export const FOOTER_FIRST_CHARS = new Set([...'合总小共注备说'].map((c) => c.charCodeAt(0)));

/**
 * A footer line (docs/data-format.md): its first non-empty cell starts with 合计, 总计, 小计, 共计, or
 * 注/备注/说明 and a colon (： or :). Not a data row, like a blank line.
 */
export function isFooterLine(cells: readonly string[]): boolean {
  for (const c of cells) {
    const t = c.trim();
    if (t === '') continue;
    return FOOTER_FIRST_CHARS.has(normalizeKey(t).charCodeAt(0)) && FOOTER.test(normalizeKey(t));
  }
  return false;
}

/** A row that breaks a rule spanning several cells: the column to blame (or null) and why. */
export interface RowProblem {
  readonly column: string | null;
  readonly reason: string;
}

/**
 * Row-level rules beyond single cells; null when the row keeps them. `raw` gives a column's
 * cell as written (by its index in f.columns), for a diagnosis that depends on the writing.
 */
export function rowRule(f: InputFile, row: Record<string, unknown>, raw?: (column: number) => string): RowProblem | null {
  if (f === extensionsFile) {
    const r = row as ExtensionRow;
    if ((r.branchId === '') === (r.personId === '')) return { column: null, reason: '支部编号与人员编号须且只能填一个' };
  }
  if (f === viewsFile) {
    const r = row as ViewRow;
    const problem = viewSpanProblem(r.startedAt, r.endedAt);
    if (problem === ENDS_BEFORE_START && raw && secondsCutOff(r.startedAt, r.endedAt, raw(VIEW_STARTED), raw(VIEW_ENDED))) return SECONDS_CUT_OFF;
    return problem;
  }
  return null;
}

const VIEW_STARTED = 2, VIEW_ENDED = 3;

/**
 * docs/data-format.md: a view whose start and end fall in the same minute only because both times were
 * written without seconds (Excel's `yyyy/m/d h:mm` display) — not "end before start".
 */
export function secondsCutOff(startedAt: number, endedAt: number, startText: string, endText: string): boolean {
  return startedAt === endedAt && startedAt % 60 === 0 && !hasSeconds(startText) && !hasSeconds(endText);
}

/** Whether a datetime cell was written with seconds (H:mm:ss, or 秒). */
function hasSeconds(text: string): boolean {
  const t = normalizeKey(text);
  return /\d:\d{1,2}:\d/.test(t) || t.includes('秒');
}

const SECONDS_CUT_OFF: RowProblem = {
  column: '结束时间',
  reason: '开始时间与结束时间在同一分钟且都没有秒：很可能是 Excel 以“yyyy/m/d h:mm”格式显示并另存时把秒截掉了。' +
    '请从平台重新导出，或在 Excel 中把这两列的单元格格式设为“yyyy/m/d h:mm:ss”后再另存为 CSV',
};

const ENDS_BEFORE_START: RowProblem = { column: '结束时间', reason: '结束时间不晚于开始时间' };
const LONGER_THAN_A_DAY: RowProblem = { column: '结束时间', reason: '单次观看超过 24 小时' };

/** views.csv's row rule: a segment ends after it starts, within 24 hours. */
export function viewSpanProblem(startedAt: number, endedAt: number): RowProblem | null {
  if (endedAt <= startedAt) return ENDS_BEFORE_START;
  if (endedAt - startedAt > 86400) return LONGER_THAN_A_DAY;
  return null;
}

/**
 * The zod schema of one row of `f`, keyed by Chinese header: the same field functions and row
 * rules ingest applies, so `rowSchema(viewsFile).safeParse({...})` answers exactly as ingest does.
 */
export function rowSchema<F extends InputFile>(f: F): z.ZodType<RowOf<F>> {
  const shape: Record<string, z.ZodType> = {};
  for (const c of f.columns) {
    shape[c.zh] = z.string().optional().transform((raw, ctx) => {
      const v = c.type.parse(raw);
      if (v instanceof Invalid) {
        ctx.addIssue({ code: 'custom', message: `${c.zh}：${v.reason}` });
        return z.NEVER;
      }
      return v;
    });
  }
  return z
    .object(shape)
    .transform((cells, ctx) => {
      const row: Record<string, unknown> = {};
      for (const c of f.columns) row[c.key] = cells[c.zh];
      const problem = rowRule(f, row);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem.reason });
        return z.NEVER;
      }
      return row as RowOf<F>;
    }) as unknown as z.ZodType<RowOf<F>>;
}
