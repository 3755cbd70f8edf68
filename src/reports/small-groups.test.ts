// Reports' small groups on SQLite: the shared cases (small-groups.cases.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashApiToken } from '../http/token-auth.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { REPORT_K_TOKEN, reportSmallGroupCases } from './small-groups.cases.js';

reportSmallGroupCases(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-report-k-'));
  const store = openSqliteStore(join(dir, 'nghe.db'));
  await store.createApiToken('tester', hashApiToken(REPORT_K_TOKEN));
  return {
    store,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
