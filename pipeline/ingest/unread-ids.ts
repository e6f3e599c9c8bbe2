/**
 * docs/gate.md `implausible-value`: an optional id column under a header the contract does not
 * know (extensions.csv's `支部编号` written `所在支部`). Unread, it is empty in every row, and a
 * row that names its branch only there names nobody: the branch's extension is lost without a
 * word but an ignored-columns warning. The sign is in the values, not in a list of headers: an
 * unknown column whose cells are ids of the file the missing column refers to (branches.csv's
 * 支部编号), in rows whose read id columns are all empty — rows that were about those ids.
 * An unknown column of ids beside a filled id column (a person's branch shown for information)
 * never blocks. Pure bookkeeping over the raw cells; the table reader feeds it.
 */
import { normalizeKey } from '../contract/fields.ts';
import { type Column, type InputFile, matchHeader, referencesOf } from '../contract/inputs.ts';
import type { QualityTally } from './quality-tally.ts';

/** An unknown column read as the missing id column it holds. */
export interface UnreadIdColumn {
  readonly cell: string;
  readonly column: Column;
  /** The file the missing column's ids name. */
  readonly refersTo: string;
  /** A few of its values that are ids there. */
  readonly sample: readonly string[];
  /** The rows whose read id columns are all empty while this column holds an id (first few), and how many. */
  readonly rows: readonly number[];
  readonly nobody: number;
}

/** Of an unknown column's non-empty cells, at least this share must be known ids (a stray note aside). */
const ID_SHARE = 0.8;
const SAMPLE = 3;
const ROWS_SHOWN = 10;

interface Candidate { readonly column: Column; readonly refersTo: string; readonly known: ReadonlyMap<string, unknown> }
interface Watched {
  readonly at: number;
  readonly cell: string;
  cells: number;
  /** Per candidate: cells that are its ids, a sample, rows naming nobody else. */
  readonly hits: number[];
  readonly sample: Set<string>[];
  readonly rows: number[][];
  readonly nobody: number[];
}

export class IdColumnWatch {
  constructor(
    private readonly candidates: readonly Candidate[], private readonly watched: readonly Watched[],
    /** Where the file's read id columns are among the cells (their emptiness marks a row naming nobody). */
    private readonly readIds: readonly number[],
  ) {}

  /** A data row's cells, at Excel row `row`. */
  see(cells: readonly string[], row: number): void {
    let names: boolean | null = null;
    for (const w of this.watched) {
      const raw = cells[w.at];
      if (raw === undefined) continue;
      const v = normalizeKey(raw);
      if (v === '') continue;
      w.cells++;
      for (let k = 0; k < this.candidates.length; k++) {
        if (!this.candidates[k].known.has(v)) continue;
        w.hits[k]++;
        if (w.sample[k].size < SAMPLE) w.sample[k].add(v);
        names ??= this.readIds.some((at) => normalizeKey(cells[at] ?? '') !== '');
        if (!names) {
          w.nobody[k]++;
          if (w.rows[k].length < ROWS_SHOWN) w.rows[k].push(row);
        }
      }
    }
  }

  /** The unknown columns that are a missing id column: mostly its ids, and rows about them naming nobody without it. */
  unread(): UnreadIdColumn[] {
    const found: UnreadIdColumn[] = [];
    const taken = new Set<number>();
    for (const w of this.watched) {
      for (let k = 0; k < this.candidates.length; k++) {
        if (taken.has(k) || w.nobody[k] === 0 || w.hits[k] < ID_SHARE * w.cells) continue;
        const c = this.candidates[k];
        found.push({ cell: w.cell, column: c.column, refersTo: c.refersTo, sample: [...w.sample[k]], rows: w.rows[k], nobody: w.nobody[k] });
        taken.add(k);
        break;
      }
    }
    return found;
  }
}

/**
 * The watch for a header (cells, and its column index): null unless an optional id column is
 * missing and some column is unknown. `known(file)`: the ids read from a file (null: not read yet).
 */
export function idColumnWatch(
  f: InputFile, cells: readonly string[], index: readonly number[], known: ((file: string) => ReadonlyMap<string, unknown> | undefined) | undefined,
): IdColumnWatch | null {
  if (!known) return null;
  const refs = referencesOf(f);
  const candidates: Candidate[] = [];
  for (const r of refs) {
    const i = f.columns.findIndex((c) => c.key === r.key);
    const ids = known(r.file);
    if (r.optional && index[i] === -1 && ids && ids.size > 0) candidates.push({ column: f.columns[i], refersTo: r.file, known: ids });
  }
  if (candidates.length === 0) return null;
  const unknown = matchHeader(f, cells).unknownAt;
  if (unknown.length === 0) return null;
  const readIds = refs.map((r) => index[f.columns.findIndex((c) => c.key === r.key)]).filter((at) => at >= 0);
  const n = candidates.length;
  return new IdColumnWatch(candidates, unknown.map((at) => ({
    at, cell: cells[at].trim(), cells: 0, hits: Array(n).fill(0), sample: Array.from({ length: n }, () => new Set<string>()),
    rows: Array.from({ length: n }, () => []), nobody: Array(n).fill(0),
  })), readIds);
}

/** The blocking problem for an id column under another header (docs/gate.md `implausible-value`). */
export function blockUnreadIds(qualityTally: QualityTally, file: string, u: UnreadIdColumn): void {
  const rows = `第 ${u.rows.join('、')} 行${u.nobody > u.rows.length ? ` 等 ${u.nobody} 行` : ''}`;
  const effect = file === 'extensions.csv' ? '（这些延期都不起作用，有关的人按原截止日判定）' : '';
  qualityTally.block('implausible-value', file,
    `${file} 的“${u.cell}”列填的是 ${u.refersTo} 中的${u.column.zh}（如${u.sample.map((s) => `“${s}”`).join('、')}），但表头不是“${u.column.zh}”，` +
    `而本文件没有“${u.column.zh}”列：该列没有被读取，${rows}只在这一列填了编号，读到的编号列都是空的，因此被拒绝${effect}。常见原因：表头换了说法（平台或手工改了列名）。请把表头“${u.cell}”改为“${u.column.zh}”后重新运行`);
}
