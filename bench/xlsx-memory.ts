/**
 * Peak memory of reading a big views.xlsx (pipeline/ingest/xlsx.ts): writes a workbook of N view
 * rows the way Excel holds an export (ids as shared-string text, times as typed date cells with a
 * date-time format), then converts it to CSV bytes in a fresh child process and reports that
 * process's peak RSS and time, beside a child that only loads the module (the baseline).
 *
 *   npx tsx bench/xlsx-memory.ts [rows=100000]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

const rows = Number(process.argv[2] ?? 100_000);
const dir = join('bench', '.cache', 'xlsx');
const path = join(dir, `views-${rows}.xlsx`);

async function writeWorkbook(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const ws = writer.addWorksheet('观看记录');
  ws.addRow(['人员编号', '课件编号', '开始时间', '结束时间']).commit();
  const start = Date.UTC(2020, 0, 13, 8, 0, 0); // Beijing wall clock, as exceljs wants it
  for (let i = 0; i < rows; i++) {
    const person = `P${String(1 + (i % 5000)).padStart(6, '0')}`;
    const course = `C${String(1 + (i % 8)).padStart(2, '0')}`;
    const from = start + (i % 40) * 86_400_000 + (i % 600) * 60_000 + (i % 59) * 1000;
    const r = ws.addRow([person, course, new Date(from), new Date(from + 27 * 60_000)]);
    r.getCell(3).numFmt = 'yyyy-mm-dd hh:mm:ss';
    r.getCell(4).numFmt = 'yyyy-mm-dd hh:mm:ss';
    r.commit();
  }
  await writer.commit();
}

interface Measured { maxRssMb: number; seconds: number; cpuSeconds: number; csvBytes: number }

function child(convert: boolean): Measured {
  const script = `
    const t0 = performance.now();
    const { workbookToCsvBytes } = await import('./pipeline/ingest/xlsx.ts');
    const bytes = ${convert ? `await workbookToCsvBytes(${JSON.stringify(path)})` : 'new Uint8Array(0)'};
    const seconds = (performance.now() - t0) / 1000;
    const u = process.resourceUsage();
    console.log(JSON.stringify({ maxRssMb: u.maxRSS / 1024, seconds, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, csvBytes: bytes.length }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() as string) as Measured;
}

if (!existsSync(path)) await writeWorkbook();
const baseline = child(false);
const run = child(true);
const mb = (n: number) => `${Math.round(n)} MB`;
console.log(`rows ${rows.toLocaleString('en')}; workbook ${(statSync(path).size / 1e6).toFixed(1)} MB; CSV ${(run.csvBytes / 1e6).toFixed(1)} MB`);
console.log(`peak RSS ${mb(run.maxRssMb)} (module loaded, nothing read: ${mb(baseline.maxRssMb)}); wall ${run.seconds.toFixed(2)} s, CPU ${run.cpuSeconds.toFixed(2)} s (whole child; module loading alone ${baseline.cpuSeconds.toFixed(2)} s)`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}`);
