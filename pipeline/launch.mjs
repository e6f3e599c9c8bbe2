// npm run pipeline: bundle the TypeScript pipeline once per version of its sources, then run it.
// Loading ~40 TypeScript modules through tsx's hooks costs about a second of CPU per thread
// (the main thread and the views worker each pay it); one prebuilt JavaScript file costs a
// few milliseconds. The bundle lives in build/.pipeline/<hash of the sources>/, written to a
// temporary folder and renamed into place, so concurrent runs never see half a bundle and a
// changed source can never run stale code.
import { accessSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleOptions, sourceHash } from './bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

// The bundle holds the dependencies too (zod, papaparse), so their versions are part of its key.
const codeHash = sourceHash(here);
const target = join(root, 'build', '.pipeline', codeHash.slice(0, 16));

let cli = join(target, 'cli.mjs');
try {
  mkdirSync(dirname(target), { recursive: true });
  accessSync(dirname(target), constants.W_OK);
  if (!existsSync(cli)) await bundle(target);
  pruneBundles(dirname(target), target);
} catch (e) {
  // An unwritable (read-only, full, foreign-owned) build/ must not stop the pipeline: the
  // sources run as they are, through tsx — slower to start, the same outputs.
  if (!['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST'].includes(e?.code)) throw e;
  process.stderr.write(`提示：无法写入 ${relative(root, dirname(target)) || dirname(target)}（${e.code}），直接运行源代码（启动稍慢，结果相同）\n`);
  const { register } = await import('tsx/esm/api');
  register();
  cli = join(here, 'cli.ts');
}

async function bundle(target) {
  const { build } = await import('esbuild');
  const temp = `${target}.tmp-${process.pid}`;
  await build(bundleOptions(here, temp, codeHash));
  try {
    renameSync(temp, target);
  } catch {
    rmSync(temp, { recursive: true, force: true }); // another run put the same bundle in place first
  }
}

// Each edit of the sources leaves a bundle behind (~1 MB): keep the newest few. One removed
// under a run of an older version costs that run only its views worker (it then reads
// views.csv on one thread, with the same result). A `<hash>.tmp-<pid>` folder whose process is
// gone was left by a killed bundling: removed too.
function pruneBundles(dir, keep) {
  const KEEP = 5;
  const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  for (const e of entries) {
    const m = /^[0-9a-f]{16}\.tmp-(\d+)$/.exec(e.name);
    if (m && !processAlive(Number(m[1]))) rmSync(join(dir, e.name), { recursive: true, force: true });
  }
  const bundles = entries
    .filter((e) => /^[0-9a-f]{16}$/.test(e.name) && join(dir, e.name) !== keep)
    .map((e) => ({ path: join(dir, e.name), time: statSync(join(dir, e.name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const old of bundles.slice(KEEP - 1)) rmSync(old.path, { recursive: true, force: true });
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}
await import(pathToFileURL(cli).href);
