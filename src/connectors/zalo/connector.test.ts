import type { IncomingMessage, ServerResponse } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CredentialNeedsReplacingError,
  QuarantinedResponseError,
  QuotaPause,
} from '../collect-errors.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import { fakeCredentials } from '../test-support/fake-credentials.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { useLoopback } from '../test-support/loopback-hooks.js';
import { testSource } from '../test-support/source.js';
import { zaloConnector } from './connector.js';
import { verifyZaloSignature, zaloMac } from './connector-webhook.js';
import { parseZalo } from './parse-zalo.js';
import { recogniseZaloUrl } from './recognise-url.js';

const fixture = fixtureReader(import.meta.dirname);
const OA_ID = '4318290083375734591';
const SIGNING = { appId: '2781564738291045612', oaSecretKey: 'oa-secret-Kx82Lq' };

describe('zalo deliveries', () => {
  const mentions = parseZalo(fixture('deliveries.json'));

  it('reads followers’ messages and the OA’s replies, and nothing from other events', () => {
    expect(mentions.map((m) => [m.externalId, m.author?.kind, m.text])).toEqual([
      ['9c1f0e7a2b3d4c5e', 'person', 'Cho hỏi lịch cắt điện khu phố 3 tuần này ạ?'],
      ['9c1f0e7a2b3d4c5f', 'person', 'Cây đổ chắn đường'],
      ['7a7a7a7a7a7a7a7a', 'page', 'Phường đã nhận phản ánh, tổ công tác sẽ đến trong 30 phút.'],
    ]);
    expect(mentions[0]?.publishedAt).toBe('2025-11-30T06:00:00.000Z');
    expect(mentions[1]?.raw).toEqual({
      event_name: 'user_send_image',
      attachments: [{ type: 'image' }],
    });
  });

  it('keeps no contact form, phone number, attachment address or id in raw', () => {
    const kept = JSON.stringify(mentions.map((m) => m.raw));
    for (const detail of ['Trần Minh Khoa', '0987654321', 'zdn.vn', '8465123749012345678']) {
      expect(kept).not.toContain(detail);
    }
    expect(mentions.every((m) => m.author?.name === null)).toBe(true);
  });

  it('refuses a body that is no delivery, and an event never seen', () => {
    expect(() => parseZalo('{"error":-216,"message":"Access token is invalid"}')).toThrow(
      UnreadableBodyError,
    );
    expect(() => parseZalo('{"event_name":"user_teleported","timestamp":"1"}')).toThrow(
      /an event nghe does not know: "user_teleported"/,
    );
  });
});

describe('zalo delivery signature', () => {
  const body = '{"app_id":"2781564738291045612","event_name":"follow","timestamp":"1764482580000"}';
  // sha256(appId + body + timestamp + OA secret key), computed independently of zaloMac.
  const expected = (async () => {
    const { createHash } = await import('node:crypto');
    return createHash('sha256')
      .update(`2781564738291045612${body}1764482580000oa-secret-Kx82Lq`)
      .digest('hex');
  })();

  it('accepts the mac of appId, body, timestamp and OA secret key, with or without mac=', async () => {
    const mac = await expected;
    expect(zaloMac(body, '1764482580000', SIGNING)).toBe(mac);
    expect(verifyZaloSignature(body, `mac=${mac}`, SIGNING)).toBe(true);
    expect(verifyZaloSignature(body, mac.toUpperCase(), SIGNING)).toBe(true);
  });

  it('refuses a changed body, another key, a missing header or secret', async () => {
    const mac = await expected;
    expect(verifyZaloSignature(body.replace('follow', 'unfollow'), `mac=${mac}`, SIGNING)).toBe(
      false,
    );
    expect(verifyZaloSignature(body, `mac=${mac}`, { ...SIGNING, oaSecretKey: 'other' })).toBe(
      false,
    );
    expect(verifyZaloSignature(body, undefined, SIGNING)).toBe(false);
    expect(verifyZaloSignature(body, `mac=${mac}`, { ...SIGNING, oaSecretKey: '' })).toBe(false);
  });
});

describe('zalo connector: the OA’s articles', () => {
  let seen: URL[];
  let route: (url: URL) => string;

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(url);
    const body =
      req.headers.access_token !== 'oa-token'
        ? '{"error":-216,"message":"Access token is invalid"}'
        : route(url);
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  }

  const source = (cursor: string | null = null) =>
    testSource('zalo', `https://zalo.me/${OA_ID}`, { follow: 'oa', oaId: OA_ID }, cursor);
  const context = (credentials = fakeCredentials({ ...SIGNING, accessToken: 'oa-token' })) => ({
    http: loopback.http,
    now: () => new Date('2026-11-30T06:00:00Z'),
    endpoints: { apiBaseUrl: `${loopback.server.origin}/v2.0` },
    credentials,
  });

  const loopback = useLoopback(handle);
  beforeEach(() => {
    seen = [];
    route = () => fixture('articles.json');
  });

  it('reads the articles as the OA’s, a hidden one deleted, and then only newer ones', async () => {
    const result = await zaloConnector.collect(source(), context());
    expect(seen[0]?.pathname).toBe('/v2.0/article/getslice');
    expect(seen[0]?.searchParams.get('type')).toBe('normal');
    expect(result.mentions.map((m) => [m.externalId, m.author?.kind, m.deleted ?? false])).toEqual([
      ['article:bd5ea46bb32e5a0033f', 'page', false],
      ['article:c81a7d00f3e29b1184a', 'page', true],
    ]);
    expect(result.mentions[0]?.engagement).toEqual({ views: 1532, shares: 41 });
    const again = await zaloConnector.collect(source(result.cursor ?? null), context());
    expect(again.mentions).toHaveLength(0);
  });

  it('pages by offset ten at a time', async () => {
    const item = (n: number) => ({
      id: `a${n}`,
      title: `Bài ${n}`,
      create_date: 1764470000000 - n * 1000,
    });
    route = (url) => {
      const offset = Number(url.searchParams.get('offset'));
      const count = offset === 0 ? 10 : 3;
      return JSON.stringify({
        error: 0,
        message: 'Success',
        data: { medias: Array.from({ length: count }, (_, i) => item(offset + i)), total: 13 },
      });
    };
    const result = await zaloConnector.collect(source(), context());
    expect(seen.map((u) => u.searchParams.get('offset'))).toEqual(['0', '10']);
    expect(result.mentions).toHaveLength(13);
  });

  it('marks an expired or revoked token it cannot renew invalid and pauses the source', async () => {
    const credentials = fakeCredentials({ ...SIGNING, accessToken: 'expired' });
    await expect(zaloConnector.collect(source(), context(credentials))).rejects.toBeInstanceOf(
      CredentialNeedsReplacingError,
    );
    expect(credentials.invalid).toContain('error -216');
  });

  it('pauses when the OA’s quota is spent', async () => {
    route = () => '{"error":-32,"message":"Request exceeds the rate limit"}';
    const credentials = fakeCredentials({ ...SIGNING, accessToken: 'oa-token' });
    const error = await zaloConnector.collect(source(), context(credentials)).catch((e) => e);
    expect(error).toBeInstanceOf(QuotaPause);
    expect(credentials.exhausted?.reason).toContain('-32');
  });

  it('sets aside an answer of a shape never seen', async () => {
    route = () => '{"error":0,"data":{"items":[]}}';
    await expect(zaloConnector.collect(source(), context())).rejects.toBeInstanceOf(
      QuarantinedResponseError,
    );
  });

  it('polls nothing without an access token: the webhook brings the messages', async () => {
    const result = await zaloConnector.collect(source(), context(fakeCredentials({ ...SIGNING })));
    expect(result.notModified).toBe(true);
    expect(seen).toHaveLength(0);
  });
});

describe('zalo addresses', () => {
  it('recognises an OA and never a phone number', () => {
    expect(recogniseZaloUrl(new URL(`https://zalo.me/${OA_ID}`))).toEqual({
      follow: 'oa',
      settings: { oaId: OA_ID },
      url: `https://zalo.me/${OA_ID}`,
    });
    expect(recogniseZaloUrl(new URL('https://zalo.me/0912345678'))).toBeNull();
    expect(recogniseZaloUrl(new URL('https://example.com/4318290083375734591'))).toBeNull();
  });
});
