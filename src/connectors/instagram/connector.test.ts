// The Instagram connector against a loopback server that speaks the Graph API (Instagram API
// with Facebook Login, v25.0): the account's media paged with `after` and their comments,
// `ig_hashtag_search` and a hashtag's `recent_media` whose `after` cursor never changes, the
// usage headers, the error envelope (80002 per-account throttle, 190 bad token), a media deleted
// before its comments are read, a shape never seen, the call budget, and the 30 hashtags per
// rolling 7 days kept in a real store: never exceeded, a hashtag searched again costs nothing.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialPool } from '../../jobs/credentials-pool.js';
import { createCredentialVault } from '../../jobs/credentials-vault.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.js';
import {
  CredentialNeedsReplacingError,
  QuarantinedResponseError,
  QuotaPause,
} from '../collect-errors.js';
import type { CredentialProvider } from '../credentials.js';
import { fakeCredentials } from '../test-support/fake-credentials.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { useLoopback } from '../test-support/loopback-hooks.js';
import { rejection } from '../test-support/rejection.js';
import { testSource } from '../test-support/source.js';
import { instagramConnector } from './connector.js';
import { instagramCredential, recogniseInstagramUrl } from './recognise-url.js';

const fixture = fixtureReader(import.meta.dirname);
const ACCOUNT = '17841405822304914';
const HASHTAG_ID = '17843853986012965';
const SECRETS = { accessToken: 'EAAB-user-token', accountId: ACCOUNT };
const HANDLES = ['minh.anh_92', 'hoangtuan.sg', 'lan.nguyen.2001'];

interface Reply {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}

let route: (url: URL) => Reply | null;
let seen: URL[];
let now: Date;

function media(ids: number[], comments: number, after: string | null): string {
  return JSON.stringify({
    data: ids.map((n) => ({
      id: `18026537890123${n}`,
      caption: `Triều cường chiều 30/11 số ${n}`,
      media_type: 'IMAGE',
      permalink: `https://www.instagram.com/p/DCx${n}/`,
      timestamp: '2026-11-30T10:05:22+0000',
      like_count: 12,
      comments_count: comments,
      username: 'thuduc.news',
      owner: { id: ACCOUNT },
    })),
    paging: {
      cursors: { before: 'QVFI', after: after ?? 'QVFI' },
      ...(after
        ? { next: `https://graph.facebook.com/v25.0/${ACCOUNT}/media?after=${after}` }
        : {}),
    },
  });
}

/** A hashtag page: ids `first…` at one minute apart going back, with the constant cursor. */
function hashtagPage(first: number, size: number): string {
  return JSON.stringify({
    data: Array.from({ length: size }, (_, i) => ({
      id: `178809976180${first + i}`,
      media_type: 'IMAGE',
      comments_count: 1,
      caption: `Mưa lớn quá #ngapsaigon ${first + i}`,
      permalink: `https://www.instagram.com/p/H${first + i}/`,
      timestamp: new Date(Date.UTC(2026, 10, 30, 12, 0) - (first + i) * 60_000)
        .toISOString()
        .replace('.000Z', '+0000'),
    })),
    paging: {
      cursors: { after: 'NTAyMDAxNzE4NjgzMzQ5OQZDZD' },
      next: `https://graph.facebook.com/v25.0/${HASHTAG_ID}/recent_media?after=NTAyMDAxNzE4NjgzMzQ5OQZDZD`,
    },
  });
}

function defaultRoute(url: URL): Reply | null {
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[1] === 'ig_hashtag_search') return { body: fixture('hashtag-search.json') };
  if (parts[1] === HASHTAG_ID && parts[2] === 'recent_media') {
    // The same cursor on every page: the third page repeats the second.
    const call = seen.filter((u) => u.pathname === url.pathname).length;
    return { body: call === 1 ? hashtagPage(0, 3) : hashtagPage(3, 2) };
  }
  if (parts[1] === ACCOUNT && parts.length === 2) {
    return { body: JSON.stringify({ id: ACCOUNT, username: 'thuduc.news' }) };
  }
  if (parts[2] === 'media') {
    return url.searchParams.get('after') === 'M2'
      ? { body: media([3], 0, null) }
      : { body: media([1, 2], 3, 'M2') };
  }
  if (parts[2] === 'comments') {
    return url.searchParams.has('after')
      ? { body: '{"data":[]}' }
      : { body: fixture('media-comments.json') };
  }
  return null;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.push(url);
  const reply =
    req.headers.authorization !== `Bearer ${SECRETS.accessToken}`
      ? { status: 400, body: fixture('error-invalid-token.json') }
      : (route(url) ?? { status: 400, body: '{"error":{"message":"Unknown path","code":2500}}' });
  res
    .writeHead(reply.status ?? 200, {
      'content-type': 'application/json; charset=UTF-8',
      ...reply.headers,
    })
    .end(reply.body);
}

const hashtagSource = (cursor: string | null = null, hashtag = 'ngapsaigon') =>
  testSource(
    'instagram',
    `https://www.instagram.com/explore/tags/${hashtag}/`,
    { follow: 'hashtag', hashtag },
    cursor,
  );
const accountSource = (cursor: string | null = null) =>
  testSource(
    'instagram',
    'https://www.instagram.com/thuduc.news/',
    { follow: 'account', username: 'thuduc.news' },
    cursor,
  );

function context(credentials: CredentialProvider = fakeCredentials(SECRETS)) {
  return {
    http: loopback.http,
    now: () => now,
    endpoints: { apiBaseUrl: `${loopback.server.origin}/v25.0` },
    credentials,
  };
}

const loopback = useLoopback(handle);

beforeEach(() => {
  seen = [];
  now = new Date('2026-11-30T13:00:00Z');
  route = defaultRoute;
});

describe('instagram connector: the account', () => {
  it('pages its media and reads the comments of media whose count changed, naming nobody', async () => {
    const result = await instagramConnector.collect(accountSource(), context());
    expect(seen.map((u) => `${u.pathname}${u.searchParams.has('after') ? '+' : ''}`)).toEqual([
      `/v25.0/${ACCOUNT}`,
      `/v25.0/${ACCOUNT}/media`,
      `/v25.0/${ACCOUNT}/media+`,
      '/v25.0/180265378901231/comments',
      '/v25.0/180265378901231/comments+',
      '/v25.0/180265378901232/comments',
      '/v25.0/180265378901232/comments+',
    ]);
    expect(result.mentions.filter((m) => m.parentExternalId === null)).toHaveLength(3);
    const comment = result.mentions.find((m) => m.externalId === '17890455012345001');
    expect(comment?.author?.kind).toBe('person');
    const kept = JSON.stringify(result.mentions);
    for (const handle of HANDLES) expect(kept).not.toContain(handle);
    expect(JSON.parse(result.cursor!).comments).toEqual({
      '180265378901231': 3,
      '180265378901232': 3,
    });

    seen = [];
    await instagramConnector.collect(accountSource(result.cursor ?? null), context());
    expect(seen.filter((u) => u.pathname.endsWith('/comments'))).toHaveLength(0);
  });

  it('passes over a media deleted before its comments were read', async () => {
    route = (url) =>
      url.pathname.endsWith('180265378901231/comments')
        ? {
            status: 400,
            body: '{"error":{"message":"Unsupported get request. Object with ID \'180265378901231\' does not exist","type":"GraphMethodException","code":100,"error_subcode":33}}',
          }
        : defaultRoute(url);
    const result = await instagramConnector.collect(accountSource(), context());
    expect(result.warnings.join('\n')).toContain('media 180265378901231 was deleted');
    expect(Object.keys(JSON.parse(result.cursor!).comments)).toEqual(['180265378901232']);
  });
});

describe('instagram connector: hashtags', () => {
  it('searches the hashtag once, reads recent media until a page brings nothing new', async () => {
    const credentials = fakeCredentials(SECRETS);
    const result = await instagramConnector.collect(hashtagSource(), context(credentials));
    const search = seen.find((u) => u.pathname.endsWith('/ig_hashtag_search'));
    expect(search?.searchParams.get('user_id')).toBe(ACCOUNT);
    expect(search?.searchParams.get('q')).toBe('ngapsaigon');
    const pages = seen.filter((u) => u.pathname.endsWith('/recent_media'));
    expect(pages.map((u) => u.searchParams.get('after'))).toEqual([
      null,
      'NTAyMDAxNzE4NjgzMzQ5OQZDZD',
      'NTAyMDAxNzE4NjgzMzQ5OQZDZD',
    ]);
    expect(result.mentions.map((m) => m.externalId)).toHaveLength(7);
    expect(new Set(result.mentions.map((m) => m.externalId)).size).toBe(5);
    expect(credentials.spent.hashtags).toBe(1);
    const cursor = JSON.parse(result.cursor!);
    expect(cursor.hashtagId).toBe(HASHTAG_ID);
    expect(cursor.newest).toBe('2026-11-30T12:00:00+0000');

    // The next collection neither searches again nor reads past what it read.
    seen = [];
    await instagramConnector.collect(hashtagSource(result.cursor ?? null), context(credentials));
    expect(seen.map((u) => u.pathname)).toEqual([`/v25.0/${HASHTAG_ID}/recent_media`]);
  });

  describe('within 30 hashtags per rolling 7 days, kept in the store', () => {
    let dir: string;
    let store: SqliteStore;
    const vault = createCredentialVault(randomBytes(32));
    const pool = () => new CredentialPool(store, vault, () => now);

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'nghe-ig-'));
      store = openSqliteStore(join(dir, 'nghe.db'));
      const { accessToken } = SECRETS;
      await store.addCredential({
        platform: 'instagram',
        label: 'district',
        publicFields: { accountId: ACCOUNT },
        sealed: vault.seal('instagram', { accessToken }),
      });
    });

    afterEach(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function collectTag(tag: string, at: Date) {
      now = at;
      const session = await pool().session('instagram', instagramCredential);
      try {
        return await instagramConnector.collect(hashtagSource(null, tag), context(session));
      } finally {
        await session.persist();
      }
    }

    it('searches the 30th hashtag, refuses a 31st without a call, and frees one a week on', async () => {
      const start = new Date('2026-11-20T00:00:00Z');
      for (let i = 0; i < 29; i++) {
        await collectTag(`tag${i}`, new Date(start.getTime() + i * 3600_000));
      }
      const day = new Date('2026-11-25T00:00:00Z');
      seen = [];
      await collectTag('ngapsaigon', day);
      expect(seen.some((u) => u.searchParams.get('q') === 'ngapsaigon')).toBe(true);

      seen = [];
      const refused = await rejection(collectTag('trieucuong', day));
      expect(refused).toBeInstanceOf(QuotaPause);
      expect(refused.message).toContain('used 30 of 30 hashtags');
      expect((refused as QuotaPause).until.toISOString()).toBe('2026-11-27T00:00:00.000Z');
      expect(seen).toHaveLength(0);

      // A hashtag searched in the window costs nothing.
      await collectTag('tag3', day);
      expect(seen.some((u) => u.searchParams.get('q') === 'tag3')).toBe(true);

      // Seven days after the first search, that hashtag has left the window.
      seen = [];
      await collectTag('trieucuong', new Date('2026-11-27T00:00:01Z'));
      expect(seen.some((u) => u.searchParams.get('q') === 'trieucuong')).toBe(true);
      const [stored] = await store.listCredentials('instagram');
      const quota = (stored?.quota ?? {}) as { keys?: Record<string, Record<string, string>> };
      const hashtags = quota.keys?.hashtags ?? {};
      expect(Object.keys(hashtags)).toHaveLength(30);
      expect(hashtags.tag0).toBeUndefined();
    });
  });
});

describe('instagram connector: limits and errors', () => {
  it('pauses on error 80002 with its reason', async () => {
    route = () => ({ status: 400, body: fixture('error-account-rate-limit.json') });
    const credentials = fakeCredentials(SECRETS);
    const error = await rejection(
      instagramConnector.collect(accountSource(), context(credentials)),
    );
    expect(error).toBeInstanceOf(QuotaPause);
    expect(error.message).toContain('code 80002');
    expect(error.message).toContain('too many calls to this Instagram account');
    expect(credentials.rateLimits).toHaveLength(1);
  });

  it('marks a token Meta cannot read invalid and pauses the source', async () => {
    const credentials = fakeCredentials({ ...SECRETS, accessToken: 'EAAB-garbled' });
    const error = await rejection(
      instagramConnector.collect(accountSource(), context(credentials)),
    );
    expect(error).toBeInstanceOf(CredentialNeedsReplacingError);
    expect(credentials.invalid).toContain('code 190');
  });

  it('stops at 90 % Business Use Case usage and keeps the media read', async () => {
    route = (url) => {
      const reply = defaultRoute(url);
      if (reply && url.pathname.endsWith('/media')) {
        reply.headers = {
          'x-business-use-case-usage': JSON.stringify({
            [ACCOUNT]: [
              {
                type: 'instagram',
                call_count: 95,
                total_cputime: 10,
                total_time: 12,
                estimated_time_to_regain_access: 0,
              },
            ],
          }),
        };
      }
      return reply;
    };
    const result = await instagramConnector.collect(accountSource(), context());
    expect(seen).toHaveLength(2);
    expect(result.mentions).toHaveLength(2);
    expect(result.warnings.join('\n')).toContain(
      'at 95 % (X-Business-Use-Case-Usage instagram call_count)',
    );
  });

  it('makes exactly as many calls as its budget allows', async () => {
    const credentials = fakeCredentials(SECRETS, { calls: 4 });
    const result = await instagramConnector.collect(accountSource(), context(credentials));
    expect(seen).toHaveLength(4);
    expect(result.warnings.join('\n')).toContain('call budget');
  });

  it('sets aside a body of a shape never seen', async () => {
    route = (url) =>
      url.pathname.endsWith('/recent_media') ? { body: '{"media":[]}' } : defaultRoute(url);
    const error = await rejection(instagramConnector.collect(hashtagSource(), context()));
    expect(error).toBeInstanceOf(QuarantinedResponseError);
  });
});

describe('instagram addresses', () => {
  it('recognises hashtags and accounts, not single posts', () => {
    expect(
      recogniseInstagramUrl(new URL('https://www.instagram.com/explore/tags/NgapSaiGon/')),
    ).toEqual({
      follow: 'hashtag',
      settings: { hashtag: 'ngapsaigon' },
      url: 'https://www.instagram.com/explore/tags/ngapsaigon/',
    });
    expect(recogniseInstagramUrl(new URL('https://instagram.com/thuduc.news'))?.follow).toBe(
      'account',
    );
    expect(recogniseInstagramUrl(new URL('https://www.instagram.com/p/DCxQ1aBJk3m/'))).toBeNull();
  });
});
