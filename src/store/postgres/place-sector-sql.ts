// Place and sector filters and breakdowns on PostgreSQL (places-stories-schema.ts), with the
// meaning of the SQLite ones (src/store/sqlite/place-sector-sql.ts): a place code of 2 digits
// is a province, 3 a former district, 4 or more a ward; a mention matches when any of its
// places (or sectors) is one of the filter's. Figures of a filter with places or sectors are
// counted from the mentions, each once, as rows shaped like rollup_hourly's (one per
// mention), so every figure that reads the roll-up reads them unchanged; a breakdown by
// province, ward or sector reads rollup_places / rollup_sectors when the filter has only a
// topic, a period and sentiments, else the mentions.
import { CELL_COUNT } from '../../analysis/quantify/index.js';
import {
  dayLevelSplit,
  fromWhere,
  HOUR_MS,
  type PgFilter,
  type PgQuery,
  postgresFilter,
  postgresLeveledRows,
} from '../analytics/filter.js';
import type { MentionFilter } from '../listening-store.js';
import { SHARE_SUM_COLUMNS } from './rollups-schema.js';

export type TagBreakdown = 'province' | 'ward' | 'sector';

/** Conditions on a mention `m.id` for the filter's places and sectors. */
export function placeSectorConditions(
  filter: MentionFilter,
  bind: (value: unknown) => string,
): string[] {
  const conditions: string[] = [];
  if (filter.places !== undefined) {
    const codes = filter.places;
    const provinces = codes.filter((c) => c.length <= 2);
    const districts = codes.filter((c) => c.length === 3);
    const wards = codes.filter((c) => c.length >= 4);
    const any: string[] = [];
    if (provinces.length > 0) any.push(`p.province = ANY(${bind(provinces)}::text[])`);
    if (wards.length > 0) any.push(`(p.ward <> '' AND p.ward = ANY(${bind(wards)}::text[]))`);
    if (districts.length > 0) {
      any.push(`(p.level = 'district' AND p.code = ANY(${bind(districts)}::text[]))`);
    }
    conditions.push(
      any.length === 0
        ? 'false'
        : `EXISTS (SELECT 1 FROM mention_places AS p WHERE p.mention_id = m.id
            AND (${any.join(' OR ')}))`,
    );
  }
  if (filter.sectors !== undefined) {
    conditions.push(`EXISTS (SELECT 1 FROM mention_sectors AS s WHERE s.mention_id = m.id
      AND s.sector = ANY(${bind(filter.sectors)}::text[]))`);
  }
  return conditions;
}

const PROBS = ['prob_negative', 'prob_neutral', 'prob_positive'];

/** A mention `m`'s predicted sentiment, share group, n = 1 and share sums (SHARE_SUM_COLUMNS). */
function shareColumns(): string[] {
  const products: string[] = [];
  for (let j = 0; j < PROBS.length; j++) {
    for (let k = j; k < PROBS.length; k++) products.push(`m.${PROBS[j]} * m.${PROBS[k]}`);
  }
  return [
    "coalesce(m.sentiment, '') AS sentiment",
    "coalesce(m.share_group, '') AS grp",
    '1::bigint AS n',
    ...PROBS.map((p, i) => `coalesce(m.${p}, 0) AS p${i}`),
    ...products.map((p, i) => `coalesce(${p}, 0) AS pp${i}`),
    ...Array.from(
      { length: CELL_COUNT },
      (_, i) => `(CASE WHEN m.share_cell = ${i} THEN 1 ELSE 0 END)::bigint AS c${i}`,
    ),
  ];
}

/** rollup_hourly's columns for one mention `m` (n = 1). */
function rollupColumns(): string {
  return [
    'floor(m.sort_ms / 3600000.0)::bigint AS hour',
    'm.platform',
    'm.lang_key AS lang',
    'm.source_key AS source_id',
    ...shareColumns(),
  ].join(', ');
}

/**
 * A filter with places or sectors as rollup_hourly-shaped rows `r`, one per mention the filter
 * selects (its period, dimensions, places and sectors all applied inside).
 */
export function mentionRollupRows(filter: MentionFilter): PgFilter {
  const inner = postgresFilter(filter, 'hour');
  return {
    from: `(SELECT ${rollupColumns()} ${fromWhere(inner)}) AS r`,
    conditions: [],
    values: inner.values,
  };
}

/** The province of a filter by one province and at most a topic, a period and sentiments. */
function oneProvince(filter: MentionFilter): string | null {
  if (
    filter.places?.length !== 1 ||
    filter.sectors !== undefined ||
    filter.platforms !== undefined ||
    filter.langs !== undefined ||
    filter.sourceIds !== undefined
  ) {
    return null;
  }
  const code = filter.places[0]!;
  return code.length <= 2 ? code : null;
}

/**
 * A filter by one province (and at most a topic, a period and sentiments) as rows `r` of
 * sentiment, grp, n and the share sums: whole local days from rollup_place_share_days
 * (place-share-schema.ts), the hours at the ends from the mentions; null for other filters.
 */
export function placeShareRows(filter: MentionFilter): PgFilter | null {
  const province = oneProvince(filter);
  if (province === null) return null;
  const split = dayLevelSplit(filter);
  const values: unknown[] = [];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const branches: string[] = [];
  if (split.hours.length > 0) {
    // The filter's topic, sentiments and province over the mentions, without its period.
    const inner = postgresFilter({ ...filter, from: undefined, to: undefined }, null);
    values.push(...inner.values);
    const time = filter.topicId === undefined ? 'm.sort_ms' : 't.sort_ms';
    const ranges = split.hours.map((r) => {
      const parts: string[] = [];
      if (r.from !== null) parts.push(`${time} >= ${bind(r.from * HOUR_MS)}`);
      if (r.to !== null) parts.push(`${time} < ${bind(r.to * HOUR_MS)}`);
      return parts.length > 0 ? `(${parts.join(' AND ')})` : 'true';
    });
    branches.push(
      `SELECT ${shareColumns().join(', ')} ${fromWhere({ ...inner, conditions: [...inner.conditions, `(${ranges.join(' OR ')})`] })}`,
    );
  }
  if (split.days !== null) {
    const conditions = [
      `d.topic_id = ${bind(filter.topicId ?? 0)}`,
      `d.province = ${bind(province)}`,
      ...(split.days.from === null ? [] : [`d.day >= ${bind(split.days.from)}`]),
      ...(split.days.to === null ? [] : [`d.day < ${bind(split.days.to)}`]),
      ...(filter.sentiments === undefined
        ? []
        : [`d.sentiment = ANY(${bind(filter.sentiments)}::text[])`]),
    ];
    branches.push(
      `SELECT d.sentiment, d.grp, d.n, ${SHARE_SUM_COLUMNS.map((c) => `d.${c}`).join(', ')}
       FROM rollup_place_share_days AS d WHERE ${conditions.join(' AND ')}`,
    );
  }
  return { from: `(${branches.join('\nUNION ALL\n')}) AS r`, conditions: [], values };
}

const onlyRollupDimensions = (filter: MentionFilter) =>
  filter.places === undefined &&
  filter.sectors === undefined &&
  filter.platforms === undefined &&
  filter.langs === undefined &&
  filter.sourceIds === undefined;

/** `key` and `n` per province, ward or sector, largest first; all rows when no limit. */
export function tagCounts(by: TagBreakdown, filter: MentionFilter, limit: number | null): PgQuery {
  if (onlyRollupDimensions(filter)) {
    // Whole local days from rollup_place_days / rollup_sector_days, the ends' hours hourly.
    const ward = by === 'province' ? ["ward = ''"] : by === 'ward' ? ["ward <> ''"] : [];
    const rows = postgresLeveledRows(filter, {
      hourly: by === 'sector' ? 'rollup_sectors' : 'rollup_places',
      daily: by === 'sector' ? 'rollup_sector_days' : 'rollup_place_days',
      columns: [
        ['key', `h.${by}`, `d.${by}`],
        ['n', 'h.n', 'd.n'],
      ],
      hourlyConditions: ward.map((c) => `h.${c}`),
      dailyConditions: ward.map((c) => `d.${c}`),
    });
    const values = [...rows.values];
    const limitSql = limit === null ? '' : `LIMIT $${values.push(limit)}`;
    return {
      sql: `SELECT r.key, sum(r.n)::bigint AS n ${fromWhere(rows)}
        GROUP BY 1 HAVING sum(r.n) > 0 ORDER BY n DESC, r.key COLLATE "C" ${limitSql}`,
      values,
    };
  }
  const where = postgresFilter(filter, 'hour');
  const values = [...where.values];
  const join =
    by === 'sector'
      ? 'JOIN mention_sectors AS k ON k.mention_id = m.id'
      : `CROSS JOIN ${tagKeys(by)}`;
  const limitSql = limit === null ? '' : `LIMIT $${values.push(limit)}`;
  return {
    sql: `SELECT k.${by} AS key, count(*)::bigint AS n
      FROM ${where.from} ${join}
      ${where.conditions.length > 0 ? `WHERE ${where.conditions.join(' AND ')}` : ''}
      GROUP BY 1 ORDER BY n DESC, k.${by} COLLATE "C" ${limitSql}`,
    values,
  };
}

/** A mention `m`'s distinct provinces or wards, as rows `k` (province | ward). */
export function tagKeys(level: 'province' | 'ward'): string {
  return level === 'province'
    ? 'LATERAL (SELECT DISTINCT p.province FROM mention_places AS p WHERE p.mention_id = m.id) AS k'
    : "LATERAL (SELECT DISTINCT p.ward FROM mention_places AS p WHERE p.mention_id = m.id AND p.ward <> '') AS k";
}
