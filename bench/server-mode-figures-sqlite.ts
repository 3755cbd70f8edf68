// The SQLite side of bench/server-mode-figures.ts: every k-th of the mentions seeded into
// PostgreSQL (so they span the same year), copied in id order into a SQLite store through its own writer (saveMentions with the analysis,
// places and sectors; tagMentions), so its triggers keep every roll-up level; the stories
// PostgreSQL holds are then written over the ones the writer assigned, so both stores count
// the same stories.
import type pg from 'pg';
import type { MentionAnalysis, MentionInput, Platform, Sentiment } from '../src/model.js';
import type { SqliteStore } from '../src/store/sqlite/sqlite-store.js';

const BATCH = 2_000;

interface Row {
  id: string;
  platform: Platform;
  external_id: string;
  author_key: string | null;
  author_name: string | null;
  author_kind: 'person' | 'outlet' | null;
  published_at: string;
  collected_at: string;
  language: string | null;
  text: string;
  lang: string | null;
  sentiment: Sentiment | null;
  keywords: string[];
  prob_negative: number;
  prob_neutral: number;
  prob_positive: number;
  share_group: string;
  source_key: string;
  places: { province: string; ward: string; level: 'province' | 'ward'; code: string }[];
  sectors: string[];
  topics: number[];
}

/** Copies up to `limit` mentions; returns how many, and the SQLite ids of PostgreSQL's topics. */
export async function copyPostgresRowsToSqlite(
  pool: pg.Pool,
  store: SqliteStore,
  limit: number,
): Promise<{ copied: number; topicIds: Map<number, number> }> {
  const { rows: sources } = await pool.query<{ url: string }>(
    'SELECT url FROM sources ORDER BY id',
  );
  const sourceIds = new Map<number, number>();
  for (const [i, s] of sources.entries()) {
    sourceIds.set(i + 1, (await store.addSource({ kind: 'feed', url: s.url })).source.id);
  }
  const { rows: topics } = await pool.query<{ id: string; name: string }>(
    'SELECT id, name FROM topics ORDER BY id',
  );
  const topicIds = new Map<number, number>();
  for (const t of topics) {
    topicIds.set(Number(t.id), (await store.createTopic({ name: t.name, query: 'x' })).id);
  }
  const idOf = new Map<number, number>();
  // Every k-th mention, so the copy spans the same year as the PostgreSQL rows.
  const { rows: total } = await pool.query<{ n: string }>('SELECT max(id) AS n FROM mentions');
  const every = Math.max(1, Math.floor(Number(total[0]!.n) / limit));
  let copied = 0;
  for (let after = 0; copied < limit; ) {
    const { rows } = await pool.query<Row>(
      `SELECT m.id, m.platform, m.external_id, m.author_key, m.author_name, m.author_kind,
         m.published_at, m.collected_at, m.language, m.text, m.lang, m.sentiment, m.keywords,
         m.prob_negative, m.prob_neutral, m.prob_positive, m.share_group, m.source_key,
         (SELECT coalesce(json_agg(json_build_object('province', p.province, 'ward', p.ward,
            'level', p.level, 'code', p.code)), '[]') FROM mention_places AS p
          WHERE p.mention_id = m.id) AS places,
         ARRAY(SELECT s.sector FROM mention_sectors AS s WHERE s.mention_id = m.id) AS sectors,
         ARRAY(SELECT t.topic_id::int FROM mention_topics AS t WHERE t.mention_id = m.id) AS topics
       FROM mentions AS m WHERE m.id > $1 AND m.id % $3 = 0 ORDER BY m.id LIMIT $2`,
      [after, Math.min(BATCH, limit - copied), every],
    );
    if (rows.length === 0) break;
    after = Number(rows[rows.length - 1]!.id);
    const bySource = new Map<number, Row[]>();
    for (const row of rows) {
      const key = Number(row.source_key);
      bySource.set(key, [...(bySource.get(key) ?? []), row]);
    }
    const tags = new Map<number, number[]>();
    for (const [sourceKey, group] of bySource) {
      const saved = await store.saveMentions(sourceIds.get(sourceKey) ?? null, group.map(input));
      group.forEach((row, i) => {
        const id = saved.ids[i]!;
        idOf.set(Number(row.id), id);
        for (const t of row.topics) tags.set(t, [...(tags.get(t) ?? []), id]);
      });
    }
    for (const [topic, ids] of tags) await store.tagMentions(topicIds.get(topic)!, ids);
    copied += rows.length;
  }
  // The stories of the copied mentions, as PostgreSQL holds them.
  const db = store.db;
  db.exec('DELETE FROM mention_stories; DELETE FROM stories');
  const link = db.prepare(
    `INSERT INTO mention_stories (mention_id, story_id, first_publisher_id, copied_from,
       similarity, delay_ms) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const story = db.prepare(
    'INSERT OR REPLACE INTO stories (id, first_mention_id, first_at, last_at, size) VALUES (?, ?, ?, ?, ?)',
  );
  for (let after = 0; ; ) {
    const { rows } = await pool.query<{
      mention_id: string;
      story_id: string;
      first_publisher_id: string | null;
      copied_from: string | null;
      similarity: number | null;
      delay_ms: string | null;
      first_mention_id: string;
      first_at: string;
      last_at: string;
      size: string;
    }>(
      `SELECT s.mention_id, s.story_id, s.first_publisher_id, s.copied_from, s.similarity,
         s.delay_ms, st.first_mention_id, st.first_at, st.last_at, st.size
       FROM mention_stories AS s JOIN stories AS st ON st.id = s.story_id
       WHERE s.mention_id > $1 AND s.mention_id % $2 = 0 ORDER BY s.mention_id LIMIT 10000`,
      [after, every],
    );
    if (rows.length === 0) break;
    after = Number(rows[rows.length - 1]!.mention_id);
    const mapped = (id: string | null) => (id === null ? null : (idOf.get(Number(id)) ?? null));
    db.transaction(() => {
      for (const r of rows) {
        const id = mapped(r.mention_id);
        if (id === null) continue;
        link.run(
          id,
          Number(r.story_id),
          mapped(r.first_publisher_id),
          mapped(r.copied_from),
          r.similarity,
          r.delay_ms === null ? null : Number(r.delay_ms),
        );
        story.run(
          Number(r.story_id),
          mapped(r.first_mention_id) ?? id,
          r.first_at,
          r.last_at,
          Number(r.size),
        );
      }
    })();
  }
  return { copied, topicIds };
}

function input(row: Row): MentionInput {
  const analysis: MentionAnalysis = {
    lang: row.lang,
    sentiment: row.sentiment,
    sentimentConfidence: 0.8,
    sentimentProbabilities:
      row.sentiment === null
        ? null
        : { negative: row.prob_negative, neutral: row.prob_neutral, positive: row.prob_positive },
    shareGroup: row.share_group,
    keywords: row.keywords,
    places: row.places.map((p) => ({
      province: p.province,
      ward: p.ward === '' ? null : p.ward,
      level: p.level,
      code: p.code,
      confidence: 0.9,
    })),
    sectors: row.sectors.map((sector) => ({ sector, confidence: 0.8 })),
  };
  return {
    platform: row.platform,
    canonicalUrl: null,
    externalId: row.external_id,
    author:
      row.author_key === null || row.author_kind === null
        ? null
        : { key: row.author_key, displayName: row.author_name, kind: row.author_kind },
    publishedAt: row.published_at,
    collectedAt: row.collected_at,
    language: row.language,
    title: null,
    text: row.text,
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    raw: null,
    analysis,
  };
}
