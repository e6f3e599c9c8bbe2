/**
 * drop.json beside each archived drop (`--out DIR/drops/<period>/<asOf>/`): what its 通报 needs
 * to compare with the drop before it, computed once here so an archived 通报 is rendered from
 * its own drop and its predecessor only.
 */
import type { DropDigest } from '../contract/outputs.ts';
import { SCHEMA_VERSION } from '../contract/outputs.ts';
import { qualifiedSince, type DropRef } from './series.ts';

/**
 * The digest of one drop; `qualified` are its 合格/优秀 personIds, `previous` the previous drop
 * of its period with that drop's qualified personIds (null for a period's first drop).
 */
export function digestOf(
  drop: DropRef & { readonly ordinal: number }, qualified: readonly string[],
  previous: (DropRef & { readonly qualified: readonly string[] }) | null,
): DropDigest {
  return {
    schemaVersion: SCHEMA_VERSION,
    periodId: drop.periodId,
    asOf: drop.asOf,
    ordinal: drop.ordinal,
    previous: previous && { periodId: previous.periodId, asOf: previous.asOf },
    newlyQualified: previous && qualifiedSince(qualified, previous.qualified).length,
    noLongerQualified: previous && qualifiedSince(previous.qualified, qualified).length,
  };
}
