import { describe, expect, it } from 'vitest';
import {
  bagDistance, codePoints, copyClusters, type CommentItem, findCopies, levenshteinWithin, maxEdits, normaliseComment, packStrings, similarPairs,
} from '../../pipeline/analysis/copy-paste.ts';
import { Random } from '../../generate/random.ts';
import { COURSE_TOPICS, longComment } from '../../generate/texts.ts';

/** The textbook table, for comparison. */
function levenshtein(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

const ALPHABET = [...'学习全会精神制度优势治理体系能力现代化坚持完善党的领导人民当家作主法治经济文化民生社会生态监督今后工作实际行动']
  .concat(['𠀀', '𠀁']); // two characters outside the BMP: code points, not UTF-16 units

/** A text of `length` random characters of a small alphabet (so that q-grams repeat). */
function randomText(rng: Random, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[rng.integer(0, ALPHABET.length - 1)];
  return s;
}

/** `text` with `edits` random substitutions, insertions and deletions. */
function edited(rng: Random, text: string, edits: number): string {
  const chars = [...text];
  for (let e = 0; e < edits; e++) {
    const kind = rng.integer(0, 2), at = rng.integer(0, Math.max(0, chars.length - 1));
    if (kind === 0) chars[at] = ALPHABET[rng.integer(0, ALPHABET.length - 1)];
    else if (kind === 1) chars.splice(at, 0, ALPHABET[rng.integer(0, ALPHABET.length - 1)]);
    else if (chars.length > 1) chars.splice(at, 1);
  }
  return chars.join('');
}

describe('normaliseComment', () => {
  it('removes punctuation, symbols and spaces after NFKC', () => {
    expect(normaliseComment('学习了，“四个意识”！ 很受启发。\n★ＡＢＣ１２３')).toBe('学习了四个意识很受启发ABC123');
  });
});

describe('levenshteinWithin', () => {
  it('agrees with the full table up to k and says k + 1 beyond', () => {
    const rng = new Random(7);
    for (let t = 0; t < 2000; t++) {
      const a = codePoints(randomText(rng, rng.integer(0, 30)));
      const b = codePoints(rng.next() < 0.5 ? edited(rng, String.fromCodePoint(...a), rng.integer(0, 8)) : randomText(rng, rng.integer(0, 30)));
      const k = rng.integer(0, 12);
      const full = levenshtein(a, b);
      expect(levenshteinWithin(a, b, k), `${String.fromCodePoint(...a)} / ${String.fromCodePoint(...b)} k=${k}`).toBe(full <= k ? full : k + 1);
    }
  });

  it('0.8 of 15 characters allows exactly 3 edits', () => {
    expect(maxEdits(15, 0.8)).toBe(3);
    expect(maxEdits(10, 0.8)).toBe(2);
    expect(maxEdits(14, 0.8)).toBe(2);
  });
});

describe('similarPairs (MinHash LSH + banded edit distance) against all pairs', () => {
  // Originals of 15–80 characters and copies with edits: up to a tenth (what a copy-paster
  // does), and up to a quarter (beyond the threshold), on a small alphabet so that q-grams repeat.
  const rng = new Random(2026);
  const texts = new Set<string>();
  const originals: string[] = [];
  for (let i = 0; i < 1000; i++) originals.push(randomText(rng, rng.integer(15, 80)));
  for (const o of originals) texts.add(o);
  for (let i = 0; i < 1500; i++) {
    const o = originals[rng.integer(0, originals.length - 1)];
    const len = [...o].length;
    texts.add(edited(rng, o, rng.integer(0, Math.ceil(len * (i % 2 ? 0.1 : 0.25)))));
  }
  const list = [...texts].map(codePoints).filter((t) => t.length >= 15);
  const brute: [number, number, number][] = [];
  for (let a = 0; a < list.length; a++) {
    for (let b = a + 1; b < list.length; b++) {
      const k = maxEdits(Math.max(list[a].length, list[b].length), 0.8);
      const d = levenshteinWithin(list[a], list[b], k);
      if (d <= k) brute.push([a, b, d]);
    }
  }
  const found = new Set(similarPairs(list, 0.8).map((p) => `${p.a}-${p.b}-${p.distance}`));
  const similarityOf = ([a, b, d]: [number, number, number]) => 1 - d / Math.max(list[a].length, list[b].length);

  it('finds the same pairs with the WebAssembly sketch as with the JavaScript one', () => {
    expect(similarPairs(list, 0.8, false).map((p) => `${p.a}-${p.b}-${p.distance}`)).toEqual([...found]);
  });

  it('finds the same pairs when the 3-gram hashes are made again for each pass (a province\'s size)', () => {
    expect(similarPairs(list, 0.8, true, 0).map((p) => `${p.a}-${p.b}-${p.distance}`)).toEqual([...found]);
  });

  it('finds only similar pairs, with their distances', () => {
    const all = new Set(brute.map(([a, b, d]) => `${a}-${b}-${d}`));
    expect([...found].filter((p) => !all.has(p))).toEqual([]);
  });

  it('finds ≥ 99 % of the pairs of similarity ≥ 0.9 and ≥ 85 % of all pairs ≥ 0.8 (measured: bench/RESULTS.md)', () => {
    const close = brute.filter((p) => similarityOf(p) >= 0.9);
    const recall = (ps: typeof brute) => ps.filter(([a, b, d]) => found.has(`${a}-${b}-${d}`)).length / ps.length;
    expect(brute.length).toBeGreaterThan(300);
    expect(close.length).toBeGreaterThan(100);
    console.log(`copy-paste recall: ${(recall(brute) * 100).toFixed(2)} % of ${brute.length} pairs ≥ 0.8; ${(recall(close) * 100).toFixed(2)} % of ${close.length} pairs ≥ 0.9`);
    expect(recall(close)).toBeGreaterThanOrEqual(0.99);
    expect(recall(brute)).toBeGreaterThanOrEqual(0.85);
  });
});

describe('copyClusters', () => {
  const item = (person: number, at: number, text: string): CommentItem => ({ person, at, tie: String(person), normalised: normaliseComment(text) });

  it('names the earliest comment the original and flags the other people\'s later ones', () => {
    const items = [
      item(2, 200, '通过学习全会精神，深刻认识到制度优势是最大优势，今后要立足岗位履职尽责。'),
      item(1, 100, '通过学习全会精神，深刻认识到制度优势是最大的优势！今后要立足岗位、履职尽责'),
      item(3, 300, '今天学习了法治体系，对推进国家治理现代化有了更深的理解，收获很大。'),
      item(1, 400, '通过学习全会精神深刻认识到制度优势是最大优势今后要立足岗位履职尽责'),
    ];
    const clusters = copyClusters(items, 0.8);
    expect(clusters).toHaveLength(1);
    expect(clusters[0].original).toBe(1);
    // Person 1's own later repeat (item 3) is not a copy of someone else's.
    expect(clusters[0].copies.map((c) => c.item)).toEqual([0]);
  });

  it('one person\'s repeats alone are no cluster', () => {
    const text = '通过学习全会精神，深刻认识到制度优势是最大优势，今后要立足岗位履职尽责。';
    expect(copyClusters([item(1, 1, text), item(1, 2, text)], 0.8)).toEqual([]);
  });

  it('leaves out comments similar to a stock phrase', () => {
    const stock = item(-1, -Infinity, '学习了，深受教育，今后一定要学以致用、知行合一');
    const items = [stock, item(1, 1, '学习了深受教育今后一定要学以致用知行合一！'), item(2, 2, '学习了，深受教育，今后一定要学以致用，知行合一。')];
    expect(copyClusters(items, 0.8)).toEqual([]);
  });
});

describe('findCopies (the pipeline\'s typed-array path) against copyClusters over normaliseComment', () => {
  it('finds the same clusters, copies and similarities — NFKC, astral characters, stock phrases, short texts, repeats and equal instants included', () => {
    const rng = new Random(11);
    const base = [...Array.from({ length: 40 }, () => longComment(rng, rng.pick(COURSE_TOPICS)[1])), '学习了坚持和完善人民代表大会制度，深受教育，今后一定要学以致用、知行合一。'];
    const variant = (t: string) => rng.pick([t, t.replace(/学/g, '𠮷'), t.replace(/，/g, ' , '), `${t}ＡＢＣ１２３`, t.replace(/。/g, '㍿'), `\uD800${t}`, t.normalize('NFD'), t.slice(0, 12)]);
    const texts: string[] = [];
    for (let i = 0; i < 600; i++) {
      const chars = [...rng.pick(base)];
      for (let e = 0; e < rng.integer(0, 5); e++) chars[rng.integer(0, chars.length - 1)] = rng.pick(['的', '𠮷', 'Ａ', '，', String(i % 10)]);
      texts.push(variant(chars.join('')));
    }
    const job = {
      texts: packStrings(texts), persons: Int32Array.from(texts, () => rng.integer(0, 59)), courses: Int32Array.from(texts, () => rng.integer(0, 2)),
      at: Float64Array.from(texts, (_, i) => Math.floor(i / 3) * 60), personIds: packStrings(Array.from({ length: 60 }, (_, i) => `P${String(i).padStart(3, '0')}`)),
      courseIds: ['K1', 'K2', 'K3'], stockPhrases: ['学习了坚持和完善人民代表大会制度，深受教育，今后一定要学以致用、知行合一'], minChars: 15, similarity: 0.8,
    };
    // The reference: items as normaliseComment makes them, clustered by copyClusters.
    const items: CommentItem[] = job.stockPhrases.map((p) => ({ person: -1, at: -Infinity, tie: '', normalised: normaliseComment(p) }));
    const source: number[] = job.stockPhrases.map(() => -1);
    texts.forEach((t, i) => {
      const normalised = normaliseComment(t);
      if (codePoints(normalised).length < job.minChars) return;
      items.push({ person: job.persons[i], at: job.at[i], tie: `P${String(job.persons[i]).padStart(3, '0')}\u0000${job.courseIds[job.courses[i]]}`, normalised });
      source.push(i);
    });
    const length = (x: number) => codePoints(items[x].normalised).length;
    const expected = copyClusters(items, 0.8).map((cl) => ({
      original: source[cl.original],
      copies: cl.copies.map(({ item, distance }) => ({ comment: source[item], similarity: Math.floor((1 - distance / Math.max(length(cl.original), length(item))) * 1000) / 1000 })),
    }));
    expect(expected.length).toBeGreaterThan(20);
    expect(expected.reduce((n, c) => n + c.copies.length, 0)).toBeGreaterThan(200);
    expect(findCopies(job)).toEqual(expected);
  });
});

describe('the bag-of-characters bound before the edit distance', () => {
  it('is never above the edit distance (so it sets aside no similar pair), and often near it', () => {
    const rng = new Random(77);
    const alphabet = [...'学习党的精神深受教育今后要知行合一把握实质𠮷ab'].map((c) => c.codePointAt(0)!);
    let tight = 0;
    for (let i = 0; i < 3000; i++) {
      const a = Int32Array.from({ length: rng.integer(0, 40) }, () => alphabet[rng.integer(0, alphabet.length - 1)] + (rng.chance(0.1) ? 4096 : 0));
      const b = Int32Array.from(a);
      for (let e = 0; e < rng.integer(0, 12); e++) if (b.length) b[rng.integer(0, b.length - 1)] = alphabet[rng.integer(0, alphabet.length - 1)];
      const c = rng.chance(0.5) ? b : Int32Array.from({ length: rng.integer(0, 40) }, () => alphabet[rng.integer(0, alphabet.length - 1)]);
      const points = new Int32Array([...a, ...c]);
      const bound = bagDistance(points, 0, a.length, a.length, a.length + c.length);
      const d = levenshtein(a, c);
      expect(bound).toBeLessThanOrEqual(d);
      if (bound === d) tight++;
    }
    expect(tight).toBeGreaterThan(300);
  });
});
