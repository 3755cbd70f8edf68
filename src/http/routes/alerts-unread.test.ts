// The notification list's unread count covers only alerts of topics the principal may see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthHarness, openAuthHarness } from '../auth/test-support.js';

describe('unread alerts', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await openAuthHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts only alerts of topics the principal sees', async () => {
    await h.alertIn(h.unitA);
    await h.alertIn(h.unitB);
    await h.alertIn(h.unitB);
    const analyst = await h.addUser('analyst', h.unitA);
    const admin = await h.addUser('admin', h.unitA);
    const get = async (user: typeof analyst, path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('Authorization', `Bearer ${(await h.tokenOf(user)).value}`);
      if (init.body) headers.set('Content-Type', 'application/json');
      const res = await fetch(`${h.url}${path}`, { ...init, headers });
      expect(res.status, path).toBe(200);
      return (await res.json()) as { alerts?: unknown[]; unread: number; changed?: number };
    };
    const own = await get(analyst, '/api/alerts');
    expect(own.alerts).toHaveLength(1);
    expect(own.unread).toBe(1);
    expect((await get(h.outsider, '/api/alerts')).unread).toBe(2);
    expect((await get(admin, '/api/alerts')).unread).toBe(3);
    // Marking all read reaches only the unit's own alert, and what is left is still not counted.
    const read = await get(analyst, '/api/alerts/read', { method: 'POST', body: '{}' });
    expect(read).toEqual({ changed: 1, unread: 0 });
    expect((await get(h.outsider, '/api/alerts')).unread).toBe(2);
  });
});
