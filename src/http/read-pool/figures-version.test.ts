import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListeningEvents } from '../../jobs/listening-events.js';
import type { Mention, MentionInput } from '../../model.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { storedMentionCount } from '../stored-mention-count.js';
import { figuresVersion } from './figures-version.js';

function mention(i: number): MentionInput {
  return {
    platform: 'web',
    canonicalUrl: `https://news.example/v-${i}`,
    externalId: `v-${i}`,
    author: null,
    publishedAt: new Date(Date.UTC(2025, 5, 1 + (i % 40))).toISOString(),
    collectedAt: '2025-07-20T00:00:00.000Z',
    language: 'vi',
    title: null,
    text: `mưa lớn ${i}`,
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    raw: null,
    analysis: null,
  };
}

describe('the data version and the stored count', () => {
  let dir: string;
  let store: SqliteStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-figures-version-'));
    store = openSqliteStore(join(dir, 'nghe.sqlite'));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves with each ingest batch (after its recheck) and with each tagging', async () => {
    const events = createListeningEvents();
    let now = 0;
    const figures = figuresVersion(store, events, { recheckMs: 100, now: () => now });
    const empty = figures.version();
    await store.saveMentions(null, [mention(1), mention(2)]);
    // Read at most every recheckMs: within it the version stands.
    now = 50;
    expect(figures.version()).toBe(empty);
    now = 100;
    const saved = figures.version();
    expect(saved).not.toBe(empty);
    events.publishTagged({ id: 1 } as Mention, [3]);
    const tagged = figures.version();
    expect(tagged).not.toBe(saved);
    figures.bump();
    expect(figures.version()).not.toBe(tagged);
    figures.close();
    events.publishTagged({ id: 1 } as Mention, [3]);
    const closed = figures.version();
    expect(figures.version()).toBe(closed);
  });

  it('gives the number of stored mentions from the roll-ups, as count(*) does', async () => {
    const count = storedMentionCount(store);
    expect(await count()).toBe(await store.countMentions());
    await store.saveMentions(
      null,
      Array.from({ length: 30 }, (_, i) => mention(100 + i)),
    );
    expect(await count()).toBe(await store.countMentions());
    expect(await count()).toBe(32);
  });
});
