import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setMinGroupSize } from '../../privacy/small-group-rule-for.js';
import { type AuthHarness, openAuthHarness } from '../auth/test-support.js';

describe('GET /api/privacy', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await openAuthHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('gives every signed-in role the installation’s k, and nobody else', async () => {
    setMinGroupSize(h.store, 7);
    expect((await fetch(`${h.url}/api/privacy`)).status).toBe(401);
    for (const role of ['admin', 'lead', 'analyst', 'viewer', 'auditor'] as const) {
      const user = await h.addUser(role, h.unitA);
      const res = await fetch(`${h.url}/api/privacy`, {
        headers: { Authorization: `Bearer ${(await h.tokenOf(user)).value}` },
      });
      expect(res.status, role).toBe(200);
      expect(await res.json()).toEqual({ minGroupSize: 7 });
    }
  });
});
