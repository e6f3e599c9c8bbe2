import type { BuildOptions } from 'esbuild';

/** esbuild options for the bundle of the pipeline in `pipelineDir`, written to `outdir` (bundle.mjs). */
export function bundleOptions(pipelineDir: string, outdir: string, codeHash?: string): BuildOptions;
/** sha256 (hex) of the pipeline's sources and package-lock.json (bundle.mjs). */
export function sourceHash(pipelineDir: string): string;
