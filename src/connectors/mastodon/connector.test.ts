import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { CollectedMention, Source } from '../../model.js';
import { createWebSocketOpener } from '../../net/web-socket.js';
import {
  InvalidCredentialError,
  MissingCredentialError,
  QuarantinedResponseError,
  QuotaPause,
} from '../collect-errors.js';
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
import { linkRelation, mastodonConnector, newerId } from './connector.js';

const fixture = fixtureReader(import.meta.dirname);
const TOKEN = 'user-token-1';

/** A status in the documented Status shape; ids grow with time as Mastodon's do. */
function status(n: number): Record<string, unknown> {
  const id = String(113300000000000000n + BigInt(n));
  return {
    id,
    created_at: new Date(Date.UTC(2026, 9, 6, 0, 0, n)).toISOString(),
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: 'vi',
    uri: `${origin}/users/u${n % 7}/statuses/${id}`,
    url: `${origin}/@u${n % 7}/${id}`,
    replies_count: 0,
    reblogs_count: n % 3,
    favourites_count: n % 5,
    edited_at: null,
    content: `<p>Triều cường số ${n} ở Thủ Đức <a href="${origin}/tags/ngaplut" class="mention hashtag" rel="tag">#<span>ngaplut</span></a></p>`,
    reblog: null,
    account: {
      id: `10900000000000000${n % 7}`,
      username: `u${n % 7}`,
      acct: `u${n % 7}`,
      display_name: `Người ${n % 7}`,
      url: `${origin}/@u${n % 7}`,
    },
    media_attachments: [],
    mentions: [],
    tags: [{ name: 'ngaplut', url: `${origin}/tags/ngaplut` }],
    emojis: [],
  };
}

let server: LoopbackServer;
let origin: string;
let timeline: Record<string, unknown>[] = [];
let requests: { path: string; auth: string | undefined }[] = [];
let remaining = 300;

function json(
  response: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(code, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Mastodon's min_id / max_id semantics over `timeline` (oldest first), newest first per page. */
function handle(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', origin);
  requests.push({ path: `${url.pathname}${url.search}`, auth: request.headers.authorization });
  const limitHeaders = {
    'x-ratelimit-limit': '300',
    'x-ratelimit-remaining': String(--remaining),
    'x-ratelimit-reset': new Date(Date.now() + 300_000).toISOString(),
  };
  if (url.pathname === '/api/v1/timelines/tag/locked') {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      json(response, 401, fixture('error-401.json'));
      return;
    }
  } else if (url.pathname === '/api/v1/timelines/tag/busy') {
    json(response, 429, fixture('error-429.json'), {
      ...limitHeaders,
      'x-ratelimit-remaining': '0',
    });
    return;
  } else if (url.pathname === '/api/v1/timelines/tag/odd') {
    json(response, 200, fixture('notifications.json'), limitHeaders);
    return;
  } else if (url.pathname === '/api/v1/timelines/tag/halfodd') {
    // A good page whose newer page is a body of another shape.
    json(response, 200, [status(500)], {
      ...limitHeaders,
      link: `<${origin}/api/v1/timelines/tag/odd?min_id=1>; rel="prev"`,
    });
    return;
  } else if (url.pathname === '/api/v1/timelines/tag/gone') {
    json(response, 404, fixture('error-404.json'));
    return;
  } else if (url.pathname === '/api/v1/timelines/tag/edited') {
    json(response, 200, fixture('hashtag-timeline.json'), limitHeaders);
    return;
  } else if (url.pathname !== '/api/v1/timelines/tag/ngaplut') {
    json(response, 404, fixture('error-404.json'));
    return;
  }
  const limit = Math.min(40, Number(url.searchParams.get('limit') ?? 20));
  const minId = url.searchParams.get('min_id');
  const newer = minId ? timeline.filter((s) => newerId(s.id as string, minId) !== minId) : timeline;
  const page = (minId ? newer.slice(0, limit) : newer.slice(-limit)).reverse();
  const links: string[] = [];
  if (page.length > 0) {
    const path = `${origin}${url.pathname}?limit=${limit}`;
    links.push(`<${path}&max_id=${page[page.length - 1]!.id}>; rel="next"`);
    links.push(`<${path}&min_id=${page[0]!.id}>; rel="prev"`);
  }
  json(response, 200, page, {
    ...limitHeaders,
    ...(links.length ? { link: links.join(', ') } : {}),
  });
}

function source(tag: string, cursor: string | null = null, instance = origin): Source {
  return testSource(
    'mastodon',
    `${instance}/tags/${tag}`,
    { follow: 'hashtag', instance, tag },
    cursor,
  );
}

const http = loopbackHttpClient();
function context(credentials = recordingCredentials(null)): CollectContext {
  return { http, now: () => new Date(), credentials };
}

beforeAll(async () => {
  server = await listenOnLoopback(handle);
  origin = server.origin;
});
afterAll(async () => {
  await http.close();
  await server.close();
});
beforeEach(() => {
  timeline = Array.from({ length: 30 }, (_, i) => status(i));
  requests = [];
  remaining = 300;
});

describe('mastodon connector: timelines', () => {
  it('starts at the newest page and pages newer statuses from the stored min_id through Link prev', async () => {
    const first = await mastodonConnector.collect(source('ngaplut'), context());
    expect(first.mentions).toHaveLength(30);
    expect(first.cursor).toBe(timeline[29]!.id);
    expect(requests[0]!.path).toBe('/api/v1/timelines/tag/ngaplut?limit=40');

    timeline.push(...Array.from({ length: 95 }, (_, i) => status(100 + i)));
    requests = [];
    const next = await mastodonConnector.collect(source('ngaplut', first.cursor!), context());
    expect(next.mentions.map((m) => m.externalId).sort()).toEqual(
      timeline
        .slice(30)
        .map((s) => `${new URL(origin).host}/${s.id as string}`)
        .sort(),
    );
    expect(next.cursor).toBe(timeline[timeline.length - 1]!.id);
    // 40 + 40 + 15, then an empty page ends the walk.
    expect(requests.map((r) => new URL(r.path, origin).searchParams.get('min_id'))).toEqual([
      first.cursor,
      timeline[69]!.id,
      timeline[109]!.id,
      timeline[124]!.id,
    ]);
    const mention = next.mentions[0]!;
    expect(mention.platform).toBe('mastodon');
    expect(mention.author?.kind).toBe('person');
    // Names reach the pseudonymiser through `author` only, never through the raw payload.
    expect(JSON.stringify(next.mentions.map((m) => m.raw)).includes('Người')).toBe(false);

    const idle = await mastodonConnector.collect(source('ngaplut', next.cursor!), context());
    expect(idle.mentions).toHaveLength(0);
    expect(idle.cursor).toBe(next.cursor);
  });

  it('reports the instance rate-limit headers and spends one request per page from the token', async () => {
    const credentials = recordingCredentials({ instance: origin, accessToken: TOKEN });
    await mastodonConnector.collect(source('ngaplut'), context(credentials));
    expect(requests[0]!.auth).toBe(`Bearer ${TOKEN}`);
    expect(credentials.lease!.spent.requests).toBe(1);
    expect(credentials.lease!.rateLimits[0]).toMatchObject({ limit: 300, remaining: 299 });
  });

  it('never sends a token to another instance than its own', async () => {
    const credentials = recordingCredentials({
      instance: 'https://mastodon.social',
      accessToken: TOKEN,
    });
    await mastodonConnector.collect(source('ngaplut'), context(credentials));
    expect(requests[0]!.auth).toBeUndefined();
  });

  it('keeps edits and content warnings, one mention per status', async () => {
    const result = await mastodonConnector.collect(source('edited'), context());
    const edited = result.mentions.find((m) => m.updatedAt !== null);
    expect(edited?.updatedAt).toBe('2026-10-05T02:20:00.000Z');
    expect(new Set(result.mentions.map((m) => m.externalId)).size).toBe(result.mentions.length);
  });

  it('pauses on 429 until the window renews', async () => {
    // A client of its own: the spent window would pace every later request of this instance.
    const client = loopbackHttpClient();
    const error = await mastodonConnector
      .collect(source('busy'), { ...context(), http: client })
      .catch((e) => e);
    await client.close();
    expect(error).toBeInstanceOf(QuotaPause);
    expect((error as QuotaPause).message).toMatch(/rate limit.*Too many requests/);
    expect((error as QuotaPause).until.getTime()).toBeGreaterThan(Date.now() + 200_000);
  });

  it('asks for a token when the instance refuses anonymous reads, and marks a refused token invalid', async () => {
    const anonymous = await mastodonConnector.collect(source('locked'), context()).catch((e) => e);
    expect(anonymous).toBeInstanceOf(MissingCredentialError);
    const credentials = recordingCredentials({ instance: origin, accessToken: 'wrong' });
    const refused = await mastodonConnector
      .collect(source('locked'), context(credentials))
      .catch((e) => e);
    expect(refused).toBeInstanceOf(InvalidCredentialError);
    expect(credentials.lease!.invalidReason).toMatch(/401.*access token is invalid/);
    const good = recordingCredentials({ instance: origin, accessToken: TOKEN });
    await expect(mastodonConnector.collect(source('locked'), context(good))).resolves.toBeTruthy();
  });

  it('quarantines a body of a shape it has never seen, and fails a missing tag with the reason', async () => {
    const odd = await mastodonConnector.collect(source('odd'), context()).catch((e) => e);
    expect(odd).toBeInstanceOf(QuarantinedResponseError);
    expect((odd as QuarantinedResponseError).body).toContain('"type": "follow"');
    const gone = await mastodonConnector.collect(source('gone'), context()).catch((e) => e);
    expect((gone as Error).message).toMatch(/404.*Record not found/);
  });

  it('returns nothing of a collection whose later page cannot be read', async () => {
    const error = await mastodonConnector
      .collect(source('halfodd', '1'), context())
      .catch((e) => e);
    expect(error).toBeInstanceOf(QuarantinedResponseError);
    expect((error as QuarantinedResponseError).url).toContain('/tag/odd');
  });

  it('reads RFC 8288 Link relations', () => {
    const header =
      '<https://m.example/api?max_id=1>; rel="next", <https://m.example/api?min_id=9>; rel="prev"';
    expect(linkRelation(header, 'prev')).toBe('https://m.example/api?min_id=9');
    expect(linkRelation(header, 'next')).toBe('https://m.example/api?max_id=1');
    expect(linkRelation(undefined, 'prev')).toBeNull();
  });
});

describe('mastodon connector: streaming', () => {
  it('subscribes to the hashtag with the user token and emits updates, edits and deletions', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    const wsOrigin = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const subscriptions: unknown[] = [];
    let auth: string | undefined;
    wss.on('connection', (socket, request) => {
      auth = request.headers.authorization;
      socket.on('message', (data) => {
        subscriptions.push(JSON.parse(data.toString()));
        for (const line of fixture('stream-websocket.jsonl').trim().split('\n')) socket.send(line);
        socket.close(1000);
      });
    });
    const emitted: CollectedMention[] = [];
    let connected = 0;
    const credentials = recordingCredentials({ instance: origin, accessToken: TOKEN });
    const controller = new AbortController();
    const streamContext: StreamContext = {
      http,
      now: () => new Date(),
      signal: controller.signal,
      cursor: null,
      credentials,
      endpoints: { streamingUrl: wsOrigin },
      openWebSocket: createWebSocketOpener({ allowPrivateAddresses: true }),
      emit: async (batch) => {
        emitted.push(...batch.mentions);
      },
      connected: () => connected++,
    };
    await mastodonConnector.stream(source('ngaplut'), streamContext);
    wss.close();
    expect(auth).toBe(`Bearer ${TOKEN}`);
    expect(subscriptions).toEqual([{ type: 'subscribe', stream: 'hashtag', tag: 'ngaplut' }]);
    expect(connected).toBe(1);
    // Stored ids carry the instance: status ids are only unique within one instance.
    const host = new URL(origin).host;
    expect(emitted.map((m) => [m.externalId, m.deleted === true])).toEqual([
      [`${host}/113200000000000002`, false],
      [`${host}/113200000000000020`, false],
      [`${host}/113200000000000099`, true],
    ]);
    expect(emitted[1]!.updatedAt).not.toBeNull();

    const anonymous = await mastodonConnector
      .stream(source('ngaplut'), { ...streamContext, credentials: recordingCredentials(null) })
      .catch((e) => e);
    expect(anonymous).toBeInstanceOf(MissingCredentialError);
  });
});
