// Test fixtures for connector tests: a source that has never been fetched.
import type { SourceHealth } from '../../model.js';

/** The health of a source no fetch has touched yet. */
export function emptySourceHealth(): SourceHealth {
  return {
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastErrorAt: null,
    lastError: null,
    consecutiveFailures: 0,
    lastItemCount: 0,
    lastNewCount: 0,
    lastWarnings: [],
  };
}
