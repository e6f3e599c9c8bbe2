/**
 * Chinese text cut into the pieces a line may break between (build time, Node's ICU dictionary
 * via Intl.Segmenter). A browser breaks CJK text between any two characters, so a printed title
 * can end a line inside a word ("…培训完 / 成情况的通报"); the 通报 title is set with
 * `word-break: keep-all` and a <wbr> between these pieces, so lines break only there.
 *
 * - Punctuation stays with its word: opening marks (“《（…) with the word after them, every
 *   other mark with the word before it, so no line starts with ” or ends with “.
 * - ICU splits terms it does not know into single characters (十九|届|四|中|全会, 情况|的|通报):
 *   a boundary next to a one-character word is not a break, so such runs stay whole
 *   (十九届四中全会, 情况的通报). Breaks remain between two words of two or more characters and
 *   after closing / before opening punctuation.
 */
const OPENING = /^[“‘《〈（(［[【〔「『]+$/;
const MARKS = /[\p{P}\p{S}\s]/gu;

function words(text: string): string[] {
  const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  const out: string[] = [];
  let pending = '';
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (!isWordLike && OPENING.test(segment)) { pending += segment; continue; }
    if (!isWordLike && out.length && !pending) { out[out.length - 1] += segment; continue; }
    out.push(pending + segment);
    pending = '';
  }
  if (pending && out.length) out[out.length - 1] += pending;
  else if (pending) out.push(pending);
  return out;
}

/** Characters of a word without its punctuation. */
const core = (w: string) => Array.from(w.replace(MARKS, '')).length;

/**
 * Two words of two characters in a row are read as one (新冠|肺炎, 疫情|防控, 专题|培训: ICU knows
 * each half; Chinese titles build their terms 2 + 2), so a line never ends between them.
 */
export function pairs(pieces: readonly string[]): string[] {
  const out: string[] = [];
  let open = false;
  for (const w of pieces) {
    const last = out[out.length - 1];
    if (open && /^\p{L}{2}$/u.test(w) && /\p{L}{2}$/u.test(last) && !/[\p{P}\s]/u.test(last)) {
      out[out.length - 1] += w;
      open = false;
    } else {
      out.push(w);
      open = /^\p{L}{2}$/u.test(w);
    }
  }
  return out;
}

export function wordsOf(text: string): string[] {
  const out: string[] = [];
  let last = '';
  for (const w of pairs(words(text))) {
    const breakable = !out.length
      || /[\p{P}\s]$/u.test(last) || OPENING.test(w.charAt(0))
      || (core(last) >= 2 && core(w) >= 2 && !/^\p{P}/u.test(w));
    if (breakable) out.push(w);
    else out[out.length - 1] += w;
    last = w;
  }
  return out;
}
