// A credential provider for connector tests: one credential whose lease records what the
// connector reported (units spent, rate-limit windows, refusal), so tests can assert on it.
import { MissingCredentialError } from '../collect-errors.js';
import type { CredentialLease, CredentialProvider, RateLimitObservation } from '../credentials.js';

export interface RecordingLease extends CredentialLease {
  spent: Record<string, number>;
  rateLimits: RateLimitObservation[];
  invalidReason: string | null;
  exhaustedUntil: Date | null;
}

export function recordingCredentials(
  secrets: Record<string, string> | null,
): CredentialProvider & { lease: RecordingLease | null } {
  const lease: RecordingLease | null = secrets
    ? {
        id: 1,
        label: 'test',
        secrets,
        spent: {},
        rateLimits: [],
        invalidReason: null,
        exhaustedUntil: null,
        spend(bucket, units) {
          this.spent[bucket] = (this.spent[bucket] ?? 0) + units;
        },
        observeRateLimit(observation) {
          this.rateLimits.push(observation);
        },
        exhausted(_reason, until) {
          this.exhaustedUntil = until;
        },
        invalid(reason) {
          this.invalidReason = reason;
        },
      }
    : null;
  return {
    lease,
    acquire() {
      if (!lease) throw new MissingCredentialError('no credential set up');
      return lease;
    },
  };
}
