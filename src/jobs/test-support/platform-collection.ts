// What the end-to-end platform collection tests share: a fresh SQLite store in a folder of its
// own, a loopback HTTP client, a credential vault with a new installation secret, and a
// collector over the registry's connectors. Afterwards no file in the folder may hold a
// person's name or a secret.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { connectors } from '../../connectors/registry.js';
import { loopbackHttpClient } from '../../connectors/test-support/loopback.js';
import type { ClosableHttpClient } from '../../net/http-client.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { Collector, type CollectorOptions } from '../collector.js';
import { CredentialPool } from '../credentials-pool.js';
import { type CredentialVault, createCredentialVault } from '../credentials-vault.js';
import { createPseudonymiser } from '../pseudonymise.js';

export interface CollectionBed {
  dir: string;
  store: SqliteStore;
  http: ClosableHttpClient;
  secret: Buffer;
  vault: CredentialVault;
}

/** A new bed in a temporary folder named after `prefix`. */
export function openCollectionBed(prefix: string): CollectionBed {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const secret = randomBytes(32);
  return {
    dir,
    store: openSqliteStore(join(dir, 'nghe.sqlite')),
    http: loopbackHttpClient(),
    secret,
    vault: createCredentialVault(secret),
  };
}

/** A collector over the bed, one source at a time, with credentials from its vault. */
export function bedCollector(
  bed: CollectionBed,
  options: { now?: () => Date; endpoints: CollectorOptions['endpoints'] },
): Collector {
  const { store, http, secret, vault } = bed;
  return new Collector({
    store,
    http,
    connectors,
    pseudonymise: createPseudonymiser(secret),
    concurrency: 1,
    credentials: new CredentialPool(store, vault, options.now),
    ...(options.now ? { now: options.now } : {}),
    endpoints: options.endpoints,
  });
}

export async function closeCollectionBed(bed: CollectionBed): Promise<void> {
  await bed.store.close();
  await bed.http.close();
}

/** Asserts that no file of the bed's folder holds any of `words`. */
export function expectNoFileHolds(bed: CollectionBed, words: readonly string[]): void {
  const files = readdirSync(bed.dir).map((f) => readFileSync(join(bed.dir, f)));
  for (const word of words) {
    for (const bytes of files) expect(bytes.includes(Buffer.from(word)), word).toBe(false);
  }
}
