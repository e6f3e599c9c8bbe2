/**
 * A small seeded PRNG (mulberry32) and the draws the generator needs. Only integer arithmetic,
 * `Math.imul`, `Math.floor` and division are used, so the same seed gives the same numbers on
 * every machine and Node version (no Math.random, no Math.log/exp whose last bits may differ).
 */

/** murmur3's 32-bit finaliser: spreads nearby seeds (1, 2, 3…) over the whole state space. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One 32-bit seed from several integers (seed, stream tag, person index…). */
export function mixSeed(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) h = fmix32((h ^ fmix32(p >>> 0)) + 0x7f4a7c15);
  return h;
}

/** Stream tags: each kind of draw gets its own stream, so adding draws to one leaves the others alone. */
export const Stream = {
  population: 1, courses: 2, plan: 3, segments: 4, comments: 5, offline: 6, reports: 7,
  extensions: 8, broken: 9, turnover: 10, period: 11, behaviour: 12,
} as const;

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** An independent generator for (seed, stream, index): one per person keeps files streamable. */
  static derive(seed: number, stream: number, index = 0): Random {
    return new Random(mixSeed(seed, stream, index));
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Real number in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Index drawn with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** One of `choices`, given as [value, weight] pairs. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    return choices[this.weightedIndex(choices.map((c) => c[1]))][0];
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** `count` distinct items (fewer when there are not enough), in their original order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const indexes = this.shuffle(items.map((_, i) => i)).slice(0, count).sort((a, b) => a - b);
    return indexes.map((i) => items[i]);
  }
}
