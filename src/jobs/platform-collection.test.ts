// Collection from a platform end to end: the registry's YouTube connector, a sealed key from
// the credential pool, endpoint overrides, and a loopback server speaking the Data API. After
// it, neither the SQLite file nor source health holds a person's handle or name, or the key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useLoopbackServer } from '../connectors/test-support/loopback-hooks.js';
import { resolveNewSource } from './source-from-url.js';
import {
  bedCollector,
  closeCollectionBed,
  expectNoFileHolds,
  openCollectionBed,
} from './test-support/platform-collection.js';

const FIXTURES = join(import.meta.dirname, '../connectors/youtube/fixtures');
const KEY = 'AIzaPrivacyTestKey123';

const loopback = useLoopbackServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const method = url.pathname.split('/').pop() ?? '';
  const file = { videos: 'videos-list.json', commentThreads: 'comment-threads.json' }[method];
  if (url.searchParams.get('key') !== KEY || !file) {
    res.writeHead(404).end();
    return;
  }
  // One page: the fixture's next page token leads nowhere here.
  const body = readFileSync(join(FIXTURES, file), 'utf8').replace(/"nextPageToken": "[^"]*",/, '');
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);
});

describe('platform collection', () => {
  it('stores a video with its comments and no person named anywhere', async () => {
    const bed = openCollectionBed('nghe-platform-');
    const { store, vault } = bed;
    await store.addCredential({
      platform: 'youtube',
      label: 'main',
      publicFields: {},
      sealed: vault.seal('youtube', { apiKey: KEY }),
    });
    const { source } = await store.addSource(resolveNewSource('https://youtu.be/Xk3vT9qLmN0'));
    const collector = bedCollector(bed, {
      endpoints: { youtube: { apiBaseUrl: `${loopback.server.origin}/youtube/v3` } },
    });
    const summary = await collector.runOnce({ all: true });
    expect(summary).toMatchObject({ succeeded: 1, failed: 0 });
    expect(summary.newMentions).toBeGreaterThan(3);
    const stored = await store.getSource(source.id);
    expect(stored?.health.credential).toMatchObject({
      label: 'main',
      status: 'ok',
      remaining: 9998,
    });
    expect(JSON.parse(stored?.cursor ?? '')).toMatchObject({ next: null });
    await closeCollectionBed(bed);

    // Every comment author but the video's own channel (public by nature) is a person.
    const fixture = readFileSync(join(FIXTURES, 'comment-threads.json'), 'utf8');
    const channel = 'UCq3Jt8XbKd0VnHw2mPzR7sA';
    const handles = [
      ...fixture.matchAll(
        /"authorDisplayName": "(@[^"]+)",[^}]*?"authorChannelId": \{\s*"value": "([^"]+)"/g,
      ),
    ]
      .filter((m) => m[2] !== channel)
      .map((m) => m[1]!);
    expect(handles.length).toBeGreaterThan(0);
    expectNoFileHolds(bed, [...handles, ...handles.map((h) => h.slice(1)), KEY]);
  });
});
