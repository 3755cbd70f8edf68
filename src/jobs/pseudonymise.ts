// Authors are stored as keyed hashes: stable within one installation (so aggregates can count
// distinct voices) but not linkable across installations, and not reversible without the key.
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Author, Platform, RawAuthor } from '../model.js';

export type Pseudonymiser = (platform: Platform, author: RawAuthor) => Author;

export function createPseudonymiser(secret: Buffer): Pseudonymiser {
  if (secret.length < 32) throw new Error('installation secret must be at least 32 bytes');
  return (platform, author) => {
    const key = createHmac('sha256', secret)
      .update(`${platform}\u0000${author.nativeId.normalize('NFC').toLowerCase()}`)
      .digest('base64url')
      .slice(0, 22);
    return {
      key,
      displayName: author.kind === 'person' ? null : (author.name?.normalize('NFC') ?? null),
      kind: author.kind,
    };
  };
}

/** Reads the installation secret, creating it (mode 0600) on first use. */
export function loadOrCreateSecret(path: string): Buffer {
  if (existsSync(path)) {
    const secret = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (secret.length < 32) throw new Error(`${path}: installation secret is too short or damaged`);
    return secret;
  }
  mkdirSync(dirname(path), { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(path, `${secret.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return secret;
}
