/**
 * Peak memory of reading a big views.xlsx (pipeline/ingest/xlsx.ts): writes a workbook of N view
 * rows the way Excel holds an export (ids as shared-string text, times as typed date cells with a
 * date-time format), then converts it to CSV bytes in a fresh child process and reports that
 * process's peak RSS and time, beside a child that only loads the module (the baseline).
 *
 *   npx tsx bench/xlsx-memory.ts [rows=100000]
 *   SHEETJS=/path/to/node_modules/@e965/xlsx npx tsx bench/xlsx-memory.ts   (also SheetJS, for comparison)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
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

/**
 * The candidates: this project's reader (exceljs's streaming reader, whole-character decoding),
 * and — when SHEETJS names an installed @e965/xlsx (the SheetJS fork; not a dependency: the drop-invariants round
 * asked to measure it before choosing) — SheetJS reading the whole workbook into memory and
 * writing its first sheet as CSV.
 */
type Candidate = 'exceljs' | 'sheetjs' | 'baseline';

function child(candidate: Candidate, workbook: string): Measured {
  const run = candidate === 'exceljs'
    ? `const { workbookToCsvBytes } = await import('./pipeline/ingest/xlsx.ts');
       const bytes = await workbookToCsvBytes(${JSON.stringify(workbook)});`
    : candidate === 'sheetjs'
      ? `const { createRequire } = await import('node:module');
         const XLSX = createRequire(import.meta.url)(${JSON.stringify(process.env.SHEETJS ?? '')});
         const wb = XLSX.readFile(${JSON.stringify(workbook)}, { dense: true });
         const bytes = Buffer.from(XLSX.utils.sheet_to_csv(wb.Sheets[wb.SheetNames[0]]), 'utf8');`
      : `await import('./pipeline/ingest/xlsx.ts'); const bytes = new Uint8Array(0);`;
  const script = `
    const t0 = performance.now();
    ${run}
    const seconds = (performance.now() - t0) / 1000;
    const u = process.resourceUsage();
    console.log(JSON.stringify({ maxRssMb: u.maxRSS / 1024, seconds, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, csvBytes: bytes.length }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop() as string) as Measured;
}

/** A roster as openpyxl writes it: every name a shared string, Chinese and emoji (the chunk-boundary case). */
async function writeRoster(target: string): Promise<void> {
  const { openpyxlWorkbook } = await import('../test/helpers/workbooks.ts');
  const { writeFileSync } = await import('node:fs');
  const given = ['建国', '晓明', '丽😀', '𠀋', '红旗', '巴图·孟和'];
  const table: string[][] = [['人员编号', '姓名', '支部编号', '人员类别', '职务']];
  for (let i = 1; i <= rows; i++) table.push([String(i).padStart(6, '0'), `张${given[i % given.length]}${i}`, `B${String(1 + (i % 400)).padStart(4, '0')}`, i % 4 ? '党员' : '党外干部', i % 10 ? '科员' : '科长']);
  writeFileSync(target, openpyxlWorkbook(table, '学籍注册'));
}

if (!existsSync(path)) await writeWorkbook();
const roster = join(dir, `roster-${rows}.xlsx`);
if (!existsSync(roster)) await writeRoster(roster);
const mb = (n: number) => `${Math.round(n)} MB`;
const baseline = child('baseline', path);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`Node + tsx + the reader's module loaded, nothing read: peak RSS ${mb(baseline.maxRssMb)}, CPU ${baseline.cpuSeconds.toFixed(2)} s`);
const candidates: Candidate[] = process.env.SHEETJS ? ['exceljs', 'sheetjs'] : ['exceljs'];
for (const [what, workbook] of [['views (ids, typed date-times; exceljs writer)', path], ['roster (Chinese and emoji shared strings; openpyxl layout)', roster]] as const) {
  console.log(`${what}: ${rows.toLocaleString('en')} rows, workbook ${(statSync(workbook).size / 1e6).toFixed(1)} MB`);
  for (const candidate of candidates) {
    const m = child(candidate, workbook);
    console.log(`  ${candidate}: peak RSS ${mb(m.maxRssMb)}; wall ${m.seconds.toFixed(2)} s, CPU ${m.cpuSeconds.toFixed(2)} s (whole child); CSV ${(m.csvBytes / 1e6).toFixed(1)} MB`);
  }
}
