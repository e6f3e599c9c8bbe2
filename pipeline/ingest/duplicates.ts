/**
 * Exact duplicates within small groups (one person's comments, one report's reviews), found
 * after reading by sorting each group, instead of a set of every row's values joined into one
 * string: that set held a copy of every comment's text until the end of ingest, which the
 * garbage collector copied around again and again. Sorting also keeps a group with thousands of
 * rows at n log n.
 */
import type { Ledger } from './ledger.ts';

/**
 * Drop from a group's parallel arrays (one row per index) every row equal to an earlier one
 * under `compare` (a total order whose 0 means "the same row"), keeping the first and the
 * order of the rest; the dropped rows move from accepted to duplicates in `file`'s tally.
 */
export function dropDuplicateRows(ledger: Ledger, file: string, compare: (i: number, j: number) => number, rows: unknown[], ...alongside: unknown[][]): void {
  const flags = laterDuplicates(rows.length, compare);
  if (flags) ledger.duplicate(file, dropFlagged(flags, rows, ...alongside));
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
