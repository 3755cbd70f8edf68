// The week's candidate issues of an area, read from the places, sectors and stories tagged on
// mentions (places-stories-schema.ts): stories, and sector × place groups. One pass over the
// area's mentions of the week and its baseline weeks counts every candidate; a second pass
// over the week gathers the details (share statistics, daily authors, sources, mentions to
// show) of the shortlisted ones. Both aggregate in memory: one scan costs about what a COUNT
// of the same rows does, where a query per issue re-read the week for each. A mention that is
// a near-duplicate copy of another (a reprint) counts for nothing but `mentions`.
import type Database from 'better-sqlite3';
import {
  emptyGroupStatistics,
  productIndex,
  SHARE_CLASSES,
  type ShareStatistics,
} from '../../analysis/quantify/index.js';
import type {
  IssueCandidate,
  IssueDetail,
  IssueKey,
  IssueScope,
  IssueStore,
  IssueWindow,
} from '../../reports/report-types.js';
import { firstKeyAt } from './search-key.js';

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

interface Tally {
  authors: Set<string>;
  baselineAuthors: Set<string>;
  mentions: number;
  originals: number;
  rated: number;
  negative: number;
}

const newTally = (): Tally => ({
  authors: new Set(),
  baselineAuthors: new Set(),
  mentions: 0,
  originals: 0,
  rated: 0,
  negative: 0,
});

interface ScanRow {
  id: number;
  author: string;
  sentiment: string | null;
  story: number | null;
  reprint: number;
  current: number;
  sector: string | null;
  province: string | null;
  ward: string | null;
}

/** The issues a mention counts for: its story, and each sector × (ward, else province) key. */
function keysOf(rows: readonly ScanRow[]): { story: number | null; groups: string[] } {
  const first = rows[0]!;
  const hasWard = rows.some((r) => r.ward);
  const groups = new Set<string>();
  for (const r of rows) {
    if (!r.sector || !r.province) continue;
    if (hasWard && !r.ward) continue;
    groups.add(`${r.sector}|${r.province}|${hasWard ? r.ward : ''}`);
  }
  return { story: first.story, groups: [...groups] };
}

export function issueKeyString(key: IssueKey): string {
  return key.kind === 'story'
    ? `story:${key.storyId}`
    : `${key.sector}|${key.province}|${key.ward}`;
}

/** Iterates the scan's rows one mention at a time. */
function eachMention<R extends { id: number }>(
  rows: Iterable<R>,
  visit: (rows: R[]) => void,
): void {
  let current: R[] = [];
  for (const row of rows) {
    if (current.length > 0 && current[0]!.id !== row.id) {
      visit(current);
      current = [];
    }
    current.push(row);
  }
  if (current.length > 0) visit(current);
}

interface DetailRow extends ScanRow {
  grp: string | null;
  p0: number | null;
  p1: number | null;
  p2: number | null;
  cell: number | null;
  day: string;
  source: number | null;
  public: number;
  engagement: number;
}

interface DetailTally {
  stats: ShareStatistics;
  days: Map<string, Set<string>>;
  sources: Map<number, number>;
  /** Best mentions to show so far: [public, engagement, -id]. */
  picks: [number, number, number][];
}

const PICKS = 30;

function better(a: [number, number, number], b: [number, number, number]): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] > b[2];
}

function addDetail(t: DetailTally, row: DetailRow): void {
  if (!row.reprint) {
    const day = t.days.get(row.day) ?? new Set<string>();
    t.days.set(row.day, day);
    day.add(row.author);
    if (row.grp !== null && row.sentiment !== null && row.p0 !== null) {
      const label = SHARE_CLASSES.indexOf(row.sentiment as (typeof SHARE_CLASSES)[number]);
      if (label >= 0) {
        t.stats.groups[row.grp] ??= emptyGroupStatistics();
        const g = t.stats.groups[row.grp]!;
        const probs = [row.p0, row.p1 ?? 0, row.p2 ?? 0];
        g.n++;
        g.labels[label]!++;
        for (let j = 0; j < 3; j++) {
          g.probs[j]! += probs[j]!;
          for (let k = j; k < 3; k++) g.products[productIndex(j, k)]! += probs[j]! * probs[k]!;
        }
        if (row.cell !== null) g.cells[row.cell]!++;
      }
    }
    const pick: [number, number, number] = [row.public, row.engagement, -row.id];
    if (t.picks.length < PICKS || better(pick, t.picks[t.picks.length - 1]!)) {
      t.picks.push(pick);
      t.picks.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
      if (t.picks.length > PICKS) t.picks.pop();
    }
  }
  if (row.source !== null) t.sources.set(row.source, (t.sources.get(row.source) ?? 0) + 1);
}

function tallyOf<K>(map: Map<K, Tally>, key: K): Tally {
  let t = map.get(key);
  if (!t) {
    t = newTally();
    map.set(key, t);
  }
  return t;
}

function count(tally: Tally, row: ScanRow): void {
  if (row.current) {
    tally.mentions++;
    if (row.reprint) return;
    tally.originals++;
    tally.authors.add(row.author);
    if (row.sentiment !== null) tally.rated++;
    if (row.sentiment === 'negative') tally.negative++;
  } else if (!row.reprint) tally.baselineAuthors.add(row.author);
}

export function openIssueStore(db: Database.Database): IssueStore {
  // One row per mention of the area in the week and its baseline, and per sector and place it
  // carries; rows of one mention come together (the joins hang off it).
  const scan = db.prepare(
    `SELECT m.id, ${AUTHOR} AS author, m.sentiment, ms.story_id AS story, ${REPRINT} AS reprint,
       m.search_key >= @fromKey AS current, sec.sector, p.province, p.ward
     FROM mentions AS m
     LEFT JOIN mention_stories AS ms ON ms.mention_id = m.id
     LEFT JOIN mention_sectors AS sec ON sec.mention_id = m.id AND sec.sector <> 'other'
       AND (@sectors IS NULL OR sec.sector IN (SELECT value FROM json_each(@sectors)))
     LEFT JOIN mention_places AS p ON p.mention_id = m.id
     WHERE m.search_key >= @baselineKey AND m.search_key < @toKey AND ${SCOPE}`,
  );
  const storyTitle = db.prepare<[number], { title: string | null; text: string }>(
    `SELECT m.title, substr(m.text, 1, 160) AS text FROM stories AS st
     JOIN mentions AS m ON m.id = st.first_mention_id WHERE st.id = ?`,
  );
  // The same rows for the week alone, with what an issue's details need.
  const detailScan = db.prepare(
    `SELECT m.id, ${AUTHOR} AS author, m.sentiment, ms.story_id AS story, ${REPRINT} AS reprint,
       1 AS current, sec.sector, p.province, p.ward,
       m.share_group AS grp, m.prob_negative AS p0, m.prob_neutral AS p1, m.prob_positive AS p2,
       m.share_cell AS cell, date((m.search_key >> 20) + @shift, 'unixepoch') AS day,
       (SELECT min(source_id) FROM mention_sources AS msrc WHERE msrc.mention_id = m.id) AS source,
       (m.author_kind IS NOT NULL AND m.author_kind <> 'person') AS public,
       coalesce(json_extract(m.engagement, '$.likes'), 0)
         + 2 * coalesce(json_extract(m.engagement, '$.comments'), 0)
         + 3 * coalesce(json_extract(m.engagement, '$.shares'), 0) AS engagement
     FROM mentions AS m
     LEFT JOIN mention_stories AS ms ON ms.mention_id = m.id
     LEFT JOIN mention_sectors AS sec ON sec.mention_id = m.id AND sec.sector <> 'other'
       AND (@sectors IS NULL OR sec.sector IN (SELECT value FROM json_each(@sectors)))
     LEFT JOIN mention_places AS p ON p.mention_id = m.id
     WHERE m.search_key >= @fromKey AND m.search_key < @toKey AND ${SCOPE}`,
  );
  const sourceTitle = db.prepare<[number], { title: string }>(
    'SELECT coalesce(title, url) AS title FROM sources WHERE id = ?',
  );

  return {
    issueCandidates(scope, window, minAuthors) {
      const { shift: _shift, ...q } = params(scope, window);
      const stories = new Map<number, Tally>();
      const groups = new Map<string, Tally>();
      eachMention(scan.iterate(q) as Iterable<ScanRow>, (rows) => {
        const first = rows[0]!;
        const keys = keysOf(rows);
        if (keys.story !== null) count(tallyOf(stories, keys.story), first);
        for (const key of keys.groups) count(tallyOf(groups, key), first);
      });
      const measures = (t: Tally) => ({
        authors: t.authors.size,
        baselineAuthors: t.baselineAuthors.size,
        mentions: t.mentions,
        originals: t.originals,
        rated: t.rated,
        negative: t.negative,
      });
      const out: IssueCandidate[] = [];
      for (const [storyId, t] of stories) {
        if (t.authors.size < minAuthors) continue;
        const first = storyTitle.get(storyId);
        out.push({
          key: { kind: 'story', storyId },
          ...measures(t),
          title: first ? (first.title ?? first.text) : null,
        });
      }
      for (const [key, t] of groups) {
        if (t.authors.size < minAuthors) continue;
        const [sector, province, ward] = key.split('|') as [string, string, string];
        out.push({ key: { kind: 'group', sector, province, ward }, ...measures(t), title: null });
      }
      return out;
    },

    issueDetails(scope, window, keys): IssueDetail[] {
      const wanted = new Map<string, DetailTally>(
        keys.map((key) => [
          issueKeyString(key),
          { stats: { groups: {} }, days: new Map(), sources: new Map(), picks: [] },
        ]),
      );
      const { baselineKey: _b, ...q } = params(scope, window);
      eachMention(detailScan.iterate(q) as Iterable<DetailRow>, (rows) => {
        const k = keysOf(rows);
        const first = rows[0]!;
        if (k.story !== null) {
          const t = wanted.get(`story:${k.story}`);
          if (t) addDetail(t, first);
        }
        for (const key of k.groups) {
          const t = wanted.get(key);
          if (t) addDetail(t, first);
        }
      });
      return keys.map((key) => {
        const t = wanted.get(issueKeyString(key))!;
        const sources = [...t.sources.entries()]
          .sort((a, b) => b[1] - a[1] || a[0] - b[0])
          .slice(0, 3)
          .map(([id, mentions]) => ({
            id,
            title: sourceTitle.get(id)?.title ?? `#${id}`,
            mentions,
          }));
        return {
          statistics: t.stats,
          dailyAuthors: [...t.days.entries()]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([day, authors]) => ({ day, authors: authors.size })),
          sources,
          mentionIds: t.picks.map((p) => -p[2]),
        };
      });
    },
  };
}
