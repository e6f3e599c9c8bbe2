import type { BuildOptions } from 'esbuild';

/** esbuild options for the bundle of the pipeline in `pipelineDir`, written to `outdir` (bundle.mjs). */
export function bundleOptions(pipelineDir: string, outdir: string): BuildOptions;
