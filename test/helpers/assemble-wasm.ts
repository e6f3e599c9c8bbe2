/**
 * pipeline/analysis/sketch.wat → its bytes (wabt, a development dependency: the pipeline runs
 * the committed bytes, never the assembler). `npx tsx test/helpers/assemble-wasm.ts` rewrites
 * SKETCH_WASM in pipeline/analysis/sketch-wasm.ts; test/analysis/sketch-wasm.test.ts checks they match.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

const WAT = fileURLToPath(new URL('../../pipeline/analysis/sketch.wat', import.meta.url));
const TS = fileURLToPath(new URL('../../pipeline/analysis/sketch-wasm.ts', import.meta.url));

/** The .wat file assembled, as base64. */
export async function assembledSketch(): Promise<string> {
  const w = await wabt();
  const module = w.parseWat('sketch.wat', readFileSync(WAT, 'utf8'), { simd: true });
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer).toString('base64');
  } finally {
    module.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const base64 = await assembledSketch();
  const ts = readFileSync(TS, 'utf8');
  const next = ts.replace(/export const SKETCH_WASM = '[^']*';/, `export const SKETCH_WASM = '${base64}';`);
  if (next === ts && !ts.includes(base64)) throw new Error('SKETCH_WASM not found in sketch-wasm.ts');
  writeFileSync(TS, next);
  console.log(`SKETCH_WASM: ${Buffer.from(base64, 'base64').length} bytes`);
}
