// Zalo OA webhook deliveries through the real HTTP app into a real SQLite store: a delivery
// signed with the OA secret key is stored without a bearer token, a bad or missing signature is
// refused with 401 and stores nothing, a replayed delivery is stored once, an OA that did not
// opt in (no source, a disabled one) receives nothing, and no person is named in the store:
// the follower's id is pseudonymised and a submitted contact form is not kept.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zaloMac } from '../connectors/zalo/connector-webhook.js';
import { createHttpApp } from '../http/server.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createMentionAnalyzer } from './analyze-mentions.js';
import { createCredentialVault } from './credentials-vault.js';
import { createPseudonymiser } from './pseudonymise.js';
import { createZaloWebhook } from './zalo-webhook.js';

const APP_ID = '2781564738291045612';
const OA_ID = '4318290083375734591';
const SECRET = 'oa-secret-Kx82Lq';
const FOLLOWER = '8465123749012345678';
const PERSON = 'Nguyễn Thị Hồng Nhung';
const PHONE = '0912345678';

let dir: string;
let store: SqliteStore;
let app: ReturnType<typeof createHttpApp>;
let sourceId: number;

/** A delivery as Zalo sends it: compact JSON, `timestamp` in milliseconds as text. */
function delivery(event: string, extra: Record<string, unknown>): string {
  return JSON.stringify({
    app_id: APP_ID,
    user_id_by_app: '5512398765432101234',
    event_name: event,
    timestamp: '1764482400000',
    ...extra,
  });
}

const textMessage = (msgId: string, text: string) =>
  delivery('user_send_text', {
    sender: { id: FOLLOWER },
    recipient: { id: OA_ID },
    message: { msg_id: msgId, text },
  });

function post(id: number, body: string, signature: string | null) {
  return app.request(`/api/hooks/zalo/${id}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'x-zevent-signature': signature }),
    },
    body,
  });
}

const signed = (body: string, secret = SECRET) =>
  `mac=${zaloMac(body, JSON.parse(body).timestamp, { appId: APP_ID, oaSecretKey: secret })}`;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-zalo-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
  const secret = randomBytes(32);
  const vault = createCredentialVault(secret);
  await store.addCredential({
    platform: 'zalo',
    label: 'phường',
    publicFields: { appId: APP_ID },
    sealed: vault.seal('zalo', { oaSecretKey: SECRET, accessToken: '' }),
  });
  const { source } = await store.addSource({
    kind: 'zalo',
    url: `https://zalo.me/${OA_ID}`,
    settings: { follow: 'oa', oaId: OA_ID },
  });
  sourceId = source.id;
  app = createHttpApp({
    store,
    version: '0.0.0-test',
    log: () => {},
    webhooks: {
      zalo: createZaloWebhook({
        store,
        vault,
        pseudonymise: createPseudonymiser(secret),
        analyze: createMentionAnalyzer(),
        now: () => new Date('2026-11-30T06:00:00Z'),
      }),
    },
  });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('zalo webhook', () => {
  it('stores a signed delivery without a bearer token, the follower pseudonymised', async () => {
    const body = textMessage('a1b2c3d4e5', 'Hẻm 12 Võ Văn Ngân ngập tới gối rồi ạ');
    const res = await post(sourceId, body, signed(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: 1, alreadyStored: 0 });
    expect(await store.countMentions()).toBe(1);
    const page = await store.listMentions({ limit: 10 });
    const [stored] = page.mentions;
    expect(stored?.platform).toBe('zalo');
    expect(stored?.text).toBe('Hẻm 12 Võ Văn Ngân ngập tới gối rồi ạ');
    expect(stored?.publishedAt).toBe('2025-11-30T06:00:00.000Z');
    expect(stored?.author?.kind).toBe('person');
    expect(stored?.analysis?.lang).toBe('vi');
    expect(stored?.analysis?.sentiment).not.toBeNull();
    expect(JSON.stringify(stored)).not.toContain(FOLLOWER);
  });

  it('refuses a bad, missing or other key’s signature with 401 and stores nothing', async () => {
    const body = textMessage('a1b2c3d4e5', 'tin nhắn');
    const tampered = body.replace('tin nhắn', 'tin giả');
    for (const [text, signature] of [
      [body, null],
      [body, 'mac=deadbeef'],
      [body, signed(body, 'another-secret')],
      [tampered, signed(body)],
    ] as const) {
      const res = await post(sourceId, text, signature);
      expect(res.status).toBe(401);
    }
    expect(await store.countMentions()).toBe(0);
  });

  it('stores a replayed delivery once', async () => {
    const body = textMessage('f00dbabe01', 'Cảm ơn phường đã hỗ trợ');
    const first = await post(sourceId, body, signed(body));
    const again = await post(sourceId, body, signed(body));
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ stored: 0, alreadyStored: 1 });
    expect(await store.countMentions()).toBe(1);
  });

  it('receives nothing for an OA that did not opt in', async () => {
    const body = textMessage('a1b2c3d4e5', 'tin nhắn');
    expect((await post(sourceId + 1, body, signed(body))).status).toBe(404);
    await store.updateSource(sourceId, { enabled: false });
    expect((await post(sourceId, body, signed(body))).status).toBe(404);
    const other = body.replaceAll(OA_ID, '1111111111111111111');
    await store.updateSource(sourceId, { enabled: true });
    expect((await post(sourceId, other, signed(other))).status).toBe(404);
    expect(await store.countMentions()).toBe(0);
  });

  it('keeps no person’s name, phone or id in the store', async () => {
    const form = delivery('user_submit_info', {
      sender: { id: FOLLOWER },
      recipient: { id: OA_ID },
      info: { name: PERSON, phone: PHONE, address: '12 Võ Văn Ngân', city: 'Thủ Đức' },
    });
    const card = delivery('user_send_business_card', {
      sender: { id: FOLLOWER },
      recipient: { id: OA_ID },
      message: {
        msg_id: 'card0001',
        text: PERSON,
        attachments: [{ type: 'business_card', payload: { description: PHONE } }],
      },
    });
    const text = textMessage('b2c3d4e5f6', 'Nhà em ở hẻm 5, nhờ @Hồng Nhung báo giúp');
    for (const body of [form, card, text]) {
      expect((await post(sourceId, body, signed(body))).status).toBe(200);
    }
    expect(await store.countMentions()).toBe(1);
    await store.close();
    const bytes = ['nghe.db', 'nghe.db-wal']
      .map((name) => {
        try {
          return readFileSync(join(dir, name)).toString('utf8');
        } catch {
          return '';
        }
      })
      .join('');
    for (const secretThing of [PERSON, PHONE, FOLLOWER, 'Hồng Nhung', SECRET]) {
      expect(bytes).not.toContain(secretThing);
    }
    store = openSqliteStore(join(dir, 'nghe.db'));
  });
});
