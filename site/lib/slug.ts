/**
 * Safe URL slugs for unit and branch ids. An id is data (`../x`, `单位/1`, `B%3`, `..`): it must
 * never become a path segment as is. A slug is lower-case ASCII letters, digits, `-` and `_`;
 * when the id is not already exactly such a slug, a short hash of the exact id is appended, so
 * two ids that read alike (`u/1`, `u?1`, `U-1`) still get different, stable slugs. Lower case
 * only, so a case-insensitive file system (Windows, macOS) cannot merge two pages either.
 */
import { createHash } from 'node:crypto';

const MAX_READABLE = 40;
/** A slug that needs no hash: what the readable part may be on its own. */
const PLAIN = /^[a-z0-9][a-z0-9_]*(?:-[a-z0-9_]+)*$/;
/** What a hashed slug ends with; a plain id that looks like one is hashed too, so it cannot impersonate. */
const HASH_TAIL = /-[0-9a-f]{8,}$/;
/** Device names Windows will not create as files or folders. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/** The first `length` hex digits of the SHA-256 of the id's UTF-8 bytes. */
export function idHash(id: string, length = 8): string {
  return createHash('sha256').update(id, 'utf8').digest('hex').slice(0, length);
}

/** The readable part: ASCII letters and digits of the id, lower-cased, other runs become one `-`. */
export function readablePart(id: string): string {
  return id
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, MAX_READABLE)
    .replace(/[-_]+$/, '');
}

/** The slug of one id: the id itself when it is already a plain slug, else readable part + hash. */
export function slugOf(id: string, hashLength = 8): string {
  const readable = readablePart(id);
  const plain = readable === id && PLAIN.test(id) && !HASH_TAIL.test(id) && !RESERVED.test(id);
  if (plain) return id;
  const hash = idHash(id, hashLength);
  return readable && !RESERVED.test(readable) ? `${readable}-${hash}` : hash;
}

/**
 * Slugs for a set of ids (one kind: units, or branches). Distinct ids always get distinct
 * slugs: in the (astronomically unlikely) case of a hash collision the colliding ids fall back
 * to a 32-digit hash. Throws only if even that collides.
 */
export function assignSlugs(ids: Iterable<string>): Map<string, string> {
  const bySlug = new Map<string, string[]>();
  for (const id of new Set(ids)) {
    const s = slugOf(id);
    const list = bySlug.get(s);
    if (list) list.push(id);
    else bySlug.set(s, [id]);
  }
  const slugs = new Map<string, string>();
  const taken = new Set(bySlug.keys());
  for (const [s, list] of bySlug) {
    if (list.length === 1) { slugs.set(list[0], s); continue; }
    taken.delete(s);
    for (const id of list) {
      const long = slugOf(id, 32);
      if (taken.has(long)) throw new Error(`无法为编号“${id}”生成唯一的网址（${long}）`);
      taken.add(long);
      slugs.set(id, long);
    }
  }
  return slugs;
}
