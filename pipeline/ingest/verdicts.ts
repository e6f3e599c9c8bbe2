/**
 * The verdicts ingest gives rows that need other files: an unknown id, a repeated key.
 */
import type { Verdict } from './table.ts';

export const unknownId = (column: string, id: string, file: string): Verdict => ({ column, reason: `${column}“${id}”不在 ${file} 中`, unknown: { id, refersTo: file } });
export const repeatedKey = (column: string, id: string, firstRow: number): Verdict => ({ column, reason: `重复编号：${column}“${id}”已在第 ${firstRow} 行出现，保留第一行` });
