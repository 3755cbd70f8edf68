import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPseudonymiser, loadOrCreateSecret } from './pseudonymise.js';

describe('pseudonymiser', () => {
  const secretA = Buffer.alloc(32, 1);
  const secretB = Buffer.alloc(32, 2);

  it('gives one author the same key every time, and different installations different keys', () => {
    const a = createPseudonymiser(secretA);
    const person = { nativeId: 'user-123', name: 'Nguyễn Văn A', kind: 'person' as const };
    expect(a('reddit', person).key).toBe(a('reddit', person).key);
    expect(a('reddit', person).key).not.toBe(createPseudonymiser(secretB)('reddit', person).key);
    expect(a('reddit', person).key).not.toBe(a('x', person).key);
    expect(a('reddit', person).key).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('keeps names only for authors public by nature', () => {
    const p = createPseudonymiser(secretA);
    expect(
      p('reddit', { nativeId: 'u1', name: 'Someone', kind: 'person' as const }).displayName,
    ).toBeNull();
    const byline = p('web', { nativeId: 'Hoài Thu', name: 'Hoài Thu', kind: 'outlet' as const });
    expect(byline.displayName).toBe('Hoài Thu');
    expect(byline.kind).toBe('outlet');
  });

  it('treats composed and decomposed ids as one author', () => {
    const p = createPseudonymiser(secretA);
    const composed = { nativeId: 'Hoài Thu', name: null, kind: 'outlet' as const };
    const decomposed = { ...composed, nativeId: 'Hoài Thu'.normalize('NFD') };
    expect(p('web', composed).key).toBe(p('web', decomposed).key);
  });

  it('creates the secret once, private to its owner, and reads it back', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nghe-secret-')), 'sub', 'installation.key');
    const first = loadOrCreateSecret(path);
    expect(first.length).toBe(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(path).equals(first)).toBe(true);
  });
});
