// Back-fill of places, sectors and stories over mentions stored without them: the same tags as
// ingest gives, roll-ups equal to a recount from the tag tables, reprints linked to their first
// publisher, and a run stopped part-way carried on by the next.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tagText } from '../../analysis/tag-stages.js';
import type { MentionAnalysis, MentionInput, Sentiment } from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import { mentionInput } from '../store.conformance.js';
import { backfillPlacesAndStories, type TagStoredMention } from './place-story-backfill.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

const TEXTS = [
  'Mưa lớn kéo dài khiến nhiều tuyến đường ở quận Bình Thạnh, TP.HCM ngập sâu, xe máy chết máy giữa dòng nước.',
  'Kẹt xe kéo dài trên đường Nguyễn Trãi, Hà Nội vào giờ cao điểm sáng nay, nhiều người đi làm muộn.',
  'Bệnh viện tỉnh Quảng Ngãi quá tải vì sốt xuất huyết tăng mạnh trong tháng này.',
  'Giá xăng RON 95 giảm hơn 500 đồng mỗi lít từ chiều nay theo điều chỉnh của liên bộ.',
  'Phim này hay quá, xem ba lần vẫn thấy cảm động.',
  'Người dân phường Bến Nghé phản ánh rác thải tồn đọng nhiều ngày trên vỉa hè gây mùi hôi.',
];
const SENTIMENTS: (Sentiment | null)[] = ['positive', 'negative', 'neutral', null];

const tag: TagStoredMention = (m) =>
  tagText(m.title ? `${m.title}\n${m.text}` : m.text, {
    publishedAt: m.publishedAt,
    province: m.province,
  });

function analysis(sentiment: Sentiment | null): MentionAnalysis {
  return {
    lang: 'vi',
    sentiment,
    sentimentConfidence: sentiment === null ? null : 0.8,
    keywords: [],
  };
}

/** Mentions over five days, the first text reprinted an hour later by another outlet. */
function corpus(rand: () => number): MentionInput[] {
  const start = Date.parse('2025-09-01T00:00:00Z');
  const out: MentionInput[] = [];
  for (let i = 0; i < 120; i++) {
    const base = TEXTS[i % TEXTS.length]!;
    out.push(
      mentionInput({
        publishedAt: new Date(start + Math.floor(rand() * 5 * 24) * 3_600_000).toISOString(),
        text: i < TEXTS.length ? base : `${base} Cập nhật ${i}.`,
        author: { key: `a${i % 17}`, displayName: null, kind: 'person' },
        analysis: analysis(SENTIMENTS[i % SENTIMENTS.length]!),
      }),
    );
  }
  out.push(
    mentionInput({
      publishedAt: new Date(Date.parse(out[0]!.publishedAt!) + 3_600_000).toISOString(),
      text: `TPO - ${TEXTS[0]} Theo Tuổi Trẻ.`,
      analysis: analysis('negative'),
    }),
  );
  return out;
}

type Row = Record<string, string | number>;
const sorted = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();

/** The place and sector roll-ups as stored, and as a recount from the mentions and their tags. */
function rollups(store: SqliteStore) {
  const db = store.db;
  const topics = `(SELECT 0 AS topic_id, id AS mention_id FROM mentions
    UNION ALL SELECT topic_id, mention_id FROM mention_topics)`;
  const hour = '(m.search_key >> 20) / 3600';
  return {
    places: sorted(
      db
        .prepare(
          'SELECT topic_id, hour, province, ward, sentiment, n FROM rollup_places WHERE n <> 0',
        )
        .all() as Row[],
    ),
    placesRecount: sorted(
      db
        .prepare(
          `SELECT t.topic_id, ${hour} AS hour, k.province, k.ward,
             coalesce(m.sentiment, '') AS sentiment, count(*) AS n
           FROM ${topics} AS t JOIN mentions AS m ON m.id = t.mention_id
             JOIN mention_place_keys AS k ON k.mention_id = m.id
           GROUP BY 1, 2, 3, 4, 5`,
        )
        .all() as Row[],
    ),
    sectors: sorted(
      db
        .prepare('SELECT topic_id, hour, sector, sentiment, n FROM rollup_sectors WHERE n <> 0')
        .all() as Row[],
    ),
    sectorsRecount: sorted(
      db
        .prepare(
          `SELECT t.topic_id, ${hour} AS hour, s.sector, coalesce(m.sentiment, '') AS sentiment,
             count(*) AS n
           FROM ${topics} AS t JOIN mentions AS m ON m.id = t.mention_id
             JOIN mention_sectors AS s ON s.mention_id = m.id
           GROUP BY 1, 2, 3, 4`,
        )
        .all() as Row[],
    ),
  };
}

const count = (store: SqliteStore, table: string) =>
  (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('places backfill', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-places-backfill-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tags stored mentions as ingest would and keeps the roll-ups equal to a recount', async () => {
    const inputs = corpus(seededRandom(3));
    const saved = await store.saveMentions(null, inputs);
    const topic = await store.createTopic({ name: 'ngập', query: 'ngập' });
    await store.tagMentions(
      topic.id,
      saved.ids.filter((_, i) => i % 3 === 0),
    );
    expect(count(store, 'mention_sectors')).toBe(0);

    const result = backfillPlacesAndStories(store.db, tag, { pageSize: 25 });
    expect(result).toEqual({ total: inputs.length, done: inputs.length, tagged: inputs.length });

    // The tags are those of the tagger on each text.
    const placesOf = store.db.prepare<[number], { province: string }>(
      'SELECT DISTINCT province FROM mention_places WHERE mention_id = ? ORDER BY province',
    );
    for (const [i, id] of saved.ids.entries()) {
      const expected = [
        ...new Set(tag({ ...inputs[i]!, id, province: null }).places.map((p) => p.province)),
      ].sort();
      expect(placesOf.all(id).map((r) => r.province)).toEqual(expected);
    }
    expect(placesOf.all(saved.ids[0]!).map((r) => r.province)).toEqual(['79']);

    const r = rollups(store);
    expect(r.places.length).toBeGreaterThan(0);
    expect(r.places).toEqual(r.placesRecount);
    expect(r.sectors).toEqual(r.sectorsRecount);

    // Every mention is in a story; the reprint (and the updated copies of the first text) are
    // linked to the earliest published of them, all in its story.
    expect(count(store, 'mention_stories')).toBe(inputs.length);
    const links = store.db.prepare<[number], { story_id: number; first_publisher_id: number }>(
      'SELECT story_id, first_publisher_id FROM mention_stories WHERE mention_id = ?',
    );
    const reprint = links.get(saved.ids.at(-1)!)!;
    const copies = saved.ids.filter((_, i) => inputs[i]!.text.includes(TEXTS[0]!));
    const earliest = Math.min(
      ...copies.map((id) => Date.parse(inputs[saved.ids.indexOf(id)]!.publishedAt!)),
    );
    const first = reprint.first_publisher_id;
    expect(copies).toContain(first);
    expect(Date.parse(inputs[saved.ids.indexOf(first)]!.publishedAt!)).toBe(earliest);
    for (const id of copies) expect(links.get(id)).toMatchObject({ story_id: reprint.story_id });
    const sizes = store.db
      .prepare(
        `SELECT st.id, st.size, (SELECT count(*) FROM mention_stories AS s WHERE s.story_id = st.id)
           AS members FROM stories AS st`,
      )
      .all() as { size: number; members: number }[];
    for (const s of sizes) expect(s.size).toBe(s.members);

    // Nothing left to do: a second run changes nothing.
    expect(backfillPlacesAndStories(store.db, tag)).toEqual({ total: 0, done: 0, tagged: 0 });
    expect(rollups(store).places).toEqual(r.places);
  });

  it('carries on after a stop', async () => {
    const inputs = corpus(seededRandom(5));
    await store.saveMentions(null, inputs);
    let pages = 0;
    expect(() =>
      backfillPlacesAndStories(store.db, tag, {
        pageSize: 20,
        onProgress: () => {
          if (++pages === 3) throw new Error('stopped');
        },
      }),
    ).toThrow('stopped');
    const partly = count(store, 'mention_stories');
    expect(partly).toBe(40);
    const rest = backfillPlacesAndStories(store.db, tag, { pageSize: 20 });
    expect(rest.total).toBe(inputs.length - partly);
    expect(rest.done).toBe(rest.total);
    expect(count(store, 'mention_stories')).toBe(inputs.length);
    const r = rollups(store);
    expect(r.places).toEqual(r.placesRecount);
    expect(r.sectors).toEqual(r.sectorsRecount);
  });

  it('only touches mentions from --since on', async () => {
    const inputs = corpus(seededRandom(9));
    await store.saveMentions(null, inputs);
    const since = Date.parse('2025-09-03T00:00:00Z');
    const later = inputs.filter((m) => Date.parse(m.publishedAt!) >= since).length;
    const result = backfillPlacesAndStories(store.db, tag, { sinceMs: since });
    expect(result.done).toBe(later);
    const early = store.db
      .prepare(
        `SELECT count(*) AS n FROM mention_stories AS s JOIN mentions AS m ON m.id = s.mention_id
         WHERE m.published_at < ?`,
      )
      .get(new Date(since).toISOString()) as { n: number };
    expect(early.n).toBe(0);
    const r = rollups(store);
    expect(r.sectors).toEqual(r.sectorsRecount);
  });
});
