// A credential provider for connector contract tests: one credential whose secrets the test
// names, recording what the connector spends and reports, with an optional unit budget.
import { QuotaPause } from '../collect-errors.js';
import type { CredentialLease, CredentialProvider, RateLimitObservation } from '../credentials.js';

export interface FakeCredentials extends CredentialProvider {
  spent: Record<string, number>;
  rateLimits: RateLimitObservation[];
  exhausted: { reason: string; until: Date } | null;
  invalid: string | null;
}

export function fakeCredentials(
  secrets: Record<string, string>,
  budget: Record<string, number> = {},
): FakeCredentials {
  const state: FakeCredentials = {
    spent: {},
    rateLimits: [],
    exhausted: null,
    invalid: null,
    acquire() {
      const lease: CredentialLease = {
        id: 1,
        label: 'test',
        secrets,
        spend(bucket, units) {
          const used = (state.spent[bucket] ?? 0) + units;
          if (budget[bucket] !== undefined && used > budget[bucket]) {
            throw new QuotaPause(`test budget of ${bucket} spent`, new Date(Date.now() + 3600_000));
          }
          state.spent[bucket] = used;
        },
        left(bucket) {
          const limit = budget[bucket];
          return limit === undefined
            ? Number.POSITIVE_INFINITY
            : limit - (state.spent[bucket] ?? 0);
        },
        observeRateLimit(observation) {
          state.rateLimits.push(observation);
        },
        exhausted(reason, until) {
          state.exhausted = { reason, until };
        },
        invalid(reason) {
          state.invalid = reason;
        },
      };
      return lease;
    },
  };
  return state;
}
