// Alert webhook secrets sealed at rest with the credentials vault: rows written in clear before
// sealing existed are sealed when the store is opened with the installation key, once; rules
// read back with the secret in clear for signing; the SQLite file holds no secret.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signBody, verifySignature } from '../alerts/webhook-signature.js';
import { openAlertStore } from '../store/sqlite/alert-store.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createCredentialVault, webhookSecretSeal } from './credentials-vault.js';

const OLD_SECRET = 'old-clear-secret-7Hq2Lx9PzT4k';
const NEW_SECRET = 'new-secret-Vb81Qe5RmW3nYz0s';

let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-webhook-seal-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const storedSecrets = () =>
  store.db
    .prepare<[], { webhook_secret: string }>(
      'SELECT webhook_secret FROM alert_rules WHERE webhook_secret IS NOT NULL ORDER BY id',
    )
    .all()
    .map((r) => r.webhook_secret);

describe('alert webhook secrets', () => {
  it('seals the ones stored in clear, once, and every new one, and reads them for signing', async () => {
    const topic = await store.createTopic({ name: 'Ngập', query: 'ngập' });
    const webhook = {
      kind: 'match' as const,
      query: 'ngập',
      webhookUrl: 'https://hooks.example/a',
    };
    // A rule written before secrets were sealed.
    openAlertStore(store.db).createRule(topic.id, { ...webhook, webhookSecret: OLD_SECRET }, 0);
    expect(storedSecrets()).toEqual([OLD_SECRET]);

    const seal = webhookSecretSeal(createCredentialVault(randomBytes(32)));
    const alerts = openAlertStore(store.db, seal);
    const [sealedOld] = storedSecrets();
    expect(sealedOld).not.toContain(OLD_SECRET);
    expect(seal.isSealed(sealedOld!)).toBe(true);
    // Opened again: nothing sealed twice.
    openAlertStore(store.db, seal);
    expect(storedSecrets()).toEqual([sealedOld]);

    const added = await alerts.createRule(topic.id, { ...webhook, webhookSecret: NEW_SECRET }, 0);
    expect(added.webhookSecret).toBe(NEW_SECRET);
    expect(storedSecrets()[1]).not.toContain(NEW_SECRET);
    const edited = await alerts.updateRule(added.id, { dailyCap: 5 });
    expect(edited?.webhookSecret).toBe(NEW_SECRET);

    const read = (await alerts.listRules()).map((r) => r.webhookSecret);
    expect(read).toEqual([OLD_SECRET, NEW_SECRET]);
    // What the deliverer signs with is the secret the receiver holds.
    const body = '{"alert":1}';
    expect(verifySignature(body, OLD_SECRET, signBody(body, read[0]!))).toBe(true);

    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(join(dir, 'nghe.db')).toString('latin1');
    expect(file).not.toContain(OLD_SECRET);
    expect(file).not.toContain(NEW_SECRET);
  });

  it('reads a secret sealed under another installation key as none, without failing', async () => {
    const topic = await store.createTopic({ name: 'Lũ', query: 'lũ' });
    openAlertStore(store.db, webhookSecretSeal(createCredentialVault(randomBytes(32)))).createRule(
      topic.id,
      {
        kind: 'match',
        query: 'lũ',
        webhookUrl: 'https://hooks.example/b',
        webhookSecret: NEW_SECRET,
      },
      0,
    );
    const other = openAlertStore(
      store.db,
      webhookSecretSeal(createCredentialVault(randomBytes(32))),
    );
    expect((await other.listRules())[0]?.webhookSecret).toBeNull();
  });
});
