/**
 * The WebAssembly sketch (pipeline/analysis/sketch-wasm.ts) is sketch.wat as committed, and gives
 * the JavaScript loop's values to the bit — for texts of no gram, one gram, and many, with
 * hashes at the edges of 32 bits.
 */
import { describe, expect, it } from 'vitest';
import { SKETCH_WASM, WasmSketcher } from '../../pipeline/analysis/sketch-wasm.ts';
import { Random } from '../../generate/random.ts';
import { assembledSketch } from '../helpers/assemble-wasm.ts';

// The seeds and multipliers copy-paste.ts uses are its own; any 24 of each must agree as well.
const rng = new Random(9704);
const word = () => (rng.integer(0, 0xffff) * 0x10000 + rng.integer(0, 0xffff)) >>> 0;
const seeds = Int32Array.from({ length: 24 }, () => word() | 0);
const multipliers = Int32Array.from({ length: 24 }, () => word() | 1);

describe('copy-paste sketches with WebAssembly SIMD', () => {
  it('the committed bytes are sketch.wat assembled (npx tsx test/helpers/assemble-wasm.ts rewrites them)', async () => {
    expect(SKETCH_WASM).toBe(await assembledSketch());
  });

  it("gives the JavaScript loop's 48 values for every text, from no gram to hundreds", () => {
    const sizes = [0, 1, 2, 3, 4, 5, 7, 8, 13, 50, 64, 257];
    const wasm = WasmSketcher.create(sizes.length, Math.max(...sizes), seeds, multipliers);
    expect(wasm, 'WebAssembly SIMD is missing on this machine: the JavaScript loop would run instead').not.toBeNull();
    const edges = [0, 1, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];
    const expected = new Uint32Array(sizes.length * 48);
    sizes.forEach((k, t) => {
      const grams = Uint32Array.from({ length: k }, (_, i) => (i < edges.length && t % 2 ? edges[i] : word()));
      wasm!.grams.set(new Int32Array(grams.buffer));
      wasm!.sketch(k, t);
      sketchLoopWith(grams, k, expected, t * 48);
    });
    expect([...wasm!.sketches]).toEqual([...expected]);
    expect(expected.slice(0, 48).every((v) => v === 0xffffffff)).toBe(true); // no gram: every value empty
  });
});

/**
 * copy-paste.ts's loop with this test's seeds, re-stated plainly (its own constants are fixed;
 * test/analysis/copy-paste.test.ts compares the two sketches through similarPairs).
 */
function sketchLoopWith(kept: Uint32Array, k: number, into: Uint32Array, at: number): void {
  for (let f = 0; f < 24; f++) {
    let high = 0xffffffff, low = 0xffffffff;
    for (let i = 0; i < k; i++) {
      const v = Math.imul(kept[i] ^ seeds[f], multipliers[f]);
      high = Math.min(high, v >>> 16);
      low = Math.min(low, v & 0xffff);
    }
    into[at + 2 * f] = high;
    into[at + 2 * f + 1] = low;
  }
}
