/**
 * The pipeline version a history-store entry is computed with: an entry of another version is
 * never taken for a drop whose folder is present (it is recomputed). It must change whenever
 * outputs can change, and nobody has to remember to change it:
 *   - CODE_HASH: the sha256 of the pipeline's sources and package-lock.json (bundle.mjs
 *     `sourceHash`) — any edit of the code, the schemas or a dependency gives another version.
 *     The bundle `npm run pipeline` runs carries it from bundling time; run from the sources
 *     (tsx, the tests) it is computed here, from the same files, so both agree;
 *   - SCHEMA_VERSION: the output contract, also written into every file;
 *   - the package version: a release may change anything.
 * A refactor that keeps the outputs byte-identical also recomputes every stored drop once: a
 * few seconds per drop in CI, the price of a store that can never serve a stale result.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json' with { type: 'json' };
import { sourceHash } from '../bundle.mjs';
import { SCHEMA_VERSION } from '../contract/outputs.ts';

/** Set by esbuild in the bundle (bundle.mjs); absent when the sources run through tsx. */
declare const __XUESHI_CODE_HASH__: string | undefined;

/** Hand-kept: no longer needed for the store's key (CODE_HASH changes with any edit), kept while others still bump it. */
export const RULES_VERSION = 3;

export const CODE_HASH: string = typeof __XUESHI_CODE_HASH__ === 'string'
  ? __XUESHI_CODE_HASH__
  : sourceHash(resolve(dirname(fileURLToPath(import.meta.url)), '..'));

export const PIPELINE_VERSION = `${pkg.version}+rules.${RULES_VERSION}+schema.${SCHEMA_VERSION}+code.${CODE_HASH.slice(0, 16)}`;
