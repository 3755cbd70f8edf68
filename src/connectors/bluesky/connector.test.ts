import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { CollectedMention } from '../../model.js';
import { createWebSocketOpener } from '../../net/web-socket.js';
import { InvalidCredentialError, QuarantinedResponseError, QuotaPause } from '../collect-errors.js';
import type { CollectContext } from '../connector.js';
import type { StreamContext } from '../stream-connector.js';
import { recordingCredentials } from '../test-support/credentials.js';
import { fixtureReader } from '../test-support/fixtures.js';
import {
  type LoopbackServer,
  listenOnLoopback,
  loopbackHttpClient,
} from '../test-support/loopback.js';
import { testSource } from '../test-support/source.js';
import { blueskyConnector, recogniseBlueskySourceUrl } from './connector.js';
import { firehoseFilter, RESUME_MARGIN_US } from './connector-firehose.js';
import { forgetBlueskySessions } from './connector-session.js';

const fixture = fixtureReader(import.meta.dirname);
const HANDLE = 'me.bsky.social';
const PASSWORD = 'abcd-efgh-ijkl-mnop';

/** A postView in the documented app.bsky.feed.defs#postView shape. */
function postView(n: number): Record<string, unknown> {
  const did = `did:plc:author${n % 5}`;
  const at = new Date(Date.UTC(2026, 9, 6, 0, 0, n)).toISOString();
  return {
    uri: `at://${did}/app.bsky.feed.post/3m2post${String(n).padStart(5, '0')}`,
    cid: `bafyrei${n}`,
    author: { did, handle: `nguoi${n % 5}.bsky.social`, displayName: `Người ${n % 5}` },
    record: {
      $type: 'app.bsky.feed.post',
      text: `Ngập ở Thủ Đức, tin số ${n}`,
      createdAt: at,
      langs: ['vi'],
    },
    replyCount: 0,
    repostCount: 0,
    likeCount: n % 4,
    quoteCount: 0,
    indexedAt: at,
    labels: [],
  };
}

let server: LoopbackServer;
let posts: Record<string, unknown>[] = [];
let searches: URLSearchParams[] = [];
let expireNext = false;
let signIns = 0;
let refreshes = 0;
let mode: 'ok' | 'busy' | 'odd' = 'ok';

function handle(request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://x');
  const json = (code: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(code, { 'content-type': 'application/json', ...headers });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  if (url.pathname === '/xrpc/com.atproto.server.createSession') {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const body = JSON.parse(raw) as { identifier: string; password: string };
      if (body.identifier !== HANDLE || body.password !== PASSWORD) {
        json(401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
        return;
      }
      signIns++;
      json(200, {
        accessJwt: 'access-1',
        refreshJwt: 'refresh-1',
        did: 'did:plc:me',
        handle: HANDLE,
      });
    });
    return;
  }
  if (url.pathname === '/xrpc/com.atproto.server.refreshSession') {
    refreshes++;
    if (request.headers.authorization !== 'Bearer refresh-1') {
      json(400, { error: 'ExpiredToken', message: 'Token has expired' });
      return;
    }
    json(200, {
      accessJwt: 'access-2',
      refreshJwt: 'refresh-1',
      did: 'did:plc:me',
      handle: HANDLE,
    });
    return;
  }
  if (url.pathname !== '/xrpc/app.bsky.feed.searchPosts') {
    json(404, { error: 'MethodNotImplemented' });
    return;
  }
  const limits = {
    'ratelimit-limit': '3000',
    'ratelimit-remaining': '2999',
    'ratelimit-reset': String(Math.floor(Date.now() / 1000) + 300),
  };
  if (expireNext || !/^Bearer access-/.test(request.headers.authorization ?? '')) {
    expireNext = false;
    json(400, fixture('error-expired-token.json'));
    return;
  }
  searches.push(url.searchParams);
  if (mode === 'busy') {
    json(429, fixture('error-rate-limit.json'), { ...limits, 'ratelimit-remaining': '0' });
    return;
  }
  if (mode === 'odd') {
    json(200, fixture('profile.json'), limits);
    return;
  }
  const since = url.searchParams.get('since');
  const matching = posts
    .filter((p) => since === null || (p.indexedAt as string) >= since)
    .reverse();
  const offset = Number(url.searchParams.get('cursor') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? 25);
  const page = matching.slice(offset, offset + limit);
  const more = offset + limit < matching.length;
  json(
    200,
    {
      ...(more ? { cursor: String(offset + limit) } : {}),
      hitsTotal: matching.length,
      posts: page,
    },
    limits,
  );
}

const http = loopbackHttpClient();
function context(credentials = recordingCredentials({ handle: HANDLE, appPassword: PASSWORD })) {
  return {
    http,
    now: () => new Date(),
    credentials,
    endpoints: { serviceUrl: server.origin },
  } satisfies CollectContext;
}
const searchSource = (cursor: string | null = null) =>
  testSource(
    'bluesky',
    'https://bsky.app/search?q=ng%E1%BA%ADp',
    { follow: 'search', query: 'ngập' },
    cursor,
  );

beforeAll(async () => {
  server = await listenOnLoopback(handle);
});
afterAll(async () => {
  await http.close();
  await server.close();
});
beforeEach(() => {
  forgetBlueskySessions();
  posts = Array.from({ length: 30 }, (_, i) => postView(i));
  searches = [];
  expireNext = false;
  signIns = 0;
  refreshes = 0;
  mode = 'ok';
});

describe('bluesky connector: searchPosts', () => {
  it('signs in once, reads the newest page, then pages with the cursor back to the stored time', async () => {
    const first = await blueskyConnector.collect(searchSource(), context());
    expect(first.mentions).toHaveLength(30);
    expect(first.cursor).toBe(posts[29]!.indexedAt);
    expect(searches[0]!.get('q')).toBe('ngập');
    expect(searches[0]!.get('sort')).toBe('latest');

    posts.push(...Array.from({ length: 250 }, (_, i) => postView(100 + i)));
    searches = [];
    const next = await blueskyConnector.collect(searchSource(first.cursor!), context());
    expect(searches.map((s) => [s.get('since'), s.get('cursor')])).toEqual([
      [first.cursor, null],
      [first.cursor, '100'],
      [first.cursor, '200'],
    ]);
    const ids = new Set(next.mentions.map((m) => m.externalId));
    for (const post of posts.slice(30)) expect(ids.has(post.uri as string)).toBe(true);
    expect(next.cursor).toBe(posts[posts.length - 1]!.indexedAt);
    expect(signIns).toBe(1);
    expect(JSON.stringify(next.mentions.map((m) => m.raw)).includes('Người')).toBe(false);
  });

  it('refreshes the session on ExpiredToken and goes on', async () => {
    await blueskyConnector.collect(searchSource(), context());
    expireNext = true;
    const again = await blueskyConnector.collect(searchSource(), context());
    expect(again.mentions).toHaveLength(30);
    expect(refreshes).toBe(1);
    expect(signIns).toBe(1);
  });

  it('marks a refused app password invalid', async () => {
    const wrong = recordingCredentials({ handle: HANDLE, appPassword: 'wrong' });
    const error = await blueskyConnector.collect(searchSource(), context(wrong)).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidCredentialError);
    expect(wrong.lease!.invalidReason).toMatch(/AuthenticationRequired/);
  });

  it('pauses on 429 and quarantines a body of another shape', async () => {
    mode = 'busy';
    const client = loopbackHttpClient();
    const busy = await blueskyConnector
      .collect(searchSource(), { ...context(), http: client })
      .catch((e) => e);
    await client.close();
    expect(busy).toBeInstanceOf(QuotaPause);
    expect((busy as QuotaPause).until.getTime()).toBeGreaterThan(Date.now() + 200_000);
    mode = 'odd';
    const odd = await blueskyConnector.collect(searchSource(), context()).catch((e) => e);
    expect(odd).toBeInstanceOf(QuarantinedResponseError);
  });
});

describe('bluesky connector: Jetstream firehose', () => {
  it('recognises Jetstream addresses as firehose sources and refuses one that keeps everything', () => {
    const found = recogniseBlueskySourceUrl(
      new URL('https://jetstream2.us-east.bsky.network/subscribe?lang=vi&keywords=ngập'),
    );
    expect(found).toMatchObject({
      follow: 'firehose',
      settings: { languages: 'vi', keywords: 'ngập' },
    });
    expect(() => firehoseFilter({ languages: 'any' })).toThrow(/languages or keywords/);
    expect(firehoseFilter({}).languages).toEqual(['vi']);
  });

  it('subscribes to posts from the stored cursor less the margin, keeps Vietnamese posts and deletions, and moves the cursor', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    const origin = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const lines = fixture('jetstream.jsonl').trim().split('\n');
    const english = JSON.parse(lines[0]!);
    english.commit.record.langs = ['en'];
    english.commit.rkey = 'english1';
    english.time_us += 1;
    const messages = [...lines.slice(0, 6), JSON.stringify(english)];
    let asked: URLSearchParams | null = null;
    wss.on('connection', (socket, request) => {
      asked = new URL(request.url ?? '/', 'http://x').searchParams;
      for (const message of messages) socket.send(message);
      socket.close(1000);
    });
    const emitted: { mentions: CollectedMention[]; cursor?: string | null }[] = [];
    const stored = 1791259000000000;
    const streamContext: StreamContext = {
      http,
      now: () => new Date(),
      signal: new AbortController().signal,
      cursor: String(stored),
      endpoints: { jetstreamUrl: origin },
      openWebSocket: createWebSocketOpener({ allowPrivateAddresses: true }),
      emit: async (batch) => {
        emitted.push(batch);
      },
      connected: () => undefined,
    };
    const source = testSource(
      'bluesky',
      'https://jetstream2.us-east.bsky.network/subscribe?lang=vi',
      {
        follow: 'firehose',
        languages: 'vi',
      },
    );
    await blueskyConnector.stream(source, streamContext);
    wss.close();
    expect(asked!.get('wantedCollections')).toBe('app.bsky.feed.post');
    expect(asked!.get('cursor')).toBe(String(stored - RESUME_MARGIN_US));
    const kept = emitted.flatMap((b) => b.mentions);
    expect(kept.map((m) => [m.deleted === true, m.updatedAt !== null])).toEqual([
      [false, false],
      [false, true],
      [true, true],
    ]);
    expect(emitted[emitted.length - 1]!.cursor).toBe(String(english.time_us));
    expect(emitted).toHaveLength(messages.length);
  });
});
