/**
 * Runs a TypeScript entry point of the repository (the generator, the site build) as the user
 * would, in a child node with tsx, from the repository root; throws with its output on failure.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

export function runTsx(args: string[], what: string, timeout: number): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, timeout,
  });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}
