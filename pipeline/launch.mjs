// npm run pipeline: bundle the TypeScript pipeline once per version of its sources, then run it.
// Loading ~40 TypeScript modules through tsx's hooks costs about a second of CPU per thread
// (the main thread and the views worker each pay it); one prebuilt JavaScript file costs a
// few milliseconds. The bundle lives in build/.pipeline/<hash of the sources>/, written to a
// temporary folder and renamed into place, so concurrent runs never see half a bundle and a
// changed source can never run stale code.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generate' ? [] : sources(path);
    return /\.(ts|mjs)$/.test(e.name) ? [path] : [];
  }).sort();
}

// The bundle holds the dependencies too (zod, papaparse), so their versions are part of its key.
const hash = createHash('sha256');
for (const file of [...sources(here), join(root, 'package-lock.json')]) {
  hash.update(relative(root, file)).update('\0').update(existsSync(file) ? readFileSync(file) : '').update('\0');
}
const target = join(root, 'build', '.pipeline', hash.digest('hex').slice(0, 16));

if (!existsSync(join(target, 'cli.mjs'))) {
  const { build } = await import('esbuild');
  const temp = `${target}.tmp-${process.pid}`;
  await build({
    entryPoints: { cli: join(here, 'cli.ts'), 'views-worker-boot': join(here, 'ingest/views-worker.ts') },
    outdir: temp, outExtension: { '.js': '.mjs' }, bundle: true, platform: 'node', format: 'esm',
    // Dependencies bundled as well: one file loads ~45 ms faster than zod's many modules.
    target: 'node20', logLevel: 'error',
  });
  mkdirSync(dirname(target), { recursive: true });
  try {
    renameSync(temp, target);
  } catch {
    rmSync(temp, { recursive: true, force: true }); // another run put the same bundle in place first
  }
}
pruneBundles(dirname(target), target);

// Each edit of the sources leaves a bundle behind (~1 MB): keep the newest few. One removed
// under a run of an older version costs that run only its views worker (it then reads
// views.csv on one thread, with the same result).
function pruneBundles(dir, keep) {
  const KEEP = 5;
  const bundles = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[0-9a-f]{16}$/.test(e.name) && join(dir, e.name) !== keep)
    .map((e) => ({ path: join(dir, e.name), time: statSync(join(dir, e.name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const old of bundles.slice(KEEP - 1)) rmSync(old.path, { recursive: true, force: true });
}
await import(pathToFileURL(join(target, 'cli.mjs')).href);
