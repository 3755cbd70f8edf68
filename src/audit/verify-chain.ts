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

export function verifyChain(entries: Iterable<StoredUsageEntry>, key: Buffer | null): VerifyReport {
  let previous: StoredUsageEntry | null = null;
  let count = 0;
  let sealedSince: number | null = null;
  let unsealedPrefix = 0;
  const broken = (entry: StoredUsageEntry, reason: string): VerifyReport => ({
    ok: false,
    brokenAt: entry.id,
    reason: `entry #${entry.id}: ${reason}`,
    entries: count,
  });
  for (const entry of entries) {
    const expectedId = previous === null ? 1 : previous.id + 1;
    if (entry.id !== expectedId) {
      return broken(
        entry,
        previous === null
          ? 'the log does not start at entry #1 (earlier entries were removed)'
          : `follows entry #${previous.id}: entries between them were removed`,
      );
    }
    const expectedPrev = previous === null ? GENESIS_HASH : previous.hash;
    if (entry.prevHash !== expectedPrev) {
      return broken(entry, 'is not chained to the entry before it (one was removed or replaced)');
    }
    if (chainHash(entry.prevHash, entry) !== entry.hash) {
      return broken(entry, 'its content does not match its hash (changed after it was written)');
    }
    if (key !== null) {
      if (entry.mac === null) {
        if (sealedSince !== null) {
          return broken(entry, 'has no seal although entries before it are sealed');
        }
        unsealedPrefix++;
      } else {
        if (!macMatches(key, entry.hash, entry.mac)) {
          return broken(
            entry,
            'its seal does not match (rewritten without the installation key, or another key)',
          );
        }
        sealedSince ??= entry.id;
      }
    }
    previous = entry;
    count++;
  }
  if (key !== null && previous !== null && previous.mac === null) {
    return broken(
      previous,
      'the newest entry has no seal (the log was re-chained without the key)',
    );
  }
  return {
    ok: true,
    entries: count,
    head: previous === null ? null : { id: previous.id, hash: previous.hash },
    sealsChecked: key !== null,
    unsealedPrefix: key === null ? 0 : unsealedPrefix,
  };
}
