import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../connectors/connector.js';
import type { CollectedMention, Mention } from '../model.js';
import { createHttpClient } from '../net/http-client.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';
import type { SaveStatus } from '../store/store.js';
import { createMentionAnalyzer } from './analyze-mentions.js';
import { Collector } from './collector.js';
import { createListeningEvents } from './listening-events.js';
import { createPseudonymiser } from './pseudonymise.js';
import { newMentionIds, TopicTagger } from './topic-tagger.js';

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-tagger-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function taggedIds(topicId: number): number[] {
  return (
    store.db
      .prepare('SELECT mention_id FROM mention_topics WHERE topic_id = ? ORDER BY mention_id')
      .all(topicId) as { mention_id: number }[]
  ).map((r) => r.mention_id);
}

describe('newMentionIds', () => {
  it('takes the distinct ids the batch stored for the first time', () => {
    const saved = (ids: number[], statuses: SaveStatus[]) => ({
      inserted: statuses.filter((s) => s === 'new').length,
      existing: statuses.filter((s) => s !== 'new').length,
      updated: statuses.filter((s) => s === 'updated').length,
      ids,
      statuses,
    });
    expect(newMentionIds(saved([3, 9, 10, 3], ['unchanged', 'new', 'new', 'unchanged']))).toEqual([
      9, 10,
    ]);
    expect(newMentionIds(saved([4], ['updated']))).toEqual([]);
    expect(newMentionIds(saved([7, 7], ['new', 'new']))).toEqual([7]);
  });
});

describe('TopicTagger', () => {
  it('tags new mentions with matching active topics within their limits and publishes them', async () => {
    const flood = await store.createTopic({ name: 'flood', query: 'ngập AND "thủ đức"' });
    const english = await store.createTopic({ name: 'en', query: 'flood', langs: ['en'] });
    const paused = await store.createTopic({ name: 'p', query: 'ngập' });
    await store.updateTopic(paused.id, { status: 'paused' });
    const events = createListeningEvents();
    const published: [number, number[]][] = [];
    events.onTagged((mention, topicIds) => published.push([mention.id, topicIds]));
    const tagger = new TopicTagger({ store, events });

    const saved = await store.saveMentions(null, [
      mentionInput({ text: 'Đường ở Thủ Đức ngập sâu' }),
      mentionInput({ text: 'flood in Thu Duc', language: 'en' }),
      mentionInput({ text: 'flood again', language: 'vi' }),
    ]);
    const summary = await tagger.tagSaved(saved);
    expect(summary).toEqual({ mentions: 3, matched: 2, tags: 2 });
    expect(taggedIds(flood.id)).toEqual([saved.ids[0]]);
    expect(taggedIds(english.id)).toEqual([saved.ids[1]]);
    expect(taggedIds(paused.id)).toEqual([]);
    expect(published).toEqual([
      [saved.ids[0], [flood.id]],
      [saved.ids[1], [english.id]],
    ]);

    // A topic created elsewhere (another process) is picked up before the next batch.
    const rain = await store.createTopic({ name: 'rain', query: 'mưa' });
    const more = await store.saveMentions(null, [mentionInput({ text: 'mưa to, ngập Thủ Đức' })]);
    await tagger.tagSaved(more);
    expect(taggedIds(rain.id)).toEqual(more.ids);
    expect(taggedIds(flood.id)).toEqual([saved.ids[0], more.ids[0]]);
    expect(tagger.topicCount).toBe(3);
  });

  it('matches edited and deleted mentions again: new topics tag them, stale tags come off', async () => {
    const flood = await store.createTopic({ name: 'flood', query: 'ngập' });
    const heat = await store.createTopic({ name: 'heat', query: 'nắng' });
    const reddit = await store.createTopic({ name: 'reddit', query: 'platform:reddit' });
    const tagger = new TopicTagger({ store });
    const post = mentionInput({
      platform: 'reddit',
      canonicalUrl: null,
      externalId: 't3_a',
      text: 'đường ngập sâu',
    });
    const first = await store.saveMentions(null, [post]);
    await tagger.tagSaved(first);
    expect([taggedIds(flood.id), taggedIds(heat.id)]).toEqual([first.ids, []]);

    const edited = await store.saveMentions(null, [
      { ...post, text: 'trời nắng gắt', updatedAt: '2030-01-01T00:00:00Z' },
    ]);
    expect(await tagger.tagSaved(edited)).toEqual({ mentions: 1, matched: 1, tags: 1 });
    expect([taggedIds(flood.id), taggedIds(heat.id)]).toEqual([[], first.ids]);
    expect((await store.sentimentShare({ topicId: flood.id })).total).toBe(0);

    const deleted = await store.saveMentions(null, [{ ...post, deleted: true }]);
    await tagger.tagSaved(deleted);
    expect(taggedIds(heat.id)).toEqual([]);
    // A topic that does not need the text still holds it.
    expect(taggedIds(reddit.id)).toEqual(first.ids);
  });

  it('tags what the collector stores, after analysis', async () => {
    const topic = await store.createTopic({ name: 'fee', query: '"phí gửi xe"' });
    const { source } = await store.addSource({ kind: 'article', url: 'https://news.example/' });
    const items: CollectedMention[] = ['Phí gửi xe tăng gấp đôi', 'Giá xăng giảm'].map(
      (text, i) => ({
        platform: 'web',
        url: `https://news.example/a${i}`,
        externalId: null,
        author: null,
        publishedAt: '2025-06-01T08:00:00Z',
        updatedAt: null,
        language: 'vi',
        title: null,
        text,
        html: null,
        categories: [],
        engagement: {},
        parentExternalId: null,
        raw: null,
      }),
    );
    const connector: Connector = {
      kind: 'article',
      description: 'fixed items',
      collect: async () => ({
        title: null,
        notModified: false,
        validators: { etag: null, lastModified: null },
        mentions: items,
        warnings: [],
      }),
    };
    const events = createListeningEvents();
    const seen: Mention[] = [];
    events.onTagged((mention) => seen.push(mention));
    const tagger = new TopicTagger({ store, events });
    const http = createHttpClient();
    const collector = new Collector({
      store,
      http,
      connectors: new Map([['article', connector]]),
      pseudonymise: createPseudonymiser(Buffer.alloc(32, 1)),
      concurrency: 1,
      analyze: async (inputs) =>
        inputs.map(() => ({
          lang: 'vi',
          sentiment: 'negative',
          sentimentConfidence: 1,
          keywords: ['phí'],
        })),
      onSaved: (saved) => tagger.tagSaved(saved),
    });
    try {
      const summary = await collector.runOnce({ all: true });
      expect(summary.newMentions).toBe(2);
      // A second run stores nothing new and tags nothing twice.
      await collector.runOnce({ all: true });
    } finally {
      await http.close();
    }
    expect(seen.map((m) => m.text)).toEqual(['Phí gửi xe tăng gấp đôi']);
    expect(taggedIds(topic.id)).toHaveLength(1);
    const share = await store.sentimentShare({ topicId: topic.id });
    expect(share).toMatchObject({ total: 1, classifiedCounts: { negative: 1 } });
    expect(await store.topTerms({ topicId: topic.id })).toEqual([{ term: 'phí', count: 1 }]);
    expect((await store.getSource(source.id))?.health.lastWarnings).toEqual([]);
  });
});

describe('TopicTagger from the saved inputs', () => {
  it('tags a batch from its inputs exactly as from the mentions read back', async () => {
    const queries = [
      'ngập',
      '"triều cường" OR "kẹt xe"',
      'ngập place:"thu duc"',
      'place:"hà nội"',
      'giá NEAR/3 xăng',
      'lang:vi điện',
      'platform:facebook ngập',
      'sentiment:negative',
      'học -phí',
    ];
    const texts = [
      'Mưa lớn gây ngập sâu nhiều tuyến đường ở Thủ Đức, xe máy chết máy hàng loạt',
      'Triều cường dâng cao, kẹt xe kéo dài ở Hà Nội tối qua',
      'Giá xăng RON 95 giảm hơn 500 đồng mỗi lít từ chiều nay',
      'Cả khu phố mất điện từ sáng, ai cũng bực mình',
      'Học phí năm nay tăng, phụ huynh lo lắng',
      'Đường Nguyễn Trãi ngập, tệ quá',
      'cafe sáng nay ngon',
    ];
    const analyze = createMentionAnalyzer();
    const inputs = texts.flatMap((text, i) => [
      mentionInput({ text, platform: 'facebook', canonicalUrl: null, externalId: `fb-${i}` }),
      mentionInput({ text, title: i % 2 === 0 ? 'Tin nóng' : null }),
    ]);
    // One named twice in the batch, the second copy an edit; one deleted on arrival.
    inputs.push({ ...inputs[0]!, text: 'Ngập ở Thủ Đức', updatedAt: '2025-06-02T00:00:00Z' });
    inputs.push(mentionInput({ text: 'ngập nặng', deleted: true }));
    const analyses = await analyze(inputs);
    inputs.forEach((input, i) => {
      input.analysis = analyses[i] ?? null;
    });

    const tagsOf = async (fromInputs: boolean) => {
      const other = openSqliteStore(join(dir, `tags-${fromInputs}.db`));
      try {
        for (const query of queries) await other.createTopic({ name: query, query });
        const saved = await other.saveMentions(null, inputs);
        const tagger = new TopicTagger({ store: other });
        const summary = fromInputs
          ? await tagger.tagSaved(saved, { inputs, sourceId: null })
          : await tagger.tagSaved(saved);
        const rows = other.db
          .prepare('SELECT topic_id, mention_id FROM mention_topics ORDER BY 1, 2')
          .all();
        return { summary, rows };
      } finally {
        await other.close();
      }
    };
    const read = await tagsOf(false);
    const given = await tagsOf(true);
    expect(read.rows.length).toBeGreaterThan(5);
    expect(given).toEqual(read);
  });

  it('reads nothing back when no topic is active', async () => {
    const saved = await store.saveMentions(null, [mentionInput(), mentionInput()]);
    const tagger = new TopicTagger({ store });
    let scans = 0;
    const scan = store.scanMentions.bind(store);
    store.scanMentions = (...args) => {
      scans++;
      return scan(...args);
    };
    expect(await tagger.tagSaved(saved)).toEqual({ mentions: 2, matched: 0, tags: 0 });
    expect(scans).toBe(0);
  });
});
