// Renewal of a Zalo OA access token against a loopback OAuth and OA API, through the real
// credential pool over SQLite: renewed before it ends, the rotated refresh token stored sealed
// before the new access token is used, renewal once more on an "expired" answer, a refused
// refresh token, and a process stopped between the renewal and the store.
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
import { fixtureReader } from '../test-support/fixtures.js';
import { useLoopback } from '../test-support/loopback-hooks.js';
import { rejection } from '../test-support/rejection.js';
import { testSource } from '../test-support/source.js';
import { zaloConnector } from './connector.js';
import { zaloCredential } from './recognise-url.js';

const fixture = fixtureReader(import.meta.dirname);
const OA_ID = '4318290083375734591';
const APP = { appId: '2781564738291045612', appSecretKey: 'app-secret-7Hq2', oaSecretKey: 'oa-k' };
const RENEWED = JSON.parse(fixture('oa-token-refresh.json')) as {
  access_token: string;
  refresh_token: string;
};

/** The OAuth server's state: the one refresh token it accepts and the access tokens that work. */
let liveRefresh: string | null;
let liveAccess: Set<string>;
let seen: { path: string; headers: IncomingMessage['headers']; body: string }[];
let now: Date;
let dir: string;
let store: SqliteStore;
let vault: CredentialVault;

function zalo(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (chunk: Buffer) => {
    body += chunk.toString('utf8');
  });
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: url.pathname, headers: req.headers, body });
    const send = (text: string): void => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(text);
    };
    if (url.pathname === '/v4/oa/access_token') {
      const form = new URLSearchParams(body);
      const ok =
        req.method === 'POST' &&
        req.headers.secret_key === APP.appSecretKey &&
        form.get('app_id') === APP.appId &&
        form.get('grant_type') === 'refresh_token' &&
        form.get('refresh_token') === liveRefresh;
      if (!ok) return send(fixture('oa-token-error.json'));
      // Single use: the old refresh token and the old access token stop working.
      liveRefresh = RENEWED.refresh_token;
      liveAccess = new Set([RENEWED.access_token]);
      return send(fixture('oa-token-refresh.json'));
    }
    if (url.pathname === '/v2.0/article/getslice') {
      const token = String(req.headers.access_token ?? '');
      if (!liveAccess.has(token)) {
        return send('{"error":-124,"message":"Access token is expired"}');
      }
      return send(fixture('articles.json'));
    }
    res.writeHead(404).end();
  });
}

const loopback = useLoopback(zalo);

beforeEach(() => {
  now = new Date('2026-11-30T06:00:00Z');
  liveRefresh = 'oa-refresh-first';
  liveAccess = new Set(['oa-access-first']);
  seen = [];
  dir = mkdtempSync(join(tmpdir(), 'nghe-zalo-token-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
  vault = createCredentialVault(randomBytes(32));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function addOa(accessTokenExpiresAt: string) {
  await store.addCredential({
    platform: 'zalo',
    label: 'OA phường',
    publicFields: { appId: APP.appId },
    sealed: vault.seal('zalo', {
      oaSecretKey: APP.oaSecretKey,
      appSecretKey: APP.appSecretKey,
      accessToken: 'oa-access-first',
      refreshToken: 'oa-refresh-first',
      accessTokenExpiresAt,
    }),
  });
}

const source = testSource('zalo', `https://zalo.me/${OA_ID}`, { follow: 'oa', oaId: OA_ID });

async function collect(over: CollectionStateStore = store) {
  const pool = new CredentialPool(over, vault, () => now);
  const credentials = await pool.session('zalo', zaloCredential);
  try {
    return await zaloConnector.collect(source, {
      http: loopback.http,
      now: () => now,
      endpoints: {
        apiBaseUrl: `${loopback.server.origin}/v2.0`,
        tokenUrl: `${loopback.server.origin}/v4/oa/access_token`,
      },
      credentials,
    });
  } finally {
    await credentials.persist();
  }
}

async function stored() {
  const [row] = await store.listCredentials('zalo');
  return { row: row!, secrets: vault.open('zalo', row!.sealed) };
}

const paths = () => seen.map((s) => s.path);

describe('zalo OA token renewal', () => {
  it('renews a token that ends within the hour, stores the rotated pair sealed, then reads', async () => {
    await addOa(new Date(now.getTime() + 30 * 60_000).toISOString());
    const result = await collect();
    expect(paths()).toEqual(['/v4/oa/access_token', '/v2.0/article/getslice']);
    expect(seen[1]?.headers.access_token).toBe(RENEWED.access_token);
    expect(result.mentions).toHaveLength(2);
    const { row, secrets } = await stored();
    expect(row.sealed).not.toContain(RENEWED.refresh_token);
    expect(secrets).toMatchObject({
      accessToken: RENEWED.access_token,
      refreshToken: RENEWED.refresh_token,
      accessTokenExpiresAt: new Date(now.getTime() + 90_000_000).toISOString(),
      refreshTokenExpiresAt: new Date(now.getTime() + 90 * 86_400_000).toISOString(),
    });
    // A day later, the token still has an hour: read without renewing.
    seen = [];
    now = new Date(now.getTime() + 22 * 3600_000);
    await collect();
    expect(paths()).toEqual(['/v2.0/article/getslice']);
  });

  it('renews once when two collections of the credential run at once', async () => {
    await addOa(new Date(now.getTime() + 30 * 60_000).toISOString());
    const [a, b] = await Promise.all([collect(), collect()]);
    expect(paths().filter((p) => p === '/v4/oa/access_token')).toHaveLength(1);
    expect(a.mentions).toHaveLength(2);
    expect(b.mentions).toHaveLength(2);
    expect((await stored()).row.status).toBe('ok');
    expect(
      seen.filter((s) => s.path.endsWith('getslice')).map((s) => s.headers.access_token),
    ).toEqual([RENEWED.access_token, RENEWED.access_token]);
  });

  it('renews once more when Zalo calls a token expired before its time', async () => {
    await addOa(new Date(now.getTime() + 10 * 3600_000).toISOString());
    liveAccess = new Set();
    const result = await collect();
    expect(paths()).toEqual([
      '/v2.0/article/getslice',
      '/v4/oa/access_token',
      '/v2.0/article/getslice',
    ]);
    expect(result.mentions).toHaveLength(2);
    expect((await stored()).secrets.refreshToken).toBe(RENEWED.refresh_token);
  });

  it('marks the credential invalid and pauses the source when the refresh token is refused', async () => {
    await addOa(new Date(now.getTime() - 1000).toISOString());
    liveRefresh = 'someone-else-used-it';
    const error = await rejection(collect());
    expect(error).toBeInstanceOf(CredentialNeedsReplacingError);
    expect((error as Error).message).toBe(
      'Zalo credential #1 "OA phường": Zalo refused its refresh token (error -14014: Refresh token is invalid or has been used); its sources wait until the OA is authorised again and its new tokens are added with `nghe credentials add zalo`',
    );
    expect(paths()).toEqual(['/v4/oa/access_token']);
    expect((await stored()).row).toMatchObject({
      status: 'invalid',
      lastError: expect.stringMatching(/^Zalo refused its refresh token/),
    });
  });

  it('holds a working refresh token whenever the process stops', async () => {
    await addOa(new Date(now.getTime() - 1000).toISOString());
    // Stopped after the answer, before the store write: nothing was used, the stored
    // tokens are the old ones, and Zalo rotated them away. That window is one write long.
    const failing: CollectionStateStore = Object.create(store, {
      updateCredential: {
        value: async (id: number, update: { sealed?: string }) => {
          if (update.sealed !== undefined) throw new Error('SQLITE_IOERR: disk I/O error');
          return store.updateCredential(id, update);
        },
      },
    });
    await expect(collect(failing)).rejects.toThrow(/disk I\/O error/);
    expect(paths()).toEqual(['/v4/oa/access_token']);

    // Stopped after the store write, before the read: the next run reads with what was stored.
    liveRefresh = 'oa-refresh-first';
    liveAccess = new Set(['oa-access-first']);
    seen = [];
    const stopping: CollectionStateStore = Object.create(store, {
      updateCredential: {
        value: async (id: number, update: { sealed?: string }) => {
          await store.updateCredential(id, update);
          if (update.sealed !== undefined) throw new Error('stopped');
        },
      },
    });
    await expect(collect(stopping)).rejects.toThrow('stopped');
    expect(paths()).toEqual(['/v4/oa/access_token']);
    seen = [];
    const result = await collect();
    expect(paths()).toEqual(['/v2.0/article/getslice']);
    expect(seen[0]?.headers.access_token).toBe(RENEWED.access_token);
    expect(result.mentions).toHaveLength(2);
  });
});
