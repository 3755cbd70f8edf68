// The PostgreSQL store against the same conformance suites as the SQLite file, each test in a
// fresh schema of the test server.
import { expect, it } from 'vitest';
import type { Source } from '../../model.js';
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

  it('keeps roll-ups equal to a recount when writers save, tag and analyse at the same time', async () => {
    const { store, cleanup } = await freshStore();
    try {
      const sources: Source[] = [];
      for (let i = 0; i < 3; i++) {
        sources.push(
          (await store.addSource({ kind: 'feed', url: `https://w${i}.example/` })).source,
        );
      }
      const topic = await store.createTopic({ name: 't', query: 'x' });
      const sentiments = ['positive', 'neutral', 'negative'] as const;
      const worker = async (w: number) => {
        for (let b = 0; b < 6; b++) {
          const batch = Array.from({ length: 30 }, (_, i) =>
            mentionInput({
              externalId: `w${w}-${b}-${i}`,
              canonicalUrl: null,
              // The same few hours for every worker: they update the same roll-up rows.
              publishedAt: new Date(Date.UTC(2025, 5, 1, i % 4)).toISOString(),
              analysis: {
                lang: 'vi',
                sentiment: sentiments[(w + i) % 3]!,
                sentimentConfidence: 0.7,
                keywords: ['mưa'],
              },
            }),
          );
          const saved = await store.saveMentions(sources[(w + b) % 3]!.id, batch);
          await store.tagMentions(
            topic.id,
            saved.ids.filter((_, i) => i % 2 === 0),
          );
          await store.setAnalysis(saved.ids[0]!, {
            lang: 'en',
            sentiment: 'negative',
            sentimentConfidence: 0.9,
            keywords: [],
          });
          // Reached again through another source.
          await store.saveMentions(sources[(w + b + 1) % 3]!.id, batch.slice(0, 5));
        }
      };
      await Promise.all([0, 1, 2, 3].map(worker));
      const all = [];
      for (let after = 0; ; ) {
        const page = await store.scanMentions(after, 500);
        if (page.length === 0) break;
        all.push(...page);
        after = page[page.length - 1]!.id;
      }
      expect(all).toHaveLength(4 * 6 * 30);
      const share = await store.sentimentShare({});
      expect(share.total).toBe(all.length);
      expect(share.classifiedCounts.negative).toBe(
        all.filter((m) => m.analysis?.sentiment === 'negative').length,
      );
      const bySource = await store.breakdown('source', {}, 10);
      for (const source of sources) {
        expect(bySource.find((r) => r.key === String(source.id))?.count ?? 0).toBe(
          all.filter((m) => Math.min(...m.sourceIds) === source.id).length,
        );
      }
      expect((await store.sentimentShare({ topicId: topic.id })).total).toBe(all.length / 2);
      const terms = await store.topTerms({}, 10);
      expect(terms).toEqual([
        { term: 'mưa', count: all.filter((m) => m.analysis?.keywords.includes('mưa')).length },
      ]);
    } finally {
      await cleanup();
    }
  });

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
