// The rule by which an edited mention keeps its story or is placed afresh, and which mentions
// get a story at all (replies, short texts), on SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changesStory } from '../../analysis/stories/index.js';
import {
  floodAnalysis as analysis,
  FLOOD_TEXT as FLOOD,
  GOLD_TEXT as GOLD,
} from '../place-story.conformance.js';
import { mentionInput } from '../store.conformance.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

// How edits move mentions between stories, on both stores: place-story.conformance.ts.
describe('story of an edited mention', () => {
  it('states the rule: a fixed word keeps the text, a rewrite does not', () => {
    expect(changesStory(FLOOD, FLOOD.replace('hàng trăm', 'hàng chục'))).toBe(false);
    expect(changesStory(FLOOD, `${FLOOD} Chiều nay nước đã rút.`)).toBe(false);
    expect(changesStory(FLOOD, GOLD)).toBe(true);
  });
});

describe('which mentions get a story', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-story-policy-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const storyOf = (id: number) =>
    (
      store.db.prepare('SELECT story_id FROM mention_stories WHERE mention_id = ?').get(id) as
        | { story_id: number }
        | undefined
    )?.story_id ?? null;
  const sizeOf = (story: number) =>
    (store.db.prepare('SELECT size FROM stories WHERE id = ?').get(story) as { size: number }).size;

  it('puts replies in their post story, in the same batch or a later one, and none without the post', async () => {
    const post = mentionInput({
      platform: 'facebook',
      externalId: 'p1',
      publishedAt: '2025-09-01T08:00:00Z',
      text: FLOOD,
      analysis: analysis(),
    });
    // About the gold price in its words, yet a reply to the flood post.
    const reply = mentionInput({
      platform: 'facebook',
      externalId: 'c1',
      parentExternalId: 'p1',
      publishedAt: '2025-09-01T08:30:00Z',
      text: GOLD,
      analysis: analysis(),
    });
    const [p, r] = (await store.saveMentions(null, [post, reply])).ids as [number, number];
    expect(storyOf(r)).toBe(storyOf(p));
    const later = mentionInput({
      platform: 'facebook',
      externalId: 'c2',
      parentExternalId: 'c1',
      publishedAt: '2025-09-01T09:00:00Z',
      text: 'Khổ thân bà con, mong nước rút sớm',
      analysis: analysis(),
    });
    const [l] = (await store.saveMentions(null, [later])).ids as [number];
    expect(storyOf(l)).toBe(storyOf(p));
    expect(sizeOf(storyOf(p)!)).toBe(3);
    const orphan = mentionInput({
      platform: 'facebook',
      externalId: 'c3',
      parentExternalId: 'not-collected',
      publishedAt: '2025-09-01T09:00:00Z',
      text: FLOOD,
      analysis: analysis(),
    });
    const [o] = (await store.saveMentions(null, [orphan])).ids as [number];
    expect(storyOf(o)).toBeNull();
  });

  it('rewrites a stored copy chain when an earlier publisher arrives in a later batch', async () => {
    const copy = mentionInput({
      publishedAt: '2025-09-01T09:00:00Z',
      text: `TPO - ${FLOOD} Theo Tuổi Trẻ.`,
      analysis: analysis(),
    });
    const [c] = (await store.saveMentions(null, [copy])).ids as [number];
    const original = mentionInput({
      publishedAt: '2025-09-01T08:00:00Z',
      text: FLOOD,
      analysis: analysis(),
    });
    const [o] = (await store.saveMentions(null, [original])).ids as [number];
    const link = (id: number) =>
      store.db
        .prepare(
          'SELECT story_id, first_publisher_id, delay_ms FROM mention_stories WHERE mention_id = ?',
        )
        .get(id);
    expect(link(c)).toEqual({ story_id: c, first_publisher_id: o, delay_ms: 3_600_000 });
    expect(link(o)).toEqual({ story_id: c, first_publisher_id: o, delay_ms: 0 });
    expect(store.db.prepare('SELECT first_mention_id, size FROM stories').all()).toEqual([
      { first_mention_id: o, size: 2 },
    ]);
  });

  it('starts no story for a text too short to carry an event, but lets a later text start one', async () => {
    const short = mentionInput({
      publishedAt: '2025-09-01T08:00:00Z',
      text: 'Ngập quá trời luôn',
      analysis: analysis(),
    });
    const full = mentionInput({
      publishedAt: '2025-09-01T08:10:00Z',
      text: FLOOD,
      analysis: analysis(),
    });
    const [s, f] = (await store.saveMentions(null, [short, full])).ids as [number, number];
    expect(storyOf(s)).toBeNull();
    expect(storyOf(f)).toBe(f);
  });
});
