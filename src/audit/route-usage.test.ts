// Generated from the route table: every route that changes state, called once by an
// administrator on a fresh thing of its kind, leaves exactly one usage log entry, whether the
// change succeeds or is refused. Sign-in, failed sign-in, lockout and sign-out are logged too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthHarness, openAuthHarness } from '../http/auth/test-support.js';
import type { Route } from '../http/route.js';
import type { User } from '../identity/identity-store.js';
import type { AuditEntry } from '../store/listening-store.js';
import { changesState } from './route-usage.js';

let h: AuthHarness;
let admin: User;
let bearer: string;
let serial = 0;

beforeAll(async () => {
  h = await openAuthHarness();
  admin = await h.addUser('admin', await h.identity.rootUnit(), 'usage-admin');
  bearer = `Bearer ${(await h.tokenOf(admin)).value}`;
});
afterAll(() => h.close());

async function newestId(): Promise<number> {
  return (await h.store.listAudit({ limit: 1 }))[0]?.id ?? 0;
}

async function entriesAfter(id: number): Promise<AuditEntry[]> {
  // Oldest first.
  return (await h.store.listAudit({ limit: 100 })).filter((entry) => entry.id > id).reverse();
}

/** A fresh thing of the kind the route's id names, so the change has something to act on. */
async function idFor(route: Route): Promise<number> {
  switch (route.access.resource) {
    case 'topic':
      return h.topicIn(h.unitA);
    case 'alertRule':
      return h.alertRuleIn(h.unitA);
    case 'alert':
      return h.alertIn(h.unitA);
    case 'mention':
      return h.mentionIn(h.unitA);
    case 'source': {
      const { source } = await h.store.addSource({
        kind: 'feed',
        url: `https://news.example/usage-${++serial}.xml`,
      });
      return source.id;
    }
    case 'unit':
      return h.unitA.id;
    case 'user':
      return (await h.addUser('viewer', h.unitA)).id;
    case 'token':
      return (await h.tokenOf(await h.addUser('viewer', h.unitA))).id;
    case 'none':
      return 1;
  }
}

describe('every change through the API is logged once', () => {
  it('covers a route table with changes in it', () => {
    expect(h.routes.filter((route) => changesState(route.method)).length).toBeGreaterThan(20);
  });

  it.each(['post', 'patch', 'delete'])(
    'each %s route leaves exactly one entry naming the route, who and the outcome',
    async (method) => {
      const routes = h.routes.filter((route) => route.method === method);
      expect(routes.length).toBeGreaterThan(0);
      for (const route of routes) {
        const id = await idFor(route);
        const path = route.path.replace(/:[A-Za-z_]+/g, String(id));
        const before = await newestId();
        const res = await fetch(`${h.url}${path}`, {
          method: method.toUpperCase(),
          headers: {
            Authorization: bearer,
            'Content-Type': route.textBody ? route.textBody.mediaTypes[0]! : 'application/json',
          },
          body: route.textBody ? '' : route.body ? '{}' : null,
        });
        const entries = await entriesAfter(before);
        expect(
          entries.map((e) => e.action),
          `${route.id} → ${res.status}`,
        ).toHaveLength(1);
        const [entry] = entries;
        if (route.id === 'signIn') continue; // its actor is the username it was given
        expect(entry!.actor.startsWith(admin.username), route.id).toBe(true);
        if (entry!.action === route.id && entry!.detail.includes('"status"')) {
          const detail = JSON.parse(entry!.detail) as { status: number; target: object };
          expect(detail.status, route.id).toBe(res.status);
          expect(entry!.unitId, route.id).toBe(admin.unitId);
          if (route.path.includes(':id'))
            expect(detail.target, route.id).toMatchObject({ id: String(id) });
        }
      }
    },
  );

  it('a successful creation names the new record, and a refused change its status', async () => {
    const analyst = await h.addUser('analyst', h.unitA);
    const token = `Bearer ${(await h.tokenOf(analyst)).value}`;
    const before = await newestId();
    const refused = await fetch(`${h.url}/api/sources/1`, {
      method: 'DELETE',
      headers: { Authorization: token },
    });
    expect(refused.status).toBe(403);
    const [entry] = await entriesAfter(before);
    expect(entry).toMatchObject({ action: 'deleteSource', unitId: h.unitA.id });
    expect(JSON.parse(entry!.detail)).toEqual({ target: { id: '1' }, status: 403 });

    const start = await newestId();
    const created = await fetch(`${h.url}/api/sources`, {
      method: 'POST',
      headers: { Authorization: bearer, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'feed', url: 'https://news.example/created.xml' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    expect(id).toBeGreaterThan(0);
    const logged = await entriesAfter(start);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ action: 'addSource', unitId: admin.unitId });
    expect(JSON.parse(logged[0]!.detail)).toEqual({ target: { id }, status: 201 });
  });
});

describe('sign-in is logged', () => {
  it('writes success, failures, the lockout and sign-out, each with the unit', async () => {
    const user = await h.addUser('viewer', h.unitA, 'usage-signin');
    const before = await newestId();
    const ok = await h.signIn(user.username);
    expect(ok.status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await h.signIn(user.username, 'wrong')).status).toBe(401);
    const session = ok.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await ok.json()) as { csrfToken: string };
    const out = await fetch(`${h.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { Cookie: session, 'X-CSRF-Token': csrfToken },
    });
    expect(out.status).toBe(204);
    const logged = (await entriesAfter(before)).map((e) => [e.action, e.actor, e.unitId]);
    const failed = ['signInFailed', user.username, h.unitA.id];
    expect(logged).toEqual([
      ['signIn', user.username, h.unitA.id],
      failed,
      failed,
      failed,
      failed,
      failed,
      ['accountLocked', user.username, h.unitA.id],
      ['signOut', user.username, h.unitA.id],
    ]);
  });
});
