// The pipeline's one esbuild configuration: pipeline/launch.mjs bundles with it for
// `npm run pipeline`, bench/profile.ts the same with source maps. Plain JavaScript: the launcher
// runs before any TypeScript can be loaded.
import { join } from 'node:path';

/**
 * zod's locales (366 KB of the 1 MB bundle: every language's error messages) are exported on
 * the `z` namespace, which esbuild cannot prune. Nothing here uses them (our messages are our
 * own; zod's English is set up apart from this index), so the index is an empty module: the
 * bundle loads about 40 ms sooner, on every run.
 */
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-without-locales' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'zod-without-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/** esbuild options for the bundle of the pipeline in `pipelineDir`, written to `outdir`. */
export function bundleOptions(pipelineDir, outdir) {
  return {
    entryPoints: { cli: join(pipelineDir, 'cli.ts'), 'views-worker-boot': join(pipelineDir, 'ingest/views-worker.ts') },
    outdir, outExtension: { '.js': '.mjs' }, bundle: true, platform: 'node', format: 'esm',
    // Dependencies bundled as well: one file loads ~45 ms faster than zod's many modules.
    // exceljs (workbooks only) stays outside: a CommonJS package that requires Node's built-ins
    // at load, which an ESM bundle cannot do ("Dynamic require of crypto is not supported").
    external: ['exceljs'],
    target: 'node20', logLevel: 'error',
    // CommonJS dependencies (exceljs) require Node built-ins at run time; an ES module has no
    // `require` of its own, so esbuild's shim would throw "Dynamic require of "crypto"".
    banner: { js: "import { createRequire as __xsCreateRequire } from 'node:module'; const require = __xsCreateRequire(import.meta.url);" },
    plugins: [zodWithoutLocales],
  };
}
