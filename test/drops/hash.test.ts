/**
 * The drop's content hash made beside the computation (a low-priority thread) is the content
 * hash: the store's reuse decisions compare the two, so they must agree byte for byte.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentHash, contentHashBeside } from '../../pipeline/drops/hash.ts';

const scratch = mkdtempSync(join(tmpdir(), 'xueshi-hash-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

describe('contentHashBeside', () => {
  it('equals contentHash on the embedded sample (files over one read of 1 MB, names in code-unit order)', async () => {
    const sample = join(import.meta.dirname, '../../data/sample');
    expect(await contentHashBeside(sample)).toBe(await contentHash(sample));
  });

  it('leaves out hidden files and subfolders, as contentHash does, and tells folders apart by content', async () => {
    const a = folder('a', { 'units.csv': '单位编号,单位名称\r\n', 'Z.csv': 'z', '.hidden': 'x' });
    mkdirSync(join(a, 'sub'));
    writeFileSync(join(a, 'sub', 'views.csv'), 'ignored');
    const b = folder('b', { 'units.csv': '单位编号,单位名称\r\n', 'Z.csv': 'z' });
    const c = folder('c', { 'units.csv': '单位编号,单位名称\r\n', 'Z.csv': 'y' });
    expect(await contentHashBeside(a)).toBe(await contentHash(a));
    expect(await contentHashBeside(a)).toBe(await contentHashBeside(b));
    expect(await contentHashBeside(c)).not.toBe(await contentHashBeside(b));
    // The length header: moving a byte from one file's end to the next file's start changes the hash.
    const d = folder('d', { '1.csv': 'ab', '2.csv': 'c' });
    const e = folder('e', { '1.csv': 'a', '2.csv': 'bc' });
    expect(await contentHashBeside(d)).not.toBe(await contentHashBeside(e));
    expect(await contentHashBeside(e)).toBe(await contentHash(e));
  });

  it('fails on a folder that is not there, and a failure nobody awaits is not an unhandled rejection', async () => {
    await expect(contentHashBeside(join(scratch, 'missing'))).rejects.toThrow();
    contentHashBeside(join(scratch, 'missing-too'));
    await new Promise((r) => setTimeout(r, 200));
  });
});
