// The SQLite file against the place, sector and story conformance suite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describePlaceStoryConformance } from '../place-story.conformance.js';
import { placeStoryStoreFor } from '../place-story-store-for.js';
import { retentionStoreFor } from '../retention-store-for.js';
import { openSqliteStore } from './sqlite-store.js';

describePlaceStoryConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-place-story-'));
  const store = openSqliteStore(join(dir, 'nghe.db'));
  return {
    store,
    figures: placeStoryStoreFor(store)!,
    retention: retentionStoreFor(store)!,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
