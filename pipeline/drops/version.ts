/**
 * The pipeline version a history-store entry is computed with. It changes when outputs could
 * change, not on every source edit (a refactor that keeps the golden outputs byte-identical
 * must not throw the store away):
 *   - RULES_VERSION: bump it with any change to rules/, stats/ or ingest/ that can change a number
 *     or a message of §3's files (the golden test's diff is the reminder);
 *   - SCHEMA_VERSION: the output contract (a new field changes every file);
 *   - the package version: a release may change anything.
 * An entry of another version is never taken for a drop whose folder is present (recomputed).
 */
import pkg from '../../package.json' with { type: 'json' };
import { SCHEMA_VERSION } from '../contract/outputs.ts';

export const RULES_VERSION = 1;

export const PIPELINE_VERSION = `${pkg.version}+rules.${RULES_VERSION}+schema.${SCHEMA_VERSION}`;
