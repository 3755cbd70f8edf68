import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TopicTagger } from '../jobs/topic-tagger.js';
import type { Author, MentionAnalysis } from '../model.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';
import type { AlertService } from './alert-service.js';
import { alertStoreOf } from './alert-store-for.js';
import type { AlertStore } from './alert-types.js';
import { storyRuleWorld } from './test-support/story-rule-world.js';

const ARTICLE =
  'Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến đường ở quận Bình Thạnh ngập sâu, ' +
  'hàng trăm xe máy chết máy giữa dòng nước, người dân phải dắt bộ về nhà trong đêm.';
const OTHER =
  'Triều cường dâng cao làm ngập nhiều tuyến phố ở Thủ Đức, giao thông ùn tắc kéo dài ' +
  'suốt buổi sáng, nhiều hộ dân phải kê cao đồ đạc để tránh nước tràn vào nhà.';

const analysis = (): MentionAnalysis => ({
  lang: 'vi',
  sentiment: 'negative',
  sentimentConfidence: 0.9,
  keywords: [],
  places: [],
  sectors: [],
});
const outlet = (name: string): Author => ({
  key: `key-${name}`,
  displayName: name,
  kind: 'outlet',
});

let dir: string;
let store: SqliteStore;
let alerts: AlertStore;
let service: AlertService;
let tagger: TopicTagger;
let topicId: number;
let minute = 0;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-story-rules-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
  alerts = alertStoreOf(store.db);
  ({ tagger, service, topicId } = await storyRuleWorld(store, alerts));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Stores one copy of `text` by `author`, tags it and judges the rules. */
async function publish(text: string, author: string) {
  minute += 10;
  const saved = await store.saveMentions(null, [
    mentionInput({
      publishedAt: new Date(Date.parse('2026-03-01T08:00:00Z') + minute * 60_000).toISOString(),
      text: `${author} - ${text}`,
      author: outlet(author),
      analysis: analysis(),
    }),
  ]);
  await tagger.tagSaved(saved);
  return { id: saved.ids[0]!, fired: await service.flush() };
}

describe('new story rules', () => {
  it('fire once when a story reaches the size in distinct authors, not in reprints', async () => {
    const rule = await alerts.createRule(
      topicId,
      { kind: 'new_story', settings: { size: 3 } },
      await alerts.lastMentionId(),
    );
    const first = await publish(ARTICLE, 'Tuổi Trẻ');
    expect(first.fired).toEqual([]);
    // The same outlet again, twice: three mentions, one author.
    expect((await publish(ARTICLE, 'Tuổi Trẻ')).fired).toEqual([]);
    expect((await publish(ARTICLE, 'Tuổi Trẻ')).fired).toEqual([]);
    expect((await publish(ARTICLE, 'Thanh Niên')).fired).toEqual([]);
    const third = await publish(ARTICLE, 'VnExpress');
    expect(third.fired).toHaveLength(1);
    const alert = third.fired[0]!;
    expect(alert).toMatchObject({ ruleId: rule.id, windowKey: `story:${first.id}` });
    expect(alert.detail).toMatchObject({
      metric: 'story_size',
      value: 3,
      threshold: 3,
      storyId: first.id,
      mentions: 5,
      copies: 4,
    });
    expect(alert.title).toContain('3 distinct authors');
    expect(alert.title).toContain('threshold 3');
    const storyMembers = store.db
      .prepare('SELECT mention_id FROM mention_stories WHERE story_id = ? ORDER BY mention_id')
      .all(first.id) as { mention_id: number }[];
    expect(alert.mentionIds).toEqual(storyMembers.map((r) => r.mention_id));
    expect(alert.mentionIds).toContain(third.id);

    // A fourth author: the story already fired.
    expect((await publish(ARTICLE, 'Dân Trí')).fired).toEqual([]);
    expect(await alerts.listAlerts()).toHaveLength(1);
  });

  it('stay silent on a story begun before the rule, and count only the topic’s mentions', async () => {
    await publish(ARTICLE, 'Tuổi Trẻ');
    await alerts.createRule(
      topicId,
      { kind: 'new_story', settings: { size: 2 } },
      await alerts.lastMentionId(),
    );
    expect((await publish(ARTICLE, 'Thanh Niên')).fired).toEqual([]);
    expect((await publish(ARTICLE, 'VnExpress')).fired).toEqual([]);

    const other = await publish(OTHER, 'Tuổi Trẻ');
    expect(other.fired).toEqual([]);
    // A copy outside the topic's query does not grow it within the topic.
    const outside = OTHER.replace('ngập', 'dâng vào');
    const copy = await publish(outside, 'Lao Động');
    expect(copy.fired).toEqual([]);
    const storyOf = store.db.prepare('SELECT story_id FROM mention_stories WHERE mention_id = ?');
    expect(storyOf.get(copy.id)).toEqual({ story_id: other.id });
    const second = await publish(OTHER, 'Người Lao Động');
    expect(second.fired).toHaveLength(1);
    expect(second.fired[0]!.detail).toMatchObject({ value: 2, storyId: other.id });
  });
});
