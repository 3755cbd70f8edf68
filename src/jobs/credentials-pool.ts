// The credentials of one platform as a pool: each collection borrows the credential with the
// most quota left, quota is accounted per credential (YouTube units per Pacific day, rolling
// request windows, the platform's own rate-limit headers), and what a collection learned (units
// spent, a refused key, a spent quota) is written back to the store when it ends.
import {
  CredentialNeedsReplacingError,
  MissingCredentialError,
  QuotaPause,
} from '../connectors/collect-errors.js';
import type {
  CredentialLease,
  CredentialProvider,
  CredentialSpec,
  RateLimitObservation,
} from '../connectors/credentials.js';
import { windowEnd } from '../connectors/quota-window.js';
import type { CredentialHealth, CredentialStatus } from '../model.js';
import type { CollectionStateStore, StoredCredential } from '../store/collection-state-store.js';
import type { CredentialVault } from './credentials-vault.js';

/** What the store keeps in a credential's `quota` column. */
export interface QuotaState {
  buckets: Record<string, { used: number; resetAt: string }>;
  rate: { remaining: number; limit: number | null; resetAt: string } | null;
  /** The platform said the quota is spent: no use before this time. */
  exhaustedUntil: string | null;
  /** Distinct buckets: each key used and when it was first used in its window. */
  keys?: Record<string, Record<string, string>>;
}

/** A pause shorter than this is not worth skipping a credential for. */
const OTHER_CREDENTIAL_RETRY_MS = 60_000;

export function readQuotaState(raw: Record<string, unknown>): QuotaState {
  const state = raw as Partial<QuotaState>;
  return {
    buckets: state.buckets ?? {},
    rate: state.rate ?? null,
    exhaustedUntil: state.exhaustedUntil ?? null,
    ...(state.keys ? { keys: state.keys } : {}),
  };
}

interface PoolMember {
  stored: StoredCredential;
  state: QuotaState;
  status: CredentialStatus;
  lastError: string | null;
  touched: boolean;
}

export interface CredentialSession extends CredentialProvider {
  /** Health of the credential lent last, for the source's health; null when none was lent. */
  health(): CredentialHealth | null;
  /** Writes what this collection learned about each credential it used. */
  persist(): Promise<void>;
}

export class CredentialPool {
  /**
   * Accounting of the credentials this process uses, shared by its concurrent collections so
   * that units two collections spend at once both count; the store is read for additions,
   * removals and what another process wrote before this one used a credential.
   */
  private readonly live = new Map<number, PoolMember>();

  constructor(
    private readonly store: CollectionStateStore,
    private readonly vault: CredentialVault,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A provider for one collection, over the platform's credentials as stored now. */
  async session(platform: string, spec: CredentialSpec): Promise<CredentialSession> {
    const members: PoolMember[] = (await this.store.listCredentials(platform)).map((stored) => {
      const known = this.live.get(stored.id);
      if (known && known.stored.sealed === stored.sealed) return known;
      const member: PoolMember = {
        stored,
        state: readQuotaState(stored.quota),
        status: stored.status,
        lastError: stored.lastError,
        touched: false,
      };
      this.live.set(stored.id, member);
      return member;
    });
    let lent: PoolMember | null = null;
    const now = this.now;
    const store = this.store;
    const vault = this.vault;

    const renew = (member: PoolMember) => {
      const at = now();
      for (const [name, bucket] of Object.entries(member.state.buckets)) {
        if (Date.parse(bucket.resetAt) <= at.getTime()) delete member.state.buckets[name];
      }
      for (const [name, keys] of Object.entries(member.state.keys ?? {})) {
        const quota = spec.quotas?.[name];
        for (const [key, first] of Object.entries(keys)) {
          if (!quota || windowEnd(quota, new Date(first)).getTime() <= at.getTime())
            delete keys[key];
        }
      }
      if (member.state.rate && Date.parse(member.state.rate.resetAt) <= at.getTime()) {
        member.state.rate = null;
      }
      if (member.state.exhaustedUntil && Date.parse(member.state.exhaustedUntil) <= at.getTime()) {
        member.state.exhaustedUntil = null;
        // Recovered: the reason it waited is history, not its state.
        if (member.status === 'exhausted') {
          member.status = 'ok';
          member.lastError = null;
          member.touched = true;
        }
      }
    };
    /** The bucket's limit for this credential: its own field (an X read budget) or the spec's. */
    const limitOf = (member: PoolMember, bucket: string): number => {
      const quota = spec.quotas?.[bucket];
      if (!quota) return Number.POSITIVE_INFINITY;
      const own = quota.limitField ? member.stored.publicFields[quota.limitField] : undefined;
      const value = own === undefined || own.trim() === '' ? Number.NaN : Number(own);
      return Number.isFinite(value) && value >= 0 ? value : quota.limit;
    };
    const used = (member: PoolMember, bucket: string): number =>
      spec.quotas?.[bucket]?.distinct
        ? Object.keys(member.state.keys?.[bucket] ?? {}).length
        : (member.state.buckets[bucket]?.used ?? 0);
    const left = (member: PoolMember, bucket: string): number =>
      limitOf(member, bucket) - used(member, bucket);
    /** When a bucket next has room: its window's end, or a distinct bucket's oldest key's. */
    const resetOf = (member: PoolMember, bucket: string): string => {
      const quota = spec.quotas?.[bucket];
      const firsts = Object.values(member.state.keys?.[bucket] ?? {}).sort();
      if (quota?.distinct && firsts[0]) return windowEnd(quota, new Date(firsts[0])).toISOString();
      return member.state.buckets[bucket]?.resetAt ?? now().toISOString();
    };
    /** When the member may be used again for `needs`, or null when it may be now. */
    const blockedUntil = (member: PoolMember, needs?: { bucket: string; units: number }) => {
      renew(member);
      if (member.state.exhaustedUntil) return Date.parse(member.state.exhaustedUntil);
      if (member.state.rate && member.state.rate.remaining <= 0) {
        return Date.parse(member.state.rate.resetAt);
      }
      if (needs && left(member, needs.bucket) < needs.units) {
        return Date.parse(resetOf(member, needs.bucket));
      }
      return null;
    };
    const describe = (member: PoolMember) =>
      `${platform} credential #${member.stored.id} "${member.stored.label}"`;
    const openSecrets = (member: PoolMember) => {
      const fields = vault.open(platform, member.stored.sealed);
      return { ...fields, ...member.stored.publicFields };
    };

    const lease = (member: PoolMember, secrets: Record<string, string>): CredentialLease => ({
      id: member.stored.id,
      label: member.stored.label,
      secrets,
      async replaceSecrets(fields) {
        // Sealed and written before the caller may use a renewed token: a token the platform
        // rotated (Zalo's refresh token is single-use) must never live only in memory.
        const sealed = vault.seal(platform, {
          ...vault.open(platform, member.stored.sealed),
          ...fields,
        });
        await store.updateCredential(member.stored.id, { sealed });
        member.stored = { ...member.stored, sealed };
        Object.assign(secrets, fields);
      },
      spend(bucketName, units) {
        const quota = spec.quotas?.[bucketName];
        if (!quota) return;
        renew(member);
        if (left(member, bucketName) < units) {
          const resetAt = member.state.buckets[bucketName]?.resetAt ?? now().toISOString();
          const others = members.some(
            (m) =>
              m !== member &&
              m.status !== 'invalid' &&
              blockedUntil(m, { bucket: bucketName, units }) === null,
          );
          throw new QuotaPause(
            `${describe(member)} has ${Math.max(0, left(member, bucketName))} of ${limitOf(member, bucketName)} ${bucketName} left; renews at ${resetAt}`,
            others ? new Date(now().getTime() + OTHER_CREDENTIAL_RETRY_MS) : new Date(resetAt),
          );
        }
        const bucket = member.state.buckets[bucketName] ?? {
          used: 0,
          resetAt: windowEnd(quota, now()).toISOString(),
        };
        bucket.used += units;
        member.state.buckets[bucketName] = bucket;
        member.touched = true;
      },
      spendOnce(bucketName, key) {
        const quota = spec.quotas?.[bucketName];
        if (!quota?.distinct) return;
        renew(member);
        const keys = member.state.keys?.[bucketName] ?? {};
        if (key in keys) return;
        if (left(member, bucketName) < 1) {
          const resetAt = resetOf(member, bucketName);
          throw new QuotaPause(
            `${describe(member)} has used ${used(member, bucketName)} of ${limitOf(member, bucketName)} ${bucketName} in its window; "${key}" would be one more; the oldest leaves the window at ${resetAt}`,
            new Date(resetAt),
          );
        }
        keys[key] = now().toISOString();
        member.state.keys = { ...member.state.keys, [bucketName]: keys };
        member.touched = true;
      },
      left(bucketName) {
        renew(member);
        return Math.max(0, left(member, bucketName));
      },
      observeRateLimit(observation: RateLimitObservation) {
        member.state.rate = {
          remaining: observation.remaining,
          limit: observation.limit,
          resetAt: observation.resetAt.toISOString(),
        };
        member.touched = true;
      },
      exhausted(reason, until) {
        member.state.exhaustedUntil = until.toISOString();
        member.status = 'exhausted';
        member.lastError = reason;
        member.touched = true;
      },
      invalid(reason) {
        member.status = 'invalid';
        member.lastError = reason;
        member.touched = true;
      },
    });

    return {
      acquire(needs) {
        const usable = members.filter((m) => m.status !== 'invalid');
        if (members.length === 0) {
          throw new MissingCredentialError(
            `no ${platform} credential: add one with \`nghe credentials add ${platform}\` (${spec.help})`,
          );
        }
        if (usable.length === 0) {
          const last = members[members.length - 1]!;
          // Its sources wait paused for a user, rather than failing again every backoff.
          throw new CredentialNeedsReplacingError(
            `every ${platform} credential was refused (${describe(last)}: ${last.lastError ?? 'invalid'}); replace it with \`nghe credentials add ${platform}\``,
          );
        }
        const ready = usable.filter((m) => blockedUntil(m, needs) === null);
        if (ready.length === 0) {
          const until = Math.min(...usable.map((m) => blockedUntil(m, needs) ?? now().getTime()));
          throw new QuotaPause(
            `every ${platform} credential has spent its quota${needs ? ` of ${needs.bucket}` : ''}; collection resumes at ${new Date(until).toISOString()}`,
            new Date(until),
          );
        }
        // Spread work: the credential with the most left of what is needed, then the least used.
        const score = (m: PoolMember) =>
          needs ? left(m, needs.bucket) : (m.state.rate?.remaining ?? Number.POSITIVE_INFINITY);
        ready.sort((a, b) => score(b) - score(a) || a.stored.id - b.stored.id);
        const chosen = ready[0]!;
        lent = chosen;
        chosen.touched = true;
        return lease(chosen, openSecrets(chosen));
      },
      health() {
        if (!lent) return null;
        const member: PoolMember = lent;
        const primary = Object.keys(spec.quotas ?? {})[0];
        const quota = primary ? spec.quotas?.[primary] : undefined;
        const rate = member.state.rate;
        const remaining = rate
          ? rate.remaining
          : quota && primary
            ? Math.max(0, left(member, primary))
            : null;
        return {
          id: member.stored.id,
          label: member.stored.label,
          status: member.status,
          remaining,
          limit: rate ? rate.limit : primary ? limitOf(member, primary) : null,
          resetAt:
            member.state.exhaustedUntil ??
            rate?.resetAt ??
            (primary ? (member.state.buckets[primary]?.resetAt ?? null) : null),
          lastError: member.lastError,
        };
      },
      async persist() {
        for (const member of members) {
          if (!member.touched) continue;
          await store.updateCredential(member.stored.id, {
            status: member.status,
            quota: member.state as unknown as Record<string, unknown>,
            lastError: member.lastError,
          });
          member.touched = false;
        }
      },
    };
  }
}
