/**
 * A GB18030 encoder for the text the generator writes — enough to save files the way Excel does
 * on Chinese Windows ("CSV (逗号分隔)" is GBK). Node can decode GB18030 but has no encoder, so the
 * table is built by decoding every two-byte code once (lazily, on first use) and inverting it.
 * Only ASCII and characters with a two-byte code are supported: the four-byte range of GB18030
 * (rare CJK, emoji) is deliberately refused, so a generator text that Excel's GBK could not save
 * fails loudly instead of producing bytes no real export would contain.
 */

let table: Map<number, number> | null = null;

/** UTF-16 code unit → two-byte code (lead << 8 | trail), for every two-byte GB18030 code. */
function twoByteTable(): Map<number, number> {
  if (table) return table;
  const decoder = new TextDecoder('gb18030');
  const map = new Map<number, number>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const s = decoder.decode(pair);
      // Decoding one pair at a time: an unmapped code yields U+FFFD (perhaps plus the trail byte).
      if (s.length !== 1 || s === '\ufffd') continue;
      const unit = s.charCodeAt(0);
      if (!map.has(unit)) map.set(unit, (lead << 8) | trail);
    }
  }
  table = map;
  return map;
}

/** True when every character of `text` is ASCII or has a two-byte GB18030 code. */
export function isGb18030TwoByte(text: string): boolean {
  const map = twoByteTable();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 && !map.has(c)) return false;
  }
  return true;
}

/** GB18030 bytes of `text`; throws on a character without a one- or two-byte code. */
export function encodeGb18030(text: string): Uint8Array {
  const map = twoByteTable();
  const out = new Uint8Array(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    const code = map.get(c);
    if (code === undefined) {
      const ch = String.fromCodePoint(text.codePointAt(i) ?? c);
      throw new Error(`GB18030: “${ch}” (U+${c.toString(16).toUpperCase().padStart(4, '0')}) has no two-byte code`);
    }
    out[n++] = code >>> 8;
    out[n++] = code & 0xff;
  }
  return out.subarray(0, n);
}
