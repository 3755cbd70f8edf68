// How a Facebook or Instagram collection begins and ends: one call is leased from the
// credential's budget up front, and a GraphStop keeps what was read with a warning, or makes the
// source wait with the reason when nothing was read yet.
import type { CollectedMention, Source } from '../../model.js';
import { MissingCredentialError, QuotaPause } from '../collect-errors.js';
import type { CollectContext, CollectResult } from '../connector.js';
import type { CredentialLease } from '../credentials.js';
import { GraphStop } from './connector-graph.js';

/** What a collection has read so far. */
export interface GraphRead {
  mentions: CollectedMention[];
  warnings: string[];
}

/** The credential's lease, one call taken; `missing` says how to add one when there is none. */
export function leaseGraphCalls(context: CollectContext, missing: string): CredentialLease {
  if (!context.credentials) throw new MissingCredentialError(missing);
  return context.credentials.acquire({ bucket: 'calls', units: 1 });
}

/**
 * Settles an error collection ended with: a GraphStop keeps what was read, with a warning, or
 * pauses the source when nothing was read yet (the source waits with the reason); any other
 * error is thrown on.
 */
export function keepReadOnStop(error: unknown, read: GraphRead): void {
  if (!(error instanceof GraphStop)) throw error;
  if (read.mentions.length === 0) throw new QuotaPause(error.message, error.until);
  read.warnings.push(`stopped early: ${error.message}`);
}

/** The collection's result: what was read and the cursor to resume from. */
export function graphResult(
  source: Source,
  read: GraphRead,
  title: string | null,
  cursor: unknown,
): CollectResult {
  return {
    title,
    notModified: false,
    validators: source.validators,
    mentions: read.mentions,
    warnings: read.warnings,
    cursor: JSON.stringify(cursor),
  };
}
