// The report store on SQLite: the shared cases (report-store.conformance.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportStoreFor } from '../../reports/report-store-for.js';
import { reportStoreConformance } from '../report-store.conformance.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

reportStoreConformance(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-reports-'));
  const path = join(dir, 'nghe.db');
  const store = openSqliteStore(path);
  const others: SqliteStore[] = [];
  return {
    store,
    reports: reportStoreFor(store)!,
    async another() {
      const other = openSqliteStore(path);
      others.push(other);
      return reportStoreFor(other)!;
    },
    async close() {
      for (const other of others) await other.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
