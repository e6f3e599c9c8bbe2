/**
 * docs/gate.md `implausible-value`: a column the contract does not know whose values are all the
 * vocabulary of a column that was not found (`课程类型` holding 必修/选修 where `是否必修` is
 * meant; `认定状态` holding 已认定/未认定 for `是否认定`). Its column would otherwise take its
 * default silently for every row. Any optional column with a vocabulary (contract/fields.ts)
 * is watched, not a list of known headers.
 */
import { normalizeKey } from '../contract/fields.ts';
import { type Column, type InputFile, matchHeader } from '../contract/inputs.ts';
import type { QualityTally } from './quality-tally.ts';

/** An unknown column that holds a missing column's words. */
export interface Misnamed {
  readonly cell: string;
  readonly column: Column;
  /** Its distinct values, as written (normalised). */
  readonly values: readonly string[];
}

/** Beyond this many distinct values a column is no vocabulary. */
const MAX_WORDS = 20;

interface Watched {
  readonly at: number;
  readonly cell: string;
  /** Its distinct values that are vocabulary words. */
  readonly values: Set<string>;
  /** Non-empty cells, and those holding no vocabulary word (a stray 待定 is rejected anyway). */
  cells: number;
  others: number;
  live: boolean;
}

/** Unknown columns of one file, their values collected while the rows are read. */
export class VocabularyWatch {
  private readonly words: ReadonlySet<string>;
  constructor(private readonly candidates: readonly Column[], private readonly watched: Watched[]) {
    this.words = new Set(candidates.flatMap((c) => [...c.type.vocabulary!.words]));
  }

  /** A data row's cells. */
  see(cells: readonly string[]): void {
    for (const w of this.watched) {
      if (!w.live) continue;
      const raw = cells[w.at];
      if (raw === undefined) continue;
      const v = normalizeKey(raw).toLowerCase();
      if (v === '') continue;
      w.cells++;
      if (!this.words.has(v)) w.others++;
      else if (w.values.add(v).size > MAX_WORDS) w.live = false;
    }
  }

  /**
   * The watched columns whose cells are a missing column's words (all but at most one in 20:
   * a stray 待定 does not hide the column), and which are that column by their words (one of
   * its own among them: 必修/选修) or by their header (it shares a word of two characters with
   * the column's: `认定状态` holding 是/否 for `是否认定`). A column of plain 是/否 under an
   * unrelated header (`是否少数民族`) is never taken for one.
   */
  misnamed(): Misnamed[] {
    const found: Misnamed[] = [];
    for (const w of this.watched) {
      if (!w.live || w.values.size === 0 || w.others * 20 > w.cells) continue;
      const values = [...w.values];
      const column = this.candidates.find((c) => values.every((v) => c.type.vocabulary!.words.has(v)) &&
        (values.some((v) => c.type.vocabulary!.own.has(v)) || relatedHeaders(w.cell, c.zh)));
      if (column) found.push({ cell: w.cell, column, values });
    }
    return found;
  }
}

/** Two headers share a word of two characters, the yes/no question's 是否 and brackets aside. */
function relatedHeaders(cell: string, zh: string): boolean {
  const words = (h: string) => normalizeKey(h).replace(/^是否/, '').replace(/[(（].*$/, '');
  const a = words(cell), b = words(zh);
  for (let i = 0; i + 2 <= b.length; i++) if (a.includes(b.slice(i, i + 2))) return true;
  return false;
}

/** The watch for a header (cells, and its column index): null when no column with a vocabulary is missing or no column is unknown. */
export function vocabularyWatch(f: InputFile, cells: readonly string[], index: readonly number[]): VocabularyWatch | null {
  const candidates = f.columns.filter((c, i) => index[i] === -1 && c.type.vocabulary !== undefined);
  if (candidates.length === 0) return null;
  const unknown = matchHeader(f, cells).unknownAt;
  if (unknown.length === 0) return null;
  return new VocabularyWatch(candidates, unknown.map((at) => ({ at, cell: cells[at].trim(), values: new Set<string>(), cells: 0, others: 0, live: true })));
}

/** The blocking problem for a column under another header (docs/gate.md `implausible-value`). */
export function blockMisnamed(qualityTally: QualityTally, file: string, m: Misnamed): void {
  qualityTally.block('implausible-value', file, `${file} 的“${m.cell}”列填的是“${m.values.join('/')}”，这是“${m.column.zh}”列的内容，但表头不是“${m.column.zh}”：该列没有被读取，“${m.column.zh}”对每一行都会按默认值（${m.column.type.label}）计。请把表头“${m.cell}”改为“${m.column.zh}”后重新运行`);
}
