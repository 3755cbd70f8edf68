// Stories as the SQLite file keeps them: the rows linking a reprint to its first publisher,
// and a deletion taking the mention out of its story and its place tags. The figures and
// queries every store shares are in place-story.conformance.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLOOD_TEXT, floodAnalysis } from '../place-story.conformance.js';
import { mentionInput } from '../store.conformance.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

describe('story rows in the SQLite store', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-places-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('links a reprint to its first publisher in the story rows and unlinks it on deletion', async () => {
    const article = FLOOD_TEXT;
    const analysis = floodAnalysis;
    const first = await store.saveMentions(null, [
      mentionInput({ publishedAt: '2025-09-01T08:00:00Z', text: article, analysis: analysis() }),
    ]);
    const copy = await store.saveMentions(null, [
      mentionInput({
        publishedAt: '2025-09-01T09:30:00Z',
        text: `TPO - ${article} Theo Tuổi Trẻ.`,
        analysis: analysis(),
      }),
    ]);
    const other = await store.saveMentions(null, [
      mentionInput({
        publishedAt: '2025-09-01T10:00:00Z',
        text: 'Giá vàng hôm nay tăng mạnh, các cửa hàng ở Hà Nội đông khách mua bán từ sáng sớm.',
        analysis: { ...analysis(), places: [], sectors: [{ sector: 'prices', confidence: 0.8 }] },
      }),
    ]);
    const row = (id: number) =>
      store.db.prepare('SELECT * FROM mention_stories WHERE mention_id = ?').get(id) as {
        story_id: number;
        first_publisher_id: number | null;
        copied_from: number | null;
        delay_ms: number | null;
      };
    const a = row(first.ids[0]!);
    const b = row(copy.ids[0]!);
    expect(b.story_id).toBe(a.story_id);
    expect(b.first_publisher_id).toBe(first.ids[0]);
    expect(b.copied_from).toBe(first.ids[0]);
    expect(b.delay_ms).toBe(90 * 60_000);
    expect(a.first_publisher_id).toBe(first.ids[0]);
    expect(row(other.ids[0]!).story_id).not.toBe(a.story_id);
    const story = store.db.prepare('SELECT size FROM stories WHERE id = ?').get(a.story_id) as {
      size: number;
    };
    expect(story.size).toBe(2);
    // A deletion takes the mention out of its story and its tags away.
    await store.saveMentions(null, [
      mentionInput({
        externalId: (
          store.db.prepare('SELECT external_id FROM mentions WHERE id = ?').get(copy.ids[0]) as {
            external_id: string;
          }
        ).external_id,
        canonicalUrl: null,
        deleted: true,
      }),
    ]);
    expect(row(copy.ids[0]!)).toBeUndefined();
    const places = store.db
      .prepare('SELECT count(*) AS n FROM mention_places WHERE mention_id = ?')
      .get(copy.ids[0]) as { n: number };
    expect(places.n).toBe(0);
  });
});
