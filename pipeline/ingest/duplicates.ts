/**
 * Exact duplicates within small groups (one person's comments, one report's reviews), found
 * after reading by sorting each group, instead of a set of every row's values joined into one
 * string: that set held a copy of every comment's text until the end of ingest, which the
 * garbage collector copied around again and again. Sorting also keeps a group with thousands of
 * rows at n log n.
 */
import type { QualityTally } from './quality-tally.ts';

/**
 * Drop from a group's parallel arrays (one row per index) every row equal to an earlier one
 * under `compare` (a total order whose 0 means "the same row"), keeping the first and the
 * order of the rest; the dropped rows move from accepted to duplicates in `file`'s tally.
 */
export function dedupeRows(where: DuplicatesOf, compare: (i: number, j: number) => number, rows: unknown[], ...alongside: unknown[][]): void {
  const flags = laterDuplicates(rows.length, compare);
  if (!flags) return;
  const { qualityTally, file, parts } = where;
  if (!parts) {
    qualityTally.duplicate(file, dropFlagged(flags, rows, ...alongside));
    return;
  }
  // A paged export: each duplicate is its own part's (the part of the later of two equal rows).
  for (let i = 0; i < flags.length; i++) if (flags[i]) qualityTally.duplicate(file, 1, parts[i]);
  dropFlagged(flags, rows, ...alongside, parts);
}

/** Where a group's duplicates are counted: the file, and each row's part when the file is paged. */
export interface DuplicatesOf {
  readonly qualityTally: QualityTally;
  readonly file: string;
  readonly parts?: number[];
}

/**
 * The part of each row of each group, kept only for a paged export (nothing is kept for a
 * file read as one part: the common case costs nothing).
 */
export class PartTags<K> {
  private readonly tags: Map<K, number[]> | null;
  constructor(paged: boolean) {
    this.tags = paged ? new Map() : null;
  }

  add(group: K, part: number): void {
    if (!this.tags) return;
    let list = this.tags.get(group);
    if (!list) this.tags.set(group, list = []);
    list.push(part);
  }

  /** Where a group's duplicates are counted. */
  of(qualityTally: QualityTally, file: string, group: K): DuplicatesOf {
    return this.tags ? { qualityTally, file, parts: this.tags.get(group) ?? [] } : { qualityTally, file };
  }
}

/**
 * Which of n items equal an earlier one under `compare`: null when none does, else a flag per
 * item. The first of equal items is kept.
 */
function laterDuplicates(n: number, compare: (i: number, j: number) => number): Uint8Array | null {
  if (n < 2) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => compare(a, b) || a - b);
  let flags: Uint8Array | null = null;
  for (let k = 1; k < n; k++) if (compare(order[k - 1], order[k]) === 0) (flags ??= new Uint8Array(n))[order[k]] = 1;
  return flags;
}

/** Remove the flagged items of each array, in place, keeping the order of the rest. */
function dropFlagged(flags: Uint8Array, ...arrays: unknown[][]): number {
  let dropped = 0;
  for (const array of arrays) {
    let w = 0;
    for (let i = 0; i < array.length; i++) if (!flags[i]) array[w++] = array[i];
    dropped = array.length - w;
    array.length = w;
  }
  return dropped;
}
