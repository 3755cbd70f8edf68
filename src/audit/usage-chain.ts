// The arithmetic of the usage log's chain, independent of where entries are stored. Each entry
// carries the SHA-256 of its predecessor's hash and its own canonical content, so changing,
// removing or inserting an entry breaks every hash after it. A chain alone can be recomputed
// by whoever can write the file; the MAC, an HMAC-SHA-256 of the entry's hash under a key
// derived from installation.key, cannot be recomputed without that key.
import { createHmac, hash, hkdfSync, timingSafeEqual } from 'node:crypto';

/** What an entry says; its id and time are part of it, so renumbering is detected too. */
export interface UsageContent {
  id: number;
  at: string;
  actor: string;
  action: string;
  /** JSON text of what was asked. */
  detail: string;
  resultCount: number | null;
  unitId: number | null;
}

/** The predecessor hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** One line of JSON with a fixed field order: the same entry always hashes the same. */
export function canonicalContent(entry: UsageContent): string {
  return JSON.stringify([
    entry.id,
    entry.at,
    entry.actor,
    entry.action,
    entry.detail,
    entry.resultCount,
    entry.unitId,
  ]);
}

export function chainHash(previousHash: string, entry: UsageContent): string {
  // One call over the joined text (the same bytes as updating piece by piece): every read writes
  // an entry, and a Hash object per entry is most of the cost of hashing it.
  return hash('sha256', `${previousHash}\n${canonicalContent(entry)}`, 'hex');
}

/** The usage log's MAC key, separate from every other use of the installation secret. */
export function usageLogKey(installationSecret: Buffer): Buffer {
  return Buffer.from(
    hkdfSync('sha256', installationSecret, Buffer.alloc(0), 'nghe usage log v1', 32),
  );
}

export function entryMac(key: Buffer, hash: string): string {
  return createHmac('sha256', key).update(hash).digest('hex');
}

export function macMatches(key: Buffer, hash: string, mac: string): boolean {
  const expected = Buffer.from(entryMac(key, hash), 'hex');
  const given = Buffer.from(mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
