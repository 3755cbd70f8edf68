import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformModules } from '../../connectors/platforms.js';
import { sourceKinds } from '../../connectors/registry.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { ApiError, PlatformInfo, RecognisedSource } from '../api-types.js';
import { type LoopbackApi, openLoopbackApi } from '../test-support/loopback-api.js';
import { platformInfoSchema, recognisedSourceSchema } from './platforms.js';

describe('platform routes', () => {
  let dir: string;
  let store: SqliteStore;
  let api: LoopbackApi;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-platforms-http-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
    api = await openLoopbackApi(store);
  });
  afterAll(async () => {
    await api.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists every platform's eligibility notes from its module, and what collects it", async () => {
    const res = await api.get<{ platforms: PlatformInfo[] }>('/api/platforms');
    expect(res.status).toBe(200);
    const platforms = res.body.platforms.map((p) => platformInfoSchema.parse(p));
    expect(platforms.map((p) => p.platform)).toEqual([...platformModules.keys()]);
    for (const info of platforms) {
      expect(info.eligibility).toBe(platformModules.get(info.platform)?.eligibility);
      const entry = info.sourceKind ? sourceKinds[info.sourceKind] : null;
      expect(info.collects).toBe(Boolean(entry?.connector));
    }
    const youtube = platforms.find((p) => p.platform === 'youtube');
    expect(youtube).toMatchObject({ sourceKind: 'youtube' });
    expect(youtube?.credential?.fields).toEqual([{ name: 'apiKey', secret: true }]);
    expect(platforms.find((p) => p.platform === 'tiktok')).toMatchObject({
      sourceKind: 'tiktok',
      collects: true,
    });
    // What each cannot see travels with it, so no figure is read as all of a platform.
    expect(platforms.find((p) => p.platform === 'facebook')?.cannotSee).toMatch(
      /^personal profiles, groups/,
    );
  });

  it('tells what a URL would follow without adding it, or why it cannot', async () => {
    const get = (url: string, kind = '') =>
      api.get<RecognisedSource & ApiError>(
        `/api/platforms/recognise?url=${encodeURIComponent(url)}${kind ? `&kind=${kind}` : ''}`,
      );
    const channel = await get('https://www.youtube.com/@vtv24');
    expect(channel.status).toBe(200);
    expect(recognisedSourceSchema.parse(channel.body)).toEqual({
      kind: 'youtube',
      platform: 'youtube',
      url: 'https://www.youtube.com/@vtv24',
      follow: 'channel',
      settings: { handle: 'vtv24' },
    });
    const tag = await get('https://mastodon.social/tags/hanoi');
    expect(tag.body).toMatchObject({ kind: 'mastodon', follow: 'hashtag' });
    const feed = await get('https://vnexpress.net/rss/tin-moi-nhat.rss');
    expect(feed.body).toMatchObject({ kind: 'feed', platform: 'web', follow: null, settings: {} });
    // A platform address that shows nothing to follow is refused with the reason.
    const bad = await get('https://www.youtube.com/playlist?list=PL1', 'youtube');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/not a youtube address/);
    expect((await get('https://www.youtube.com/@vtv24', 'telegraph')).status).toBe(400);
    const subreddit = await get('https://www.reddit.com/r/vietnam');
    if (sourceKinds.reddit.connector) {
      expect(subreddit.body).toMatchObject({ kind: 'reddit', follow: 'subreddit' });
    } else {
      expect(subreddit.status).toBe(400);
      expect(subreddit.body.error.message).toMatch(/does not collect reddit yet/);
    }
    expect((await get('ftp://example.com/')).status).toBe(400);
    expect(await store.listSources()).toEqual([]);
  });
});
