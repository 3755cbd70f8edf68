// The alert store on SQLite: the shared cases (alert-store.conformance.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertStoreOf } from '../../alerts/alert-store-for.js';
import { alertStoreConformance, TEST_SEAL } from '../alert-store.conformance.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

alertStoreConformance(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-alerts-'));
  const path = join(dir, 'nghe.db');
  const store = openSqliteStore(path);
  const others: SqliteStore[] = [];
  return {
    store,
    alerts: alertStoreOf(store.db, TEST_SEAL),
    async another() {
      const other = openSqliteStore(path);
      others.push(other);
      return alertStoreOf(other.db, TEST_SEAL);
    },
    async storedSecret(ruleId) {
      return store.db
        .prepare<[number], string | null>('SELECT webhook_secret FROM alert_rules WHERE id = ?')
        .pluck()
        .get(ruleId) as string | null;
    },
    async close() {
      for (const other of others) await other.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
