// Opens what one command needs and always closes it, so the SQLite file is left clean. Commands
// that only read or edit the store do not load the collector, the connectors or the models:
// `nghe sources list` should answer at once.
import { mkdirSync } from 'node:fs';
import { usageLogKey } from '../audit/usage-chain.js';
import { loadConfig } from '../config/config.js';
import type { App } from '../jobs/app.js';
import { loadOrCreateSecret } from '../jobs/pseudonymise.js';
import type { ListeningStore } from '../store/listening-store.js';
import { openStore } from '../store/open-store.js';
import { prepareDatabaseFile } from '../store/sqlite/open-database.js';
import type { Store } from '../store/store.js';

/**
 * Opens the store, with its listening side, for one command. It takes no lock: searches, stats
 * and small edits work while `serve` or `collect` holds the data directory.
 */
export async function withStore<T>(run: (store: Store & ListeningStore) => Promise<T>): Promise<T> {
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  prepareDatabaseFile(config.databasePath);
  const store = openStore(config, {
    usageLogKey: usageLogKey(loadOrCreateSecret(config.secretPath)),
  });
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

export async function withApp<T>(run: (app: App) => Promise<T>): Promise<T> {
  const { openApp } = await import('../jobs/app.js');
  const app = openApp(loadConfig());
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}
