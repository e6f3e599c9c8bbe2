/**
 * The search box's one normalisation, shared by the index builder (site/pages/search-index.json.ts)
 * and the client (site/client/search.ts). Pure and dependency-free: it is bundled for Chromium 69.
 *
 * Readers type a Uyghur name the way their keyboard or the paper in front of them spells it:
 * `布阿依夏木·玉苏甫`, `布阿依夏木玉苏甫`, `布阿依夏木.玉苏甫`, `布阿依夏木•玉苏甫`, `布阿依夏木・玉苏甫`,
 * `布阿依夏木 玉苏甫`, full-width `布阿依夏木．玉苏甫` — and often copy it from a document with the
 * title behind it: `布阿依夏木·玉苏甫 科长`, `布阿依夏木·玉苏甫（副主任）`. A key drops every such
 * separator, so all of these meet the same name.
 */

/**
 * Characters that separate the parts of a name and are dropped from keys: whitespace (incl.
 * U+3000, which NFKC turns into a space anyway), the middle dots and bullets people use between
 * the parts of Uyghur and other transliterated names, full stops, hyphens, underscores and
 * zero-width characters copied from web pages. After NFKC: `．` is `.`, `･` (U+FF65) is `・`,
 * `·` U+0387 is U+00B7.
 */
const SEPARATORS = /[\s\u00b7\u2022\u2027\u2219\u22c5\u30fb\u318d\u2e31\u16eb\u2024\u00ad.\-‐‑‒–—_\u200b-\u200d\u2060\ufeff]+/g;

/** The key a name is matched by: NFKC, lower case, separators removed. */
export function searchKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(SEPARATORS, '');
}

/** The key a person id is matched by: exact apart from case, width and surrounding spaces. */
export function idKey(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

/**
 * Titles and roles that follow a name when it is copied from a document (职务 of the roster,
 * the usual posts of 州直 units, and forms of address). Longest first, so `副科长` is removed
 * whole rather than leaving `副`.
 */
export const TITLE_WORDS: readonly string[] = [
  '一级主任科员', '二级主任科员', '三级主任科员', '四级主任科员', '一级调研员', '二级调研员', '三级调研员', '四级调研员',
  '专业技术人员', '正县级领导', '副县级领导', '党支部书记', '支部书记', '主任科员', '县级领导', '工勤人员',
  '一级科员', '二级科员', '副调研员', '副秘书长', '秘书长', '调研员', '办事员',
  '副书记', '副主任', '副科长', '副局长', '副处长', '副部长', '副县长', '副主席', '副院长', '副所长', '副校长', '副站长',
  '副队长', '副组长', '副经理', '副厂长', '副馆长',
  '书记', '主任', '科长', '局长', '处长', '部长', '县长', '主席', '院长', '所长', '校长', '站长', '队长', '组长', '经理',
  '厂长', '馆长', '委员', '科员', '干部', '职工', '同志', '老师', '领导', '支书',
].slice().sort((a, b) => b.length - a.length);

/** A bracketed part at the end of a query, closed or still being typed: `（副主任）`, `(科长`, `【…】`. */
const TRAILING_BRACKET = /\s*[([【〔［〖][^()[\]【】〔〕［］〖〗]*[)\]】〕］〗]?\s*$/;

/**
 * The query without a trailing title, or null when there is none to remove:
 * - a bracketed part at the end (`布阿依夏木·玉苏甫（副主任）`, also while the bracket is still open);
 * - a known title word at the end (`布阿依夏木·玉苏甫科长`, `布阿依夏木·玉苏甫 科长`);
 * - after a space or separator, the beginning of a title word still being typed (`… 科`, `… 副主`).
 * What remains must still be at least two characters, so `科长` alone is searched as typed.
 */
export function withoutTitle(query: string): string | null {
  const text = query.normalize('NFKC').trim();
  const unbracketed = text.replace(TRAILING_BRACKET, '');
  if (unbracketed !== text && searchKey(unbracketed).length >= 2) return unbracketed;
  const key = searchKey(text);
  for (const word of TITLE_WORDS) {
    if (key.endsWith(word) && key.length - word.length >= 2) return key.slice(0, key.length - word.length);
  }
  // A title being typed after a separator: only its beginning is there yet.
  const m = /^(.*\S)[\s\u00b7\u2022\u2027\u2219\u30fb.]+(\S+)$/.exec(text);
  if (m && searchKey(m[1]).length >= 2) {
    const tail = searchKey(m[2]);
    if (tail && TITLE_WORDS.some((w) => w.startsWith(tail))) return m[1];
  }
  return null;
}

/** How well a name matches: exact key, key prefix, key substring — lower is better; -1 none. */
export const EXACT = 0;
export const PREFIX = 1;
export const SUBSTRING = 2;
export const NO_MATCH = -1;

export function matchTier(nameKey: string, queryKey: string): number {
  if (!queryKey) return NO_MATCH;
  if (nameKey === queryKey) return EXACT;
  const at = nameKey.indexOf(queryKey);
  if (at === 0) return PREFIX;
  return at > 0 ? SUBSTRING : NO_MATCH;
}
