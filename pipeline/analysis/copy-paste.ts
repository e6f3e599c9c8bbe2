/**
 * Copy-paste comments (学时真实性, docs/analysis.md): texts whose normalised forms — NFKC, punctuation,
 * symbols and spaces removed — have an edit-distance similarity 1 − Levenshtein / longer length
 * of at least `similarity`.
 *
 * All pairs are too many (≈ 2 × 10¹⁰ at 200,000 comments), so candidates come from MinHash over
 * character 3-grams with LSH banding, and each candidate is judged by a banded edit distance.
 * A 3-gram Jaccard threshold alone would miss copies (one changed character breaks up to three
 * 3-grams): the banding is tuned for recall, the edit distance decides. An exact q-gram prefix
 * filter was tried first: at similarity 0.8 a text's prefix is 60 % of its 3-grams, and comments
 * built of common phrases then make nearly every pair a candidate (minutes at 8,000 comments).
 */

import { WasmSketcher } from './sketch-wasm.ts';

const DROPPED = /[\p{P}\p{S}\p{Z}\p{C}\s]/u;
/**
 * Texts of only these characters come out of NFKC unchanged, or changed only in characters that
 * are dropped anyway (full-width punctuation, ideographic space): NFKC, the slow part, is skipped.
 * No /u flag: the class is of UTF-16 code units.
 */
const NFKC_NEUTRAL = /^[\u0000-\u007f\u3000-\u3002\u3008-\u3011\u3014-\u301f\u4e00-\u9fff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff5e\u2014\u2018-\u201f\u2026\u00b7]*$/;

/**
 * Per UTF-16 code unit: whether normalising drops it (outside the surrogates), and whether
 * NFKC_NEUTRAL allows it. Made on first use (≈ 12 ms), not when the pipeline loads this module.
 */
let unitTables: { readonly dropped: Uint8Array; readonly neutral: Uint8Array } | null = null;
function tables() {
  return unitTables ??= {
    dropped: Uint8Array.from({ length: 0x10000 }, (_, c) => (c >= 0xd800 && c <= 0xdfff ? 0 : DROPPED.test(String.fromCharCode(c)) ? 1 : 0)),
    neutral: Uint8Array.from({ length: 0x10000 }, (_, c) => (NFKC_NEUTRAL.test(String.fromCharCode(c)) ? 1 : 0)),
  };
}

let oneText: NormalisedTexts | null = null;

/** A comment's text for comparison: NFKC, without punctuation, symbols, spaces or controls. */
export function normaliseComment(text: string): string {
  const one = oneText ??= new NormalisedTexts(256);
  one.clear();
  one.add(text, 0, text.length);
  return one.textOf(0);
}

/** Code points of a string. */
export function codePoints(s: string): Int32Array {
  const out = new Int32Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    out[n++] = c;
    if (c > 0xffff) i++;
  }
  return n === s.length ? out : out.slice(0, n);
}

/**
 * Levenshtein distance of a and b when it is at most k, else k + 1: only the band |i − j| ≤ k
 * of the table is filled, and the walk stops when a whole row exceeds k.
 */
export function levenshteinWithin(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  let n = a.length, m = b.length;
  if (n > m) { const t = a; a = b; b = t; n = a.length; m = b.length; }
  if (m - n > k) return k + 1;
  if (n === 0) return m;
  const big = k + 1;
  let prev = rowA.length > m ? rowA : (rowA = new Int32Array(m + 1 + 64));
  let cur = rowB.length > m ? rowB : (rowB = new Int32Array(m + 1 + 64));
  for (let j = 0; j <= m; j++) prev[j] = j <= k ? j : big;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - k), hi = Math.min(m, i + k);
    cur[lo - 1] = lo === 1 ? (i <= k ? i : big) : big;
    let rowMin = cur[lo - 1];
    const ai = a[i - 1];
    for (let j = lo; j <= hi; j++) {
      let v = prev[j - 1] + (ai === b[j - 1] ? 0 : 1);
      const del = prev[j] + 1, ins = cur[j - 1] + 1;
      if (del < v) v = del;
      if (ins < v) v = ins;
      if (v > big) v = big;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < m) cur[hi + 1] = big;
    if (rowMin > k) return big;
    const t = prev; prev = cur; cur = t;
  }
  return Math.min(prev[m], big);
}
let rowA = new Int32Array(256), rowB = new Int32Array(256);

/** The largest edit distance at which two texts, the longer `longer` long, are still similar. */
export function maxEdits(longer: number, similarity: number): number {
  // d ≤ (1 − s)·L, computed so that 0.8 × 15 = 3 edits exactly (no floating-point fuzz).
  return Math.floor((1 - similarity) * longer + 1e-9);
}

/** A similar pair of distinct texts (indices into the texts given) and its edit distance. */
export interface SimilarPair {
  readonly a: number;
  readonly b: number;
  readonly distance: number;
}

/** MinHash sketch size and banding: 16 bands of 3 values each. */
export const SKETCH = 48;
const ROWS = 3;
const BANDS = SKETCH / ROWS;
const EMPTY = 0xffffffff;

/**
 * A 3-gram shared by more distinct texts than commonGram(n) is a common phrase (课件 names,
 * 深受教育…): it says nothing about copying and is left out of the sketches, unless a text has
 * fewer than MIN_SKETCHED rarer ones. Without this, comments written with the same stock words
 * collide in the bands by the million. The bar is 1,000 texts, or 1 % of them when there are
 * more than 100,000: at a province's million comments a fixed 1,000 made nearly every 3-gram
 * common, every text fell back to its common grams, and 35 million pairs collided (22 s);
 * with 1 %, 4 million (8.5 s), and more copies found (336 pairs against 308).
 */
const COMMON_GRAM = 1000;
const COMMON_GRAM_SHARE = 0.01;
const commonGram = (texts: number) => Math.max(COMMON_GRAM, Math.floor(texts * COMMON_GRAM_SHARE));
const MIN_SKETCHED = 8;
const COUNT_BITS = 22;
/** The most 3-gram hashes kept in one array (64 MB); beyond, they are made again for each pass (TextGrams). */
const STORED_GRAMS = 16 * 1024 * 1024;
/** The first, coarse count's bits (docs: pass 1 of similarPairsPacked). */
const COARSE_BITS = 18;

/** murmur3's finaliser: a well-mixed 32-bit hash of a 32-bit number. */
function fmix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** How many grams gramHashes gives for a text of `length` code points. */
function gramCount(length: number): number {
  return length >= 3 ? length - 2 : length >= 1 ? 1 : 0;
}

/** The hashes of a text's character 3-grams (the whole text when shorter), written from `at`. */
function gramHashes(points: Int32Array, start: number, length: number, into: Uint32Array, at: number): number {
  if (length < 3) {
    let h = 0;
    for (let i = 0; i < length; i++) h ^= Math.imul(points[start + i], 0x9e3779b1 + i);
    if (length > 0) into[at] = fmix(h + length);
    return gramCount(length);
  }
  for (let i = 0; i + 3 <= length; i++) {
    const c = start + i;
    into[at + i] = fmix(Math.imul(points[c], 0x9e3779b1) ^ Math.imul(points[c + 1], 0x85ebca77) ^ Math.imul(points[c + 2], 0xc2b2ae3d));
  }
  return length - 2;
}

/**
 * Texts as code points, packed: text t is points[starts[t] … starts[t + 1]). One array for
 * 100,000 texts rather than 100,000 arrays: each typed array of its own costs an allocation
 * outside V8's heap and the collector's bookkeeping, about as much as the sketches.
 */
export interface PackedTexts {
  readonly points: Int32Array;
  readonly starts: Int32Array;
}

/** Code points of strings, packed. */
export function packCodePoints(strings: readonly string[]): PackedTexts {
  let total = 0;
  for (const s of strings) total += s.length;
  const points = new Int32Array(total), starts = new Int32Array(strings.length + 1);
  let n = 0;
  for (let t = 0; t < strings.length; t++) {
    const s = strings[t];
    starts[t] = n;
    for (let i = 0; i < s.length; i++) {
      const c = s.codePointAt(i)!;
      points[n++] = c;
      if (c > 0xffff) i++;
    }
  }
  starts[strings.length] = n;
  return { points, starts };
}

/** Arrays of code points, packed. */
function packArrays(texts: readonly Int32Array[]): PackedTexts {
  const starts = new Int32Array(texts.length + 1);
  for (let t = 0; t < texts.length; t++) starts[t + 1] = starts[t] + texts[t].length;
  const points = new Int32Array(starts[texts.length]);
  texts.forEach((x, t) => points.set(x, starts[t]));
  return { points, starts };
}

/** Odd multipliers and seeds of the SKETCH / 2 multiplications, each giving two hash functions. */
const MULTIPLIERS = Uint32Array.from({ length: SKETCH / 2 }, (_, i) => (fmix(0x51ed270b + i * 0x9e3779b9) | 1) >>> 0);
/** The same bits as int32, as the WebAssembly sketch takes them. */
const asInt32 = (xs: Uint32Array) => new Int32Array(xs.buffer.slice(0));
const SEEDS = Uint32Array.from({ length: SKETCH / 2 }, (_, i) => fmix(0x2545f491 ^ (i * 0x632be5ab)));

/**
 * A text's MinHash sketch: for each of SKETCH hash functions, the least value over the text's
 * grams — two texts agree on a function with probability about their Jaccard similarity. One
 * multiplication (a gram's hash xor a seed, times an odd multiplier) gives two functions: its
 * high and its low 16 bits (each a permutation of 16-bit values; a tie between two grams among
 * a text's few dozen is rare). Common grams (a bit set in `common`) are left out while enough others remain.
 */
let keptScratch = new Uint32Array(256);
function sketchOf(hashes: Uint32Array, from: number, n: number, common: Int32Array, into: Uint32Array, at: number): void {
  if (keptScratch.length < n) keptScratch = new Uint32Array(n * 2);
  const kept = keptScratch;
  const k = keptGrams(hashes, from, n, common, kept);
  sketchLoop(kept, k, into, at);
}

/** A text's grams without the common ones (all of them when fewer than MIN_SKETCHED would be left), into `kept`; their number. */
function keptGrams(hashes: Uint32Array, from: number, n: number, common: Int32Array, kept: Uint32Array | Int32Array): number {
  let k = 0;
  for (let i = from; i < from + n; i++) {
    const bucket = hashes[i] >>> (32 - COUNT_BITS);
    if ((common[bucket >>> 5] & (1 << (bucket & 31))) === 0) kept[k++] = hashes[i];
  }
  if (k < MIN_SKETCHED) { k = 0; for (let i = from; i < from + n; i++) kept[k++] = hashes[i]; }
  return k;
}

/** The sketch of the k grams in `kept`, in JavaScript (sketch-wasm.ts computes the same with SIMD). */
function sketchLoop(kept: Uint32Array, k: number, into: Uint32Array, at: number): void {
  // Two multiplications per pass over the grams (SKETCH / 2 is even): half the loop's overhead.
  for (let f = 0; f < SKETCH / 2; f += 2) {
    const seed = SEEDS[f], mul = MULTIPLIERS[f], seed2 = SEEDS[f + 1], mul2 = MULTIPLIERS[f + 1];
    let high = EMPTY, low = EMPTY, high2 = EMPTY, low2 = EMPTY;
    for (let i = 0; i < k; i++) {
      const g = kept[i];
      const v = Math.imul(g ^ seed, mul), w = Math.imul(g ^ seed2, mul2);
      const h = v >>> 16, l = v & 0xffff, h2 = w >>> 16, l2 = w & 0xffff;
      if (h < high) high = h;
      if (l < low) low = l;
      if (h2 < high2) high2 = h2;
      if (l2 < low2) low2 = l2;
    }
    into[at + 2 * f] = high;
    into[at + 2 * f + 1] = low;
    into[at + 2 * f + 2] = high2;
    into[at + 2 * f + 3] = low2;
  }
}

/**
 * Pairs of texts (given as code points, each distinct from the others) whose similarity is at
 * least `similarity`, a < b: candidates are the pairs whose MinHash sketches agree on a whole
 * band (LSH), each then judged by the banded edit distance — so every pair returned is similar,
 * and a similar pair is missed only when no band agrees (with 16 bands of 3, a pair of Jaccard J
 * is a candidate with probability 1 − (1 − J³)¹⁶: 93 % at J = 0.54, the least a copy with a
 * tenth of its characters edited can have, 99.7 % at J = 0.7, a copy with 5 % edited;
 * test/analysis/copy-paste.test.ts measures the recall against all pairs, bench/RESULTS.md the
 * time). Two bands of 2 found 99.9 % but made 4× the candidates (16 s at 200,000 comments).
 */
export function similarPairs(texts: readonly Int32Array[], similarity: number, useWasm = true, storedGrams = STORED_GRAMS): SimilarPair[] {
  return similarPairsPacked(packArrays(texts), similarity, useWasm, storedGrams);
}

/** The most grams a text has (offsets: where each text's grams start). */
function maxGrams(offsets: Int32Array): number {
  let most = 0;
  for (let t = 0; t + 1 < offsets.length; t++) most = Math.max(most, offsets[t + 1] - offsets[t]);
  return most;
}

/** similarPairs over packed texts. */
/** similarPairs over packed texts; `storedGrams`: the most 3-gram hashes kept in one array (tests lower it). */
export function similarPairsPacked(texts: PackedTexts, similarity: number, useWasm = true, storedGrams = STORED_GRAMS): SimilarPair[] {
  const { points, starts } = texts;
  const n = starts.length - 1;
  if (n < 2) return [];
  const length = (t: number) => starts[t + 1] - starts[t];
  const text = (t: number) => points.subarray(starts[t], starts[t + 1]);
  // Pass 1: every text's gram hashes, and in how many texts each gram occurs (by hash bucket: a
  // collision only over-counts; each text counts a bucket once: a table keeps, per bucket, the
  // last text that counted it plus one, beside the count). First by the hashes' top COARSE_BITS
  // (a 2 MB table, which the caches hold); a bucket can be common only under a coarse bucket
  // that is, so the exact count (COUNT_BITS, 32 MB) is kept for those grams alone — a few
  // thousand buckets, where counting every gram in it made 5 million cache misses at 100,000
  // comments (and slowed the other thread's work as well).
  const offsets = new Int32Array(n + 1);
  for (let t = 0; t < n; t++) offsets[t + 1] = offsets[t] + Math.max(1, length(t) - 2);
  const grams = new TextGrams(texts, offsets, storedGrams);
  const coarse = new Uint32Array(2 << COARSE_BITS);
  for (let t = 0; t < n; t++) {
    const g = grams.load(t), hashes = grams.array;
    for (let i = grams.from; i < grams.from + g; i++) {
      const slot = (hashes[i] >>> (32 - COARSE_BITS)) << 1;
      if (coarse[slot] !== t + 1) { coarse[slot] = t + 1; coarse[slot + 1]++; }
    }
  }
  const hot = new Int32Array((1 << COARSE_BITS) >>> 5);
  const hotBuckets: number[] = [];
  const bar = commonGram(n);
  for (let b = 0; b < 1 << COARSE_BITS; b++) if (coarse[(b << 1) + 1] > bar) { hot[b >>> 5] |= 1 << (b & 31); hotBuckets.push(b); }
  // Only the pages of the exact table that hot grams touch are ever filled in.
  const counted = new Uint32Array(2 << COUNT_BITS);
  if (hotBuckets.length > 0) {
    for (let t = 0; t < n; t++) {
      const g = grams.load(t), hashes = grams.array;
      for (let i = grams.from, end = grams.from + g; i < end; i++) {
        const h = hashes[i], c = h >>> (32 - COARSE_BITS);
        if ((hot[c >>> 5] & (1 << (c & 31))) === 0) continue;
        const slot = (h >>> (32 - COUNT_BITS)) << 1;
        if (counted[slot] !== t + 1) { counted[slot] = t + 1; counted[slot + 1]++; }
      }
    }
  }
  // Pass 2: the sketches.
  // The common grams' buckets as bits: 512 KB, which stay in the cache.
  const common = new Int32Array((1 << COUNT_BITS) >>> 5);
  for (const c of hotBuckets) {
    for (let b = c << (COUNT_BITS - COARSE_BITS), end = (c + 1) << (COUNT_BITS - COARSE_BITS); b < end; b++) {
      if (counted[(b << 1) + 1] > bar) common[b >>> 5] |= 1 << (b & 31);
    }
  }
  let sketches: Uint32Array;
  const wasm = useWasm ? WasmSketcher.create(n, maxGrams(offsets), asInt32(SEEDS), asInt32(MULTIPLIERS)) : null;
  if (wasm) {
    for (let t = 0; t < n; t++) { const g = grams.load(t); wasm.sketch(keptGrams(grams.array, grams.from, g, common, wasm.grams), t); }
    sketches = wasm.sketches;
  } else {
    sketches = new Uint32Array(n * SKETCH);
    for (let t = 0; t < n; t++) { const g = grams.load(t); sketchOf(grams.array, grams.from, g, common, sketches, t * SKETCH); }
  }

  const pairs: SimilarPair[] = [];
  const keys = new Uint32Array(n);
  const sorter = new BandSorter(n);
  for (let band = 0; band < BANDS; band++) {
    for (let t = 0; t < n; t++) {
      const o = t * SKETCH + band * ROWS;
      // The band's ROWS (3) 16-bit values and its number in one well-mixed 32-bit key (a collision only adds a candidate).
      keys[t] = fmix(Math.imul(sketches[o] + 1, 0x9e3779b1) ^ Math.imul(sketches[o + 1] + 7, 0x85ebca77) ^ Math.imul(sketches[o + 2] + 13, 0xc2b2ae3d) ^ band);
    }
    // Texts in order of (key, index): equal keys become runs.
    const order = sorter.sort(keys);
    for (let i = 0; i < n;) {
      const key = keys[order[i]];
      let j = i + 1;
      while (j < n && keys[order[j]] === key) j++;
      // A crowded bucket is a common phrase, not a copy (copies are deduplicated or differ):
      // its pairs are left to the other bands, so the cost stays linear.
      if (j - i > MAX_BUCKET) { i = j; continue; }
      for (let x = i; x < j; x++) {
        const a = order[x];
        for (let y = x + 1; y < j; y++) {
          const b = order[y];
          if (!sameBand(sketches, a, b, band) || agreedBefore(sketches, a, b, band)) continue; // a hash collision, or a candidate already
          const la = length(a), lb = length(b);
          const k = maxEdits(Math.max(la, lb), similarity);
          if (Math.abs(la - lb) > k || agreement(sketches, a, b) < MIN_AGREEMENT) continue;
          if (bagDistance(points, starts[a], starts[a + 1], starts[b], starts[b + 1]) > k) continue;
          const d = levenshteinWithin(text(a), text(b), k);
          if (d <= k) pairs.push(a < b ? { a, b, distance: d } : { a: b, b: a, distance: d });
        }
      }
      i = j;
    }
  }
  return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
}

/**
 * Every text's 3-gram hashes, for the passes over them: kept in one array up to STORED_GRAMS
 * (64 MB; 5 million at 100,000 comments), else made again for each pass (≈ 45 ms per 100,000
 * texts each time) — at a province's million comments the array alone was 216 MB.
 */
class TextGrams {
  /** After load(t): the array holding text t's hashes and where they start in it. */
  array: Uint32Array;
  from = 0;
  private readonly stored: boolean;

  constructor(private readonly texts: PackedTexts, private readonly offsets: Int32Array, storedGrams: number) {
    const n = offsets.length - 1;
    this.stored = offsets[n] <= storedGrams;
    if (this.stored) {
      this.array = new Uint32Array(offsets[n]);
      for (let t = 0; t < n; t++) gramHashes(texts.points, texts.starts[t], texts.starts[t + 1] - texts.starts[t], this.array, offsets[t]);
    } else {
      this.array = new Uint32Array(maxGrams(offsets));
    }
  }

  /** Text t's hashes into view (array, from); their number. */
  load(t: number): number {
    const { points, starts } = this.texts;
    const length = starts[t + 1] - starts[t];
    if (this.stored) { this.from = this.offsets[t]; return gramCount(length); }
    this.from = 0;
    return gramHashes(points, starts[t], length, this.array, 0);
  }
}

/**
 * Orders the indices 0 … n − 1 so that equal keys stand together, each run in index order: one
 * stable radix pass on the key's high 16 bits, then the few texts sharing those bits ordered by
 * (key, index). Which run comes first does not matter (the pairs are sorted at the end, and a
 * pair's fate depends only on the sketches). Its buffers serve every band.
 */
class BandSorter {
  private readonly a: Uint32Array;
  private readonly b: Uint32Array;
  private readonly counts = new Uint32Array((1 << 16) + 1);
  constructor(n: number) {
    this.a = new Uint32Array(n);
    this.b = new Uint32Array(n);
  }

  sort(keys: Uint32Array): Uint32Array {
    const { a, b, counts } = this;
    const n = a.length;
    counts.fill(0);
    for (let t = 0; t < n; t++) counts[(keys[t] >>> 16) + 1]++;
    for (let d = 1; d < counts.length; d++) counts[d] += counts[d - 1];
    // counts[d] is now where high bits d start; scattering moves it to where they end.
    for (let t = 0; t < n; t++) a[counts[keys[t] >>> 16]++] = t;
    // Segments of equal high bits: usually one or two texts; more only for common phrases.
    const byKey = (x: number, y: number) => keys[x] - keys[y] || x - y;
    for (let i = 0; i < n;) {
      const high = keys[a[i]] >>> 16;
      let j = i + 1;
      while (j < n && keys[a[j]] >>> 16 === high) j++;
      if (j - i > 1) sortSegment(a, i, j, keys, b, byKey);
      i = j;
    }
    return a;
  }
}

/** a[from … to) by (key, index): insertion for a few, the engine's sort beyond. */
function sortSegment(a: Uint32Array, from: number, to: number, keys: Uint32Array, scratch: Uint32Array, byKey: (x: number, y: number) => number): void {
  if (to - from <= 16) {
    for (let i = from + 1; i < to; i++) {
      const t = a[i], key = keys[t];
      let j = i - 1;
      while (j >= from && (keys[a[j]] > key || (keys[a[j]] === key && a[j] > t))) { a[j + 1] = a[j]; j--; }
      a[j + 1] = t;
    }
    return;
  }
  const part = scratch.subarray(from, to);
  part.set(a.subarray(from, to));
  part.sort(byKey);
  a.set(part, from);
}

/**
 * A lower bound of the edit distance of two texts (points[a0 … a1) and points[b0 … b1)): the
 * characters one has more of than the other, counted by a bucket of the code point (an edit
 * changes at most one character on each side; characters sharing a bucket can only cancel, so
 * the bound stays below the distance). Ten times cheaper than the banded edit distance, it sets
 * aside most candidates that merely share phrases — at a province's 1.1 million comments they
 * are tens of millions, and the edit distance took 26 s of the 40.
 */
export function bagDistance(points: Int32Array, a0: number, a1: number, b0: number, b1: number): number {
  const counts = bagCounts;
  for (let i = a0; i < a1; i++) counts[points[i] & BAG_MASK]++;
  for (let i = b0; i < b1; i++) counts[points[i] & BAG_MASK]--;
  let more = 0, fewer = 0;
  // Each bucket read once (then zeroed, which also leaves the table clean for the next pair).
  for (let i = a0; i < a1; i++) { const c = points[i] & BAG_MASK, v = counts[c]; if (v > 0) more += v; else fewer -= v; counts[c] = 0; }
  for (let i = b0; i < b1; i++) { const c = points[i] & BAG_MASK, v = counts[c]; fewer -= v; counts[c] = 0; }
  return Math.max(more, fewer);
}
const BAG_MASK = 4095;
const bagCounts = new Int32Array(BAG_MASK + 1);

/**
 * Bins two sketches agree on. A band's collision alone is weak evidence (common phrases collide);
 * a copy with up to a tenth of its characters edited has a Jaccard of at least about 0.5, so it
 * agrees on about 24 of 48 hash functions — on fewer than MIN_AGREEMENT only with a probability
 * under 0.1 %; pairs at the very edge of the threshold (Jaccard 0.25, 12 of 48) are lost more
 * often. The edit distance then decides.
 */
function agreement(sketches: Uint32Array, a: number, b: number): number {
  let same = 0;
  for (let i = 0; i < SKETCH; i++) if (sketches[a * SKETCH + i] === sketches[b * SKETCH + i]) same++;
  return same;
}
const MIN_AGREEMENT = 10;
const MAX_BUCKET = 64;

function sameBand(sketches: Uint32Array, a: number, b: number, band: number): boolean {
  for (let r = 0; r < ROWS; r++) if (sketches[a * SKETCH + band * ROWS + r] !== sketches[b * SKETCH + band * ROWS + r]) return false;
  return true;
}

/** Whether two sketches agree on a whole band before `band`. */
function agreedBefore(sketches: Uint32Array, a: number, b: number, band: number): boolean {
  for (let e = 0; e < band; e++) {
    let same = true;
    for (let r = 0; r < ROWS && same; r++) same = sketches[a * SKETCH + e * ROWS + r] === sketches[b * SKETCH + e * ROWS + r];
    if (same) return true;
  }
  return false;
}

/** One comment as copy-paste sees it. */
export interface CommentItem {
  /** Whose (a person index); −1 for a stock phrase. */
  readonly person: number;
  /** Orders the comments of a cluster: the earliest is the presumed original. */
  readonly at: number;
  /** Ties of `at`: a stable order (e.g. personId, then courseId). */
  readonly tie: string;
  readonly normalised: string;
}

/** A cluster of copies: the presumed original and the later comments of other people. */
export interface CopyCluster {
  /** Item index of the earliest comment. */
  readonly original: number;
  /** Item indices of the other people's later comments in the cluster, in time order, and each one's edit distance to the original. */
  readonly copies: readonly { readonly item: number; readonly distance: number }[];
}

/**
 * Clusters of comments by different people with similar normalised texts (identical ones
 * included); comments similar to a stock phrase (person −1) are left out. Items shorter than
 * minChars must be left out by the caller, stock phrases excepted.
 */
export function copyClusters(items: readonly CommentItem[], similarity: number): CopyCluster[] {
  // Identical texts once: most repeats are exact, and they need no distance.
  const byText = new Map<string, number>();
  const group = new Int32Array(items.length);
  const heads: string[] = [];
  items.forEach((it, i) => {
    let g = byText.get(it.normalised);
    if (g === undefined) { byText.set(it.normalised, g = heads.length); heads.push(it.normalised); }
    group[i] = g;
  });
  return clusterGroups(group, packCodePoints(heads), (x) => items[x].person, (x) => items[x].at, (x) => items[x].tie, similarity);
}

/** Each group's first item (groups numbered in order of first appearance). */
function headsOf(group: Int32Array): number[] {
  const heads: number[] = [];
  for (let x = 0; x < group.length; x++) if (group[x] === heads.length) heads.push(x);
  return heads;
}

/**
 * copyClusters and findCopies alike, once their items are grouped: `group[x]` is item x's group
 * (equal normalised texts share one, numbered in order of first appearance), `texts` each group's
 * code points, and `person`, `at`, `tie` who wrote item x and when (person −1: a stock phrase).
 */
function clusterGroups(
  group: Int32Array, texts: PackedTexts, person: (x: number) => number, at: (x: number) => number, tie: (x: number) => string, similarity: number,
): CopyCluster[] {
  const items = group.length;
  // A group's members are linked (head, next) rather than kept in arrays: at 100,000 comments
  // nearly every group has one member, and 100,000 arrays cost more than the rest of this step.
  const head = headsOf(group), groups = head.length;
  const tail = [...head];
  const next = new Int32Array(items).fill(-1);
  for (let x = 0; x < items; x++) if (head[group[x]] !== x) { next[tail[group[x]]] = x; tail[group[x]] = x; }
  const membersOf = (g: number): number[] => { const out: number[] = []; for (let m = head[g]; m >= 0; m = next[m]) out.push(m); return out; };
  const pairs = similarPairsPacked(texts, similarity);

  const stock = new Uint8Array(groups);
  for (let x = 0; x < items; x++) if (person(x) < 0) stock[group[x]] = 1;
  for (const p of pairs) if (stock[p.a] || stock[p.b]) stock[p.a] = stock[p.b] = 1;

  const parent = new Int32Array(items);
  for (let x = 0; x < items; x++) parent[x] = x;
  const find = (x: number): number => { while (parent[x] !== x) x = parent[x] = parent[parent[x]]; return x; };
  const union = (x: number, y: number) => { const a = find(x), b = find(y); if (a !== b) parent[Math.max(a, b)] = Math.min(a, b); };
  const people = (ms: readonly number[]) => new Set(ms.map(person));
  // A group's members, or two similar groups' members, are copies of each other when at least
  // two people wrote them (one person's own repeats are not copy-paste).
  const joinAll = (ms: readonly number[]) => { for (const m of ms) union(ms[0], m); };
  for (let g = 0; g < groups; g++) {
    if (stock[g] || next[head[g]] < 0) continue; // a stock phrase, or one member
    const ms = membersOf(g);
    if (people(ms).size > 1) joinAll(ms);
  }
  for (const p of pairs) {
    if (stock[p.a] || stock[p.b]) continue;
    const both = [...membersOf(p.a), ...membersOf(p.b)];
    if (people(both).size > 1) joinAll(both);
  }

  // Clusters: the roots with two members or more (outside stock phrases' groups).
  const size = new Int32Array(items);
  const root = new Int32Array(items).fill(-1);
  for (let x = 0; x < items; x++) if (!stock[group[x]]) size[root[x] = find(x)]++;
  const members = new Map<number, number[]>();
  for (let x = 0; x < items; x++) {
    const r = root[x];
    if (r < 0 || size[r] < 2) continue;
    const list = members.get(r);
    if (list) list.push(x); else members.set(r, [x]);
  }
  const earlier = (x: number, y: number) => {
    const d = at(x) - at(y);
    if (d !== 0) return d;
    const a = tie(x), b = tie(y);
    return a < b ? -1 : a > b ? 1 : x - y;
  };
  const pointsOf = (x: number) => texts.points.subarray(texts.starts[group[x]], texts.starts[group[x] + 1]);
  const clusters: CopyCluster[] = [];
  for (const list of members.values()) {
    list.sort(earlier);
    const original = list[0];
    const from = pointsOf(original);
    const copies = list.slice(1).filter((m) => person(m) !== person(original)).map((m) => {
      const to = pointsOf(m);
      return { item: m, distance: levenshteinWithin(from, to, Math.max(from.length, to.length)) };
    });
    if (copies.length > 0) clusters.push({ original, copies });
  }
  return clusters.sort((x, y) => earlier(x.original, y.original));
}

/**
 * Strings packed as one: the texts one after another and where each ends. Handed to another
 * thread, one long string and a typed array cost ~20 ms where 100,000 strings cost ~100–150 ms.
 */
export interface PackedStrings {
  readonly text: string;
  readonly ends: Int32Array;
}

export function packStrings(xs: readonly string[]): PackedStrings {
  const ends = new Int32Array(xs.length);
  let end = 0;
  for (let i = 0; i < xs.length; i++) ends[i] = end += xs[i].length;
  return { text: xs.join(''), ends };
}

export function unpackStrings({ text, ends }: PackedStrings): string[] {
  const out = new Array<string>(ends.length);
  for (let i = 0, from = 0; i < ends.length; i++) { out[i] = text.slice(from, ends[i]); from = ends[i]; }
  return out;
}

/**
 * The copy-paste rule's whole input, in a form another thread takes cheaply (the pipeline runs
 * it beside the per-person loop, pipeline/copy-paste-thread.ts): the comments in their people's
 * ranges — raw texts, normalised by findCopies — and the settings.
 */
export interface CopyJob {
  /** Each comment's text as written. */
  readonly texts: PackedStrings;
  /** Each comment's person (an index into personIds) and course (into courseIds). */
  readonly persons: Int32Array;
  readonly courses: Int32Array;
  /** Each comment's instant. */
  readonly at: Float64Array;
  /** Ties of equal instants are ordered by personId, then courseId. */
  readonly personIds: PackedStrings;
  readonly courseIds: readonly string[];
  readonly stockPhrases: readonly string[];
  readonly minChars: number;
  readonly similarity: number;
}

/** How many comments a job holds. */
export const jobSize = (job: CopyJob) => job.persons.length;

/** A cluster found by findCopies, in indices of the job's comments. */
export interface CopyFinding {
  readonly original: number;
  /** The later comments of other people, each with its similarity to the original (floored to 0.001). */
  readonly copies: readonly { readonly comment: number; readonly similarity: number }[];
}

/**
 * Normalise, leave out texts under `minChars` code points (stock phrases always count), and
 * cluster: what copyClusters does over stock phrases and the job's comments, in indices of the
 * comments — but on typed arrays, without a string or an object per comment: at 100,000
 * comments the strings, their map and the collector cost a third of the whole.
 */
export function findCopies(job: CopyJob): CopyFinding[] {
  const personIds = unpackStrings(job.personIds);
  const norm = new NormalisedTexts(job.texts.text.length + 64);
  // Items: stock phrases first, then the comments long enough, in job order (copyClusters' numbering).
  const source: number[] = []; // item → comment index (−1 for a stock phrase)
  for (const phrase of job.stockPhrases) {
    norm.add(phrase, 0, phrase.length);
    source.push(-1);
  }
  const { text, ends } = job.texts;
  for (let i = 0, from = 0; i < ends.length; from = ends[i], i++) {
    if (norm.add(text, from, ends[i]) < job.minChars) { norm.dropLast(); continue; }
    source.push(i);
  }
  const person = (x: number) => (source[x] < 0 ? -1 : job.persons[source[x]]);
  const at = (x: number) => (source[x] < 0 ? -Infinity : job.at[source[x]]);
  const tie = (x: number) => (source[x] < 0 ? '' : `${personIds[job.persons[source[x]]]}\u0000${job.courseIds[job.courses[source[x]]]}`);

  // Identical texts once (groups in order of first appearance).
  const group = norm.groups();
  const texts = norm.codePointsOf(headsOf(group));
  norm.release(); // the units are in `texts` now, as code points
  const length = (g: number) => texts.starts[g + 1] - texts.starts[g];
  return clusterGroups(group, texts, person, at, tie, job.similarity).map((cl) => ({
    original: source[cl.original],
    copies: cl.copies.map(({ item, distance }) => ({
      comment: source[item],
      similarity: Math.floor((1 - distance / Math.max(length(group[cl.original]), length(group[item]))) * 1000) / 1000,
    })),
  }));
}

/**
 * Normalised texts one after another in one buffer of UTF-16 code units, with where each starts;
 * grouped by equal content through a hash table. The one normalisation of comments: NFKC (unless
 * every unit is neutral), then punctuation, symbols, spaces and controls dropped.
 */
class NormalisedTexts {
  private units: Uint16Array;
  private used = 0;
  private readonly starts: number[] = [0];
  /** Each text's code points (its units less its surrogate pairs). */
  private readonly lengths: number[] = [];
  private readonly hashes: number[] = [];

  constructor(capacity: number) {
    this.units = new Uint16Array(capacity);
  }

  /** Normalises s[from … to) and appends it; its code points. */
  add(s: string, from: number, to: number): number {
    const { dropped, neutral: neutralUnit } = tables();
    let neutral = true;
    for (let i = from; i < to; i++) if (!neutralUnit[s.charCodeAt(i)]) { neutral = false; break; }
    if (!neutral) { s = s.slice(from, to).normalize('NFKC'); from = 0; to = s.length; }
    if (this.units.length < this.used + (to - from)) {
      const grown = new Uint16Array(Math.max(this.units.length * 2, this.used + (to - from)));
      grown.set(this.units.subarray(0, this.used));
      this.units = grown;
    }
    const u = this.units;
    let n = this.used, pairs = 0, h = 0x811c9dc5;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
        const low = s.charCodeAt(i + 1);
        i++;
        if (!DROPPED.test(String.fromCharCode(c, low))) {
          u[n++] = c; u[n++] = low; pairs++;
          h = Math.imul(Math.imul(h ^ c, 0x01000193) ^ low, 0x01000193);
        }
      } else if (!dropped[c] && !(c >= 0xd800 && c <= 0xdfff)) {
        u[n++] = c;
        h = Math.imul(h ^ c, 0x01000193);
      }
    }
    const length = n - this.used - pairs;
    this.used = n;
    this.starts.push(n);
    this.lengths.push(length);
    this.hashes.push(h >>> 0);
    return length;
  }

  /** Forget every text (the buffer stays, for the next). */
  clear(): void {
    this.used = 0;
    this.starts.length = 1;
    this.lengths.length = 0;
    this.hashes.length = 0;
  }

  /** Text t as a string. */
  textOf(t: number): string {
    let out = '';
    for (let i = this.starts[t], end = this.starts[t + 1]; i < end; i += 4096) {
      out += String.fromCharCode.apply(null, this.units.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
    }
    return out;
  }

  /** Let the units go (at a province's size, 120 MB). */
  release(): void {
    this.units = new Uint16Array(0);
  }

  /** Forget the text added last. */
  dropLast(): void {
    this.starts.pop();
    this.lengths.pop();
    this.hashes.pop();
    this.used = this.starts[this.starts.length - 1];
  }

  /** Each text's group: texts of equal units share one, numbered in order of first appearance. */
  groups(): Int32Array {
    const count = this.lengths.length;
    const group = new Int32Array(count);
    let size = 16;
    while (size < count * 2) size *= 2;
    const table = new Int32Array(size).fill(-1); // the first text of each group
    const { units, starts, hashes } = this;
    let groups = 0;
    for (let t = 0; t < count; t++) {
      for (let slot = hashes[t] & (size - 1); ; slot = (slot + 1) & (size - 1)) {
        const other = table[slot];
        if (other < 0) { table[slot] = t; group[t] = groups++; break; }
        if (hashes[other] === hashes[t] && sameUnits(units, starts[other], starts[other + 1], starts[t], starts[t + 1])) { group[t] = group[other]; break; }
      }
    }
    return group;
  }

  /** The code points of the texts `which`, packed. */
  codePointsOf(which: readonly number[]): PackedTexts {
    const { units, starts, lengths } = this;
    let total = 0;
    for (const t of which) total += lengths[t];
    const points = new Int32Array(total), out = new Int32Array(which.length + 1);
    let n = 0;
    for (let k = 0; k < which.length; k++) {
      out[k] = n;
      for (let i = starts[which[k]], end = starts[which[k] + 1]; i < end; i++) {
        const c = units[i];
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) { points[n++] = (c - 0xd800) * 0x400 + (units[i + 1] - 0xdc00) + 0x10000; i++; } else points[n++] = c;
      }
    }
    out[which.length] = n;
    return { points, starts: out };
  }
}

function sameUnits(u: Uint16Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (; a < aEnd; a++, b++) if (u[a] !== u[b]) return false;
  return true;
}
