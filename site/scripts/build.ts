/**
 * npm run build -- [--data DIR] [--history DIR] [--base /sub/path/] [--as-of YYYY-MM-DD] [--out DIR] [--json DIR] [--json-out DIR]
 *                   [--edition full|public] [--deploy DIR] [--deploy-root DIR] [--passwords DIR]
 *
 * 1. runs the pipeline (a child process: node pipeline/launch.mjs) on the dataset into the JSON
 *    directory (default build/out) — or, with --json DIR, uses an existing output directory;
 * 2. builds the Astro site from that JSON into a temporary folder beside the target;
 * 3. swaps the new site into place (default dist/) only when the build is complete, so a failed
 *    build leaves the previous site intact.
 * Defaults: --data data (the embedded data root: data/README.md), --base /. Exit code 1 on any failure, with the reason.
 *
 * The publish gate (docs/gate.md): when the drop has blocking problems (the pipeline exits 3, or
 * --json names an output whose quality.json lists some) the build stops with exit 3, prints
 * them, and leaves the site folder exactly as it was — unless --accept-blocking, which builds
 * anyway (every page then carries a banner listing them). `--out` must be empty, absent or a
 * site this program built (marker .xueshi-site), and may not be or contain the data.
 * --edition full|public (public: no personal data; site/lib/edition.ts). After the swap, the nginx
 * configuration for the site (site/scripts/deploy.ts) goes into --deploy DIR (default: deploy/
 * beside the output folder), for a site served from --deploy-root (default: the output folder)
 * with password files in --passwords (default /etc/nginx/xueshi).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asOfOption } from '../../pipeline/contract/calendar.ts';
import { QualityFileSchema, type Blocking } from '../../pipeline/contract/outputs.ts';
import { blockingReport } from '../../pipeline/gate/report.ts';
import { lockFolder, recoverAbandoned, type Scratch } from '../../pipeline/folders/abandoned.ts';
import { storeDir } from '../../pipeline/drops/store.ts';
import { historyFolderProblem, outFolderProblem, SITE_MARKER, SITE_MARKER_TEXT, SITE_OUT } from '../../pipeline/folders/guard.ts';
import { EDITIONS, parseEdition, type Edition } from '../lib/edition.ts';
import { writeDeploy } from './deploy.ts';
import { htmlPagesBySize, oversizedWarning } from './page-sizes.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Options {
  data: string;
  /** --history: the pipeline's store of every drop's outputs (its default when null). */
  history: string | null;
  base: string;
  asOf: string | null;
  out: string;
  json: string | null;
  jsonOut: string;
  acceptBlocking: boolean;
  edition: Edition;
  deploy: string | null;
  deployRoot: string | null;
  passwords: string;
}

class UsageError extends Error {}

/** The drop has blocking problems and --accept-blocking was not given: exit 3, site untouched. */
class BlockedError extends Error {}

/** The blocking problems of a pipeline output folder (none when quality.json is unreadable: data.ts will say why). */
function blockingOf(jsonDir: string): Blocking[] {
  try {
    return QualityFileSchema.parse(JSON.parse(readFileSync(join(jsonDir, 'quality.json'), 'utf8'))).blocking;
  } catch {
    return [];
  }
}

/** "/xs" or "xs/" or "/xs/" → "/xs/"; only URL-safe path characters are allowed. */
export function normaliseBase(raw: string): string {
  const trimmed = raw.trim();
  const base = `/${trimmed.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  if (!/^\/(?:[A-Za-z0-9._~-]+\/)*$/.test(base) || /\/\.{1,2}\//.test(base)) {
    throw new UsageError(`--base “${raw}” 不是有效的子路径（只能包含字母、数字和 . _ ~ -，例如 /xs/）`);
  }
  return base;
}

const USAGE = '用法：npm run build -- [--data 数据目录或数据根目录] [--history 历史存储目录] [--base /子路径/] [--as-of YYYY-MM-DD] [--out 输出目录] [--json 已有的流水线输出目录] [--json-out 流水线输出目录] [--accept-blocking] [--edition full|public] [--deploy 配置目录] [--deploy-root 服务器上的网站目录] [--passwords 密码文件目录]';

/** The command line, read with node:util's parseArgs like the pipeline's (pipeline/cli.ts). */
export function parseOptions(argv: string[]): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string', default: 'data' }, history: { type: 'string' }, base: { type: 'string', default: '/' },
        'as-of': { type: 'string' }, out: { type: 'string', default: 'dist' }, json: { type: 'string' },
        'json-out': { type: 'string', default: 'build/out' }, 'accept-blocking': { type: 'boolean', default: false },
        edition: { type: 'string', default: 'full' }, deploy: { type: 'string' }, 'deploy-root': { type: 'string' },
        passwords: { type: 'string', default: '/etc/nginx/xueshi' }, help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  if (values.help) return 'help';
  for (const [name, value] of Object.entries(values)) {
    if (value === '') throw new UsageError(`--${name} 需要一个值`);
  }
  if (!(EDITIONS as readonly string[]).includes(values.edition)) throw new UsageError(`--edition “${values.edition}” 应为 ${EDITIONS.join(' 或 ')}`);
  let asOf: string | null = null;
  if (values['as-of'] !== undefined) {
    const day = asOfOption(values['as-of']);
    if ('problem' in day) throw new UsageError(day.problem);
    asOf = day.day;
  }
  return {
    data: values.data, history: values.history ?? null, base: normaliseBase(values.base), asOf,
    out: values.out, json: values.json ?? null, jsonOut: values['json-out'], acceptBlocking: values['accept-blocking'],
    edition: parseEdition(values.edition), deploy: values.deploy ?? null, deployRoot: values['deploy-root'] ?? null,
    passwords: values.passwords,
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/** A scratch folder on the same file system as `target`, so the final rename is a rename. */
function scratchParent(target: string): string {
  const inside = !relative(root, target).startsWith('..') && !isAbsolute(relative(root, target));
  return inside ? join(root, 'build') : dirname(target);
}

function scratchBeside(target: string): string {
  const parent = scratchParent(target);
  mkdirSync(parent, { recursive: true });
  recoverAbandoned(parent, target, siteScratchOf);
  return mkdtempSync(join(parent, `.site-tmp-${process.pid}-`));
}

/**
 * A killed build's scratch folder (tidied by abandoned.ts): `.site-tmp-<pid>-…`, and with
 * `-old` the previous site, moved aside by a build that died before the new one went in.
 */
function siteScratchOf(entry: string): Scratch | null {
  const m = /^\.site-tmp-(\d+)-[^/]*?(-old)?$/.exec(entry);
  return m ? { pid: Number(m[1]), movedAside: m[2] !== undefined } : null;
}

/**
 * One Astro build at a time per checkout: two builds in the same root (the test suite builds
 * sites from two files at once) share Astro's .astro/ chunk folder and break each other. A
 * lock folder holding the owner's pid; a dead owner's lock is taken over (abandoned.ts).
 */
function lockAstro(): Promise<() => void> {
  return lockFolder(join(root, 'build', '.astro-build.lock'));
}

/**
 * Astro's build holds the province's people (≈ 0.35–0.5 GB live at 200,000 people) while it
 * renders ~700 MB of pages, and nearly every young object of a page survives a scavenge or
 * two, so the old generation fills with dead page pieces. V8's default growth factor (up to
 * 4× the live size on a 24 GB machine) let it reach 2 GB before a full collection: a peak
 * RSS of 2.55 GB, and scavenges that grew slower with the heap (14 s of scavenging in all).
 * Letting the heap grow only 50 % past what the last full collection kept measured, at
 * 200,000 people: peak RSS 1.27 GB and CPU 66 s instead of 72 s (20 %: 1.22 GB but 74 s of
 * CPU, the marking then costs more than it saves). A growth factor, not --max-old-space-size:
 * a larger province still builds, with a proportionally larger heap, instead of dying at a
 * fixed cap. V8 reads this flag at every collection, so setting it in the running process
 * (before Astro starts) works — no child process with command-line flags needed.
 */
function keepHeapNearLive(): void {
  setFlagsFromString('--heap-growing-percent=50');
}

/** Replaces `target` by `fresh` (both directories): two renames, the old copy removed last. */
function swapInto(fresh: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true });
  if (!existsSync(target)) { renameSync(fresh, target); return; }
  const old = `${fresh}-old`;
  renameSync(target, old);
  try {
    renameSync(fresh, target);
  } catch (e) {
    renameSync(old, target);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}

/**
 * Before anything runs: the site folder must be ours to replace (and never the data), and the
 * pipeline's history store must neither replace drop folders nor lie where an output goes.
 */
function refuseUnsafeFolders(opts: Options, outDir: string): void {
  const refused = outFolderProblem(outDir, [resolve(root, opts.json ?? opts.data)], SITE_OUT, process.cwd(), opts.out);
  if (refused) throw new UsageError(refused);
  if (!opts.json) {
    const store = storeDir(opts.history ? resolve(root, opts.history) : undefined, resolve(root, opts.data));
    const clash = historyFolderProblem(store, [
      { dir: resolve(root, opts.data), what: '数据目录' },
      { dir: resolve(root, opts.jsonOut), what: '流水线输出目录（--json-out）' },
      { dir: outDir, what: '网站目录（--out）' },
    ]);
    if (clash) throw new UsageError(`--history ${opts.history ?? store}：${clash}`);
  }
}

/** --json DIR: an existing pipeline output, used as it is. */
function existingOutput(json: string): string {
  const jsonDir = resolve(root, json);
  if (!existsSync(join(jsonDir, 'people.json'))) throw new UsageError(`--json ${jsonDir} 中没有 people.json`);
  console.log(`[build] 使用已有的流水线输出 ${jsonDir}`);
  return jsonDir;
}

/** The pipeline on the data (a child process: the bundled launcher), into --json-out; its folder. */
async function runPipelineStep(opts: Options): Promise<string> {
  const t0 = performance.now();
  const dataDir = resolve(root, opts.data);
  if (!existsSync(dataDir)) throw new UsageError(`数据目录不存在：${dataDir}`);
  const jsonDir = resolve(root, opts.jsonOut);
  // The bundled launcher: what `npm run pipeline` runs, faster to start than the sources.
  const args = [join(root, 'pipeline/launch.mjs'), '--data', dataDir, '--out', jsonDir];
  if (opts.asOf) args.push('--as-of', opts.asOf);
  // The pipeline prints, per drop, 计算 or 复用 (computed or taken from the store).
  if (opts.history) args.push('--history', resolve(root, opts.history));
  console.log(`[build] 流水线：${relative(root, dataDir) || '.'} → ${relative(root, jsonDir)}`);
  const code = await run(process.execPath, args, { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' });
  // 3: blocking problems, outputs written all the same; the gate below decides.
  if (code !== 0 && code !== 3) throw new Error(`流水线失败（退出码 ${code}），网站未更新`);
  console.log(`[build] 流水线完成，用时 ${seconds(t0)}`);
  return jsonDir;
}

/** The publish gate: a drop with blocking problems is not published unless accepted. */
function publishGate(jsonDir: string, opts: Options, outDir: string): void {
  const blocking = blockingOf(jsonDir);
  if (blocking.length === 0) return;
  if (!opts.acceptBlocking) {
    throw new BlockedError(blockingReport(blocking, `网站未更新，${relative(root, outDir) || outDir} 保持原样`).trimEnd());
  }
  console.warn(`[build] 有 ${blocking.length} 个阻断问题，按 --accept-blocking 照常构建：网站每页顶部会列出这些问题`);
}

/**
 * What the pages read besides Astro's own options: the pipeline output folder and the edition
 * (site/lib/data.ts, site/lib/edition.ts read them from the environment, the only channel from
 * here to the pages Astro renders in this process). The base path goes to Astro's own `base`.
 */
function setPageEnvironment(jsonDir: string, edition: Edition): void {
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  // A production build whoever runs it (vitest sets NODE_ENV=test, which a child inherits).
  process.env.NODE_ENV = 'production';
  // Astro hands process.env to page code as import.meta.env: a stray BASE_URL (vitest sets
  // one, so may a shell) would silently override the base path of every link.
  for (const reserved of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'SITE', 'ASSETS_PREFIX', 'XUESHI_BASE']) delete process.env[reserved];
  process.env.XUESHI_OUT = jsonDir;
  process.env.XUESHI_EDITION = edition;
}

/** Astro renders the site into `scratch` (one build at a time per checkout). */
async function renderSite(scratch: string, opts: Options, jsonDir: string): Promise<void> {
  setPageEnvironment(jsonDir, opts.edition);
  keepHeapNearLive();
  const { build } = await import('astro');
  const unlock = await lockAstro();
  try {
    await build({ root, outDir: scratch, base: opts.base, logLevel: (process.env.XUESHI_LOG as 'info' | undefined) ?? 'warn', mode: 'production' });
  } finally {
    unlock();
  }
  if (!existsSync(join(scratch, 'index.html'))) throw new Error('网站构建未生成 index.html');
  // Astro's content-layer stubs (empty maps) are build plumbing, not part of the site.
  for (const stub of ['content-assets.mjs', 'content-modules.mjs']) rmSync(join(scratch, stub), { force: true });
  // The marker: this folder is the build's own, so the next build may replace it (guard.ts).
  writeFileSync(join(scratch, SITE_MARKER), SITE_MARKER_TEXT);
}

/**
 * The site, built and swapped into `outDir` only when complete: a failed build leaves the
 * previous site intact. Astro always builds inside the checkout: its prerender chunks import
 * packages at build time, and Node finds them only from a folder below the repository's
 * node_modules (a scratch folder in /tmp failed with "Cannot find package"). The finished site
 * is then moved — or, to another place, copied beside the target first — so the final swap is
 * still a rename.
 */
async function publishSite(opts: Options, jsonDir: string, outDir: string): Promise<void> {
  console.log(`[build] 网站（${opts.edition === 'public' ? '公开版' : '完整版'}）：base ${opts.base} → ${relative(root, outDir) || outDir}`);
  const scratch = scratchBeside(join(root, 'build', 'site'));
  const staged: string[] = [scratch];
  try {
    await renderSite(scratch, opts, jsonDir);
    let ready = scratch;
    if (scratchParent(outDir) !== dirname(scratch)) {
      ready = scratchBeside(outDir);
      staged.push(ready);
      cpSync(scratch, ready, { recursive: true });
    }
    // mkdtemp made the scratch folder 0700: copied as is (rsync -a keeps modes), the site's top
    // folder would be closed to the web server's user and nginx would answer 403 everywhere.
    chmodSync(ready, 0o755);
    swapInto(ready, outDir);
  } finally {
    for (const dir of staged) rmSync(dir, { recursive: true, force: true });
  }
}

/** The nginx configuration for the site (site/scripts/deploy.ts), by default in deploy/ beside it. */
function writeDeployment(opts: Options, jsonDir: string, outDir: string): void {
  const deployDir = opts.deploy ? resolve(root, opts.deploy) : join(dirname(outDir), 'deploy');
  const deployed = writeDeploy({
    edition: opts.edition, base: opts.base, dist: outDir, json: jsonDir, deployDir,
    root: opts.deployRoot ? resolve(root, opts.deployRoot) : outDir, passwords: resolve(root, opts.passwords),
  });
  console.log(`[build] nginx 配置：${deployed.files.map((f) => relative(root, f) || f).join('、')}`);
  if (deployed.unclassified.length) {
    console.warn(`[build] ⚠ 以下文件没有访问分类（site/lib/edition.ts），部署时将公开：\n  ${deployed.unclassified.slice(0, 20).join('\n  ')}`);
  }
}

/** build/last-build.json: where the last site went and from what (npm run serve, the screenshots). */
function recordBuild(opts: Options, jsonDir: string, outDir: string): void {
  mkdirSync(join(root, 'build'), { recursive: true });
  writeFileSync(join(root, 'build', 'last-build.json'), JSON.stringify({ outDir, base: opts.base, jsonDir, edition: opts.edition }, null, 2) + '\n');
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  if (opts === 'help') { console.log(USAGE); return; }
  const outDir = resolve(root, opts.out);
  const t0 = performance.now();
  refuseUnsafeFolders(opts, outDir);
  const jsonDir = opts.json ? existingOutput(opts.json) : await runPipelineStep(opts);
  publishGate(jsonDir, opts, outDir);
  const t1 = performance.now();
  await publishSite(opts, jsonDir, outDir);
  // A page over 1 MB is published all the same (the office still needs its site), and said.
  const heavy = oversizedWarning(htmlPagesBySize(outDir));
  if (heavy) console.warn(heavy);
  writeDeployment(opts, jsonDir, outDir);
  recordBuild(opts, jsonDir, outDir);
  console.log(`[build] 网站完成，用时 ${seconds(t1)}（合计 ${seconds(t0)}）：${outDir}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    if (e instanceof BlockedError) {
      // stderr ends with the blocking problems, one line each, and what to do.
      console.error(`[build] 停止：${e.message}`);
      process.exitCode = 3;
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    console.error(`[build] 失败：${message}`);
    if (!(e instanceof UsageError) && e instanceof Error && e.stack && process.env.XUESHI_DEBUG) console.error(e.stack);
    process.exitCode = 1;
  });
}
