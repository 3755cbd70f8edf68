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

export const AUTHOR = "coalesce(m.author_key, 'm' || m.id)";
/** Who the small-group rule counts (src/privacy): persons, and authorless posts outside news. */
export const PERSON = `(m.author_kind = 'person' OR (m.author_kind IS NULL AND m.platform <> 'web'))`;
export const REPRINT = '(ms.first_publisher_id IS NOT NULL AND ms.first_publisher_id <> m.id)';

const PROVINCE_CODE = /^\d{2}$/;
const DISTRICT_CODE = /^\d{3}$/;
const WARD_CODE = /^\d{5}$/;
const SECTOR_ID = /^[a-z_]{1,40}$/;

function literals(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

/**
 * The joins that narrow a scan to the scope and give its sector and place rows: with places,
 * only place rows of the scope (a mention also naming a ward outside the area is counted in
 * the area's wards only); with sectors, only the scope's sectors. Codes and ids are checked
 * and written into the SQL, which is cached per scope: a json_each per row cost a fifth of the
 * scan. CROSS JOIN keeps the mentions outermost, so the rows of one mention come together.
 */
export function scopeJoins(scope: IssueScope, dialect: 'sqlite' | 'postgres' = 'sqlite'): string {
  for (const code of scope.places) {
    if (!PROVINCE_CODE.test(code) && !DISTRICT_CODE.test(code) && !WARD_CODE.test(code)) {
      throw new RangeError(`not a place code: ${code}`);
    }
  }
  for (const id of scope.sectors) {
    if (!SECTOR_ID.test(id)) throw new RangeError(`not a sector id: ${id}`);
  }
  const provinces = scope.places.filter((c) => PROVINCE_CODE.test(c));
  const districts = scope.places.filter((c) => DISTRICT_CODE.test(c));
  const wards = scope.places.filter((c) => WARD_CODE.test(c));
  const placeConditions = [
    provinces.length ? `p.province IN (${literals(provinces)})` : null,
    wards.length ? `p.ward IN (${literals(wards)})` : null,
    districts.length ? `(p.level = 'district' AND p.code IN (${literals(districts)}))` : null,
  ].filter((c) => c !== null);
  const sectors = scope.sectors.length
    ? `CROSS JOIN mention_sectors AS sec ON sec.mention_id = m.id AND sec.sector IN (${literals(scope.sectors)})`
    : `LEFT JOIN mention_sectors AS sec ON sec.mention_id = m.id AND sec.sector <> 'other'`;
  const places = placeConditions.length
    ? `CROSS JOIN mention_places AS p ON p.mention_id = m.id AND (${placeConditions.join(' OR ')})`
    : 'LEFT JOIN mention_places AS p ON p.mention_id = m.id';
  const joins = `LEFT JOIN mention_stories AS ms ON ms.mention_id = m.id ${sectors} ${places}`;
  // PostgreSQL has no CROSS JOIN … ON; its plan orders by the mention id instead.
  return dialect === 'postgres' ? joins.replaceAll('CROSS JOIN', 'JOIN') : joins;
}

function params(window: IssueWindow) {
  return {
    baselineKey: firstKeyAt(Date.parse(window.baselineFrom)),
    fromKey: firstKeyAt(Date.parse(window.from)),
    toKey: firstKeyAt(Date.parse(window.to)),
    shift: window.offsetMinutes * 60,
  };
}

interface Tally {
  /** Authors by a number given per scan: sets of small integers are several times cheaper. */
  authors: Set<number>;
  /** Persons among the week's mentions, reprints included (every mention the issue counts). */
  persons: Set<string>;
  baselineAuthors: Set<number>;
  mentions: number;
  originals: number;
  rated: number;
  negative: number;
}

const newTally = (): Tally => ({
  authors: new Set(),
  persons: new Set(),
  baselineAuthors: new Set(),
  mentions: 0,
  originals: 0,
  rated: 0,
  negative: 0,
});

/**
 * Scan rows are read raw (arrays, no object per row): id, author, sentiment, story, reprint,
 * current, sector, province, ward; the candidate scan adds whether the author is a person, the
 * detail scan adds share group, the three probabilities, cell, local day, lowest source, public
 * author and engagement.
 */
type ScanRow = [
  id: number,
  author: string,
  sentiment: string | null,
  story: number | null,
  reprint: number,
  current: number,
  sector: string | null,
  province: string | null,
  ward: string | null,
];

/**
 * The issues a mention counts for: its story, and each sector × (ward, else province) key.
 * Most mentions are one row (one sector, one place): that case builds no set.
 */
function groupKeysOf(rows: readonly ScanRow[] | readonly DetailRow[]): string[] {
  if (rows.length === 1) {
    const r = rows[0]!;
    return r[6] && r[7] ? [`${r[6]}|${r[7]}|${r[8] ?? ''}`] : [];
  }
  const hasWard = rows.some((r) => r[8]);
  const groups = new Set<string>();
  for (const r of rows) {
    if (!r[6] || !r[7]) continue;
    if (hasWard && !r[8]) continue;
    groups.add(`${r[6]}|${r[7]}|${hasWard ? r[8] : ''}`);
  }
  return [...groups];
}

export function issueKeyString(key: IssueKey): string {
  return key.kind === 'story'
    ? `story:${key.storyId}`
    : `${key.sector}|${key.province}|${key.ward}`;
}

/** Iterates the scan's rows one mention at a time. */
function eachMention<R extends ScanRow | DetailRow>(
  rows: Iterable<R>,
  visit: (rows: R[]) => void,
): void {
  let current: R[] = [];
  for (const row of rows) {
    if (current.length > 0 && current[0]![0] !== row[0]) {
      visit(current);
      current = [];
    }
    current.push(row);
  }
  if (current.length > 0) visit(current);
}

type DetailRow = [
  ...ScanRow,
  grp: string | null,
  p0: number | null,
  p1: number | null,
  p2: number | null,
  cell: number | null,
  day: string,
  source: number | null,
  isPublic: number,
  engagement: number,
];

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
  const [id, author, sentiment, , reprint, , , , , grp, p0, p1, p2, cell, day, source] = row;
  if (!reprint) {
    const authors = t.days.get(day) ?? new Set<string>();
    t.days.set(day, authors);
    authors.add(author);
    if (grp !== null && sentiment !== null && p0 !== null) {
      const label = SHARE_CLASSES.indexOf(sentiment as (typeof SHARE_CLASSES)[number]);
      if (label >= 0) {
        t.stats.groups[grp] ??= emptyGroupStatistics();
        const g = t.stats.groups[grp]!;
        const probs = [p0, p1 ?? 0, p2 ?? 0];
        g.n++;
        g.labels[label]!++;
        for (let j = 0; j < 3; j++) {
          g.probs[j]! += probs[j]!;
          for (let k = j; k < 3; k++) g.products[productIndex(j, k)]! += probs[j]! * probs[k]!;
        }
        if (cell !== null) g.cells[cell]!++;
      }
    }
    const pick: [number, number, number] = [row[16], row[17], -id];
    if (t.picks.length < PICKS || better(pick, t.picks[t.picks.length - 1]!)) {
      t.picks.push(pick);
      t.picks.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
      if (t.picks.length > PICKS) t.picks.pop();
    }
  }
  if (source !== null) t.sources.set(source, (t.sources.get(source) ?? 0) + 1);
}

function tallyOf<K>(map: Map<K, Tally>, key: K): Tally {
  let t = map.get(key);
  if (!t) {
    t = newTally();
    map.set(key, t);
  }
  return t;
}

function count(tally: Tally, row: ScanRow, author: number): void {
  const [, , sentiment, , reprint, current] = row;
  if (current) {
    tally.mentions++;
    // The person's key as the privacy counter has it: authorless posts are one person together.
    const person = (row as unknown as { 9: string | null })[9];
    if (person !== null && person !== undefined) tally.persons.add(person);
    if (reprint) return;
    tally.originals++;
    tally.authors.add(author);
    if (sentiment !== null) tally.rated++;
    if (sentiment === 'negative') tally.negative++;
  } else if (!reprint) tally.baselineAuthors.add(author);
}

/**
 * What the issue tallies read, in either dialect: the scan of a scope's week (and baseline
 * weeks for candidates), rows as arrays with a mention's rows together (see ScanRow and
 * DetailRow), and the titles of stories and sources.
 */
export interface IssueRows {
  scan(scope: IssueScope, window: IssueWindow, detail: boolean): Promise<Iterable<unknown[]>>;
  storyTitle(storyId: number): Promise<{ title: string | null; text: string } | undefined>;
  sourceTitle(sourceId: number): Promise<string | undefined>;
}

export function openIssueStore(db: Database.Database): IssueStore {
  const statements = new Map<string, Database.Statement>();
  /** One row per mention of the scope and per sector and place it carries (scopeJoins). */
  const scanOf = (scope: IssueScope, detail: boolean): Database.Statement => {
    const key = `${detail}|${scope.places.join(',')}|${scope.sectors.join(',')}`;
    let statement = statements.get(key);
    if (!statement) {
      const columns = detail
        ? `, m.share_group, m.prob_negative, m.prob_neutral, m.prob_positive, m.share_cell,
           date((m.search_key >> 20) + @shift, 'unixepoch'),
           (SELECT min(source_id) FROM mention_sources AS msrc WHERE msrc.mention_id = m.id),
           (m.author_kind IS NOT NULL AND m.author_kind <> 'person'),
           coalesce(json_extract(m.engagement, '$.likes'), 0)
             + 2 * coalesce(json_extract(m.engagement, '$.comments'), 0)
             + 3 * coalesce(json_extract(m.engagement, '$.shares'), 0)`
        : `, CASE WHEN ${PERSON} THEN coalesce(m.author_key, '') END`;
      statement = db
        .prepare(
          `SELECT m.id, ${AUTHOR}, m.sentiment, ms.story_id, ${REPRINT},
             m.search_key >= @fromKey, sec.sector, p.province, p.ward${columns}
           FROM mentions AS m ${scopeJoins(scope)}
           WHERE m.search_key >= @${detail ? 'fromKey' : 'baselineKey'} AND m.search_key < @toKey`,
        )
        .raw(true);
      statements.set(key, statement);
    }
    return statement;
  };
  const storyTitle = db.prepare<[number], { title: string | null; text: string }>(
    `SELECT m.title, substr(m.text, 1, 160) AS text FROM stories AS st
     JOIN mentions AS m ON m.id = st.first_mention_id WHERE st.id = ?`,
  );
  const sourceTitle = db.prepare<[number], { title: string }>(
    'SELECT coalesce(title, url) AS title FROM sources WHERE id = ?',
  );
  return issueStoreOver({
    async scan(scope, window, detail) {
      const { shift, baselineKey, ...q } = params(window);
      return scanOf(scope, detail).iterate(
        detail ? { ...q, shift } : { ...q, baselineKey },
      ) as Iterable<unknown[]>;
    },
    storyTitle: async (id) => storyTitle.get(id),
    sourceTitle: async (id) => sourceTitle.get(id)?.title,
  });
}

/** The candidates and details of issues tallied in memory from `rows`. */
export function issueStoreOver(reader: IssueRows): IssueStore {
  return {
    async issueCandidates(scope, window, minAuthors) {
      const stories = new Map<number, Tally>();
      const groups = new Map<string, Tally>();
      const authorNumbers = new Map<string, number>();
      const scanned = (await reader.scan(scope, window, false)) as Iterable<ScanRow>;
      eachMention(scanned, (rows) => {
        const first = rows[0]!;
        let author = authorNumbers.get(first[1]);
        if (author === undefined) {
          author = authorNumbers.size;
          authorNumbers.set(first[1], author);
        }
        if (first[3] !== null) count(tallyOf(stories, first[3]), first, author);
        for (const key of groupKeysOf(rows)) count(tallyOf(groups, key), first, author);
      });
      const measures = (t: Tally) => ({
        authors: t.authors.size,
        persons: t.persons.size,
        baselineAuthors: t.baselineAuthors.size,
        mentions: t.mentions,
        originals: t.originals,
        rated: t.rated,
        negative: t.negative,
      });
      const out: IssueCandidate[] = [];
      for (const [storyId, t] of stories) {
        if (t.authors.size < minAuthors) continue;
        out.push({ key: { kind: 'story', storyId }, ...measures(t), title: null });
      }
      for (const [key, t] of groups) {
        if (t.authors.size < minAuthors) continue;
        const [sector, province, ward] = key.split('|') as [string, string, string];
        out.push({ key: { kind: 'group', sector, province, ward }, ...measures(t), title: null });
      }
      return out;
    },

    async issueDetails(scope, window, keys): Promise<IssueDetail[]> {
      const wanted = new Map<string, DetailTally>(
        keys.map((key) => [
          issueKeyString(key),
          { stats: { groups: {} }, days: new Map(), sources: new Map(), picks: [] },
        ]),
      );
      const scanned = (await reader.scan(scope, window, true)) as Iterable<DetailRow>;
      eachMention(scanned, (rows) => {
        const first = rows[0]!;
        if (first[3] !== null) {
          const t = wanted.get(`story:${first[3]}`);
          if (t) addDetail(t, first);
        }
        for (const key of groupKeysOf(rows)) {
          const t = wanted.get(key);
          if (t) addDetail(t, first);
        }
      });
      const details: IssueDetail[] = [];
      for (const key of keys) {
        const t = wanted.get(issueKeyString(key))!;
        const sources = await Promise.all(
          [...t.sources.entries()]
            .sort((a, b) => b[1] - a[1] || a[0] - b[0])
            .slice(0, 3)
            .map(async ([id, mentions]) => ({
              id,
              title: (await reader.sourceTitle(id)) ?? `#${id}`,
              mentions,
            })),
        );
        const first = key.kind === 'story' ? await reader.storyTitle(key.storyId) : undefined;
        details.push({
          title: first ? (first.title ?? first.text) : null,
          statistics: t.stats,
          dailyAuthors: [...t.days.entries()]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([day, authors]) => ({ day, authors: authors.size })),
          sources,
          mentionIds: t.picks.map((p) => -p[2]),
        });
      }
      return details;
    },
  };
}
