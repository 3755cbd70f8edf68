// Reports' small groups in server mode: the shared cases (small-groups.cases.ts) over the
// PostgreSQL store, its issue scans and its persons counter.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import { hashApiToken } from '../http/token-auth.js';
import { identityStoreFor } from '../store/identity-store-for.js';
import { openStore } from '../store/open-store.js';
import { createTestSchema, describePostgres } from '../store/postgres/test-database.js';
import { REPORT_K_TOKEN, reportSmallGroupCases } from './small-groups.cases.js';

describePostgres('reports withhold small groups on PostgreSQL', () => {
  reportSmallGroupCases(async () => {
    const schema = await createTestSchema();
    const dir = mkdtempSync(join(tmpdir(), 'nghe-report-k-pg-'));
    const store = openStore(loadConfig({ NGHE_DATA_DIR: dir, NGHE_DATABASE_URL: schema.url }, dir));
    await (store as { ready?: Promise<void> }).ready;
    const identity = identityStoreFor(store);
    await identity.createToken({
      name: 'admin',
      tokenHash: hashApiToken(REPORT_K_TOKEN),
      userId: (await identity.builtinAdmin()).id,
      scopes: ['*'],
      expiresAt: null,
    });
    return {
      store,
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
        await schema.drop();
      },
    };
  });
});
