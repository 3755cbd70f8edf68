// The week's candidate issues of an area, read from the places, sectors and stories tagged on
// mentions (places-stories-schema.ts): stories, and sector × place groups. One pass over the
// area's mentions of the week and its baseline weeks per kind of issue; details (share
// statistics, daily authors, sources, mentions to show) per issue afterwards. A mention that
// is a near-duplicate copy of another (a reprint) counts for nothing but `mentions`.
import type Database from 'better-sqlite3';
import { CELL_COUNT } from '../../analysis/quantify/index.js';
import type {
  IssueCandidate,
  IssueDetail,
  IssueKey,
  IssueScope,
  IssueStore,
  IssueWindow,
} from '../../reports/report-types.js';
import { firstKeyAt } from './search-key.js';
import { type ShareStatisticsRow, statisticsFromRows } from './share-statistics-sql.js';

const AUTHOR = "coalesce(m.author_key, 'm' || m.id)";
const REPRINT = '(ms.first_publisher_id IS NOT NULL AND ms.first_publisher_id <> m.id)';

/** Mentions of the scope: any of its place codes and any of its sectors. */
const SCOPE = `
  (@places IS NULL OR EXISTS (
    SELECT 1 FROM mention_places AS p, json_each(@places) AS c
    WHERE p.mention_id = m.id
      AND (p.province = c.value OR p.ward = c.value OR (p.level = 'district' AND p.code = c.value))))
  AND (@sectors IS NULL OR EXISTS (
    SELECT 1 FROM mention_sectors AS s, json_each(@sectors) AS c
    WHERE s.mention_id = m.id AND s.sector = c.value))`;

const PRODUCTS: [number, number][] = [];
for (let j = 0; j < 3; j++) for (let k = j; k < 3; k++) PRODUCTS.push([j, k]);
const PROB = ['m.prob_negative', 'm.prob_neutral', 'm.prob_positive'];
const SUMS = [
  'count(*) AS n',
  ...PROB.map((p, i) => `total(${p}) AS p${i}`),
  ...PRODUCTS.map(([j, k], i) => `total(${PROB[j]} * ${PROB[k]}) AS pp${i}`),
  ...Array.from({ length: CELL_COUNT }, (_, i) => `total(m.share_cell = ${i}) AS c${i}`),
].join(', ');

function params(scope: IssueScope, window: IssueWindow) {
  return {
    places: scope.places.length ? JSON.stringify(scope.places) : null,
    sectors: scope.sectors.length ? JSON.stringify(scope.sectors) : null,
    baselineKey: firstKeyAt(Date.parse(window.baselineFrom)),
    fromKey: firstKeyAt(Date.parse(window.from)),
    toKey: firstKeyAt(Date.parse(window.to)),
    shift: window.offsetMinutes * 60,
  };
}

/** The mentions of one issue within `m`/`ms` rows of the scope. */
function keyCondition(key: IssueKey): { sql: string; params: Record<string, string | number> } {
  if (key.kind === 'story') return { sql: 'ms.story_id = @story', params: { story: key.storyId } };
  return {
    sql: `EXISTS (SELECT 1 FROM mention_sectors AS s2 WHERE s2.mention_id = m.id AND s2.sector = @sector)
      AND ${
        key.ward === ''
          ? `EXISTS (SELECT 1 FROM mention_places AS p2 WHERE p2.mention_id = m.id AND p2.province = @province)
             AND NOT EXISTS (SELECT 1 FROM mention_places AS p3 WHERE p3.mention_id = m.id AND p3.ward <> '')`
          : 'EXISTS (SELECT 1 FROM mention_places AS p2 WHERE p2.mention_id = m.id AND p2.ward = @ward)'
      }`,
    params: { sector: key.sector, province: key.province, ward: key.ward },
  };
}

export function openIssueStore(db: Database.Database): IssueStore {
  const scoped = `
    SELECT m.id, ${AUTHOR} AS author, m.sentiment, ms.story_id,
      ${REPRINT} AS reprint, m.search_key >= @fromKey AS current
    FROM mentions AS m LEFT JOIN mention_stories AS ms ON ms.mention_id = m.id
    WHERE m.search_key >= @baselineKey AND m.search_key < @toKey AND ${SCOPE}`;
  const measures = `
    count(DISTINCT CASE WHEN current AND NOT reprint THEN author END) AS authors,
    count(DISTINCT CASE WHEN NOT current AND NOT reprint THEN author END) AS baselineAuthors,
    total(current) AS mentions,
    total(current AND NOT reprint) AS originals,
    total(current AND NOT reprint AND sentiment IS NOT NULL) AS rated,
    total(current AND NOT reprint AND sentiment = 'negative') AS negative`;
  const storyCandidates = db.prepare(
    `SELECT story_id AS storyId, ${measures} FROM (${scoped}) WHERE story_id IS NOT NULL
     GROUP BY story_id HAVING authors >= @min`,
  );
  // A mention's place key: each of its wards, or its province when it names no ward.
  const groupCandidates = db.prepare(
    `WITH s AS (${scoped}),
     keyed AS (
       SELECT s.*, p.province, p.ward FROM s JOIN mention_places AS p ON p.mention_id = s.id
       WHERE p.ward <> ''
       UNION ALL
       SELECT s.*, min(p.province) AS province, '' AS ward FROM s
       JOIN mention_places AS p ON p.mention_id = s.id
       WHERE NOT EXISTS (SELECT 1 FROM mention_places AS w WHERE w.mention_id = s.id AND w.ward <> '')
       GROUP BY s.id)
     SELECT sec.sector, keyed.province, keyed.ward, ${measures}
     FROM keyed JOIN mention_sectors AS sec ON sec.mention_id = keyed.id
     WHERE sec.sector <> 'other' AND (@sectors IS NULL OR sec.sector IN (SELECT value FROM json_each(@sectors)))
     GROUP BY sec.sector, keyed.province, keyed.ward HAVING authors >= @min`,
  );
  const storyTitle = db.prepare<[number], { title: string | null; text: string }>(
    `SELECT m.title, substr(m.text, 1, 160) AS text FROM stories AS st
     JOIN mentions AS m ON m.id = st.first_mention_id WHERE st.id = ?`,
  );
  const week = `m.search_key >= @fromKey AND m.search_key < @toKey AND ${SCOPE}`;
  const from = 'mentions AS m LEFT JOIN mention_stories AS ms ON ms.mention_id = m.id';

  return {
    issueCandidates(scope, window, minAuthors) {
      const p = { ...params(scope, window), min: minAuthors };
      const { shift: _shift, ...q } = p;
      const out: IssueCandidate[] = [];
      for (const row of storyCandidates.all(q) as (Omit<IssueCandidate, 'key' | 'title'> & {
        storyId: number;
      })[]) {
        const { storyId, ...m } = row;
        const first = storyTitle.get(storyId);
        out.push({
          key: { kind: 'story', storyId },
          ...m,
          title: first ? (first.title ?? first.text) : null,
        });
      }
      for (const row of groupCandidates.all(q) as (Omit<IssueCandidate, 'key' | 'title'> & {
        sector: string;
        province: string;
        ward: string;
      })[]) {
        const { sector, province, ward, ...m } = row;
        out.push({ key: { kind: 'group', sector, province, ward }, ...m, title: null });
      }
      return out;
    },

    issueDetail(scope, window, key): IssueDetail {
      const k = keyCondition(key);
      const p = { ...params(scope, window), ...k.params };
      const { baselineKey: _b, ...weekParams } = p;
      const { shift: _s, ...plain } = weekParams;
      const where = `${week} AND ${k.sql} AND NOT ${REPRINT}`;
      const stats = db
        .prepare(
          `SELECT m.share_group AS grp, m.sentiment AS sentiment, ${SUMS} FROM ${from}
           WHERE ${where} AND m.share_group IS NOT NULL GROUP BY grp, sentiment`,
        )
        .all(plain) as ShareStatisticsRow[];
      const daily = db
        .prepare(
          `SELECT date((m.search_key >> 20) + @shift, 'unixepoch') AS day,
             count(DISTINCT ${AUTHOR}) AS authors
           FROM ${from} WHERE ${where} GROUP BY day ORDER BY day`,
        )
        .all(weekParams) as { day: string; authors: number }[];
      const sources = db
        .prepare(
          `SELECT src.id AS id, coalesce(src.title, src.url) AS title, count(*) AS mentions
           FROM ${from} JOIN mention_sources AS msrc ON msrc.mention_id = m.id
           JOIN sources AS src ON src.id = msrc.source_id
           WHERE ${week} AND ${k.sql} GROUP BY src.id ORDER BY mentions DESC, src.id LIMIT 3`,
        )
        .all(plain) as { id: number; title: string; mentions: number }[];
      const ids = db
        .prepare(
          `SELECT m.id FROM ${from} WHERE ${where}
           ORDER BY (m.author_kind IS NOT NULL AND m.author_kind <> 'person') DESC,
             coalesce(json_extract(m.engagement, '$.likes'), 0)
               + 2 * coalesce(json_extract(m.engagement, '$.comments'), 0)
               + 3 * coalesce(json_extract(m.engagement, '$.shares'), 0) DESC,
             m.id
           LIMIT 30`,
        )
        .all(plain) as { id: number }[];
      return {
        statistics: statisticsFromRows(stats),
        dailyAuthors: daily,
        sources,
        mentionIds: ids.map((r) => r.id),
      };
    },
  };
}
