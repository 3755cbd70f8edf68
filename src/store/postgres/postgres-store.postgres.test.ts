// The PostgreSQL store against the same conformance suites as the SQLite file, each test in a
// fresh schema of the test server.
import { expect, it } from 'vitest';
import { describeConversationConformance } from '../conversations.conformance.js';
import { describeListeningConformance } from '../listening.conformance.js';
import { describeStoreConformance, mentionInput } from '../store.conformance.js';
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

  it('stores each mention once when writers save overlapping batches at the same time', async () => {
    const { store, cleanup } = await freshStore();
    try {
      const { source } = await store.addSource({ kind: 'feed', url: 'https://race.example/' });
      const inputs = Array.from({ length: 60 }, (_, i) =>
        mentionInput({
          externalId: `race-${i}`,
          canonicalUrl: `https://race.example/${i}`,
          parentExternalId: i % 3 === 0 ? null : `race-${i - 1}`,
          text: `tin ${i}`,
        }),
      );
      const batches = [0, 10, 20, 30, 5, 15].map((start) => inputs.slice(start, start + 25));
      const saved = await Promise.all(batches.map((batch) => store.saveMentions(source.id, batch)));
      expect(await store.countMentions()).toBe(55);
      const idOf = new Map<string, number>();
      saved.forEach((result, b) => {
        result.ids.forEach((id, i) => {
          const external = batches[b]![i]!.externalId;
          expect(idOf.get(external) ?? id, external).toBe(id);
          idOf.set(external, id);
        });
      });
      for (let i = 1; i < 55; i++) {
        const mention = await store.getMention(idOf.get(`race-${i}`)!);
        expect(mention?.parentId, `race-${i}`).toBe(i % 3 === 0 ? null : idOf.get(`race-${i - 1}`));
        expect(mention?.sourceIds).toEqual([source.id]);
      }
    } finally {
      await cleanup();
    }
  });
});
