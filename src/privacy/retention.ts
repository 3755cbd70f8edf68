// Retention runs and erasure requests, over any RetentionStore.

import { createPseudonymiser } from '../jobs/pseudonymise.js';
import type { Platform } from '../model.js';
import type { ErasureResult, ExpiryResult, RetentionStore } from './retention-store.js';

const DAY_MS = 86_400_000;

export interface RetentionReport extends ExpiryResult {
  /** Mentions from before this time lost their raw text. */
  before: string;
  days: number;
}

export async function runRetention(
  store: RetentionStore,
  days: number,
  now: Date = new Date(),
): Promise<RetentionReport> {
  const before = new Date(now.getTime() - days * DAY_MS).toISOString();
  const removed = await store.expireRawText(before);
  return { ...removed, before, days };
}

/**
 * The pseudonyms a person's handle can have been stored under: with and without a leading '@'
 * (pseudonymise.ts lower-cases and normalises each the same way collection did). Platforms that
 * identify accounts by a number store that instead: pass it as the handle.
 */
export function pseudonymsOf(secret: Buffer, platform: Platform, handle: string): string[] {
  const pseudonymise = createPseudonymiser(secret);
  const bare = handle.trim().replace(/^@/, '');
  if (bare === '') return [];
  return [bare, `@${bare}`].map(
    (form) => pseudonymise(platform, { nativeId: form, name: null, kind: 'person' }).key,
  );
}

export async function eraseAuthor(
  store: RetentionStore,
  secret: Buffer,
  platform: Platform,
  handle: string,
): Promise<ErasureResult> {
  if (handle.trim() === '') throw new Error('handle: give the person’s handle or account id');
  return store.eraseAuthors(pseudonymsOf(secret, platform, handle));
}
