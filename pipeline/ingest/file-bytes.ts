/**
 * Reading part of a file into memory the caller chose (a shared buffer, a reused one): the
 * loop over short reads that views.csv's prefetch and workbooks' reordering both need.
 */
import { type FileHandle, open } from 'node:fs/promises';

/**
 * Fills `into` with the file's bytes from `position` on; fewer at the file's end (or if it
 * shrank): returns the part of `into` that was filled.
 */
export async function readInto<T extends Uint8Array>(file: FileHandle, into: T, position: number): Promise<T> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await file.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return (done === into.length ? into : into.subarray(0, done)) as T;
}

/** The first bytes of the file at `path`, up to `into`'s length, read into `into` (see readInto). */
export async function readFileStart<T extends Uint8Array>(path: string, into: T): Promise<T> {
  const file = await open(path, 'r');
  try {
    return await readInto(file, into, 0);
  } finally {
    await file.close();
  }
}
