// Preloaded (node --import) into a measured child when GNU time is missing: on exit, writes the
// process's own peak RSS (KiB) and CPU times (µs) to $BENCH_USAGE_FILE for bench/measure.ts.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.BENCH_USAGE_FILE;
  if (!file) return;
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  writeFileSync(file, JSON.stringify({ maxRSS, userCPUTime, systemCPUTime }));
});
