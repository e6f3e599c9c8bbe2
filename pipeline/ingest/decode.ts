/**
 * Bytes → text: recognise what the file really is, pick its encoding, decode in slices.
 * Excel on Chinese Windows saves "CSV" as GB18030 (GBK); the platform exports UTF-8, with or
 * without BOM; Excel's "Unicode text" is UTF-16LE with tabs (big-endian, or without a BOM, is
 * told by its NULs).
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { FatalInputError } from './errors.ts';
import { INPUT_FILES } from '../contract/inputs.ts';

export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/**
 * Small enough that a slice's text is an ordinary young-generation string (V8 puts strings over
 * about 128 KB in large-object space: fresh pages each, ≈ 0.7 s of page faults per GB of
 * views.csv) and that the records parsed from it die young (with 8 MB slices papaparse's rows for
 * a whole slice outlived a scavenge and were copied into the old generation). 96 KB measured
 * best: 80,000 people 6.1–6.6 s against 6.8–8.8 s with 256 KB.
 */
const SLICE_BYTES = 96 * 1024;

/** Parse the --encoding option (utf-8, utf8, gb18030, gbk, gb2312, utf-16le). */
export function encodingOption(value: string): Encoding | null {
  const v = value.trim().toLowerCase().replace(/_/g, '-');
  if (v === 'utf-8' || v === 'utf8') return 'utf-8';
  if (v === 'gb18030' || v === 'gbk' || v === 'gb2312' || v === 'cp936') return 'gb18030';
  if (v === 'utf-16le' || v === 'utf-16' || v === 'ucs-2') return 'utf-16le';
  if (v === 'utf-16be') return 'utf-16be';
  return null;
}

/**
 * The --encoding options, repeatable: `ENC` for every file, `FILE=ENC` for one (`views=gbk`,
 * `Self-Study.csv=utf-8`); a message when one is not understood.
 */
export function encodingOptions(values: readonly string[]): { encoding?: Encoding; encodings: Record<string, Encoding> } | string {
  const encodings: Record<string, Encoding> = {};
  let encoding: Encoding | undefined;
  for (const v of values) {
    const eq = v.lastIndexOf('=');
    const enc = encodingOption(eq >= 0 ? v.slice(eq + 1) : v);
    if (enc === null) return `不支持的编码“${v}”（可用 utf-8、gb18030，或 文件名=编码）`;
    if (eq < 0) { encoding = enc; continue; }
    const key = v.slice(0, eq).normalize('NFKC').trim().toLowerCase().replace(/[-\s]+/g, '_').replace(/\.(csv|xlsx)$/, '');
    const file = INPUT_FILES.find((f) => f.name === `${key}.csv`);
    if (!file) return `--encoding ${v}：不认识的文件名（可用 ${INPUT_FILES.map((f) => f.name).join('、')}）`;
    encodings[file.name] = enc;
  }
  return { encoding, encodings };
}

/** Refuse what is not delimited text at all, with a message an administrator can act on. */
export function sniffFormat(file: string, bytes: Uint8Array): void {
  const b = bytes;
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    throw new FatalInputError(file, '这是 Excel 工作簿（.xlsx）而不是 CSV 文本。请在 Excel 中“另存为” →“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”后重试');
  }
  if (b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) {
    throw new FatalInputError(file, '这是旧版 Excel 工作簿（.xls）而不是 CSV 文本。请在 Excel 中“另存为” →“CSV（逗号分隔）”后重试');
  }
  const head = new TextDecoder('latin1').decode(b.subarray(0, 2048)).replace(/^\xef\xbb\xbf/, '').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<table') || head.startsWith('<?xml')) {
    throw new FatalInputError(file, '这是网页（HTML/XML）而不是 CSV 文本，可能是从平台“另存为网页”或下载出错。请用 Excel 打开后“另存为” →“CSV UTF-8（逗号分隔）”');
  }
  // UTF-16 text has a NUL in every other byte of its ASCII: text, not binary content.
  if (utf16Order(b) === null) {
    const probe = b.subarray(0, 65536);
    let controls = 0;
    for (const x of probe) if (x === 0 || (x < 9) || (x > 13 && x < 32 && x !== 27)) controls++;
    if (controls > 0 && (probe.indexOf(0) >= 0 || controls > probe.length / 100)) {
      throw new FatalInputError(file, '文件含有二进制内容（如 NUL 字节），不是 CSV 文本。请确认导出的是 CSV 文件，必要时用 Excel 打开后另存为 CSV');
    }
  }
}

/**
 * The encoding of the bytes: a UTF-16 BOM; valid UTF-8 (BOM or not); UTF-8 with a few invalid
 * sequences (at least 10 valid multi-byte characters for each invalid sequence, a BOM not counted:
 * those rows are rejected as 编码错误, the file is not re-read as another encoding); else
 * GB18030. GBK text read as UTF-8 is mostly invalid (a GBK pair is a valid UTF-8 sequence by
 * accident for a small fraction of characters), so the 10 : 1 line keeps WPS/Excel files GB18030.
 */
export function detectEncoding(bytes: Uint8Array): Encoding {
  const utf16 = utf16Order(bytes);
  if (utf16) return utf16;
  if (isUtf8(bytes)) return 'utf-8';
  const { valid, invalid } = utf8Census(bytes);
  return valid >= 10 * invalid ? 'utf-8' : 'gb18030';
}

/**
 * UTF-16 by its byte-order mark (Excel's "Unicode text" is UTF-16LE with FF FE), or without one
 * by its NULs: the ASCII of UTF-16 (digits, commas, tabs, line breaks, JSON's braces) has a NUL in
 * every other byte — at odd offsets little-endian, at even ones big-endian — and the other half
 * has almost none. Null when the bytes are not UTF-16.
 */
export function utf16Order(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 16) return null; // too little to tell text from binary by its NULs
  let even = 0, odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = n / 2;
  if (odd >= half * 0.2 && even <= half * 0.01) return 'utf-16le';
  if (even >= half * 0.2 && odd <= half * 0.01) return 'utf-16be';
  return null;
}

/**
 * A small whole text file (period.json) decoded as the CSVs are: UTF-16 (either order), UTF-8
 * with or without BOM, else GB18030 (Notepad's "ANSI" on Chinese Windows). A UTF-8 file with a
 * few bad bytes stays UTF-8: its bad bytes come out as U+FFFD, which the caller refuses.
 */
export function decodeWholeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const encoding = detectEncoding(bytes);
  // TextDecoder drops the byte-order mark of its own encoding; a UTF-8 BOM before UTF-16 cannot occur.
  return { text: new TextDecoder(encoding).decode(bytes), encoding };
}

/** Valid multi-byte UTF-8 characters and invalid sequences in the bytes. */
export function utf8Census(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0, invalid = 0;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    const n = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = n > 0 && i + n <= bytes.length;
    for (let k = 1; ok && k < n; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    if (ok) { valid++; i += n; } else { invalid++; i++; }
  }
  return { valid, invalid };
}

/** Length of the byte-order mark the bytes start with in this encoding (0 when none). */
function bomLength(bytes: Uint8Array, encoding: Encoding): number {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 3;
  if (encoding === 'utf-16le' && bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 2;
  if (encoding === 'utf-16be' && bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 2;
  return 0;
}

/**
 * The text of the bytes, in slices of a few hundred KB (never one giant string), with every CRLF or
 * lone CR turned into LF so that mixed line endings parse alike. A byte-order mark is dropped
 * only at the `fileStart` (a part from the middle of a file keeps a stray one, as the whole
 * file read at once would).
 */
export function* decodeSlices(bytes: Uint8Array, encoding: Encoding, sliceBytes = SLICE_BYTES, fileStart = true): Generator<string> {
  const from = fileStart ? bomLength(bytes, encoding) : 0;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // UTF-8 decodes three times faster through Buffer than a streaming TextDecoder; slices are
  // cut before a character's first byte, so no character is split between two of them.
  const decoder = encoding === 'utf-8' ? null : new TextDecoder(encoding);
  let carry = '';
  for (let at = from; at < bytes.length;) {
    let end = Math.min(bytes.length, at + sliceBytes);
    let text: string;
    if (decoder) {
      text = decoder.decode(bytes.subarray(at, end), { stream: end < bytes.length });
    } else {
      const cut = end;
      while (end < bytes.length && end > at && (bytes[end] & 0xc0) === 0x80) end--;
      // A slice smaller than one character: move forward to the character's end instead.
      if (end === at) for (end = cut; end < bytes.length && (bytes[end] & 0xc0) === 0x80;) end++;
      // Pure ASCII (ids, digits, dates: most of views.csv) decodes five times faster as Latin-1.
      text = isAscii(bytes.subarray(at, end)) ? buffer.toString('latin1', at, end) : buffer.toString('utf8', at, end);
    }
    at = end;
    text = carry + text;
    carry = '';
    // A CR at the end may be the first half of a CRLF split across slices.
    if (end < bytes.length && text.endsWith('\r')) { carry = '\r'; text = text.slice(0, -1); }
    if (text.indexOf('\r') >= 0) text = text.replace(/\r\n?/g, '\n');
    if (text) yield text;
  }
  if (carry) yield '\n';
}
