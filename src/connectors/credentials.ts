// What connectors know of credentials: the fields a platform needs, and a provider that lends
// one credential at a time and accounts its quota. Storage and encryption live elsewhere
// (src/jobs/credentials-*); a connector sees secrets only for the length of one collection.

export interface CredentialField {
  name: string;
  /** One line for `nghe credentials add --help`. */
  description: string;
  /** Secret fields are encrypted at rest and never printed; others (an instance URL) may be. */
  secret: boolean;
  /** Absent fields take this value; a field without one is required. */
  default?: string;
}

export interface QuotaBucket {
  /** Units a key may spend per window. */
  limit: number;
  /**
   * When a window ends: a day in a time zone (YouTube: midnight Pacific), a calendar month (X's
   * monthly read budget) or a rolling period.
   */
  window:
    | { kind: 'daily'; timeZone: string }
    | { kind: 'monthly'; timeZone: string }
    | { kind: 'rolling'; seconds: number };
  /** A non-secret credential field whose number, when set, replaces `limit` for that credential. */
  limitField?: string;
  /**
   * Units are distinct keys (Instagram's hashtags), spent with `spendOnce`: a key counts once,
   * from its first use until a rolling window later; using it again in that window is free.
   */
  distinct?: boolean;
}

export interface CredentialSpec {
  fields: readonly CredentialField[];
  /** Quotas accounted per credential by name, e.g. YouTube `units` and `search`. */
  quotas?: Readonly<Record<string, QuotaBucket>>;
  /** Where a user gets one, in one line. */
  help: string;
}

/** A rate-limit window as a platform's response headers reported it. */
export interface RateLimitObservation {
  remaining: number;
  limit: number | null;
  /** When the window renews. */
  resetAt: Date;
}

/** One credential lent for one collection; what the connector reports is kept with it. */
export interface CredentialLease {
  id: number;
  label: string;
  /** The decrypted fields, by name. */
  secrets: Readonly<Record<string, string>>;
  /**
   * Accounts `units` of `bucket` before a request is made. Throws QuotaPause when the key
   * has too few left, so collection waits instead of hitting the platform's limit.
   */
  spend(bucket: string, units: number): void;
  /**
   * Accounts `key` in a distinct bucket before it is used: free when it was used within the
   * window, one unit otherwise. Throws QuotaPause when it is new and the bucket is spent.
   */
  spendOnce?(bucket: string, key: string): void;
  /** Units of `bucket` the credential may still spend in this window (Infinity when unlimited). */
  left?(bucket: string): number;
  /** The platform's own rate-limit headers; a spent window pauses the next request. */
  observeRateLimit(observation: RateLimitObservation): void;
  /** The platform reported the quota spent (a quota error body): no more use until `until`. */
  exhausted(reason: string, until: Date): void;
  /** The platform refused the credential: it is marked invalid until a user replaces it. */
  invalid(reason: string): void;
  /**
   * Replaces some secret fields (a renewed token and its expiry) and stores them sealed before
   * it resolves, so a token the platform rotated is never held only in memory; `secrets` shows
   * the new values afterwards.
   */
  replaceSecrets?(fields: Readonly<Record<string, string>>): Promise<void>;
}

export interface CredentialProvider {
  /**
   * A credential of `platform` with quota left, spreading work over the pool. Throws
   * QuotaPause when every credential is spent, MissingCredentialError when there is none.
   */
  acquire(needs?: { bucket: string; units: number }): CredentialLease;
}
