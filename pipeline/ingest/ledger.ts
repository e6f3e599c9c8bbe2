/**
 * The quality ledger: for every input file, how many rows were accepted, rejected, duplicate
 * or ignored, the rejected rows with their reasons, and the warnings. Nothing is lost: each
 * data row lands in exactly one of accepted, rejected, duplicates.
 */
import type { FileQuality, RejectedRow, Warning } from '../contract/outputs.ts';

export interface FileTally {
  present: boolean;
  encoding: FileQuality['encoding'];
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  ignored: number;
}

export class Ledger {
  readonly files = new Map<string, FileTally>();
  readonly rejected: RejectedRow[] = [];
  readonly warnings: Warning[] = [];

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
    this.rejected.push({ file, row, column, reason });
  }

  /** Rows accepted earlier turn out to be exact duplicates of earlier rows (found after reading). */
  duplicate(file: string, n: number): void {
    const t = this.file(file);
    t.accepted -= n;
    t.duplicates += n;
  }

  /** A row accepted earlier turns out to be rejected (a reference checked after parsing). */
  unaccept(file: string, row: number, column: string | null, reason: string): void {
    this.file(file).accepted--;
    this.reject(file, row, column, reason);
  }

  warn(kind: Warning['kind'], file: string | null, row: number | null, message: string): void {
    this.warnings.push({ kind, file, row, message });
  }

  /** Rows that were accepted but fell outside a person's range. */
  ignore(file: string, n: number): void {
    if (n > 0) this.file(file).ignored += n;
  }

  quality(name: string): FileQuality {
    const t = this.file(name);
    return { present: t.present, encoding: t.encoding, rows: t.rows, accepted: t.accepted, rejected: t.rejected, duplicates: t.duplicates, ignored: t.ignored };
  }
}
