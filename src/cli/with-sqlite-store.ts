// Opens the SQLite store with the installation secret for commands that need both: the usage
// log (verified with the secret's usage log key), retention and erasure (pseudonyms derived
// with it). Always closes the store.
import { mkdirSync } from 'node:fs';
import { usageLogKey } from '../audit/usage-chain.js';
import { type Config, loadConfig } from '../config/config.js';
import { loadOrCreateSecret } from '../jobs/pseudonymise.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';

export interface SqliteCommandContext {
  config: Config;
  store: SqliteStore;
  secret: Buffer;
  usageLogKey: Buffer;
}

export async function withSqliteStore<T>(
  run: (context: SqliteCommandContext) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = loadOrCreateSecret(config.secretPath);
  const key = usageLogKey(secret);
  const store = openSqliteStore(config.databasePath, { usageLogKey: key });
  try {
    return await run({ config, store, secret, usageLogKey: key });
  } finally {
    await store.close();
  }
}
