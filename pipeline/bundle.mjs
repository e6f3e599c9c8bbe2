// The pipeline's one esbuild configuration: pipeline/launch.mjs bundles with it for
// `npm run pipeline`, bench/profile.ts the same with source maps. Plain JavaScript: the launcher
// runs before any TypeScript can be loaded.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The pipeline's sources: every .ts and .mjs file under `dir` (the data generator lives outside, in generate/). */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|mjs)$/.test(e.name) ? [path] : [];
  }).sort();
}

/**
 * sha256 (hex) of the pipeline in `pipelineDir`: every source file (path and bytes) and
 * package-lock.json (the bundle holds zod and papaparse, so their versions can change outputs
 * too). The bundle's folder is named after it (launch.mjs), and the history store keys its
 * entries with it (drops/version.ts): whatever code computed a stored drop, another code never
 * takes it for its own.
 */
export function sourceHash(pipelineDir) {
  const root = dirname(pipelineDir);
  const hash = createHash('sha256');
  for (const file of [...sources(pipelineDir), join(root, 'package-lock.json')]) {
    hash.update(relative(root, file)).update('\0').update(existsSync(file) ? readFileSync(file) : '').update('\0');
  }
  return hash.digest('hex');
}

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

/**
 * esbuild options for the bundle of the pipeline in `pipelineDir`, written to `outdir`. The
 * bundle carries `codeHash` (its sources' hash) as `__XUESHI_CODE_HASH__`: the code run from a
 * bundle cannot find its sources to hash them.
 */
export function bundleOptions(pipelineDir, outdir, codeHash = sourceHash(pipelineDir)) {
  return {
    define: { __XUESHI_CODE_HASH__: JSON.stringify(codeHash) },
    entryPoints: {
      cli: join(pipelineDir, 'cli.ts'),
      // The workers, under their boot files' names: in the bundle the code that starts them finds them beside cli.mjs.
      'views-worker-boot': join(pipelineDir, 'ingest/views-worker.ts'),
      'copy-paste-worker-boot': join(pipelineDir, 'copy-paste-worker.ts'),
    },
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
