// New-story alert rules in server mode: story sizes read from PostgreSQL's story tables, the
// rule and its alert kept in PostgreSQL.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { TopicTagger } from '../jobs/topic-tagger.js';
import type { Author } from '../model.js';
import { connectPostgresStore, type PostgresStore } from '../store/postgres/postgres-store.js';
import {
  createTestSchema,
  describePostgres,
  type TestSchema,
} from '../store/postgres/test-database.js';
import { mentionInput } from '../store/store.conformance.js';
import type { AlertService } from './alert-service.js';
import { alertStoreFor } from './alert-store-for.js';
import type { AlertStore } from './alert-types.js';
import { storyRuleWorld } from './test-support/story-rule-world.js';

const ARTICLE =
  'Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến đường ở quận Bình Thạnh ngập sâu, ' +
  'hàng trăm xe máy chết máy giữa dòng nước, người dân phải dắt bộ về nhà trong đêm.';
const outlet = (name: string): Author => ({
  key: `key-${name}`,
  displayName: name,
  kind: 'outlet',
});

describePostgres('new story rules on PostgreSQL', () => {
  let schema: TestSchema;
  let store: PostgresStore & { ready: Promise<void> };
  let alerts: AlertStore;
  let service: AlertService;
  let tagger: TopicTagger;
  let topicId: number;
  let minute = 0;

  beforeEach(async () => {
    schema = await createTestSchema();
    store = connectPostgresStore(schema.url);
    await store.ready;
    alerts = alertStoreFor(store)!;
    ({ tagger, service, topicId } = await storyRuleWorld(store, alerts));
  });
  afterEach(async () => {
    await store.close();
    await schema.drop();
  });

  async function publish(author: string) {
    minute += 10;
    const saved = await store.saveMentions(null, [
      mentionInput({
        publishedAt: new Date(Date.parse('2026-03-01T08:00:00Z') + minute * 60_000).toISOString(),
        text: `${author} - ${ARTICLE}`,
        author: outlet(author),
        analysis: {
          lang: 'vi',
          sentiment: 'negative',
          sentimentConfidence: 0.9,
          keywords: [],
          places: [],
          sectors: [],
        },
      }),
    ]);
    await tagger.tagSaved(saved);
    return { id: saved.ids[0]!, fired: await service.flush() };
  }

  it('fire once when a story reaches the size in distinct authors, not in reprints', async () => {
    const rule = await alerts.createRule(
      topicId,
      { kind: 'new_story', settings: { size: 3 } },
      await alerts.lastMentionId(),
    );
    const first = await publish('Tuổi Trẻ');
    expect(first.fired).toEqual([]);
    expect((await publish('Tuổi Trẻ')).fired).toEqual([]);
    expect((await publish('Thanh Niên')).fired).toEqual([]);
    const third = await publish('VnExpress');
    expect(third.fired).toHaveLength(1);
    expect(third.fired[0]).toMatchObject({ ruleId: rule.id, windowKey: `story:${first.id}` });
    expect(third.fired[0]!.detail).toMatchObject({
      metric: 'story_size',
      value: 3,
      threshold: 3,
      storyId: first.id,
      mentions: 4,
    });
    expect(third.fired[0]!.mentionIds).toContain(third.id);
    expect((await publish('Dân Trí')).fired).toEqual([]);
    expect(await alerts.listAlerts()).toHaveLength(1);
  });
});
