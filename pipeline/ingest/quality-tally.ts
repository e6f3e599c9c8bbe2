/**
 * The quality ledger: for every input file, how many rows were accepted, rejected, duplicate
 * or ignored, the rejected rows with their reasons, and the warnings. Nothing is lost: each
 * data row lands in exactly one of accepted, rejected, duplicates.
 */
import type { Blocking, FileQuality, RejectedRow, Warning } from '../contract/outputs.ts';
import { UNKNOWN_ID_SAMPLE, type UnknownIds } from '../contract/model.ts';
import { printable } from './printable.ts';

interface UnknownTally { file: string; column: string; refersTo: string; rows: number; sample: Set<string> }

/** The row counts a reading keeps: rows = accepted + rejected + duplicates. */
export interface RowCounts {
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
}

export interface FileTally extends RowCounts {
  present: boolean;
  encoding: FileQuality['encoding'];
  ignored: number;
}

/** One part of a paged export (`views_2.csv`), tallied on its own. */
export type PartTally = NonNullable<FileQuality['parts']>[number];

/**
 * Where a reading puts its rows: the file's own tally, or (a paged export) the part's. The
 * rejections name the contract's file and, for a part, the part's own name.
 */
export interface TallyTarget {
  readonly file: string;
  readonly part: string | null;
  readonly tally: RowCounts;
}

export class QualityTally {
  readonly files = new Map<string, FileTally>();
  readonly rejected: RejectedRow[] = [];
  readonly warnings: Warning[] = [];
  /** Blocking problems found while reading (a cut-off file, an unread page of an export …). */
  readonly blocking: Blocking[] = [];
  /** Per file and column, the unknown ids of rejected rows (counted; the first few kept). */
  private readonly unknown = new Map<string, UnknownTally>();
  /** The parts of paged exports, by the contract's file name, in reading order. */
  private readonly parts = new Map<string, PartTally[]>();

  file(name: string): FileTally {
    let t = this.files.get(name);
    if (!t) {
      t = { present: false, encoding: null, rows: 0, accepted: 0, rejected: 0, duplicates: 0, ignored: 0 };
      this.files.set(name, t);
    }
    return t;
  }

  reject(file: string, row: number, column: string | null, reason: string): void {
    this.file(file).rejected++;
    // A reason may quote a cell: no raw control bytes in quality.json, on the site or a terminal.
    this.rejected.push({ file, row, column, reason: printable(reason) });
  }

  /** The target of a file read as one part (its own tally). */
  whole(file: string): TallyTarget {
    return { file, part: null, tally: this.file(file) };
  }

  /** A new part of a paged export: tallied apart until `addPart` adds it to the file. */
  part(file: string, part: string, encoding: PartTally['encoding']): TallyTarget & { tally: PartTally } {
    return { file, part, tally: { file: part, encoding, rows: 0, accepted: 0, rejected: 0, duplicates: 0 } };
  }

  /** A part read: its counts added to the file's, and the part listed in quality.json. */
  addPart(target: TallyTarget & { tally: PartTally }): void {
    const t = this.file(target.file);
    const p = target.tally;
    t.rows += p.rows;
    t.accepted += p.accepted;
    t.rejected += p.rejected;
    t.duplicates += p.duplicates;
    let list = this.parts.get(target.file);
    if (!list) this.parts.set(target.file, list = []);
    list.push(p);
  }

  /** A rejected row, counted where `target` says. */
  rejectIn(target: TallyTarget, row: number, column: string | null, reason: string): void {
    target.tally.rejected++;
    this.rejected.push(target.part === null ? { file: target.file, row, column, reason } : { file: target.file, row, column, reason, part: target.part });
  }

  /**
   * Rows accepted earlier turn out to be exact duplicates of earlier rows (found after reading);
   * `part`: the index of the paged export's part holding them.
   */
  duplicate(file: string, n: number, part = 0): void {
    const t = this.file(file);
    t.accepted -= n;
    t.duplicates += n;
    const p = this.parts.get(file)?.[part];
    if (p) {
      p.accepted -= n;
      p.duplicates += n;
    }
  }

  /** How many parts a file was read in (1 for a file that is not paged). */
  partCount(file: string): number {
    return this.parts.get(file)?.length ?? 1;
  }

  /** Rejected rows in the order of `files` (the contract's names), then part, then row. */
  rejectedInOrder(files: readonly string[]): RejectedRow[] {
    const order = new Map(files.map((f, i) => [f, i]));
    const partOrder = (r: RejectedRow) => (r.part === undefined ? 0 : this.parts.get(r.file)?.findIndex((p) => p.file === r.part) ?? 0);
    return [...this.rejected].sort((a, b) => (order.get(a.file) ?? files.length) - (order.get(b.file) ?? files.length) || partOrder(a) - partOrder(b) || a.row - b.row);
  }

  /** A row accepted earlier turns out to be rejected (a reference checked after parsing). */
  unaccept(file: string, row: number, column: string | null, reason: string): void {
    this.file(file).accepted--;
    this.reject(file, row, column, reason);
  }

  /**
   * A row rejected for an unknown id (already counted by reject): the id is sampled, so the
   * publish gate can tell ids Excel mangled. Only rejected rows come here: not the hot path.
   */
  unknownId(file: string, column: string, refersTo: string, id: string, rows = 1): void {
    const key = `${file}\t${column}`;
    let t = this.unknown.get(key);
    if (!t) this.unknown.set(key, t = { file, column, refersTo, rows: 0, sample: new Set() });
    t.rows += rows;
    if (t.sample.size < UNKNOWN_ID_SAMPLE) t.sample.add(id);
  }

  /** Another ledger's unknown ids (a chunk of views.csv read apart), after this one's, in order. */
  mergeUnknownIds(from: readonly UnknownIds[]): void {
    for (const u of from) {
      const key = `${u.file}\t${u.column}`;
      let t = this.unknown.get(key);
      if (!t) this.unknown.set(key, t = { file: u.file, column: u.column, refersTo: u.refersTo, rows: 0, sample: new Set() });
      t.rows += u.rows;
      for (const id of u.sample) if (t.sample.size < UNKNOWN_ID_SAMPLE) t.sample.add(id);
    }
  }

  /** The unknown ids per file and column, in the order first met. */
  unknownIds(): UnknownIds[] {
    return [...this.unknown.values()].map((t) => ({ file: t.file, column: t.column, refersTo: t.refersTo, rows: t.rows, sample: [...t.sample] }));
  }

  warn(kind: Warning['kind'], file: string | null, row: number | null, message: string): void {
    this.warnings.push({ kind, file, row, message: printable(message) });
  }

  /** A problem found while reading that makes the drop unfit to publish (quality.json.blocking). */
  block(code: Blocking['code'], file: string | null, message: string): void {
    this.blocking.push({ code, file, message });
  }

  /** Rows that were accepted but fell outside a person's range. */
  ignore(file: string, n: number): void {
    if (n > 0) this.file(file).ignored += n;
  }

  quality(name: string): FileQuality {
    const t = this.file(name);
    const parts = this.parts.get(name);
    const q: FileQuality = { present: t.present, encoding: t.encoding, rows: t.rows, accepted: t.accepted, rejected: t.rejected, duplicates: t.duplicates, ignored: t.ignored };
    return parts ? { ...q, parts: parts.map((p) => ({ ...p })) } : q;
  }
}
