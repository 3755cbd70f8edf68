// Checks a usage log, oldest entry first: ids consecutive, each entry chained to the one
// before, each hash matching its content and, given the key, each seal matching its hash.
import { chainHash, GENESIS_HASH, macMatches, type UsageContent } from './usage-chain.js';

export interface StoredUsageEntry extends UsageContent {
  prevHash: string;
  hash: string;
  /** HMAC of `hash` under the usage log key; null for entries written without the key. */
  mac: string | null;
}

export type VerifyReport =
  | {
      ok: true;
      entries: number;
      /** The last entry: note it elsewhere to detect a later cut of the newest entries. */
      head: { id: number; hash: string } | null;
      /** Whether seals were checked (the key was given). */
      sealsChecked: boolean;
      /** Entries before the first sealed one (written before seals existed), covered by it. */
      unsealedPrefix: number;
    }
  | { ok: false; brokenAt: number; reason: string; entries: number };

/** Checks entries one at a time, oldest first, so a log of any size is read as a stream. */
class ChainCheck {
  private previous: StoredUsageEntry | null = null;
  private count = 0;
  private sealedSince: number | null = null;
  private unsealedPrefix = 0;

  constructor(private readonly key: Buffer | null) {}

  private broken(entry: StoredUsageEntry, reason: string): VerifyReport {
    return {
      ok: false,
      brokenAt: entry.id,
      reason: `entry #${entry.id}: ${reason}`,
      entries: this.count,
    };
  }

  /** A failed report at the first broken entry, or null to go on. */
  next(entry: StoredUsageEntry): VerifyReport | null {
    const { previous, key } = this;
    const expectedId = previous === null ? 1 : previous.id + 1;
    if (entry.id !== expectedId) {
      return this.broken(
        entry,
        previous === null
          ? 'the log does not start at entry #1 (earlier entries were removed)'
          : `follows entry #${previous.id}: entries between them were removed`,
      );
    }
    const expectedPrev = previous === null ? GENESIS_HASH : previous.hash;
    if (entry.prevHash !== expectedPrev) {
      return this.broken(
        entry,
        'is not chained to the entry before it (one was removed or replaced)',
      );
    }
    if (chainHash(entry.prevHash, entry) !== entry.hash) {
      return this.broken(
        entry,
        'its content does not match its hash (changed after it was written)',
      );
    }
    if (key !== null) {
      if (entry.mac === null) {
        if (this.sealedSince !== null) {
          return this.broken(entry, 'has no seal although entries before it are sealed');
        }
        this.unsealedPrefix++;
      } else {
        if (!macMatches(key, entry.hash, entry.mac)) {
          return this.broken(
            entry,
            'its seal does not match (rewritten without the installation key, or another key)',
          );
        }
        this.sealedSince ??= entry.id;
      }
    }
    this.previous = entry;
    this.count++;
    return null;
  }

  end(): VerifyReport {
    const { previous, key } = this;
    if (key !== null && previous !== null && previous.mac === null) {
      return this.broken(
        previous,
        'the newest entry has no seal (the log was re-chained without the key)',
      );
    }
    return {
      ok: true,
      entries: this.count,
      head: previous === null ? null : { id: previous.id, hash: previous.hash },
      sealsChecked: key !== null,
      unsealedPrefix: key === null ? 0 : this.unsealedPrefix,
    };
  }
}

export function verifyChain(entries: Iterable<StoredUsageEntry>, key: Buffer | null): VerifyReport {
  const check = new ChainCheck(key);
  for (const entry of entries) {
    const failed = check.next(entry);
    if (failed) return failed;
  }
  return check.end();
}

/** The same check over entries read asynchronously (the PostgreSQL log, page by page). */
export async function verifyChainOf(
  entries: AsyncIterable<StoredUsageEntry>,
  key: Buffer | null,
): Promise<VerifyReport> {
  const check = new ChainCheck(key);
  for await (const entry of entries) {
    const failed = check.next(entry);
    if (failed) return failed;
  }
  return check.end();
}
