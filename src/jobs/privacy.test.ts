// Persons are never named in storage or through the API. Collects feeds whose authors are
// people and social posts whose raw payloads name their authors, through the real collector,
// store and HTTP server, then reads every byte of the SQLite file and its WAL, every row of
// every table (the full-text index included), every API response and the access log, and
// looks for each person's name and handle. A newspaper's byline, which is kept by name, shows
// the search would find one.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../connectors/connector.js';
import { feedConnector } from '../connectors/feed/feed-connector.js';
import { listenOnLoopback, loopbackHttpClient } from '../connectors/test-support/loopback.js';
import { openLoopbackApi } from '../http/test-support/loopback-api.js';
import type { CollectedMention, Mention, SourceKind } from '../model.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { foldDiacritics } from '../text/fold.js';
import { Collector } from './collector.js';
import { createPseudonymiser } from './pseudonymise.js';
import { TopicTagger } from './topic-tagger.js';

const FIXTURES = new URL('./fixtures/privacy/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));

/** Names and handles of the people in the fixtures: none may be stored or served. */
const PERSONS = [
  'lan_tran99',
  'minhkhoa_hcm',
  'Phạm Quốc Việt',
  'Hoàng Anh Thư',
  'thu.hoang@example.com',
  'Lê Ngọc Bích',
  'ngoc_bich',
  'tuan.huynh88',
  'UCx9PersonChannel01',
];
/** Handles are single tokens: the full-text vocabulary must not hold them either. */
const HANDLE_TOKENS = ['lan_tran99', 'minhkhoa_hcm', 'ngoc_bich', 'tuan.huynh88']
  .flatMap((h) => foldDiacritics(h).split(/[^\p{L}\p{N}]+/u))
  .filter((t) => /\d/.test(t) || t.length > 5);
const OUTLET_BYLINE = 'Đỗ Minh Châu';

/** Every form a name could be written in: as given, decomposed, lower case, folded. */
function forms(name: string): string[] {
  const variants = [name.normalize('NFC'), name.normalize('NFD')];
  return [...new Set([...variants, ...variants.map((v) => v.toLowerCase()), foldDiacritics(name)])];
}

/** The persons (and forms) found in `text`. */
function personsIn(text: string): string[] {
  const lower = text.toLowerCase();
  return PERSONS.filter((name) => forms(name).some((form) => lower.includes(form.toLowerCase())));
}

function bytesText(path: string): string {
  return existsSync(path) ? readFileSync(path).toString('utf8') : '';
}

/** Social posts as a connector yields them, with their authors named in `raw`. */
function socialRound(round: number): CollectedMention[] {
  const base = {
    url: null,
    language: 'vi',
    title: null,
    html: null,
    categories: [] as string[],
    updatedAt: null,
  };
  const bich = { nativeId: 'ngoc_bich', name: 'Lê Ngọc Bích', kind: 'person' as const };
  const tuan = { nativeId: 'UCx9PersonChannel01', name: '@tuan.huynh88', kind: 'person' as const };
  const status = (text: string) => ({
    id: '1101',
    content: `<p>${text}</p>`,
    account: {
      id: '109',
      username: 'ngoc_bich',
      acct: '@ngoc_bich',
      display_name: 'Lê Ngọc Bích',
      url: 'https://mastodon.example/@ngoc_bich',
    },
    favourites_count: round === 0 ? 2 : 15,
  });
  const post: CollectedMention = {
    ...base,
    platform: 'mastodon',
    externalId: '1101',
    author: bich,
    publishedAt: '2025-06-01T07:00:00.000Z',
    text:
      round === 0 ? 'Cầu vượt mới thông xe, đỡ kẹt hẳn' : 'Cầu vượt mới thông xe, đỡ kẹt hẳn (sửa)',
    updatedAt: round === 0 ? null : '2025-06-01T10:00:00.000Z',
    engagement: { likes: round === 0 ? 2 : 15 },
    parentExternalId: null,
    raw: status('Cầu vượt mới thông xe'),
  };
  const comment = (id: string, parent: string, text: string): CollectedMention => ({
    ...base,
    platform: 'youtube',
    externalId: id,
    author: tuan,
    publishedAt: '2025-06-01T07:30:00.000Z',
    text,
    engagement: { likes: 1 },
    parentExternalId: parent,
    threadRootExternalId: 'vid-77',
    raw: {
      kind: 'youtube#comment',
      id,
      snippet: {
        textOriginal: text,
        authorDisplayName: '@tuan.huynh88',
        authorChannelUrl: 'http://www.youtube.com/@tuan.huynh88',
        authorChannelId: { value: 'UCx9PersonChannel01' },
        likeCount: 1,
      },
    },
  });
  const items = [
    post,
    // The reply arrives before the comment it answers.
    comment('yc-2', 'yc-1', 'Đồng ý, giờ cao điểm vẫn đông'),
    comment('yc-1', 'vid-77', 'Đi qua sáng nay thấy thoáng hơn'),
  ];
  if (round === 1) {
    items.push({ ...comment('yc-2', 'yc-1', ''), deleted: true });
  }
  return items;
}

describe('privacy: persons are never named in storage or through the API', () => {
  let dir: string;
  let path: string;
  let store: SqliteStore;
  let stored: Mention[];
  const apiText: string[] = [];
  let log: string[] = [];
  let walText = '';
  let tablesText = '';
  let vocabulary: string[] = [];
  let fileText = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-privacy-'));
    path = join(dir, 'nghe.db');
    store = openSqliteStore(path);
    const feeds = await listenOnLoopback((request, response) => {
      const name = (request.url ?? '/').slice(1);
      if (!existsSync(new URL(name, FIXTURES))) return void response.writeHead(404).end();
      const type = name.endsWith('.atom') ? 'application/atom+xml' : 'application/rss+xml';
      response.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(fixture(name));
    });
    const http = loopbackHttpClient();
    let round = 0;
    const social: Connector = {
      kind: 'article',
      description: 'social posts as a connector yields them',
      collect: async () => ({
        title: null,
        notModified: false,
        validators: { etag: null, lastModified: null },
        mentions: socialRound(round),
        warnings: [],
      }),
    };
    try {
      await store.addSource({ kind: 'feed', url: `${feeds.origin}/community-feed.atom` });
      await store.addSource({
        kind: 'feed',
        url: `${feeds.origin}/blog-feed.rss`,
        settings: { fullText: false },
      });
      await store.addSource({
        kind: 'feed',
        url: `${feeds.origin}/outlet-feed.rss`,
        settings: { publisher: 'outlet', fullText: false },
      });
      await store.addSource({ kind: 'article', url: 'https://social.example/tags/hanoi' });
      await store.createTopic({ name: 'giao thông', query: 'cầu OR kẹt OR phí OR ngập' });
      const tagger = new TopicTagger({ store });
      const collector = new Collector({
        store,
        http,
        connectors: new Map<SourceKind, Connector>([
          ['feed', feedConnector],
          ['article', social],
        ]),
        pseudonymise: createPseudonymiser(Buffer.alloc(32, 3)),
        concurrency: 2,
        analyze: async (inputs) =>
          inputs.map((input) => ({
            lang: 'vi',
            sentiment: 'neutral',
            sentimentConfidence: 0.6,
            keywords: input.text.toLowerCase().split(/\s+/).slice(0, 3),
          })),
        onSaved: (saved) => tagger.tagSaved(saved),
      });
      const first = await collector.runOnce({ all: true });
      expect(first.failed).toBe(0);
      round = 1;
      await collector.runOnce({ all: true });
    } finally {
      await http.close();
      await feeds.close();
    }

    stored = [];
    for (let after = 0; ; ) {
      const batch = await store.scanMentions(after, 100);
      if (batch.length === 0) break;
      stored.push(...batch);
      after = batch[batch.length - 1]!.id;
    }

    const api = await openLoopbackApi(store);
    try {
      const paths = [
        '/api/mentions?limit=200',
        '/api/sources',
        '/api/topics',
        '/api/analytics/terms?limit=200',
        '/api/analytics/breakdown?by=source',
        ...stored.flatMap((m) => [
          `/api/mentions/${m.id}`,
          `/api/mentions/${m.id}/thread`,
          `/api/mentions/${m.id}/engagement`,
        ]),
        '/api/audit?limit=200',
      ];
      for (const apiPath of paths) {
        const res = await api.get(apiPath);
        expect(res.status, apiPath).toBe(200);
        apiText.push(res.text);
      }
      log = api.log;
    } finally {
      await api.close();
    }

    // Every row of every table, the full-text index's own tables included.
    const tables = store.db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
      .pluck()
      .all() as string[];
    const rows = tables.flatMap((table) =>
      store.db
        .prepare(`SELECT * FROM "${table}"`)
        .all()
        .map((row) => Object.values(row as object)),
    );
    tablesText = rows
      .flat()
      .map((value) => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value)))
      .join('\n');
    store.db.exec(
      "CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, 'mentions_fts', 'row')",
    );
    vocabulary = store.db.prepare('SELECT term FROM temp.vocabulary').pluck().all() as string[];
    walText = bytesText(`${path}-wal`);
    await store.close();
    fileText = bytesText(path);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('collected the fixtures: posts, comments, replies, an edit and a deletion', () => {
    const byExternal = new Map(stored.map((m) => [m.externalId, m]));
    expect(stored.length).toBe(8);
    const post = byExternal.get('1101')!;
    expect(post.text).toContain('(sửa)');
    expect(post.engagement.likes).toBe(15);
    expect(byExternal.get('yc-2')!.deletedAt).not.toBeNull();
    expect(byExternal.get('yc-2')!.parentId).toBe(byExternal.get('yc-1')!.id);
    const persons = stored.filter((m) => m.author?.kind === 'person');
    expect(persons.length).toBe(7);
    expect(persons.every((m) => m.author?.displayName === null)).toBe(true);
  });

  it('keeps an outlet’s byline by name, so the search below can find a name', () => {
    expect(fileText + walText).toContain(OUTLET_BYLINE);
    expect(apiText.join('\n')).toContain(OUTLET_BYLINE);
  });

  it('has no person’s name or handle in the SQLite file or its WAL', () => {
    expect(walText.length + fileText.length).toBeGreaterThan(0);
    expect(personsIn(fileText)).toEqual([]);
    expect(personsIn(walText)).toEqual([]);
  });

  it('has none in any row of any table, nor in the full-text vocabulary', () => {
    expect(tablesText).toContain(OUTLET_BYLINE);
    expect(personsIn(tablesText)).toEqual([]);
    expect(vocabulary.length).toBeGreaterThan(10);
    expect(HANDLE_TOKENS.length).toBeGreaterThan(0);
    expect(vocabulary.filter((term) => HANDLE_TOKENS.includes(term))).toEqual([]);
  });

  it('serves none through the API, and logs none', () => {
    expect(apiText.length).toBeGreaterThan(20);
    expect(personsIn(apiText.join('\n'))).toEqual([]);
    expect(log.length).toBeGreaterThan(0);
    expect(personsIn(log.join('\n'))).toEqual([]);
  });
});
