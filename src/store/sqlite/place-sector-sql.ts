// Counts for filters and breakdowns by place and sector (places-stories-schema.ts). One place
// or one sector, with no platform, language or source filter, reads the place and sector
// roll-ups; anything else (several places, a place and a sector, a place and a platform …)
// counts the mentions themselves, each once, through the tag tables' indexes.
import type { MentionFilter } from '../listening-store.js';
import type { SqlPart } from './analytics-sql.js';
import { hourRange } from './analytics-sql.js';
import { LANG_KEY_SQL, SOURCE_KEY_SQL } from './listening-schema.js';

const TAG_COLUMNS = new Set(['province', 'ward', 'sector']);
/** search_key units per UTC hour: seconds × 2^20. */
const KEYS_PER_HOUR = 3_600 * 2 ** 20;

/** Place codes by kind: provinces (2 digits), former districts (3), wards (5). */
function placeKinds(codes: readonly string[]) {
  return {
    provinces: codes.filter((c) => c.length <= 2),
    districts: codes.filter((c) => c.length === 3),
    wards: codes.filter((c) => c.length >= 4),
  };
}

/** Appends the place and sector conditions of a filter over a mention id expression. */
export function placeSectorConditions(
  filter: MentionFilter,
  conditions: string[],
  params: SqlPart['params'],
  mention: string | undefined,
): void {
  if (filter.places === undefined && filter.sectors === undefined) return;
  if (mention === undefined) throw new Error('place and sector filters need the mention id');
  if (filter.places !== undefined) {
    const kinds = placeKinds(filter.places);
    const any: string[] = [];
    if (kinds.provinces.length > 0) {
      any.push('p.province IN (SELECT value FROM json_each(@placeProvinces))');
      params.placeProvinces = JSON.stringify(kinds.provinces);
    }
    if (kinds.wards.length > 0) {
      any.push("(p.ward <> '' AND p.ward IN (SELECT value FROM json_each(@placeWards)))");
      params.placeWards = JSON.stringify(kinds.wards);
    }
    if (kinds.districts.length > 0) {
      any.push(
        "(p.level = 'district' AND p.code IN (SELECT value FROM json_each(@placeDistricts)))",
      );
      params.placeDistricts = JSON.stringify(kinds.districts);
    }
    conditions.push(
      any.length === 0
        ? 'false'
        : `EXISTS (SELECT 1 FROM mention_places AS p WHERE p.mention_id = ${mention}
            AND (${any.join(' OR ')}))`,
    );
  }
  if (filter.sectors !== undefined) {
    conditions.push(`EXISTS (SELECT 1 FROM mention_sectors AS s WHERE s.mention_id = ${mention}
      AND s.sector IN (SELECT value FROM json_each(@sectors)))`);
    params.sectors = JSON.stringify(filter.sectors);
  }
}

const hasOtherDimensions = (filter: MentionFilter) =>
  filter.platforms !== undefined || filter.langs !== undefined || filter.sourceIds !== undefined;

/**
 * `SELECT <groupBy>, sum(n) AS n … GROUP BY <groupBy>` for filters or groupings by place or
 * sector; null when neither is involved (the other roll-ups answer).
 */
export function placeSectorCounts(
  filter: MentionFilter,
  groupBy: readonly string[],
): SqlPart | null {
  const tagGroups = groupBy.filter((c) => TAG_COLUMNS.has(c));
  if (filter.places === undefined && filter.sectors === undefined && tagGroups.length === 0) {
    return null;
  }
  if (tagGroups.length > 1) throw new Error(`cannot group by ${tagGroups.join(' and ')} at once`);
  return fromRollups(filter, groupBy, tagGroups[0]) ?? fromMentions(filter, groupBy, tagGroups[0]);
}

/** The place or sector roll-up, where it can answer; else null. */
function fromRollups(
  filter: MentionFilter,
  groupBy: readonly string[],
  tag: string | undefined,
): SqlPart | null {
  if (hasOtherDimensions(filter)) return null;
  if (!groupBy.every((c) => c === 'hour' || c === 'sentiment' || c === tag)) return null;
  const params: SqlPart['params'] = { topic: filter.topicId ?? 0 };
  const conditions = ['topic_id = @topic'];
  let table: string;
  if (filter.places !== undefined || tag === 'province' || tag === 'ward') {
    if (filter.sectors !== undefined || tag === 'sector') return null;
    const places = filter.places ?? [];
    // A mention about the filtered place counts for every place it is about: its rows, not
    // only the filtered one's, so a place breakdown of a place filter reads the mentions.
    if (places.length > 1 || (places.length === 1 && tag !== undefined)) return null;
    const code = places[0];
    table = 'rollup_places';
    if (code === undefined) {
      conditions.push(tag === 'ward' ? "ward <> ''" : "ward = ''");
    } else if (code.length <= 2) {
      conditions.push("ward = ''", 'province = @placeProvince');
      params.placeProvince = code;
    } else if (code.length >= 4) {
      conditions.push('ward = @placeWard');
      params.placeWard = code;
    } else {
      return null;
    }
  } else {
    const sectors = filter.sectors ?? [];
    if (sectors.length > 1 || (sectors.length === 1 && tag !== undefined)) return null;
    table = 'rollup_sectors';
    if (sectors[0] !== undefined) {
      conditions.push('sector = @sector');
      params.sector = sectors[0];
    }
  }
  const hours = hourRange(filter);
  if (hours.from !== null) {
    conditions.push('hour >= @fromHour');
    params.fromHour = hours.from;
  }
  if (hours.to !== null) {
    conditions.push('hour < @toHour');
    params.toHour = hours.to;
  }
  if (filter.sentiments !== undefined) {
    conditions.push('sentiment IN (SELECT value FROM json_each(@sentiments))');
    params.sentiments = JSON.stringify(filter.sentiments);
  }
  const columns = groupBy.join(', ');
  return {
    sql: `SELECT ${columns}, sum(n) AS n FROM ${table} WHERE ${conditions.join(' AND ')}
      GROUP BY ${columns}`,
    params,
  };
}

/** Column expressions of a mention row `m` for grouping. */
const DIMS: Record<string, string> = {
  hour: '(m.search_key >> 20) / 3600',
  platform: 'm.platform',
  lang: LANG_KEY_SQL,
  sentiment: "coalesce(m.sentiment, '')",
  source_id: SOURCE_KEY_SQL,
};

/**
 * `FROM … WHERE …` over the mentions a filter selects, as `m` (with `mt` for a topic's tags):
 * every dimension, place and sector condition of the filter, read from the mentions themselves.
 */
export function filteredMentionsSql(filter: MentionFilter): {
  from: string;
  where: string;
  params: SqlPart['params'];
} {
  const params: SqlPart['params'] = {};
  const conditions: string[] = [];
  const key = filter.topicId === undefined ? 'm.search_key' : 'mt.sort_key';
  const hours = hourRange(filter);
  if (hours.from !== null) {
    conditions.push(`${key} >= @fromKey`);
    params.fromKey = hours.from * KEYS_PER_HOUR;
  }
  if (hours.to !== null) {
    conditions.push(`${key} < @toKey`);
    params.toKey = hours.to * KEYS_PER_HOUR;
  }
  if (filter.platforms !== undefined) {
    conditions.push(`${DIMS.platform} IN (SELECT value FROM json_each(@platforms))`);
    params.platforms = JSON.stringify(filter.platforms);
  }
  if (filter.langs !== undefined) {
    conditions.push(`${DIMS.lang} IN (SELECT value FROM json_each(@langs))`);
    params.langs = JSON.stringify(
      filter.langs.map((l) => l.toLowerCase().replace(/_/g, '-').split('-')[0] ?? ''),
    );
  }
  if (filter.sentiments !== undefined) {
    conditions.push(`${DIMS.sentiment} IN (SELECT value FROM json_each(@sentiments))`);
    params.sentiments = JSON.stringify(filter.sentiments);
  }
  if (filter.sourceIds !== undefined) {
    conditions.push(`${DIMS.source_id} IN (SELECT value FROM json_each(@sources))`);
    params.sources = JSON.stringify(filter.sourceIds);
  }
  placeSectorConditions(filter, conditions, params, 'm.id');
  let from = 'mentions AS m';
  if (filter.topicId !== undefined) {
    from =
      'mention_topics AS mt JOIN mentions AS m ON m.id = mt.mention_id AND mt.topic_id = @topic';
    params.topic = filter.topicId;
  }
  return { from, where: conditions.length === 0 ? 'true' : conditions.join(' AND '), params };
}

/** Each matching mention once (once per place or sector when grouped by one). */
function fromMentions(
  filter: MentionFilter,
  groupBy: readonly string[],
  tag: string | undefined,
): SqlPart {
  const { from, where, params } = filteredMentionsSql(filter);
  const dims = { ...DIMS };
  let join = '';
  if (tag === 'province' || tag === 'ward') {
    join = `JOIN mention_place_keys AS k ON k.mention_id = m.id AND k.ward ${tag === 'ward' ? "<> ''" : "= ''"}`;
    dims[tag] = `k.${tag}`;
  } else if (tag === 'sector') {
    join = 'JOIN mention_sectors AS ts ON ts.mention_id = m.id';
    dims.sector = 'ts.sector';
  }
  const selected = groupBy.map((c) => `${dims[c]} AS ${c}`).join(', ');
  const columns = groupBy.join(', ');
  return {
    sql: `SELECT ${columns}, count(*) AS n FROM (
        SELECT ${selected} FROM ${from} ${join} WHERE ${where})
      GROUP BY ${columns}`,
    params,
  };
}
