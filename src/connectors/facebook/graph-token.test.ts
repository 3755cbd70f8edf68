// Renewal of a long-lived Graph token against a loopback Graph API, through the real credential
// pool over SQLite: expiry read with debug_token, the exchange, the new token sealed before it is
// used, a failed renewal, a revoked token, and a crash between the exchange and the store.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialPool } from '../../jobs/credentials-pool.js';
import { type CredentialVault, createCredentialVault } from '../../jobs/credentials-vault.js';
import type { CollectionStateStore } from '../../store/collection-state-store.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { CredentialNeedsReplacingError } from '../collect-errors.js';
import { instagramConnector } from '../instagram/connector.js';
import { instagramCredential } from '../instagram/recognise-url.js';
import { fixtureReader } from '../test-support/fixtures.js';
import { useLoopback } from '../test-support/loopback-hooks.js';
import { rejection } from '../test-support/rejection.js';
import { testSource } from '../test-support/source.js';
import { facebookConnector } from './connector.js';
import { facebookCredential } from './recognise-url.js';

const fixture = fixtureReader(import.meta.dirname);
const APP = { appId: '138483919580948', appSecret: 'app-secret-9f2c' };
const OLD = 'EAAB-old-page-token';
const NEW = 'EAAB-renewed-page-token';
const PAGE_ID = '104958162837';
const IG_ACCOUNT = '17841405822304914';
const DAY = 86_400_000;

/** What the loopback Graph API knows of each token: its expiry (0: never) and validity. */
let tokens: Map<string, { expiresAt: number; valid: boolean }>;
let exchangeAnswer: { status: number; body: string } | null;
let seen: { path: string; authorization: string | undefined; query: URLSearchParams }[];
let now: Date;
let dir: string;
let store: SqliteStore;
let vault: CredentialVault;

function graph(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname.replace(/^\/v25\.0\//, '');
  seen.push({ path, authorization: req.headers.authorization, query: url.searchParams });
  const send = (status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(body);
  };
  if (path === 'debug_token') {
    if (url.searchParams.get('access_token') !== `${APP.appId}|${APP.appSecret}`) {
      return send(400, fixture('error-expired-token.json'));
    }
    const known = tokens.get(url.searchParams.get('input_token') ?? '');
    if (!known?.valid) return send(200, fixture('debug-token-invalid.json'));
    const answer = JSON.parse(fixture('debug-token.json'));
    answer.data.expires_at = Math.floor(known.expiresAt / 1000);
    return send(200, JSON.stringify(answer));
  }
  if (path === 'oauth/access_token') {
    const ok =
      url.searchParams.get('grant_type') === 'fb_exchange_token' &&
      url.searchParams.get('client_id') === APP.appId &&
      url.searchParams.get('client_secret') === APP.appSecret &&
      tokens.get(url.searchParams.get('fb_exchange_token') ?? '')?.valid;
    if (exchangeAnswer) return send(exchangeAnswer.status, exchangeAnswer.body);
    if (!ok) return send(400, fixture('error-expired-token.json'));
    tokens.set(NEW, { expiresAt: now.getTime() + 5183944_000, valid: true });
    return send(200, fixture('token-exchange.json'));
  }
  const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
  const known = tokens.get(bearer);
  if (!known?.valid || (known.expiresAt !== 0 && known.expiresAt <= now.getTime())) {
    return send(400, fixture('error-expired-token.json'));
  }
  if (path === 'congthongtinthuduc') {
    return send(200, JSON.stringify({ id: PAGE_ID, name: 'Cổng Thông Tin Thủ Đức' }));
  }
  if (path === `${PAGE_ID}/posts`) return send(200, fixture('empty-feed.json'));
  if (path === IG_ACCOUNT)
    return send(200, JSON.stringify({ id: IG_ACCOUNT, username: 'thuduc.news' }));
  if (path === `${IG_ACCOUNT}/media`) return send(200, fixture('empty-feed.json'));
  return send(404, '{"error":{"message":"Unknown path","type":"OAuthException","code":2500}}');
}

const loopback = useLoopback(graph);

beforeEach(() => {
  now = new Date('2026-11-30T12:00:00Z');
  tokens = new Map([[OLD, { expiresAt: now.getTime() + 3 * DAY, valid: true }]]);
  exchangeAnswer = null;
  seen = [];
  dir = mkdtempSync(join(tmpdir(), 'nghe-graph-token-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
  vault = createCredentialVault(randomBytes(32));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function addToken(fields: Record<string, string> = {}) {
  return store.addCredential({
    platform: 'facebook',
    label: 'trang phường',
    publicFields: { appId: APP.appId },
    sealed: vault.seal('facebook', { accessToken: OLD, appSecret: APP.appSecret, ...fields }),
  });
}

const source = testSource('facebook', 'https://www.facebook.com/congthongtinthuduc', {
  follow: 'page',
  page: 'congthongtinthuduc',
});

/** One collection through a pool over `over` (the store, or a store that fails on purpose). */
async function collect(over: CollectionStateStore = store) {
  const pool = new CredentialPool(over, vault, () => now);
  const credentials = await pool.session('facebook', facebookCredential);
  try {
    return await facebookConnector.collect(source, {
      http: loopback.http,
      now: () => now,
      endpoints: { apiBaseUrl: `${loopback.server.origin}/v25.0` },
      credentials,
    });
  } finally {
    await credentials.persist();
  }
}

async function storedSecrets() {
  const [row] = await store.listCredentials('facebook');
  return { row: row!, secrets: vault.open('facebook', row!.sealed) };
}

const pageCalls = () => seen.filter((s) => !['debug_token', 'oauth/access_token'].includes(s.path));

describe('graph token renewal', () => {
  it('exchanges a token that expires within a week, stores it sealed, then uses it', async () => {
    await addToken();
    const result = await collect();
    expect(result.warnings).toEqual([]);
    expect(seen.map((s) => s.path)).toEqual([
      'debug_token',
      'oauth/access_token',
      'congthongtinthuduc',
      `${PAGE_ID}/posts`,
    ]);
    // Every call after the exchange carries the new token, none the old.
    expect(pageCalls().every((c) => c.authorization === `Bearer ${NEW}`)).toBe(true);
    const { row, secrets } = await storedSecrets();
    expect(row.sealed).not.toContain(NEW);
    expect(secrets.accessToken).toBe(NEW);
    expect(Date.parse(secrets.tokenExpiresAt!)).toBe(now.getTime() + 5183944_000);
    // The exchange counted against the call budget like any call.
    expect((row.quota as { buckets: { calls: { used: number } } }).buckets.calls.used).toBe(4);

    // Checked today and far from expiry: the next collection goes straight to the Page.
    seen = [];
    now = new Date(now.getTime() + 3600_000);
    await collect();
    expect(seen.map((s) => s.path)).toEqual(['congthongtinthuduc', `${PAGE_ID}/posts`]);
  });

  it('renews an Instagram user token the same way before reading the account', async () => {
    await store.addCredential({
      platform: 'instagram',
      label: 'tài khoản phường',
      publicFields: { appId: APP.appId, accountId: IG_ACCOUNT },
      sealed: vault.seal('instagram', { accessToken: OLD, appSecret: APP.appSecret }),
    });
    const pool = new CredentialPool(store, vault, () => now);
    const credentials = await pool.session('instagram', instagramCredential);
    const result = await instagramConnector.collect(
      testSource('instagram', 'https://www.instagram.com/thuduc.news/', {
        follow: 'account',
        username: 'thuduc.news',
      }),
      {
        http: loopback.http,
        now: () => now,
        endpoints: { apiBaseUrl: `${loopback.server.origin}/v25.0` },
        credentials,
      },
    );
    await credentials.persist();
    expect(result.warnings).toEqual([]);
    expect(seen.slice(0, 2).map((s) => s.path)).toEqual(['debug_token', 'oauth/access_token']);
    expect(pageCalls().length).toBeGreaterThan(0);
    expect(pageCalls().every((c) => c.authorization === `Bearer ${NEW}`)).toBe(true);
    const [row] = await store.listCredentials('instagram');
    expect(vault.open('instagram', row!.sealed).accessToken).toBe(NEW);
  });

  it('only checks a token that never expires, once a day', async () => {
    tokens.set(OLD, { expiresAt: 0, valid: true });
    await addToken();
    await collect();
    expect(seen.map((s) => s.path)).toEqual([
      'debug_token',
      'congthongtinthuduc',
      `${PAGE_ID}/posts`,
    ]);
    expect((await storedSecrets()).secrets).toMatchObject({
      accessToken: OLD,
      tokenExpiresAt: 'never',
    });
    seen = [];
    now = new Date(now.getTime() + DAY + 1000);
    await collect();
    expect(seen[0]?.path).toBe('debug_token');
  });

  it('keeps collecting with the old token when the exchange fails before it expires', async () => {
    await addToken();
    exchangeAnswer = {
      status: 500,
      body: '{"error":{"message":"An unexpected error has occurred. Please retry your request later.","type":"OAuthException","code":2,"is_transient":true,"fbtrace_id":"Ax1"}}',
    };
    const result = await collect();
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(
      /token of credential #1 "trang phường" expires at 2026-12-03T12:00:00.000Z and could not be renewed .*An unexpected error.*; nghe tries again next collection/,
    );
    expect(pageCalls().every((c) => c.authorization === `Bearer ${OLD}`)).toBe(true);
    expect((await storedSecrets()).secrets.accessToken).toBe(OLD);
    // Not marked checked: the next collection tries the exchange again.
    exchangeAnswer = null;
    seen = [];
    await collect();
    expect(seen.map((s) => s.path).slice(0, 2)).toEqual(['debug_token', 'oauth/access_token']);
    expect((await storedSecrets()).secrets.accessToken).toBe(NEW);
  });

  it('marks a revoked token invalid in plain words and pauses every source of it', async () => {
    tokens.set(OLD, { expiresAt: now.getTime() + 30 * DAY, valid: false });
    await addToken();
    const error = await rejection(collect());
    expect(error).toBeInstanceOf(CredentialNeedsReplacingError);
    expect((error as Error).message).toMatch(
      /^Facebook token of credential #1 "trang phường": the token expired or was revoked \(Error validating access token: The session has been invalidated.*\); its sources wait until a new token is added with `nghe credentials add facebook`$/,
    );
    expect(pageCalls()).toEqual([]);
    const { row } = await storedSecrets();
    expect(row.status).toBe('invalid');
    expect(row.lastError).toMatch(/^the token expired or was revoked/);
    // The next collection of any source waits without a call: the pool has nothing to lend.
    seen = [];
    const next = await rejection(collect());
    expect(next).toBeInstanceOf(CredentialNeedsReplacingError);
    expect(seen).toEqual([]);
  });

  it('pauses on a token Meta refuses mid-collection when the app cannot renew it', async () => {
    await store.addCredential({
      platform: 'facebook',
      label: 'không có app',
      publicFields: {},
      sealed: vault.seal('facebook', { accessToken: 'EAAB-expired' }),
    });
    const error = await rejection(collect());
    expect(error).toBeInstanceOf(CredentialNeedsReplacingError);
    expect((error as Error).message).toMatch(/expired or was revoked \(Error validating access/);
    expect((await storedSecrets()).row.status).toBe('invalid');
  });

  it('loses nothing when the process stops between the exchange and the store', async () => {
    await addToken();
    // The store write of the renewed token fails as a crash would: nothing after it runs.
    const crashing: CollectionStateStore = Object.create(store, {
      updateCredential: {
        value: async (id: number, update: { sealed?: string }) => {
          if (update.sealed !== undefined) throw new Error('SQLITE_IOERR: disk I/O error');
          return store.updateCredential(id, update);
        },
      },
    });
    await expect(collect(crashing)).rejects.toThrow(/disk I\/O error/);
    // The new token was never used, and the stored one still works (Meta keeps it valid).
    expect(pageCalls()).toEqual([]);
    expect((await storedSecrets()).secrets.accessToken).toBe(OLD);
    seen = [];
    const result = await collect();
    expect(result.warnings).toEqual([]);
    expect((await storedSecrets()).secrets.accessToken).toBe(NEW);
    expect(pageCalls().every((c) => c.authorization === `Bearer ${NEW}`)).toBe(true);
  });
});
