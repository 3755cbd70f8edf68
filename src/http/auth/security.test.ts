// Security properties of sign-in and access: the password hash and its parameters, session
// fixation, CSRF, brute-force lockout, tokens revoked while a stream is open, and another
// unit's topics refused as if they did not exist.

import { Algorithm, hash } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hashPassword,
  needsRehash,
  PASSWORD_HASH_PARAMETERS,
  verifyPassword,
} from '../../identity/password.js';
import { createHttpApp } from '../server.js';
import { type AuthHarness, cookieOf, openAuthHarness, PASSWORD } from './test-support.js';

let h: AuthHarness;
beforeAll(async () => {
  h = await openAuthHarness({
    auth: { streamRecheckMs: 100, signInLimits: { lockAfter: 5, perAccount: 50, perAddress: 60 } },
    heartbeatMs: 60_000,
  });
});
afterAll(() => h.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${h.url}${path}`, { headers });
const send = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${h.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('password hashing', () => {
  it('uses Argon2id with 19 MiB, 2 passes and 1 lane, and verifies only the right password', async () => {
    expect(PASSWORD_HASH_PARAMETERS).toMatchObject({
      algorithm: Algorithm.Argon2id,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    const stored = await hashPassword('mật khẩu đủ dài 123');
    expect(stored).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    expect(await hashPassword('mật khẩu đủ dài 123')).not.toBe(stored); // salted
    expect(await verifyPassword(stored, 'mật khẩu đủ dài 123')).toBe(true);
    expect(await verifyPassword(stored, 'mat khau du dai 123')).toBe(false);
    expect(needsRehash(stored)).toBe(false);
    const weaker = await hash('x', {
      algorithm: Algorithm.Argon2id,
      memoryCost: 4096,
      timeCost: 1,
    });
    expect(needsRehash(weaker)).toBe(true);
  });

  it('stores users created through the API with those parameters, and re-hashes older ones at sign-in', async () => {
    const admin = await h.session(await h.addUser('admin', await h.identity.rootUnit()));
    const res = await send(
      'POST',
      '/api/users',
      { username: 'minh', role: 'viewer', unitId: h.unitA.id, password: 'a long enough pass' },
      { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf },
    );
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: number; passwordHash?: string };
    expect(created.passwordHash).toBeUndefined();
    expect(await h.identity.passwordHashOf(created.id)).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/,
    );
    const old = await h.addUser('viewer', h.unitA);
    await h.identity.updateUser(old.id, {
      passwordHash: await hash(PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 4096 }),
    });
    expect((await h.signIn(old.username)).status).toBe(200);
    expect(needsRehash((await h.identity.passwordHashOf(old.id))!)).toBe(false);
  });
});

describe('sessions', () => {
  it('issues a new HttpOnly, SameSite=Lax session at sign-in and never adopts one planted before', async () => {
    const user = await h.addUser('analyst', h.unitA);
    const planted = `nghe_session=${'A'.repeat(43)}`;
    const res = await h.signIn(user.username, PASSWORD, planted);
    expect(res.status).toBe(200);
    const header = res.headers.getSetCookie().find((c) => c.startsWith('nghe_session='))!;
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    expect(header).not.toMatch(/Secure/i);
    const issued = cookieOf(res);
    expect(issued).not.toBe(planted);
    expect((await get('/api/auth/session', { Cookie: planted })).status).toBe(401);
    expect((await get('/api/auth/session', { Cookie: issued })).status).toBe(200);

    // Signing in again from a signed-in browser rotates the id; the old one is dead.
    const again = await h.signIn(user.username, PASSWORD, issued);
    const rotated = cookieOf(again);
    expect(rotated).not.toBe(issued);
    expect((await get('/api/auth/session', { Cookie: issued })).status).toBe(401);
    expect((await get('/api/auth/session', { Cookie: rotated })).status).toBe(200);

    // Signing out ends it on the server, not only in the browser.
    const csrf = ((await again.json()) as { csrfToken: string }).csrfToken;
    const out = await fetch(`${h.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { Cookie: rotated, 'X-CSRF-Token': csrf },
    });
    expect(out.status).toBe(204);
    expect((await get('/api/auth/session', { Cookie: rotated })).status).toBe(401);
  });

  it('marks the cookie Secure when served over https behind a proxy', async () => {
    const user = await h.addUser('viewer', h.unitA);
    const res = await fetch(`${h.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-Proto': 'https' },
      body: JSON.stringify({ username: user.username, password: PASSWORD }),
    });
    expect(res.headers.getSetCookie().find((c) => c.startsWith('nghe_session='))).toMatch(/Secure/);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing cookie request without the session’s token, but not a bearer one', async () => {
    const analyst = await h.session(await h.addUser('analyst', h.unitA));
    const topic = {
      name: 'kẹt xe',
      query: 'kẹt xe',
      purpose: 'giao thông',
      justification: 'kẹt xe giờ cao điểm ở cửa ngõ thành phố',
    };
    expect((await send('POST', '/api/topics', topic, { Cookie: analyst.cookie })).status).toBe(403);
    expect(
      (
        await send('POST', '/api/topics', topic, {
          Cookie: analyst.cookie,
          'X-CSRF-Token': 'x'.repeat(43),
        })
      ).status,
    ).toBe(403);
    const other = await h.session(await h.addUser('analyst', h.unitA));
    expect(
      (
        await send('POST', '/api/topics', topic, {
          Cookie: analyst.cookie,
          'X-CSRF-Token': other.csrf,
        })
      ).status,
    ).toBe(403);
    expect((await get('/api/topics', { Cookie: analyst.cookie })).status).toBe(200);
    const ok = await send('POST', '/api/topics', topic, {
      Cookie: analyst.cookie,
      'X-CSRF-Token': analyst.csrf,
    });
    expect(ok.status).toBe(201);
    const token = await h.tokenOf(analyst.user);
    const viaToken = await send(
      'POST',
      '/api/topics',
      { ...topic, name: 'kẹt xe 2' },
      {
        Authorization: `Bearer ${token.value}`,
      },
    );
    expect(viaToken.status).toBe(201);
  });

  it('accepts sign-in only as JSON, which a cross-site form cannot send', async () => {
    const res = await fetch(`${h.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'username=a&password=b',
    });
    expect(res.status).toBe(415);
  });
});

describe('brute force', () => {
  it('locks an account after five failures in a row, even for the right password, and says so the same way for unknown names', async () => {
    const user = await h.addUser('analyst', h.unitA);
    for (let i = 0; i < 5; i++)
      expect((await h.signIn(user.username, 'wrong password!')).status).toBe(401);
    const locked = await h.signIn(user.username);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(800);
    expect((await h.identity.getUser(user.id))?.lockedUntil).not.toBeNull();
    // Unknown names answer 401 as wrong passwords do: the answer does not say which exist.
    const unknown = await h.signIn('nobody-here', 'wrong password!');
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain('wrong username or password');
    // An administrator resetting the password unlocks it.
    await h.identity.clearFailedSignIns(user.id);
    expect((await h.signIn(user.username)).status).toBe(200);
  });

  it('limits attempts per address across account names', async () => {
    const tight = await openAuthHarness({
      auth: { signInLimits: { perAddress: 6, perAccount: 3 } },
    });
    try {
      for (let i = 0; i < 3; i++)
        expect((await tight.signIn('guess', 'nope nope')).status).toBe(401);
      expect((await tight.signIn('guess', 'nope nope')).status).toBe(429);
      // Three attempts by name so far; three more by other names fill the address's six.
      for (let i = 0; i < 3; i++)
        expect((await tight.signIn(`other${i}`, 'nope nope')).status).toBe(401);
      const byAddress = await tight.signIn('fresh-name', 'nope nope');
      expect(byAddress.status).toBe(429);
      expect(byAddress.headers.get('Retry-After')).toMatch(/^\d+$/);
    } finally {
      await tight.close();
    }
  });
});

describe('tokens', () => {
  async function openStream(topicId: number, token: string) {
    const abort = new AbortController();
    const res = await fetch(`${h.url}/api/topics/${topicId}/stream`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    // Ends when the server closes the connection (read as done, or as a network error).
    const readUntilEnd = async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return text;
          text += decoder.decode(value);
        }
      } catch {
        return text;
      }
    };
    return { ended: readUntilEnd(), text: () => text, abort };
  }

  it('ends an open stream when its token is revoked through the API', async () => {
    const user = await h.addUser('analyst', h.unitA);
    const topicId = await h.topicIn(h.unitA);
    const token = await h.tokenOf(user);
    const stream = await openStream(topicId, token.value);
    const res = await fetch(`${h.url}/api/tokens/${token.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token.value}` },
    });
    expect(res.status).toBe(204);
    const text = await stream.ended;
    expect(text).toContain('event: ready');
    expect(
      (await get(`/api/topics/${topicId}`, { Authorization: `Bearer ${token.value}` })).status,
    ).toBe(401);
  });

  it('ends an open stream when its token is revoked by another process, or its user disabled', async () => {
    const user = await h.addUser('viewer', h.unitA);
    const topicId = await h.topicIn(h.unitA);
    const token = await h.tokenOf(user, ['read']);
    const stream = await openStream(topicId, token.value);
    await h.identity.revokeToken(token.id); // as `nghe tokens revoke` does, without telling the server
    expect(await stream.ended).toContain('event: ready');

    const second = await h.tokenOf(user, ['read']);
    const other = await openStream(topicId, second.value);
    await h.identity.updateUser(user.id, { disabled: true });
    expect(await other.ended).toContain('event: ready');
  });

  it('ends a stream served without a socket (a fetch handler) with a last event saying why', async () => {
    const app = createHttpApp({
      store: h.store,
      version: '0.0.0-test',
      events: h.events,
      log: () => {},
      auth: { streamRecheckMs: 50 },
    });
    const user = await h.addUser('viewer', h.unitA);
    const token = await h.tokenOf(user, ['read']);
    const res = await app.fetch(
      new Request(`http://nghe.test/api/topics/${await h.topicIn(h.unitA)}/stream`, {
        headers: { Authorization: `Bearer ${token.value}` },
      }),
    );
    expect(res.status).toBe(200);
    await h.identity.revokeToken(token.id);
    const text = await res.text();
    expect(text).toContain('event: ready');
    expect(text).toMatch(/event: revoked\ndata: \{"reason":"credentials no longer valid"\}\n\n$/);
  });

  it('holds a token to its scopes and its expiry', async () => {
    const user = await h.addUser('analyst', h.unitA);
    const readOnly = await h.tokenOf(user, ['read']);
    const topic = { name: 'đọc', query: 'ngập', justification: 'x' };
    const refused = await send('POST', '/api/topics', topic, {
      Authorization: `Bearer ${readOnly.value}`,
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/scopes read/);
    expect((await get('/api/topics', { Authorization: `Bearer ${readOnly.value}` })).status).toBe(
      200,
    );
    const expired = await h.identity.createToken({
      name: 'old one',
      tokenHash: (await import('../token-auth.js')).hashApiToken(
        'nghe_expired_token_value_0123456789',
      ),
      userId: user.id,
      scopes: ['*'],
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(expired.id).toBeGreaterThan(0);
    expect(
      (await get('/api/topics', { Authorization: 'Bearer nghe_expired_token_value_0123456789' }))
        .status,
    ).toBe(401);
  });
});

describe('units', () => {
  it('answers another unit’s topic ids as if they did not exist, and lists only the unit’s topics', async () => {
    const viewer = await h.session(await h.addUser('viewer', h.unitA));
    const own = await h.topicIn(h.unitA);
    const theirs = await h.topicIn(h.unitB);
    const as = { Cookie: viewer.cookie };
    const missing = await get('/api/topics/999999', as);
    const hidden = await get(`/api/topics/${theirs}`, as);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual(await missing.json());
    for (const path of [
      `/api/topics/${theirs}/stream`,
      `/api/topics/${theirs}/alert-rules`,
      `/api/topics/${theirs}/charter`,
      `/api/analytics/sentiment?topic=${theirs}`,
      `/api/mentions?topic=${theirs}`,
      `/api/analytics/share-of-voice?topics=${own},${theirs}`,
    ]) {
      expect((await get(path, as)).status, path).toBe(404);
    }
    expect((await get(`/api/topics/${own}`, as)).status).toBe(200);
    const listed = (await (await get('/api/topics', as)).json()) as {
      topics: { topic: { id: number } }[];
    };
    const ids = listed.topics.map((t) => t.topic.id);
    expect(ids).toContain(own);
    expect(ids).not.toContain(theirs);
  });

  it('shows topics shared with the unit read-only', async () => {
    const analyst = await h.session(await h.addUser('analyst', h.unitA));
    const theirs = await h.topicIn(h.unitB);
    await h.identity.shareTopic(theirs, h.unitA.id);
    const as = { Cookie: analyst.cookie, 'X-CSRF-Token': analyst.csrf };
    expect((await get(`/api/topics/${theirs}`, as)).status).toBe(200);
    expect((await send('PATCH', `/api/topics/${theirs}`, { name: 'mine now' }, as)).status).toBe(
      403,
    );
  });

  it('binds a new topic to a purpose of the unit and to its places, unless an administrator widens it', async () => {
    const analyst = await h.session(await h.addUser('analyst', h.unitA));
    const as = { Cookie: analyst.cookie, 'X-CSRF-Token': analyst.csrf };
    const wrongPurpose = await send(
      'POST',
      '/api/topics',
      { name: 'a', query: 'ngập', purpose: 'y tế', justification: 'theo dõi dịch bệnh mùa mưa' },
      as,
    );
    expect(wrongPurpose.status).toBe(400);
    expect(await wrongPurpose.text()).toMatch(/purpose: not one of the unit's functions/);
    const noPurpose = await send('POST', '/api/topics', { name: 'a', query: 'ngập' }, as);
    expect(noPurpose.status).toBe(400);
    expect(((await noPurpose.json()) as { error: object }).error).toMatchObject({
      code: 'purpose_required',
      field: 'purpose',
    });
    const terse = await send(
      'POST',
      '/api/topics',
      { name: 'a', query: 'ngập', purpose: 'theo dõi ngập úng', justification: 'mùa mưa' },
      as,
    );
    expect(terse.status).toBe(400);
    expect(((await terse.json()) as { error: object }).error).toMatchObject({
      code: 'justification_too_short',
      field: 'justification',
      params: { minimum: 20 },
    });
    const outside = await send(
      'POST',
      '/api/topics',
      {
        name: 'b',
        query: 'ngập place:"Hà Nội"',
        purpose: 'theo dõi ngập úng',
        justification: 'ngập úng sau mưa lớn ở các phường',
      },
      as,
    );
    expect(outside.status).toBe(400);
    expect(await outside.text()).toMatch(/place:Hà Nội is outside the unit's places/);
    const inside = await send(
      'POST',
      '/api/topics',
      {
        name: 'c',
        query: 'ngập place:"Thủ Đức" -place:"Hà Nội"',
        purpose: 'theo dõi ngập úng',
        justification: 'ngập úng sau mưa lớn ở các phường',
      },
      as,
    );
    expect(inside.status).toBe(201);
    const created = (await inside.json()) as { id: number };
    expect(await h.identity.getCharter(created.id)).toMatchObject({
      unitId: h.unitA.id,
      ownerId: analyst.user.id,
      purpose: 'theo dõi ngập úng',
      justification: 'ngập úng sau mưa lớn ở các phường',
    });
    const otherUnit = await send(
      'POST',
      '/api/topics',
      { name: 'd', query: 'ngập', unitId: h.unitB.id },
      as,
    );
    expect(otherUnit.status).toBe(400);

    const admin = await h.session(await h.addUser('admin', await h.identity.rootUnit()));
    const widened = await send(
      'PATCH',
      `/api/topics/${created.id}/charter`,
      { widen: true },
      { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf },
    );
    expect(widened.status).toBe(200);
    expect(
      (await send('PATCH', `/api/topics/${created.id}`, { query: 'ngập place:"Hà Nội"' }, as))
        .status,
    ).toBe(200);
  });

  it('asks a non-administrator for a purpose and a justification before a policy creates its topic', async () => {
    const analyst = await h.session(await h.addUser('analyst', h.unitA));
    const as = { Cookie: analyst.cookie, 'X-CSRF-Token': analyst.csrf };
    const policy = {
      name: 'chống ngập',
      query: 'ngập place:"Thủ Đức"',
      promulgatedOn: '2026-06-01',
    };
    const bare = await send('POST', '/api/policies', policy, as);
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { error: object }).error).toMatchObject({
      code: 'purpose_required',
      field: 'purpose',
    });
    const listed = (await (await get('/api/policies', as)).json()) as {
      policies: { name: string }[];
    };
    expect(listed.policies.map((p) => p.name)).not.toContain('chống ngập');
    const stated = await send(
      'POST',
      '/api/policies',
      {
        ...policy,
        purpose: 'theo dõi ngập úng',
        justification: 'đánh giá đón nhận quy định chống ngập mới',
      },
      as,
    );
    expect(stated.status).toBe(201);
    const created = (await stated.json()) as { topicId: number };
    expect(await h.identity.getCharter(created.topicId)).toMatchObject({
      unitId: h.unitA.id,
      purpose: 'theo dõi ngập úng',
      justification: 'đánh giá đón nhận quy định chống ngập mới',
    });
  });

  it('lets a unit lead, not an analyst, share a topic with another unit, read-only there', async () => {
    const topicId = await h.topicIn(h.unitA);
    const analyst = await h.session(await h.addUser('analyst', h.unitA));
    const lead = await h.session(await h.addUser('lead', h.unitA));
    const as = (who: typeof lead) => ({ Cookie: who.cookie, 'X-CSRF-Token': who.csrf });
    const share = { shareWith: [h.unitB.id] };
    expect((await send('PATCH', `/api/topics/${topicId}/charter`, share, as(analyst))).status).toBe(
      403,
    );
    const shared = await send('PATCH', `/api/topics/${topicId}/charter`, share, as(lead));
    expect(shared.status).toBe(200);
    expect(((await shared.json()) as { sharedWith: number[] }).sharedWith).toEqual([h.unitB.id]);
    const other = await h.session(await h.addUser('viewer', h.unitB));
    expect((await get(`/api/topics/${topicId}`, { Cookie: other.cookie })).status).toBe(200);
  });

  it('makes an expired topic read-only', async () => {
    const analyst = await h.session(await h.addUser('analyst', h.unitA));
    const topicId = await h.topicIn(h.unitA);
    const charter = (await h.identity.getCharter(topicId))!;
    await h.identity.setCharter({
      ...charter,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const as = { Cookie: analyst.cookie, 'X-CSRF-Token': analyst.csrf };
    expect((await get(`/api/topics/${topicId}`, as)).status).toBe(200);
    const edit = await send('PATCH', `/api/topics/${topicId}`, { name: 'again' }, as);
    expect(edit.status).toBe(409);
    expect(await edit.text()).toMatch(/expired/);
  });
});
