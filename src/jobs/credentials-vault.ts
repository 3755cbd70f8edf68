// Platform credentials are sealed with AES-256-GCM under a key derived (HKDF-SHA-256) from the
// installation key, so the SQLite file alone does not reveal them, and a row moved to another
// platform or installation does not open. A fresh random nonce per seal.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { WebhookSecretSeal } from '../store/sqlite/alert-store.js';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class CredentialSealError extends Error {
  override name = 'CredentialSealError';
}

export interface CredentialVault {
  seal(platform: string, fields: Readonly<Record<string, string>>): string;
  open(platform: string, sealed: string): Record<string, string>;
}

export function createCredentialVault(installationSecret: Buffer): CredentialVault {
  const key = Buffer.from(
    hkdfSync('sha256', installationSecret, Buffer.alloc(0), 'nghe platform credentials v1', 32),
  );
  const aad = (platform: string) => Buffer.from(`nghe credential\u0000${platform}`, 'utf8');
  return {
    seal(platform, fields) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(aad(platform));
      const text = Buffer.concat([cipher.update(JSON.stringify(fields), 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([nonce, cipher.getAuthTag(), text]).toString('base64url')}`;
    },
    open(platform, sealed) {
      const [version, payload] = sealed.split('.', 2);
      if (version !== VERSION || !payload) {
        throw new CredentialSealError('credential is not sealed in a form this nghe reads');
      }
      const bytes = Buffer.from(payload, 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES));
        decipher.setAAD(aad(platform));
        decipher.setAuthTag(bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
        const text = Buffer.concat([
          decipher.update(bytes.subarray(NONCE_BYTES + TAG_BYTES)),
          decipher.final(),
        ]);
        return JSON.parse(text.toString('utf8')) as Record<string, string>;
      } catch {
        throw new CredentialSealError(
          'credential cannot be opened: the installation key changed or the row is damaged; add it again',
        );
      }
    },
  };
}

/** What seals alert webhook secrets: the vault under a purpose of their own. */
const WEBHOOK_PURPOSE = 'alert webhook secret';

export function webhookSecretSeal(vault: CredentialVault): WebhookSecretSeal {
  return {
    seal: (secret) => vault.seal(WEBHOOK_PURPOSE, { secret }),
    open: (stored) => vault.open(WEBHOOK_PURPOSE, stored).secret ?? '',
    // Secrets nghe makes are base64url without a dot; sealed ones are `v1.` and a long payload.
    isSealed: (stored) => /^v1\.[A-Za-z0-9_-]{40,}$/.test(stored),
  };
}
