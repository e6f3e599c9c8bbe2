/**
 * The rejections ingest gives rows that need other files: an unknown id, a repeated key.
 */
import type { RowOutcome } from './table.ts';

export const unknownId = (column: string, id: string, file: string): RowOutcome => ({ column, reason: `${column}“${id}”不在 ${file} 中`, unknown: { id, refersTo: file } });
export const repeatedKey = (column: string, id: string, firstRow: number): RowOutcome => ({ column, reason: `重复编号：${column}“${id}”已在第 ${firstRow} 行出现，保留第一行` });
