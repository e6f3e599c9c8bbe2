/**
 * A workbook's zip presented to exceljs's streaming reader with its parts in the one order that
 * reader handles reliably: the workbook (its tabs and their relationships), the shared strings
 * and the styles first, the worksheets last.
 *
 * The reader streams the zip front to back and cannot go back. Writers store the parts in other
 * orders — Excel and WPS put sharedStrings.xml and styles.xml after the worksheets, exceljs's own
 * writer puts workbook.xml last — and then the reader parks each worksheet in a temporary file
 * and comes back to it, a path that fails now and then (measured on exceljs 4.4: a workbook with
 * its relationships last lost its tabs in 18 of 40 reads; a worksheet met before workbook.xml
 * throws "Cannot read properties of undefined (reading 'sheets')"; a parked sheet skipped as not
 * the first tab crashed the process with an unhandled ENOENT on its temporary file). Reordered,
 * a worksheet is always read straight from the zip, once.
 *
 * Nothing is decompressed or copied whole here: the central directory says where each part's
 * bytes lie (local header, data, data descriptor), and those byte ranges are streamed from the
 * file in the new order, the central directory last (a streaming reader stops there).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { readInto } from './file-bytes.ts';

/** One part of the zip: its name and where its local header, data and descriptor lie. */
export interface ZipPart {
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

/** The zip's parts in file order and where its central directory begins; null when it cannot be read so (zip64, a damaged directory). */
export interface ZipLayout {
  readonly parts: readonly ZipPart[];
  readonly directoryFrom: number;
  readonly size: number;
}

const EOCD = 0x06054b50, CENTRAL = 0x02014b50, LOCAL = 0x04034b50;

/** The layout of the zip at `path`, from its central directory; null when it is not one we can reorder. */
export async function zipLayout(path: string): Promise<ZipLayout | null> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    // The end-of-directory record: 22 bytes, then a comment of up to 65,535.
    const tailLength = Math.min(size, 22 + 65535);
    const tail = await readAt(file, size - tailLength, tailLength);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) { at = i; break; }
    if (at < 0) return null;
    const entries = tail.readUInt16LE(at + 10);
    const directorySize = tail.readUInt32LE(at + 12);
    const directoryFrom = tail.readUInt32LE(at + 16);
    // Zip64 (a workbook over 4 GB or 65,535 parts): left in its own order.
    if (entries === 0xffff || directoryFrom === 0xffffffff || directorySize === 0xffffffff) return null;
    if (directoryFrom + directorySize > size) return null;
    const directory = await readAt(file, directoryFrom, directorySize);
    const found: { name: string; from: number }[] = [];
    for (let p = 0, k = 0; k < entries; k++) {
      if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL) return null;
      const nameLength = directory.readUInt16LE(p + 28);
      const extraLength = directory.readUInt16LE(p + 30);
      const commentLength = directory.readUInt16LE(p + 32);
      const from = directory.readUInt32LE(p + 42);
      if (from === 0xffffffff) return null;
      found.push({ name: directory.toString('utf8', p + 46, p + 46 + nameLength), from });
      p += 46 + nameLength + extraLength + commentLength;
    }
    found.sort((a, b) => a.from - b.from);
    // Parts must tile the file from its first byte up to the directory, each opening with a local header.
    if (found.length === 0 || found[0].from !== 0) return null;
    const parts: ZipPart[] = [];
    for (let i = 0; i < found.length; i++) {
      const to = i + 1 < found.length ? found[i + 1].from : directoryFrom;
      if (to <= found[i].from) return null;
      const head = await readAt(file, found[i].from, 4);
      if (head.length < 4 || head.readUInt32LE(0) !== LOCAL) return null;
      parts.push({ name: found[i].name, from: found[i].from, to });
    }
    return { parts, directoryFrom, size };
  } finally {
    await file.close();
  }
}

/** Where a part goes: the workbook and what every sheet needs first, the worksheets last. */
function rank(name: string): number {
  switch (name) {
    case '[Content_Types].xml': return 0;
    case '_rels/.rels': return 1;
    case 'xl/workbook.xml': return 2;
    case 'xl/_rels/workbook.xml.rels': return 3;
    case 'xl/sharedStrings.xml': return 4;
    case 'xl/styles.xml': return 5;
    default: return /^xl\/worksheets\/sheet\d+\.xml$/.test(name) ? 7 : 6;
  }
}

/** The parts in the order exceljs's streaming reader handles reliably (see the module comment); otherwise as stored. */
export function readerOrder(parts: readonly ZipPart[]): ZipPart[] {
  return parts.map((part, i) => ({ part, i })).sort((a, b) => rank(a.part.name) - rank(b.part.name) || a.i - b.i).map((x) => x.part);
}

/** The zip's bytes with its parts in `order`, the central directory and its end record after them, read from the file piece by piece. */
export function reorderedZip(path: string, layout: ZipLayout, order: readonly ZipPart[]): Readable {
  const PIECE = 1024 * 1024;
  async function* bytes(): AsyncGenerator<Buffer> {
    const file = await open(path, 'r');
    try {
      for (const range of [...order, { from: layout.directoryFrom, to: layout.size }]) {
        for (let at = range.from; at < range.to; at += PIECE) {
          const length = Math.min(PIECE, range.to - at);
          const piece = await readAt(file, at, length);
          if (piece.length > 0) yield piece;
          // A file cut short while being read ends the stream there, as reading it in place
          // would (an error here would not reach exceljs: it pipes the stream, and a pipe does
          // not pass errors on); the reader then finds the workbook incomplete.
          if (piece.length < length) return;
        }
      }
    } finally {
      await file.close();
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}

function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  return readInto(file, Buffer.alloc(length), position);
}
