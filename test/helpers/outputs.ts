/**
 * Reading an output folder in tests: every file at any depth (the archive of drops lives in
 * drops/<period>/<asOf>/), by "/"-separated path, in path order; and a fresh history store, for
 * tests about computing a drop (the default store would hand back an earlier run's outputs).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function readOutputTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path);
      else files[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return files;
}

export function freshHistory(): string {
  return join(mkdtempSync(join(tmpdir(), 'xueshi-history-')), 'history');
}
