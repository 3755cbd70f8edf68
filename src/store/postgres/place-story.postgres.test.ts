// PostgreSQL against the place, sector and story conformance suite, each test in a fresh
// schema of the test server.
import { describePlaceStoryConformance } from '../place-story.conformance.js';
import { placeStoryStoreFor } from '../place-story-store-for.js';
import { retentionStoreFor } from '../retention-store-for.js';
import { openPostgresStore } from './postgres-store.js';
import { createTestSchema, describePostgres } from './test-database.js';

describePostgres('PostgreSQL places, sectors and stories', () => {
  describePlaceStoryConformance('postgres', async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore(schema.url);
    return {
      store,
      figures: placeStoryStoreFor(store)!,
      retention: retentionStoreFor(store)!,
      cleanup: async () => {
        await store.close();
        await schema.drop();
      },
    };
  });
});
