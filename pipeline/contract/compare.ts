/**
 * The one order of ids and texts in every output, page and file: byCodeUnit.
 */

/**
 * Ascending by UTF-16 code unit, as JavaScript's `<` compares strings: 0 for equal strings,
 * and the same on every machine (no locale, no collation, no ICU version). Note that this is
 * not code-point order once characters outside the BMP appear: an astral character's
 * surrogates (U+D800–U+DFFF) sort before BMP characters from U+E000 up (e.g. "😀" before "！"
 * U+FF01), where code-point order would put it after. Every output is ordered this way, so a
 * change here changes outputs.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
