// The PostgreSQL store against the same conformance suites as the SQLite file, each test in a
// fresh schema of the test server.
import { describeConversationConformance } from '../conversations.conformance.js';
import { describeListeningConformance } from '../listening.conformance.js';
import { describeStoreConformance } from '../store.conformance.js';
import type { Store } from '../store.js';
import { openPostgresStore } from './postgres-store.js';
import { createTestSchema, describePostgres } from './test-database.js';

async function freshStore() {
  const schema = await createTestSchema();
  let current = await openPostgresStore(schema.url);
  return {
    store: current,
    reopen: async (): Promise<Store> => {
      await current.close();
      current = await openPostgresStore(schema.url);
      return current;
    },
    cleanup: async () => {
      await current.close();
      await schema.drop();
    },
  };
}

describePostgres('PostgreSQL store', () => {
  describeStoreConformance('postgres', freshStore);
  describeConversationConformance('postgres', freshStore);
  describeListeningConformance('postgres', freshStore);
});
