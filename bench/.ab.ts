import { computeOutputs } from '../pipeline/run.ts';
const inline = process.argv[2] === 'inline';
const t0 = performance.now();
await computeOutputs('/tmp/d20k', inline ? { copyPasteThreadMin: Infinity } : {});
console.error(`TOTAL ${(performance.now() - t0).toFixed(0)}`);
