/**
 * copy-paste's MinHash sketches with WebAssembly SIMD (sketch.wat): the same 48 values per text
 * as the JavaScript loop in copy-paste.ts, four multiplications per instruction — the sketches
 * were the largest part of copy-paste's time (≈ 45 % at 100,000 comments). Where WebAssembly
 * SIMD is missing (it needs SSE4.1, every x86-64 processor since 2008), null: the JavaScript
 * loop runs, with the same result. Pure computation: no file, no clock.
 */

/** sketch.wat assembled (test/helpers/assemble-wasm.ts writes it; a test checks it is that file's). */
export const SKETCH_WASM = 'AGFzbQEAAAABBwFgA39/fwADAgEABQMBAAEHEwIGbWVtb3J5AgAGc2tldGNoAAAKgwIBgAICBH8Ge/0M//8AAP//AAD//wAA//8AACEMIAAgAUECdGohBQNAIANBBHT9AAQAIQcgA0EEdP0ABGAhCP0M/////////////////////yEJ/Qz/////////////////////IQogACEEAkAgBCAFTw0AA0AgBP0JAgAgB/1RIAj9tQEhCyAJIAtBEP2tAf23ASEJIAogCyAM/U79twEhCiAEQQRqIQQgBCAFSQ0ACwsgAiADQQV0aiEGIAYgCSAK/Q0AAQIDEBESEwQFBgcUFRYX/QsEACAGIAkgCv0NCAkKCxgZGhsMDQ4PHB0eH/0LBBAgA0EBaiEDIANBBkkNAAsL';

const VALUES = 48;
const CONSTANTS_BYTES = 192;
const PAGE = 65536;

let compiled: WebAssembly.Module | null | undefined;

function module(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const bytes = Buffer.from(SKETCH_WASM, 'base64');
      compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * Sketches of `texts` texts of at most `maxGrams` kept grams each, in one WebAssembly memory:
 * write a text's kept grams into `grams`, call `sketch(k, t)`, and `sketches` holds text t's
 * 48 values at t × 48 (a view of the module's memory, valid as long as this object lives).
 */
export class WasmSketcher {
  readonly grams: Int32Array;
  readonly sketches: Uint32Array;
  private readonly run: (grams: number, k: number, out: number) => void;
  private readonly gramsAt: number;
  private readonly sketchesAt: number;

  private constructor(instance: WebAssembly.Instance, texts: number, maxGrams: number, seeds: Int32Array, multipliers: Int32Array) {
    const memory = instance.exports.memory as WebAssembly.Memory;
    this.gramsAt = CONSTANTS_BYTES;
    this.sketchesAt = CONSTANTS_BYTES + Math.ceil((maxGrams * 4) / 16) * 16;
    const bytes = this.sketchesAt + texts * VALUES * 4;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    const constants = new Int32Array(memory.buffer, 0, CONSTANTS_BYTES / 4);
    constants.set(seeds, 0);
    constants.set(multipliers, seeds.length);
    this.grams = new Int32Array(memory.buffer, this.gramsAt, maxGrams);
    this.sketches = new Uint32Array(memory.buffer, this.sketchesAt, texts * VALUES);
    this.run = instance.exports.sketch as (grams: number, k: number, out: number) => void;
  }

  /**
   * A sketcher for `texts` texts (null where WebAssembly SIMD is missing, or the memory would
   * pass wasm32's 4 GB); `seeds` and `multipliers` are the 24 of each the sketch uses.
   */
  static create(texts: number, maxGrams: number, seeds: Int32Array, multipliers: Int32Array): WasmSketcher | null {
    const m = module();
    if (!m || seeds.length * 2 !== VALUES || multipliers.length !== seeds.length) return null;
    if (CONSTANTS_BYTES + maxGrams * 4 + 16 + texts * VALUES * 4 > 2 ** 32 - PAGE) return null;
    try {
      return new WasmSketcher(new WebAssembly.Instance(m, {}), texts, maxGrams, seeds, multipliers);
    } catch {
      return null; // memory could not grow: the JavaScript loop
    }
  }

  /** Sketch of text t from the first k values of `grams`. */
  sketch(k: number, t: number): void {
    this.run(this.gramsAt, k, this.sketchesAt + t * VALUES * 4);
  }
}
