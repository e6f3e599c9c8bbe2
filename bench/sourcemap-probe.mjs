// Preloaded (node --import) into the profiled pipeline, and so into its worker threads too: tsx
// compiles each module to one line with an inline source map, so on exit each thread writes the
// maps of the modules it loaded from $BENCH_SOURCEMAP_DIR to $BENCH_SOURCEMAP_FILE.<threadId>,
// for bench/profile.ts to turn profile columns back into source lines.
import { readdirSync, writeFileSync } from 'node:fs';
import { findSourceMap } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';

process.on('exit', () => {
  const dir = process.env.BENCH_SOURCEMAP_DIR, file = process.env.BENCH_SOURCEMAP_FILE;
  if (!dir || !file) return;
  const maps = {};
  for (const name of readdirSync(dir, { recursive: true })) {
    const url = pathToFileURL(join(dir, String(name))).href;
    const map = findSourceMap(url);
    if (map) maps[url] = map.payload;
  }
  writeFileSync(`${file}.${threadId}`, JSON.stringify(maps));
});
