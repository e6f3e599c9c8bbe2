/**
 * The damage fuzzer (slow; the drop-invariants round, docs/gate.md "Invariants, not a list of cases"): seeded
 * random SINGLE damages, each to a fresh copy of a clean drop (data/sample) or of the later drop
 * of a two-drop root (data/2020-01) — a file removed, emptied, cut mid-row, split into pages,
 * renamed, re-saved as GBK/UTF-16/xlsx, its dates shifted by a year, a number column scaled, a
 * header renamed to a synonym the contract does not know, an enumeration's words replaced, a
 * zero-width space after ids, a unit's people dropped, period.json re-encoded — and for each:
 *   exit 0 (no blocking problem, nothing fatal) ONLY with the clean result person by person
 *   (every person's grade and hours as in the clean run); otherwise exit 1 (fatal) or 3
 *   (blocking), with a named problem whose message carries no raw control byte.
 * And the negative side: legitimate drops are not blocked.
 *
 * The pipeline runs in-process (computeOutputs for a single drop, runRoot for the root, whose
 * clean earlier drop comes from a copied history store); copies are hard links, and a damage
 * replaces a file instead of writing through the link. Damages that still pass wrongly because
 * the part of the pipeline that would catch them has not landed yet are listed in KNOWN_GAPS
 * with the part they wait for: each such outcome is printed, never silently dropped, and a gap
 * that closes is said ("handled now") and should be taken off the list.
 *
 * FUZZ_VERBOSE=1 prints every damage's verdict and time. On this 2-core machine shared by
 * several engineers (load 4–18) the 216 damages took 77–226 s; unloaded, well under a minute
 * and a half.
 */
import {
  cpSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUtf8 } from 'node:buffer';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCKING_CODES, type PersonResult, type QualityFile } from '../../pipeline/contract/outputs.ts';
import { INPUT_FILES } from '../../pipeline/contract/inputs.ts';
import { encodeGb18030 } from '../../generate/gb18030.ts';
import { FatalInputError } from '../../pipeline/ingest/errors.ts';
import { computeOutputs, runRoot } from '../../pipeline/run.ts';
import { csvToWorkbook } from '../helpers/workbooks.ts';

const SEED = 20200113;
const SAMPLE = 'data/sample';
const ROOT = 'data/2020-01';
const LATER = '2020-02-14';
const EARLIER = '2020-01-31';

// ------------------------------------------------------------------ seeded randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rng = () => number;
const pick = <T,>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

// ------------------------------------------------------------------ files

const work = mkdtempSync(join(tmpdir(), 'xueshi-fuzz-'));
let serial = 0;

/** A hard-linked copy of a folder tree (a damage replaces files, never writes through a link). */
function linkCopy(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    if (e.isDirectory()) linkCopy(join(from, e.name), join(to, e.name));
    else if (e.isFile()) linkSync(join(from, e.name), join(to, e.name));
  }
}
/** Replace a file's content (never through the shared inode). */
function replace(path: string, bytes: string | Uint8Array): void {
  unlinkSync(path);
  writeFileSync(path, bytes);
}
/** A file's text, whether the sample wrote it as UTF-8 or GB18030 (BOM dropped). */
const text = (path: string) => {
  const bytes = readFileSync(path);
  return new TextDecoder(isUtf8(bytes) ? 'utf-8' : 'gb18030').decode(bytes).replace(/^\ufeff/, '');
};

interface Table { header: string[]; rows: string[][]; gb: boolean }
function readTable(path: string): Table {
  const gb = !isUtf8(readFileSync(path));
  const data = Papa.parse<string[]>(text(path), { skipEmptyLines: true }).data;
  return { header: data[0], rows: data.slice(1), gb };
}
const csvText = (header: string[], rows: string[][]) => Papa.unparse([header, ...rows], { newline: '\n' }) + '\n';
/** Written back in the file's own encoding, so the damage is the one change made. */
const csv = (t: Table) => (t.gb ? gbOrUtf8(csvText(t.header, t.rows)) : csvText(t.header, t.rows));
/** GB18030 bytes, or UTF-8 when the text has a character GBK cannot hold (a zero-width space). */
function gbOrUtf8(s: string): Uint8Array | string {
  try { return encodeGb18030(s); } catch { return s; }
}
const writeTable = (path: string, t: Table) => replace(path, csv(t));
const column = (t: Table, ...names: string[]) => t.header.findIndex((h) => names.includes(h));

const FILES = INPUT_FILES.map((f) => f.name);
const zhOf = (file: string) => INPUT_FILES.find((f) => f.name === file)!.zh;
const EVENT = ['views.csv', 'comments.csv', 'sessions.csv', 'attendance.csv', 'self_study.csv', 'reports.csv', 'reviews.csv', 'extensions.csv'];

/** Columns holding dates or times, per file (the sample's headers). */
const DATED: Record<string, readonly string[]> = {
  'views.csv': ['started_at', 'ended_at', '开始时间', '结束时间'], 'comments.csv': ['评论时间'], 'sessions.csv': ['日期'], 'self_study.csv': ['日期'],
  'reports.csv': ['提交时间'], 'reviews.csv': ['审核时间'], 'extensions.csv': ['延至', '批准日期'], 'roster.csv': ['注册日期'],
};

/** Headers the contract does not know, as offices write them, per column of the sample. */
const SYNONYMS: Record<string, Record<string, string>> = {
  'units.csv': { 单位编号: '单位代码', 单位名称: '单位全称', 上级党组织: '上级组织' },
  'branches.csv': { 支部编号: '支部代码', 支部名称: '支部全称', 单位编号: '所属单位', 召集人: '负责人' },
  'roster.csv': { 人员编号: '学员编码', 姓名: '学员', 支部编号: '所在支部', 人员类别: '政治面貌', 注册日期: '报名日期', 党校培训合格: '党校结业', 职务: '职级' },
  'courses.csv': { 课件编号: '课程代码', 课件名称: '课程名称', '时长（分钟）': '视频长度', 是否必修: '课程类型' },
  'views.csv': { person_id: '学员编码', course_id: '课程代码', started_at: '观看开始', ended_at: '观看结束' },
  'comments.csv': { 人员编号: '学员编码', 课件编号: '课程代码', 评论时间: '发表时间', 评论内容: '留言' },
  'sessions.csv': { 场次编号: '活动编号', 支部编号: '所在支部', 日期: '活动日期', 主题: '活动主题' },
  'attendance.csv': { 场次编号: '活动编号', 人员编号: '学员编码' },
  'self_study.csv': { 人员编号: '学员编码', 日期: '学习日期', 内容: '学习内容', 是否认定: '认定状态' },
  'reports.csv': { 报告编号: '报告代码', 人员编号: '学员编码', 类型: '报告类别', 标题: '题目', 提交时间: '上传时间' },
  'reviews.csv': { 报告编号: '报告代码', 审核时间: '点评时间', 结果: '审核结论', 点评: '评语', 评审人: '审核人' },
  'extensions.csv': { 支部编号: '所在支部', 人员编号: '学员编码', 延至: '延期至', 批准日期: '审批日期' },
};

/** An enumeration's words replaced as another platform or office writes them: [file, column, from, to]. */
const WORDS: readonly (readonly [string, string, string, string])[] = [
  ['reports.csv', '类型', '党费日+报告', '党费日报告'],
  ['reports.csv', '类型', '心得体会', '学习心得'],
  ['roster.csv', '人员类别', '党员', '正式党员'],
  ['roster.csv', '人员类别', '中共党员', '党员'], // an alias for the canonical word: legitimate
  ['roster.csv', '党校培训合格', '是', '合格'],
  ['reviews.csv', '结果', '推荐', '优秀'],
  ['reviews.csv', '结果', '退回', '不通过'],
  ['reviews.csv', '结果', '通过', '合格'],
  ['courses.csv', '是否必修', '是', '必修'],
  ['self_study.csv', '是否认定', '是', '已认定'],
  ['self_study.csv', '是否认定', '否', '未认定'],
];

/** Move every date in a cell by `years` (2020-01-14 09:00 → 2019-01-14 09:00; 29 Feb kept valid). */
const shiftYear = (cell: string, years: number) =>
  cell.replace(/(^|\D)(20\d\d)([-/年.])(\d{1,2})([-/月.])(\d{1,2})/, (_m, pre, y, s1, mo, s2, d) => {
    const year = Number(y) + years;
    const day = Number(mo) === 2 && Number(d) === 29 ? '28' : d;
    return `${pre}${year}${s1}${mo}${s2}${day}`;
  });

// ------------------------------------------------------------------ damages

interface Damage {
  /** Stable name: kind:file[:detail] (KNOWN_GAPS refers to it). */
  readonly name: string;
  readonly target: 'single' | 'root';
  /** Damage the drop folder in place (a fresh linked copy). */
  readonly apply: (dir: string, rng: Rng) => void | Promise<void>;
}

function damages(rng: Rng): Damage[] {
  const out: Damage[] = [];
  const both = (name: string, apply: Damage['apply'], root = false) => {
    out.push({ name, target: 'single', apply });
    if (root) out.push({ name: `root/${name}`, target: 'root', apply });
  };

  for (const f of FILES) {
    const inRoot = EVENT.includes(f) || f === 'roster.csv';
    both(`remove:${f}`, (dir) => rmSync(join(dir, f)), inRoot && rng() < 0.5);
    both(`zero-bytes:${f}`, (dir) => replace(join(dir, f), ''), inRoot && rng() < 0.5);
    both(`header-only:${f}`, (dir) => {
      const bytes = readFileSync(join(dir, f));
      replace(join(dir, f), bytes.subarray(0, bytes.indexOf(0x0a) + 1));
    }, inRoot);
    // Cut mid-row somewhere in the last 40 %: no final line break, the last row short.
    const at = 0.6 + rng() * 0.39;
    both(`truncate:${f}:${at.toFixed(2)}`, (dir) => {
      const bytes = readFileSync(join(dir, f));
      let cut = Math.max(1, Math.floor(bytes.length * at));
      while (cut < bytes.length && (bytes[cut] === 0x0a || bytes[cut - 1] === 0x0a || (bytes[cut] & 0xc0) === 0x80)) cut++;
      replace(join(dir, f), bytes.subarray(0, cut));
    }, inRoot && rng() < 0.5);
    // Renamed: the Chinese name, a double extension, another extension.
    const stem = f.replace(/\.csv$/, '');
    both(`rename-zh:${f}`, (dir) => renameSync(join(dir, f), join(dir, `${zhOf(f)}.csv`)));
    both(`rename-double:${f}`, (dir) => renameSync(join(dir, f), join(dir, `${f}.csv`)));
    const ext = pick(rng, ['.et', '.xlsm', '.txt']);
    both(`rename-ext:${f}:${ext}`, (dir) => renameSync(join(dir, f), join(dir, stem + ext)));
    // Re-saved in another encoding or as a workbook: the same data, so the clean result or a named problem.
    both(`gbk:${f}`, (dir) => replace(join(dir, f), gbOrUtf8(text(join(dir, f)))));
    both(`utf-16:${f}`, (dir) => {
      const t = '\ufeff' + text(join(dir, f)).replace(/\r?\n/g, '\r\n');
      replace(join(dir, f), Buffer.from(t, 'utf16le'));
    });
    // (views.xlsx costs 10 s here; workbooks.test.ts reads it already.)
    if (f !== 'views.csv') {
      both(`xlsx:${f}`, async (dir) => {
        await csvToWorkbook(readFileSync(join(dir, f)), join(dir, `${stem}.xlsx`));
        rmSync(join(dir, f));
      });
    }
    // A header renamed to a synonym the contract does not know (one column, chosen by the seed).
    const synonyms = Object.entries(SYNONYMS[f]);
    const [from, to] = pick(rng, synonyms);
    both(`header-synonym:${f}:${from}→${to}`, (dir) => {
      const t = readTable(join(dir, f));
      t.header = t.header.map((h) => (h === from ? to : h));
      writeTable(join(dir, f), t);
    }, inRoot && rng() < 0.3);
    // A zero-width space after every id of the file's first column.
    both(`zero-width:${f}`, (dir) => {
      const t = readTable(join(dir, f));
      for (const r of t.rows) if (r[0]) r[0] += '\u200b';
      writeTable(join(dir, f), t);
    });
  }
  // Paged exports: two parts with the same header, under the English or the Chinese name.
  for (const f of EVENT) {
    const stem = f.replace(/\.csv$/, '');
    const split = rng() * 0.6 + 0.2;
    const pages = (names: [string, string]) => (dir: string) => {
      const t = readTable(join(dir, f));
      const k = Math.max(1, Math.floor(t.rows.length * split));
      rmSync(join(dir, f));
      writeFileSync(join(dir, names[0]), csv({ ...t, rows: t.rows.slice(0, k) }));
      writeFileSync(join(dir, names[1]), csv({ ...t, rows: t.rows.slice(k) }));
    };
    both(`pages:${f}`, pages([f, `${stem}_2.csv`]), f === 'views.csv');
    both(`pages-zh:${f}`, pages([`${zhOf(f)}(1).csv`, `${zhOf(f)}(2).csv`]));
  }
  // Dates shifted by a year (another year's export, or the year typed wrong).
  for (const [f, columns] of Object.entries(DATED)) {
    const years = rng() < 0.5 ? -1 : 1;
    both(`shift-year:${f}:${years}`, (dir) => {
      const t = readTable(join(dir, f));
      const idx = columns.map((c) => column(t, c)).filter((i) => i >= 0);
      for (const r of t.rows) for (const i of idx) r[i] = shiftYear(r[i] ?? '', years);
      writeTable(join(dir, f), t);
    }, f === 'views.csv' || f === 'reports.csv');
  }
  // A number column scaled: durations in seconds under the minutes header (and hours).
  for (const [factor, label] of [[60, 'seconds'], [1 / 60, 'hours']] as const) {
    both(`scale:courses.csv:${label}`, (dir) => {
      const t = readTable(join(dir, 'courses.csv'));
      const i = t.header.findIndex((h) => h.startsWith('时长'));
      for (const r of t.rows) r[i] = String(Math.round(Number(r[i]) * factor * 100) / 100);
      writeTable(join(dir, 'courses.csv'), t);
    });
  }
  // An enumeration's words replaced.
  for (const [f, col, from, to] of WORDS) {
    both(`words:${f}:${col}:${from}→${to}`, (dir) => {
      const t = readTable(join(dir, f));
      const i = t.header.indexOf(col);
      // As the platform would write it: every cell that reads as `from` (NFKC: 党费日＋报告 too).
      for (const r of t.rows) if (r[i]?.normalize('NFKC').trim() === from) r[i] = to;
      writeTable(join(dir, f), t);
    }, f === 'reports.csv' && from === '党费日+报告');
  }
  // The platform spells a kind anew from a day on: only the reports after it (the last tenth; the file is in submission order).
  both('words-from-a-day:reports.csv:类型:党费日+报告→党费日报告', (dir) => {
    const t = readTable(join(dir, 'reports.csv'));
    const i = t.header.indexOf('类型');
    const from = Math.floor(t.rows.length * 0.9);
    t.rows.forEach((r, k) => { if (k >= from && r[i]?.normalize('NFKC').trim() === '党费日+报告') r[i] = '党费日报告'; });
    writeTable(join(dir, 'reports.csv'), t);
  }, true);
  // An optional column of a small file under an unknown header (extensions' 支部编号: the seed may pick another column).
  both('header-synonym:extensions.csv:支部编号→所在支部', (dir) => {
    const t = readTable(join(dir, 'extensions.csv'));
    t.header = t.header.map((h) => (h === '支部编号' ? '所在支部' : h));
    writeTable(join(dir, 'extensions.csv'), t);
  });
  // A column under another header holding another vocabulary (课程类型: 必修/选修; 认定状态: 已认定/未认定).
  const vocabulary = (f: string, from: string, to: string, words: Record<string, string>) => (dir: string) => {
    const t = readTable(join(dir, f));
    const i = t.header.indexOf(from);
    t.header[i] = to;
    for (const r of t.rows) r[i] = words[r[i]?.trim() ?? ''] ?? r[i];
    writeTable(join(dir, f), t);
  };
  both('vocabulary:courses.csv:课程类型', vocabulary('courses.csv', '是否必修', '课程类型', { 是: '必修', 否: '选修', '': '必修' }));
  both('vocabulary:self_study.csv:认定状态', vocabulary('self_study.csv', '是否认定', '认定状态', { 是: '已认定', 否: '未认定', '': '已认定' }));
  // period.json: re-saved by Notepad as GBK; the kind spelled differently there.
  both('gbk:period.json', (dir) => replace(join(dir, 'period.json'), encodeGb18030(readFileSync(join(dir, 'period.json'), 'utf8'))));
  both('words:period.json:党费日+报告→党费日 + 报告', (dir) => {
    const p = readFileSync(join(dir, 'period.json'), 'utf8');
    replace(join(dir, 'period.json'), p.replace('"党费日+报告"', '"党费日 + 报告"'));
  });
  // Two columns for one field: a truncated preview 评论内容 beside the full 评论内容（全文）.
  both('two-columns:comments.csv:评论内容', (dir) => {
    const t = readTable(join(dir, 'comments.csv'));
    const i = t.header.indexOf('评论内容');
    t.header = [...t.header.slice(0, i), '评论内容', '评论内容（全文）', ...t.header.slice(i + 1)];
    t.rows = t.rows.map((r) => [...r.slice(0, i), [...(r[i] ?? '')].slice(0, 6).join(''), ...r.slice(i)]);
    writeTable(join(dir, 'comments.csv'), t);
  });
  // An exporter that never writes a final line break (legitimate, see the negative side), and
  // comments.csv cut inside the 评论内容 of a row near its end: the last row looks complete, and
  // only the people after it in the file's order, watching without a comment, show the cut.
  both('no-final-breaks+truncate-last-column:comments.csv', (dir) => {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv'))) {
      const bytes = readFileSync(join(dir, f));
      let end = bytes.length;
      while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
      let cut = end;
      if (f === 'comments.csv') {
        const lineStart = bytes.lastIndexOf(0x0a, Math.floor(end * 0.8)) + 1;
        cut = bytes.indexOf(0x2c, bytes.indexOf(0x2c, bytes.indexOf(0x2c, lineStart) + 1) + 1) + 1 + 9; // three commas on, 3 characters of text
        while ((bytes[cut] & 0xc0) === 0x80) cut++;
      }
      replace(join(dir, f), bytes.subarray(0, cut));
    }
  });
  // The root's later drop only: a unit's people gone while others stay; a unit's views gone.
  out.push({
    name: 'root/unit-people-dropped:roster.csv', target: 'root',
    apply: (dir) => {
      const branches = readTable(join(dir, 'branches.csv'));
      const t = readTable(join(dir, 'roster.csv'));
      const unitOf = new Map(branches.rows.map((r) => [r[0], r[2]]));
      const b = column(t, '支部编号');
      const units = [...new Set(t.rows.map((r) => unitOf.get(r[b])))].sort();
      const unit = pick(rng, units);
      t.rows = t.rows.filter((r) => unitOf.get(r[b]) !== unit);
      writeTable(join(dir, 'roster.csv'), t);
    },
  });
  out.push({
    name: 'root/unit-views-dropped:views.csv', target: 'root',
    apply: (dir) => {
      const branches = readTable(join(dir, 'branches.csv'));
      const roster = readTable(join(dir, 'roster.csv'));
      const unitOf = new Map(branches.rows.map((r) => [r[0], r[2]]));
      const b = column(roster, '支部编号');
      const personUnit = new Map(roster.rows.map((r) => [r[0], unitOf.get(r[b])]));
      const t = readTable(join(dir, 'views.csv'));
      const unit = pick(rng, [...new Set(personUnit.values())].sort());
      t.rows = t.rows.filter((r) => personUnit.get(r[0]) !== unit);
      writeTable(join(dir, 'views.csv'), t);
    },
  });
  out.push({
    name: 'root/truncate-70:views.csv', target: 'root',
    apply: (dir) => {
      const bytes = readFileSync(join(dir, 'views.csv'));
      let cut = Math.floor(bytes.length * 0.7);
      while (bytes[cut] === 0x0a || bytes[cut - 1] === 0x0a) cut++;
      replace(join(dir, 'views.csv'), bytes.subarray(0, cut));
    },
  });
  return out;
}

/**
 * Damages that today pass with a wrong result because the part of the pipeline that would name
 * them has not landed: name → the part. Printed at each run; a gap that closes fails the test
 * until it is taken off this list.
 */
const KNOWN_GAPS: Readonly<Record<string, string>> = {
  // None open. Closed: a cut inside comments.csv's last free-text column (truncated: the one
  // file of the drop without a final line break, ingest/line-endings.ts; where no file has one,
  // the lost tail of the file's order, ingest/cut-tail.ts); extensions' 支部编号 under an unknown
  // header (implausible-value: ingest/unread-ids.ts); a report kind re-spelled in part of
  // reports.csv (implausible-value: gate/witnesses.ts respelledReportKinds).
};

/** KNOWN_GAPS' entry for a damage: by its name, or by its kind:file (the seed picks the rest). */
const gapOf = (name: string): string | undefined =>
  KNOWN_GAPS[name] ?? Object.entries(KNOWN_GAPS).find(([k]) => name.startsWith(`${k}:`))?.[1];

/**
 * Damages docs/gate.md lets through with a warning naming the file (an optional file absent, or
 * present without a row — nobody may have been granted an extension): name → the warning kind.
 */
const SANCTIONED: Readonly<Record<string, string>> = {
  'remove:reviews.csv': 'fileAbsent',
  'remove:extensions.csv': 'fileAbsent', 'zero-bytes:extensions.csv': 'fileAbsent', 'header-only:extensions.csv': 'fileAbsent',
};

// ------------------------------------------------------------------ running

type Outcome =
  | { exit: 0; people: Map<string, string> ; warnings: string[] }
  | { exit: 1; message: string }
  | { exit: 3; codes: string[]; messages: string[] }
  | { exit: 'crash'; error: string };

const standing = (people: readonly PersonResult[]) => new Map(people.map((p) => [p.personId, `${p.grade}|${p.totalHours}`]));

function outcomeOf(quality: QualityFile, people: readonly PersonResult[]): Outcome {
  if (quality.blocking.length > 0) return { exit: 3, codes: quality.blocking.map((b) => b.code), messages: quality.blocking.map((b) => b.message) };
  return { exit: 0, people: standing(people), warnings: quality.warnings.map((w) => w.kind) };
}
async function guarded(run: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof FatalInputError) return { exit: 1, message: e.message };
    return { exit: 'crash', error: String((e as Error).stack ?? e) };
  }
}
const runSingle = (dir: string) => guarded(async () => {
  const o = await computeOutputs(dir);
  return outcomeOf(o['quality.json'] as QualityFile, (o['people.json'] as { people: PersonResult[] }).people);
});
const runTheRoot = (root: string, history: string) => guarded(async () => {
  const r = await runRoot(root, join(root, '..', `out-${serial++}`), { history });
  return outcomeOf(r.outputs['quality.json'] as QualityFile, (r.outputs['people.json'] as { people: PersonResult[] }).people);
});

/** How many people differ from the clean result (and the first few, for the report). */
function differences(clean: Map<string, string>, got: Map<string, string>): { n: number; first: string[] } {
  const first: string[] = [];
  let n = 0;
  for (const id of new Set([...clean.keys(), ...got.keys()])) {
    if (clean.get(id) === got.get(id)) continue;
    n++;
    if (first.length < 3) first.push(`${id}: ${clean.get(id) ?? '—'} → ${got.get(id) ?? '—'}`);
  }
  return { n, first };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

let cleanSingle: Map<string, string>;
let cleanRoot: Map<string, string>;
let cleanRootPeople: readonly PersonResult[];
let rootHistory: string;

beforeAll(async () => {
  const single = join(work, 'clean-single');
  linkCopy(SAMPLE, single);
  const s = await runSingle(single);
  if (s.exit !== 0) throw new Error(`the clean sample is not clean: ${JSON.stringify(s).slice(0, 500)}`);
  cleanSingle = s.people;
  const root = join(work, 'clean-root', 'data');
  linkCopy(ROOT, root);
  rootHistory = join(work, 'clean-root', 'history');
  const r = await runRoot(root, join(work, 'clean-root', 'out'), { history: rootHistory });
  const q = r.outputs['quality.json'] as QualityFile;
  if (q.blocking.length) throw new Error(`the clean root is not clean: ${JSON.stringify(q.blocking).slice(0, 500)}`);
  cleanRootPeople = (r.outputs['people.json'] as { people: PersonResult[] }).people;
  cleanRoot = standing(cleanRootPeople);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('damage fuzzer (slow): single damages give the clean result or exit 1/3 with a named problem', () => {
  it(`seed ${SEED}: every damage`, async () => {
    const rng = mulberry32(SEED);
    const list = damages(rng);
    const failures: string[] = [];
    const gaps: string[] = [];
    const closed: string[] = [];
    const tally = { clean: 0, fatal: 0, blocked: 0, wrong: 0, crash: 0 };
    const started = performance.now();
    for (const d of list) {
      const t0 = performance.now();
      const base = join(work, `d${serial++}`);
      let outcome: Outcome;
      if (d.target === 'single') {
        linkCopy(SAMPLE, base);
        await d.apply(base, rng);
        outcome = await runSingle(base);
      } else {
        const root = join(base, 'data');
        linkCopy(ROOT, root);
        const history = join(base, 'history');
        cpSync(rootHistory, history, { recursive: true });
        await d.apply(join(root, LATER), rng);
        outcome = await runTheRoot(root, history);
      }
      rmSync(base, { recursive: true, force: true });
      const clean = d.target === 'single' ? cleanSingle : cleanRoot;
      let problem: string | null = null;
      if (outcome.exit === 'crash') { tally.crash++; problem = `crashed: ${outcome.error.split('\n').slice(0, 3).join(' | ')}`; }
      else if (outcome.exit === 1) {
        tally.fatal++;
        if (!outcome.message.trim()) problem = 'fatal without a message';
        else if (CONTROL.test(outcome.message)) problem = `fatal message with a control byte: ${JSON.stringify(outcome.message.slice(0, 200))}`;
      } else if (outcome.exit === 3) {
        tally.blocked++;
        if (!outcome.codes.every((c) => (BLOCKING_CODES as readonly string[]).includes(c))) problem = `unknown code ${outcome.codes}`;
        const bad = outcome.messages.find((m) => !m.trim() || CONTROL.test(m));
        if (bad !== undefined) problem = `blocking message empty or with a control byte: ${JSON.stringify(bad.slice(0, 200))}`;
      } else {
        const diff = differences(clean, outcome.people);
        if (diff.n === 0) tally.clean++;
        else {
          tally.wrong++;
          const sanctioned = SANCTIONED[d.name];
          if (sanctioned && outcome.warnings.includes(sanctioned)) problem = null;
          else problem = `exit 0 with ${diff.n} people differing (${diff.first.join('; ')})`;
        }
      }
      if (process.env.FUZZ_VERBOSE) {
        const said = outcome.exit === 3 ? outcome.codes.join(',') : outcome.exit === 1 ? outcome.message.slice(0, 160) : outcome.exit === 0 ? 'no problem named' : 'crash';
        console.log(`${d.name} → ${outcome.exit} ${said}${problem ? ` !! ${problem}` : ''} (${Math.round(performance.now() - t0)} ms)`);
      }
      const gap = gapOf(d.name);
      if (problem === null) {
        if (gap) closed.push(`${d.name} [${gap}]`);
        continue;
      }
      if (gap) gaps.push(`${d.name} [${gap}]: ${problem}`);
      else failures.push(`${d.name}: ${problem}`);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`damage fuzzer, seed ${SEED}: ${list.length} damages in ${seconds} s — ${JSON.stringify(tally)}`);
    if (gaps.length) console.log(`known gaps (${gaps.length}):\n  ${gaps.join('\n  ')}`);
    // A gap that closed (the part landed) is news: take it off KNOWN_GAPS, so the list only
    // ever holds what still passes wrongly (said, not failed: the landing part is not at fault).
    if (closed.length) console.log(`handled now — take off KNOWN_GAPS (${closed.length}):\n  ${closed.join('\n  ')}`);
    expect(failures, failures.join('\n')).toEqual([]);
    expect(list.length).toBeGreaterThanOrEqual(200);
  }, 600_000);
});

describe('damage fuzzer (slow), the negative side: legitimate drops are not blocked', () => {
  it('the embedded data root data/ passes unchanged, exit 0', async () => {
    const r = await runRoot('data', join(work, 'embedded-out'), { history: join(work, 'embedded-history') });
    expect((r.outputs['quality.json'] as QualityFile).blocking).toEqual([]);
  }, 300_000);

  it('an exporter that never writes a final line break: every file without one gives the clean result', async () => {
    const dir = join(work, 'no-final-breaks');
    linkCopy(SAMPLE, dir);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv'))) {
      const bytes = readFileSync(join(dir, f));
      let end = bytes.length;
      while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
      replace(join(dir, f), bytes.subarray(0, end));
    }
    const o = await runSingle(dir);
    expect(o.exit === 3 ? o.messages : o.exit).toBe(0);
    if (o.exit === 0) expect(differences(cleanSingle, o.people).n).toBe(0);
  });

  it('an early drop with no report and no review yet (a third of the window gone, not two) is not blocked', async () => {
    const dir = join(work, 'early');
    linkCopy(join(ROOT, EARLIER), dir);
    for (const f of ['reports.csv', 'reviews.csv']) {
      const bytes = readFileSync(join(dir, f));
      replace(join(dir, f), bytes.subarray(0, bytes.indexOf(0x0a) + 1));
    }
    const o = await runSingle(dir);
    expect(o.exit === 3 ? o.messages : o.exit).toBe(0);
  });

  it('a complete paged export (views.csv + views_2.csv, one header) gives the clean result', async () => {
    const dir = join(work, 'paged');
    linkCopy(SAMPLE, dir);
    const t = readTable(join(dir, 'views.csv'));
    const k = Math.floor(t.rows.length / 2);
    replace(join(dir, 'views.csv'), csv({ ...t, rows: t.rows.slice(0, k) }));
    writeFileSync(join(dir, 'views_2.csv'), csv({ ...t, rows: t.rows.slice(k) }));
    const o = await runSingle(dir);
    if (gapOf('pages:views.csv')) {
      // Until "ingest" reads pages as one file the drop is not read whole: a gap, said above.
      expect(o.exit === 0 || o.exit === 3).toBe(true);
      return;
    }
    expect(o.exit).toBe(0);
    if (o.exit === 0) expect(differences(cleanSingle, o.people).n).toBe(0);
  });

  it('a 退回 review un-qualifying one person in the later drop: exit 0, that person named in a warning, nobody else changed', async () => {
    // data/2020-02: a few people are qualified in its first drop already (data/2020-01's first has none).
    const base = join(work, 'returned');
    const root = join(base, 'data');
    linkCopy('data/2020-02', root);
    const history = join(base, 'history');
    const clean = await runRoot(root, join(base, 'clean-out'), { history });
    expect((clean.outputs['quality.json'] as QualityFile).blocking).toEqual([]);
    const cleanPeople = (clean.outputs['people.json'] as { people: PersonResult[] }).people;
    const earlier = (await computeOutputs(join(root, '2020-05-15')))['people.json'] as { people: PersonResult[] };
    const before = new Map(earlier.people.map((p) => [p.personId, p.grade]));
    const who = cleanPeople.find((p) => p.grade === '合格' && before.get(p.personId) === '合格')!;
    expect(who).toBeDefined();
    // Every report of theirs returned, after the reviews already made.
    const later = join(root, '2020-05-22');
    const reports = readTable(join(later, 'reports.csv'));
    const theirs = reports.rows.filter((r) => r[column(reports, '人员编号')] === who.personId).map((r) => r[column(reports, '报告编号')]);
    expect(theirs.length).toBeGreaterThan(0);
    const reviews = text(join(later, 'reviews.csv'));
    replace(join(later, 'reviews.csv'), reviews.replace(/\n?$/, '\n') + theirs.map((id) => `${id},2020-05-22 23:59:00,退回,请按要求重写,支部书记\n`).join(''));
    const r = await runRoot(root, join(base, 'out'), { history });
    const q = r.outputs['quality.json'] as QualityFile;
    expect(q.blocking).toEqual([]);
    const diff = differences(standing(cleanPeople), standing((r.outputs['people.json'] as { people: PersonResult[] }).people));
    expect(diff.n).toBe(1);
    expect(diff.first[0]).toMatch(new RegExp(`^${who.personId}: 合格\\|`));
    expect(q.warnings.find((w) => w.kind === 'noLongerQualified')?.message).toContain(who.personId);
  }, 120_000);
});
