// A topic's search reads the full-text matches whole when they are few and checks the topic's
// own rows in memory when they are many: both ways give the same pages as the matcher does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMatcher } from '../../query/match.js';
import { parseQuery } from '../../query/parse.js';
import { mentionInput } from '../store.conformance.js';
import { MentionLister } from './list-mentions.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import { statementCache } from './statement-cache.js';

const WORDS = ['ngập', 'mưa', 'đường', 'xe', 'cầu', 'nước', 'kẹt'];

describe('topic search, narrowed by the index or checked in memory', () => {
  let dir: string;
  let store: SqliteStore;
  let topicId: number;
  const texts = new Map<number, string>();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-list-mentions-'));
    store = openSqliteStore(join(dir, 'nghe.sqlite'));
    const inputs = Array.from({ length: 300 }, (_, i) =>
      mentionInput({
        publishedAt: new Date(Date.UTC(2025, 8, 1) + Math.floor(i / 2) * 60_000).toISOString(),
        text: `${WORDS[i % 7]} ${WORDS[(i * 3 + 1) % 7]} ${i % 11 === 0 ? 'Thủ Đức' : 'quận 3'}`,
      }),
    );
    const { ids } = await store.saveMentions(null, inputs);
    for (const [i, id] of ids.entries()) texts.set(id, inputs[i]!.text);
    topicId = (await store.createTopic({ name: 't', query: 'x' })).id;
    await store.tagMentions(
      topicId,
      ids.filter((_, i) => i % 3 !== 0),
    );
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages the same mentions either way, as the matcher finds them', async () => {
    const tagged = new Set(
      (
        store.db
          .prepare('SELECT mention_id FROM mention_topics WHERE topic_id = ?')
          .all(topicId) as {
          mention_id: number;
        }[]
      ).map((r) => r.mention_id),
    );
    for (const query of ['ngập', 'mưa OR cầu', '"thu duc"', 'xe -nước', '=Đức']) {
      const matcher = compileMatcher(parseQuery(query));
      const expected = [...texts]
        .filter(
          ([id, text]) =>
            tagged.has(id) &&
            matcher({
              title: null,
              text,
              platform: 'web',
              lang: null,
              sentiment: null,
              url: null,
              sourceIds: [],
              sourceNames: [],
            }),
        )
        .map(([id]) => id)
        .sort((a, b) => b - a);
      // 0: every query counts as frequent (rows checked in memory); 10,000: every one as rare.
      for (const limit of [0, 10_000]) {
        const lister = new MentionLister(statementCache(store.db), limit);
        for (const sort of ['newest', 'oldest'] as const) {
          const got: number[] = [];
          let cursor: string | undefined;
          do {
            const page = lister.list({ topicId, query, sort, limit: 9, cursor });
            got.push(...page.mentions.map((m) => m.id));
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          expect(
            got.sort((a, b) => b - a),
            `${query} limit ${limit} ${sort}`,
          ).toEqual(expected);
        }
      }
      expect(expected.length, query).toBeGreaterThan(0);
    }
  });
});

describe('a search naming sources, places or sectors', () => {
  let dir: string;
  let store: SqliteStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-list-mentions-'));
    store = openSqliteStore(join(dir, 'nghe.sqlite'));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the source of each candidate it checks, by id and by name', async () => {
    const { source } = await store.addSource({
      kind: 'feed',
      url: 'https://tin-tuc.example/rss',
      title: 'Tin Tức Mưa',
    });
    const from = await store.saveMentions(
      source.id,
      Array.from({ length: 30 }, (_, i) =>
        mentionInput({
          publishedAt: new Date(Date.UTC(2025, 8, 1) + i * 60_000).toISOString(),
          text: `mưa lớn ${i}`,
        }),
      ),
    );
    const other = await store.saveMentions(
      null,
      Array.from({ length: 30 }, (_, i) =>
        mentionInput({
          publishedAt: new Date(Date.UTC(2025, 8, 1) + i * 60_000 + 30_000).toISOString(),
          text: `mưa nhỏ ${i}`,
        }),
      ),
    );
    const lister = new MentionLister(statementCache(store.db));
    const all = async (query: string) => {
      const got: number[] = [];
      let cursor: string | undefined;
      do {
        const page = lister.list({ query, limit: 7, cursor });
        got.push(...page.mentions.map((m) => m.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return got.sort((a, b) => a - b);
    };
    const sourced = [...from.ids].sort((a, b) => a - b);
    expect(await all(`mưa source:${source.id}`)).toEqual(sourced);
    expect(await all('mưa source:"tin tuc mua"')).toEqual(sourced);
    expect(await all(`mưa -source:${source.id}`)).toEqual([...other.ids].sort((a, b) => a - b));
  });
});
