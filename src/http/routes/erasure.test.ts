// POST /api/erasure: an administrator removes one person's mentions by platform and handle; the
// usage log names the platform and the count, never the handle; others are refused.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configurePrivacy } from '../../privacy/installation-privacy.js';
import { DEFAULT_PRIVACY } from '../../privacy/privacy-settings.js';
import { pseudonymsOf } from '../../privacy/retention.js';
import { mentionInput } from '../../store/store.conformance.js';
import { type AuthHarness, openAuthHarness } from '../auth/test-support.js';

const HANDLE = '@nguyen.van.a';
let h: AuthHarness;
let admin: string;
let analyst: string;

beforeAll(async () => {
  h = await openAuthHarness();
  admin = (await h.tokenOf(await h.addUser('admin', await h.identity.rootUnit()))).value;
  analyst = (await h.tokenOf(await h.addUser('analyst', h.unitA))).value;
});
afterAll(() => h.close());

const erase = (token: string, body: unknown) =>
  fetch(`${h.url}/api/erasure`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('POST /api/erasure', () => {
  it('answers 501 while the installation key is not known to the server', async () => {
    const res = await erase(admin, { platform: 'x', handle: HANDLE });
    expect(res.status).toBe(501);
  });

  it('removes every mention of the person and logs it without the handle', async () => {
    const secret = randomBytes(32);
    configurePrivacy(h.store, { settings: DEFAULT_PRIVACY, secret });
    const [key] = pseudonymsOf(secret, 'x', HANDLE);
    const person = { key: key!, displayName: null, kind: 'person' as const };
    const other = { key: 'someone-else', displayName: null, kind: 'person' as const };
    await h.store.saveMentions(null, [
      mentionInput({ platform: 'x', author: person, text: 'ngập ở Thủ Đức' }),
      mentionInput({ platform: 'x', author: person, text: 'kẹt xe' }),
      mentionInput({ platform: 'x', author: other, text: 'mưa lớn' }),
    ]);
    const before = await h.store.countMentions();

    expect((await erase(analyst, { platform: 'x', handle: HANDLE })).status).toBe(403);
    expect((await erase(admin, { platform: 'x', handle: '  ' })).status).toBe(400);
    const res = await erase(admin, { platform: 'x', handle: 'nguyen.van.a' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ platform: 'x', mentions: 2 });
    expect(await h.store.countMentions()).toBe(before - 2);

    const [entry] = await h.store.listAudit({ action: 'eraseAuthor', limit: 1 });
    expect(entry).toMatchObject({ resultCount: 2 });
    expect(JSON.parse(entry!.detail)).toEqual({ platform: 'x' });
    const log = JSON.stringify(await h.store.listAudit({ limit: 100 }));
    expect(log).not.toContain('nguyen');
  });
});
