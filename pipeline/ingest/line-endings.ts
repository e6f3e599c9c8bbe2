/**
 * The files read together: one exporter writes every file of a drop the same way. A download
 * that stops inside the last column of a free-text file (评论内容) leaves a last row with all its
 * fields and no open quote — complete to the reader, and only the missing final line break shows
 * the cut. Some exporters never write one, so that alone proves nothing; a drop whose other CSV
 * files all end with a line break, and one that does not, may hold a file that stopped early —
 * or one saved by an editor that drops the final line break. The contract's `truncated` is a
 * last row cut short (fewer fields or an open quote), so this is a warning (`unterminated`)
 * naming the file, not a block: a complete file must publish. (comments.csv's lost tail is
 * judged by its order as well: cut-tail.ts, blocking.) Workbooks have no line breaks and are
 * left out; so are files without a data row (empty-file speaks for those) and files already
 * found cut.
 */
import { open } from 'node:fs/promises';
import { INPUT_FILES } from '../contract/inputs.ts';
import type { DataFolder, Source } from './folder.ts';
import type { QualityTally } from './quality-tally.ts';

/** How a file's bytes end: with a line break (LF or CR, in any encoding), or not. */
export type Ending = 'break' | 'none';

/** Bytes after the last line break that do not make a row: spaces, tabs, NUL (UTF-16's other half), Ctrl-Z (DOS's end of file). */
const TRAILING = new Set([0x20, 0x09, 0x00, 0x1a]);

/** How `bytes` (a file's last bytes) end; null when nothing but trailing filler is there. */
export function endingOf(bytes: Uint8Array): Ending | null {
  let i = bytes.length - 1;
  while (i >= 0 && TRAILING.has(bytes[i])) i--;
  if (i < 0) return null;
  return bytes[i] === 0x0a || bytes[i] === 0x0d ? 'break' : 'none';
}

/** The last bytes of a file (enough to see past trailing filler). */
async function lastBytes(path: string, n = 64): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(n, size);
    const buffer = new Uint8Array(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer;
  } finally {
    await handle.close();
  }
}

/** A CSV file (or part) of the drop with data rows, and how it ends. */
export interface FileEnding {
  readonly file: string;
  /** The part's own name for a paged export, else null. */
  readonly part: string | null;
  readonly rows: number;
  readonly ending: Ending;
}

/** The exporter writes line breaks when at least this many files end with one … */
export const MIN_TERMINATED = 3;
/** … and at least this many times as many as end without one. */
export const TERMINATED_RATIO = 3;

/**
 * The files that end without a line break while the drop's others show its exporter writes one
 * (at least MIN_TERMINATED of them and TERMINATED_RATIO times as many as those that do not).
 */
export function unterminated(endings: readonly FileEnding[]): FileEnding[] {
  const none = endings.filter((e) => e.ending === 'none');
  const breaks = endings.length - none.length;
  if (none.length === 0 || breaks < MIN_TERMINATED || breaks < TERMINATED_RATIO * none.length) return [];
  return none;
}

/** The CSV sources of the drop with data rows, not already found cut, and how each ends. */
async function endingsOf(folder: DataFolder, qualityTally: QualityTally): Promise<FileEnding[]> {
  const cut = new Set(qualityTally.blocking.filter((b) => b.code === 'truncated').map((b) => b.file));
  const out: FileEnding[] = [];
  for (const f of INPUT_FILES) {
    if (cut.has(f.name)) continue;
    const sources = folder.parts(f.name);
    const parts = qualityTally.quality(f.name).parts;
    for (const source of sources) {
      if (source.format !== 'csv') continue;
      const rows = sources.length === 1 ? qualityTally.file(f.name).rows : rowsOfPart(parts, source);
      if (rows <= 0) continue;
      const ending = endingOf(await lastBytes(source.path).catch(() => new Uint8Array()));
      if (ending !== null) out.push({ file: f.name, part: sources.length === 1 ? null : source.actual, rows, ending });
    }
  }
  return out;
}

const rowsOfPart = (parts: readonly { file: string; rows: number }[] | undefined, source: Source) => parts?.find((p) => p.file === source.actual)?.rows ?? 0;

/** The warning `unterminated`: each file that alone of the drop ends without a line break. Returns every file's ending. */
export async function warnUnterminated(folder: DataFolder, qualityTally: QualityTally): Promise<FileEnding[]> {
  const endings = await endingsOf(folder, qualityTally);
  const breaks = endings.filter((e) => e.ending === 'break').length;
  for (const e of unterminated(endings)) {
    const name = e.part === null ? e.file : `${e.file}（${e.part}）`;
    qualityTally.warn('unterminated', e.file, e.rows,
      `${name} 的末尾没有换行，而本批其他 ${breaks} 个 CSV 文件都以换行结束：同一个平台导出的文件写法一致，这个文件可能是下载或复制中断了——` +
      `最后一行（第 ${e.rows} 行数据）的最后一列（如评论内容）可能只剩一部分，看起来完整，但其后的行都没有读到。` +
      '请核对该文件的最后几行；若不完整，请从平台重新下载后重新运行；若确认完整（如手工编辑后保存时去掉了末尾的换行），可在文件末尾加一个换行，本提示即消失');
  }
  return endings;
}
