/**
 * The command line: arguments, progress on stderr, exit codes — nothing else.
 *   npm run pipeline -- --data DIR --out DIR [--history DIR] [--as-of YYYY-MM-DD] [--encoding utf-8|gb18030] [--strict]
 * --data is one dataset folder or a data root of drops (docs/drops.md); --history the store of every
 * drop's outputs (default build/history, divided per data root).
 * Exit 0 on success (rejected rows are not failures), 1 on fatal input, a refused --out or a
 * failed write, 2 with --strict when any row was rejected, 3 when the drop has blocking
 * problems (docs/gate.md; outputs still written, for diagnosis). 3 wins over 2: a drop that must
 * not be published is the graver news, and stderr ends with its problems either way.
 */
import { parseArgs } from 'node:util';
import { encodingOptions } from './ingest/decode.ts';
import { FatalInputError } from './ingest/errors.ts';
import { printable } from './ingest/printable.ts';
import { QUALITY_FILE_ORDER, runPipeline } from './run.ts';
import { blockingReport } from './gate/report.ts';
import { outFolderProblem, PIPELINE_OUT } from './folders/guard.ts';
import { asOfOption } from './contract/calendar.ts';

const USAGE = '用法：npm run pipeline -- --data 数据目录或数据根目录 --out 输出目录 [--history 历史存储目录] [--as-of YYYY-MM-DD（仅单个数据集）] [--encoding utf-8|gb18030|文件名=编码]… [--strict]';

function fail(message: string, code = 1): never {
  process.stderr.write(`错误：${printable(message)}\n`);
  process.exit(code);
}

function progressBar(): ((file: string, done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (file, done, total) => {
    const now = performance.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = 30;
    const filled = total > 0 ? Math.round((done / total) * width) : width;
    const mb = (n: number) => (n / 1048576).toFixed(1);
    process.stderr.write(`\r读取 ${file.padEnd(16)} [${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${mb(done)}/${mb(total)} MB`);
    if (done >= total) process.stderr.write('\r\x1b[K');
  };
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        data: { type: 'string' }, out: { type: 'string' }, history: { type: 'string' }, 'as-of': { type: 'string' },
        encoding: { type: 'string', multiple: true }, strict: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`);
  }
  if (values.help) { process.stdout.write(USAGE + '\n'); return; }
  if (!values.data || !values.out) fail(`缺少 --data 或 --out\n${USAGE}`);
  // --encoding ENC (every file) and --encoding FILE=ENC (one file), repeatable.
  const encodingChoice = encodingOptions(values.encoding ?? []);
  if (typeof encodingChoice === 'string') fail(encodingChoice);
  const { encoding, encodings } = encodingChoice;
  const asOf = values['as-of'] === undefined ? undefined : asOfOption(values['as-of']);
  if (asOf !== undefined && 'problem' in asOf) fail(asOf.problem);
  // Before anything is read or written: the output folder must be ours to replace. (The history
  // store against the data and --out: runRoot, before it reads anything.)
  const refused = outFolderProblem(values.out, [values.data], PIPELINE_OUT);
  if (refused) fail(refused);

  const started = performance.now();
  let outputs;
  try {
    // For tests: XUESHI_PARALLEL_MIN_BYTES, the smallest views.csv read on two threads (0 =
    // always); XUESHI_PARALLEL_CHUNK_BYTES, the chunk size; XUESHI_PARALLEL_HOLD=1, both threads surely read;
    // XUESHI_COPY_PASTE_THREAD_MIN, the fewest comments copy-paste takes a thread for (Infinity: never — bench/analysis-cost.ts).
    const env = (name: string) => { const v = process.env[name]; return v === undefined || v === '' ? undefined : Number(v); };
    outputs = await runPipeline(values.data, values.out, {
      asOf: asOf?.day, encoding, encodings, onProgress: progressBar(),
      parallelMinBytes: env('XUESHI_PARALLEL_MIN_BYTES'), parallelChunkBytes: env('XUESHI_PARALLEL_CHUNK_BYTES'),
      parallelHold: process.env.XUESHI_PARALLEL_HOLD === '1',
      copyPasteThreadMin: env('XUESHI_COPY_PASTE_THREAD_MIN'),
      onNote: (m) => process.stderr.write(printable(m) + '\n'),
      history: values.history,
      onDrop: (d) => process.stderr.write(printable(`${d.action} 期 ${d.periodId} 数据截至 ${d.asOf}（第 ${d.ordinal} 期通报）${d.folder === null ? '' : ` ← ${d.folder}`}${d.note ? `：${d.note}` : ''}`) + '\n'),
    });
  } catch (e) {
    if (e instanceof FatalInputError) fail(e.message);
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOSPC') fail(`写入输出目录 ${values.out} 失败：磁盘空间不足；原有输出未被改动`);
    if (err.code) fail(`写入输出目录 ${values.out} 失败（${err.code}）：${err.message}；原有输出未被改动`);
    throw e;
  }
  const quality = outputs['quality.json'];
  for (const name of QUALITY_FILE_ORDER) {
    const f = quality.files[name];
    const enc = f.present ? f.encoding : '无此文件';
    process.stderr.write(`${name.padEnd(16)} 行 ${String(f.rows).padStart(8)}  接受 ${String(f.accepted).padStart(8)}  拒绝 ${String(f.rejected).padStart(5)}  重复 ${String(f.duplicates).padStart(5)}  时间外 ${String(f.ignored).padStart(6)}  ${enc}\n`);
  }
  const people = outputs['people.json'].people.length;
  process.stderr.write(`完成：${people} 人，数据截至 ${quality.asOf}，用时 ${((performance.now() - started) / 1000).toFixed(2)} 秒 → ${values.out}\n`);
  const strictFailed = values.strict && quality.rejected.length > 0;
  if (strictFailed) {
    const first = quality.rejected.slice(0, 10).map((r) => `  ${r.file} 第 ${r.row} 行：${printable(r.reason)}`).join('\n');
    process.stderr.write(`错误：--strict：有 ${quality.rejected.length} 行被拒绝，前 ${Math.min(10, quality.rejected.length)} 行：\n${first}\n`);
  }
  // Blocking problems last, so they are what the administrator reads at the end.
  if (quality.blocking.length > 0) {
    process.stderr.write(printable(blockingReport(quality.blocking)));
    process.exit(3);
  }
  if (strictFailed) process.exit(2);
}

await main();
// Done: leave at once rather than let Node tear down a heap of hundreds of MB piece by piece
// (≈ 0.1 s at 20,000 people). stderr is synchronous on Linux, so nothing written is lost.
process.exit(0);
