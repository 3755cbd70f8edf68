// Copies an embedded installation (the SQLite file) into a PostgreSQL store, table by table in
// id order, keeping ids. Each batch is written in one transaction with the table's checkpoint
// (nghe_copy_progress), so a copy stopped at any point resumes after the last batch written and
// never writes a row twice. At the end the identity sequences move past the copied ids and every
// table's row count is compared with the source's.
//
// What is derived is rebuilt on the way: the full-text vector, the time order (sort_ms) and the
// roll-up source (source_key). SQLite's roll-up tables are not copied: PostgreSQL's triggers
// build its own as the rows arrive. Users, units, sessions, tokens, charters and notices are
// copied with their ids, so sign-ins and tokens keep working. Places, sectors and stories are
// copied with their mentions; the place and sector roll-ups are recounted at the end. Alert
// rules, alerts, deliveries, policies, report schedules and archived reports follow the topics.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import {
  MENTION_ANALYSIS_COLUMNS,
  MENTION_COLLECTED_COLUMNS,
  MENTION_SHARE_COLUMNS,
} from '../mention-columns.js';
import { inTransaction } from './connection.js';
import { tsvectorText } from './full-text.js';
import { pgJson } from './mention-writer.js';
import { RECOUNT_GROUPS, recountRollupsInBulk } from './rollup-recount.js';

type Row = Record<string, unknown>;

interface TableCopy {
  table: string;
  /** Columns read from SQLite and written to PostgreSQL under the same name. */
  columns: string[];
  /** Columns that hold JSON text in SQLite and jsonb in PostgreSQL. */
  json?: string[];
  /** Columns stored 0/1 in SQLite and boolean in PostgreSQL. */
  booleans?: string[];
  /** Keyset order; the last value of a batch is the checkpoint. */
  key: string[];
  /** Extra columns computed from the row. */
  derive?: (row: Row) => Row;
  /** Columns whose SQLite absence (an older or newer schema) is not an error. */
  optional?: string[];
  /** The identity or sequence to move past the copied ids. */
  sequence?: string;
  /** The insert of a batch ($1: the rows as a JSON array), where it is not column for column. */
  insert?: string;
  /** Work once the table's rows are all written, before it is marked done (idempotent). */
  finish?: (sqlite: Database.Database, pool: pg.Pool) => Promise<void>;
}

function timestampMs(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

const MENTION_COLUMNS = [
  ...MENTION_COLLECTED_COLUMNS,
  ...MENTION_ANALYSIS_COLUMNS,
  ...MENTION_SHARE_COLUMNS,
];

/**
 * Writes a batch, the SQLite row replacing one of the same key: the migration made the
 * organisation unit and built-in administrator here, and the topics copied before got default
 * charters, which the file's own (edited, shared, noticed) take the place of.
 */
function upsert(table: string, columns: string[], key: string[]): string {
  const updates = columns.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`);
  return `INSERT INTO ${table} (${columns.join(', ')})
    SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
    ON CONFLICT (${key.join(', ')}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
}

const laterParent = (row: Row) =>
  typeof row.parent_id === 'number' && typeof row.id === 'number' && row.parent_id > row.id;

const UNIT_COLUMNS = [
  'id',
  'parent_id',
  'kind',
  'name',
  'places',
  'sectors',
  'functions',
  'created_at',
];
const USER_COLUMNS = [
  'id',
  'unit_id',
  'username',
  'display_name',
  'email',
  'role',
  'password_hash',
  'oidc_subject',
  'disabled_at',
  'failed_sign_ins',
  'locked_until',
  'builtin',
  'created_at',
];
const CHARTER_COLUMNS = [
  'topic_id',
  'unit_id',
  'owner_id',
  'purpose',
  'justification',
  'expires_at',
  'widened_by',
  'noticed_at',
];

/** Units, users, sessions, charters, shares and notices: sign-ins and tokens carry over. */
const IDENTITY_TABLES: TableCopy[] = [
  {
    table: 'units',
    columns: UNIT_COLUMNS,
    json: ['places', 'sectors', 'functions'],
    key: ['id'],
    insert: upsert('units', UNIT_COLUMNS, ['id']),
    // A unit moved under one made after it gets its parent once both are written.
    derive: (row) => ({
      parent_id: laterParent(row) ? null : (row.parent_id ?? null),
    }),
    finish: async (sqlite, pool) => {
      const moved = sqlite
        .prepare('SELECT id, parent_id FROM units WHERE parent_id > id')
        .all() as Row[];
      for (const row of moved) {
        await pool.query('UPDATE units SET parent_id = $1 WHERE id = $2', [row.parent_id, row.id]);
      }
    },
    sequence: 'units',
  },
  {
    table: 'users',
    columns: USER_COLUMNS,
    booleans: ['builtin'],
    key: ['id'],
    insert: upsert('users', USER_COLUMNS, ['id']),
    sequence: 'users',
  },
  {
    table: 'sessions',
    columns: ['id_hash', 'user_id', 'csrf_token', 'created_at', 'expires_at'],
    key: ['id_hash'],
  },
  {
    table: 'topic_charters',
    columns: CHARTER_COLUMNS,
    key: ['topic_id'],
    insert: upsert('topic_charters', CHARTER_COLUMNS, ['topic_id']),
  },
  { table: 'topic_shares', columns: ['topic_id', 'unit_id'], key: ['topic_id', 'unit_id'] },
  {
    table: 'notices',
    columns: ['id', 'user_id', 'topic_id', 'kind', 'message', 'created_at', 'read_at'],
    key: ['id'],
    sequence: 'notices',
  },
];

/**
 * Places, sectors and stories, after the mentions and their tags. A mention's place rows can
 * fall in two batches, which the roll-up triggers would count twice: the place and sector
 * roll-ups are recounted once every row is in.
 */
const PLACE_STORY_TABLES: TableCopy[] = [
  {
    table: 'mention_places',
    columns: ['mention_id', 'province', 'ward', 'level', 'code', 'confidence'],
    key: ['mention_id', 'level', 'code', 'ward'],
  },
  {
    table: 'mention_sectors',
    columns: ['mention_id', 'sector', 'confidence'],
    key: ['mention_id', 'sector'],
    finish: async (_sqlite, pool) => {
      await inTransaction(pool, (client) =>
        recountRollupsInBulk(client, {
          tables: RECOUNT_GROUPS.filter(
            (g) => g.includes('rollup_places') || g.includes('rollup_sectors'),
          ).flat(),
        }),
      );
    },
  },
  {
    table: 'stories',
    columns: ['id', 'first_mention_id', 'first_at', 'last_at', 'size'],
    key: ['id'],
  },
  {
    table: 'mention_stories',
    columns: [
      'mention_id',
      'story_id',
      'first_publisher_id',
      'copied_from',
      'similarity',
      'delay_ms',
    ],
    key: ['mention_id'],
  },
];

const ALERT_RULE_COLUMNS = [
  'id',
  'topic_id',
  'kind',
  'query',
  'settings',
  'emails',
  'email_digest',
  'webhook_url',
  'webhook_secret',
  'quiet_start',
  'quiet_end',
  'time_zone',
  'daily_cap',
  'enabled',
  'after_mention_id',
  'created_at',
];
const REPORT_COLUMNS = [
  'id',
  'config_id',
  'kind',
  'title',
  'period_from',
  'period_to',
  'generated_at',
  'body',
  'pdf',
  'mailed_to',
  'mail_error',
  'slot',
];

/**
 * Alert rules with their alerts and deliveries, and policies, report schedules and the report
 * archive, after the topics they name. Webhook secrets are copied as they are stored: sealed
 * under the installation key, they stay sealed. A report's PDF travels as base64.
 */
const ALERT_REPORT_TABLES: TableCopy[] = [
  {
    table: 'alert_rules',
    columns: ALERT_RULE_COLUMNS,
    json: ['settings', 'emails'],
    booleans: ['email_digest', 'enabled'],
    key: ['id'],
    sequence: 'alert_rules',
  },
  {
    table: 'alerts',
    columns: [
      'id',
      'rule_id',
      'topic_id',
      'window_key',
      'fired_at',
      'local_day',
      'title',
      'detail',
      'mention_ids',
      'suppressed',
      'read_at',
    ],
    json: ['detail', 'mention_ids'],
    key: ['id'],
    sequence: 'alerts',
  },
  {
    table: 'alert_deliveries',
    columns: [
      'id',
      'alert_id',
      'channel',
      'target',
      'status',
      'attempts',
      'next_attempt_at',
      'last_error',
      'log',
      'sent_at',
    ],
    json: ['log'],
    key: ['id'],
    sequence: 'alert_deliveries',
  },
  {
    table: 'policies',
    columns: [
      'id',
      'name',
      'query',
      'promulgated_on',
      'places',
      'sectors',
      'unit_id',
      'topic_id',
      'days_before',
      'days_after',
      'created_at',
    ],
    json: ['places', 'sectors'],
    key: ['id'],
    sequence: 'policies',
  },
  {
    table: 'report_configs',
    columns: [
      'id',
      'name',
      'kind',
      'unit_id',
      'area',
      'policy_id',
      'weekday',
      'time',
      'time_zone',
      'recipients',
      'enabled',
      'next_run_at',
      'last_run_at',
      'last_error',
      'created_at',
    ],
    json: ['area', 'recipients'],
    booleans: ['enabled'],
    key: ['id'],
    sequence: 'report_configs',
  },
  {
    table: 'reports',
    columns: REPORT_COLUMNS,
    json: ['mailed_to'],
    optional: ['slot'],
    key: ['id'],
    derive: (row) => ({
      pdf: Buffer.isBuffer(row.pdf) ? row.pdf.toString('base64') : null,
    }),
    insert: `INSERT INTO reports (${REPORT_COLUMNS.join(', ')})
      SELECT ${REPORT_COLUMNS.map((c) => (c === 'pdf' ? "decode(p.pdf, 'base64')" : `p.${c}`)).join(', ')}
      FROM jsonb_to_recordset($1::jsonb) AS p(id bigint, config_id bigint, kind text, title text,
        period_from text, period_to text, generated_at text, body text, pdf text, mailed_to jsonb,
        mail_error text, slot text)
      ON CONFLICT DO NOTHING`,
    sequence: 'reports',
  },
];

/** In dependency order: a table comes after the tables it references. */
export const COPIED_TABLES: TableCopy[] = [
  { table: 'settings', columns: ['key', 'value'], key: ['key'] },
  {
    table: 'sources',
    columns: [
      'id',
      'kind',
      'url',
      'title',
      'enabled',
      'settings',
      'interval_seconds',
      'next_fetch_at',
      'etag',
      'last_modified',
      'cursor',
      'health',
      'created_at',
    ],
    json: ['settings', 'health'],
    booleans: ['enabled'],
    key: ['id'],
    sequence: 'sources',
  },
  {
    table: 'mentions',
    columns: MENTION_COLUMNS,
    json: ['categories', 'engagement', 'keywords'],
    key: ['id'],
    derive: (row) => ({
      // Text removed by retention reads back empty, as in SQLite.
      text: (row.text as string | null) ?? '',
      sort_ms: timestampMs(row.published_at) ?? timestampMs(row.collected_at) ?? 0,
      fts: tsvectorText(
        (row.title as string | null) ?? null,
        row.deleted_at === null ? ((row.text as string | null) ?? '') : '',
      ),
    }),
    sequence: 'mentions',
  },
  {
    table: 'mention_sources',
    columns: ['mention_id', 'source_id', 'first_seen_at'],
    key: ['mention_id', 'source_id'],
  },
  {
    table: 'engagement_snapshots',
    columns: ['mention_id', 'observed_at', 'likes', 'comments', 'shares', 'views'],
    key: ['mention_id', 'observed_at'],
  },
  {
    table: 'quarantined_responses',
    columns: ['id', 'source_id', 'at', 'url', 'reason', 'body'],
    key: ['id'],
    sequence: 'quarantined_responses',
  },
  {
    table: 'credentials',
    columns: [
      'id',
      'platform',
      'label',
      'public_fields',
      'sealed',
      'status',
      'quota',
      'last_error',
      'created_at',
    ],
    json: ['public_fields', 'quota'],
    key: ['id'],
    sequence: 'credentials',
  },
  {
    table: 'topics',
    columns: [
      'id',
      'name',
      'query',
      'description',
      'langs',
      'platforms',
      'source_ids',
      'status',
      'created_at',
      'updated_at',
      'backfill',
    ],
    json: ['langs', 'platforms', 'source_ids', 'backfill'],
    key: ['id'],
    sequence: 'topics',
  },
  {
    table: 'mention_topics',
    columns: ['topic_id', 'mention_id'],
    key: ['topic_id', 'mention_id'],
    // The tag's time is the mention's, copied before.
    insert: `INSERT INTO mention_topics (topic_id, mention_id, sort_ms)
      SELECT p.topic_id, p.mention_id, m.sort_ms
      FROM jsonb_populate_recordset(NULL::mention_topics, $1::jsonb) AS p
      JOIN mentions AS m ON m.id = p.mention_id
      ON CONFLICT DO NOTHING`,
  },
  ...PLACE_STORY_TABLES,
  ...ALERT_REPORT_TABLES,
  ...IDENTITY_TABLES,
  {
    table: 'api_tokens',
    columns: [
      'id',
      'name',
      'token_hash',
      'created_at',
      'last_used_at',
      'revoked_at',
      'user_id',
      'scopes',
      'expires_at',
    ],
    json: ['scopes'],
    key: ['id'],
    sequence: 'api_tokens',
  },
  {
    table: 'audit_log',
    // The chain and seals are copied as they are: the same entries verify the same.
    columns: [
      'id',
      'at',
      'actor',
      'action',
      'detail',
      'result_count',
      'unit_id',
      'prev_hash',
      'hash',
      'mac',
    ],
    optional: ['unit_id'],
    key: ['id'],
    sequence: 'audit_log',
  },
];

export interface TableReport {
  table: string;
  source: number;
  target: number;
  /** Rows written by this run (a resumed run writes only what was left). */
  copied: number;
}

export interface CopyOptions {
  batchSize?: number;
  /** Called after every batch written. */
  onProgress?: (table: string, copied: number, total: number) => void;
  /** Stops after this many batches in all (to test resuming). */
  maxBatches?: number;
}

export class CopyMismatchError extends Error {
  override name = 'CopyMismatchError';
}

function sqliteColumns(db: Database.Database, table: string): Set<string> {
  return new Set(
    (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name),
  );
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

/**
 * Copies every table of `sqlite` (an opened, migrated SQLite store file) into the PostgreSQL
 * schema behind `pool` (already migrated). Returns per-table counts; throws
 * CopyMismatchError when a table's count differs at the end.
 */
export async function copySqliteToPostgres(
  sqlite: Database.Database,
  pool: pg.Pool,
  options: CopyOptions = {},
): Promise<TableReport[]> {
  const batchSize = options.batchSize ?? 1000;
  let batches = 0;
  await pool.query(
    `CREATE TABLE IF NOT EXISTS nghe_copy_progress (
       table_name text PRIMARY KEY, last_key jsonb, copied bigint NOT NULL DEFAULT 0,
       done boolean NOT NULL DEFAULT false)`,
  );
  const reports: TableReport[] = [];
  for (const spec of COPIED_TABLES) {
    const present = sqliteColumns(sqlite, spec.table);
    if (present.size === 0) continue;
    const columns = spec.columns.filter((c) => present.has(c) || !spec.optional?.includes(c));
    const missing = columns.filter((c) => !present.has(c));
    if (missing.length > 0) {
      throw new Error(`${spec.table}: the SQLite file has no column ${missing.join(', ')}`);
    }
    const total = (sqlite.prepare(`SELECT count(*) AS n FROM ${spec.table}`).get() as { n: number })
      .n;
    const progress = (
      await pool.query<{ last_key: unknown[] | null; done: boolean }>(
        'SELECT last_key, done FROM nghe_copy_progress WHERE table_name = $1',
        [spec.table],
      )
    ).rows[0];
    let copied = 0;
    if (!progress?.done) {
      let lastKey = progress?.last_key ?? null;
      const keyList = spec.key.join(', ');
      const after = `(${keyList}) > (${spec.key.map(() => '?').join(', ')})`;
      const select = (withAfter: boolean) =>
        sqlite.prepare(
          `SELECT ${columns.join(', ')} FROM ${spec.table} ${withAfter ? `WHERE ${after}` : ''}
           ORDER BY ${keyList} LIMIT ?`,
        );
      const first = select(false);
      const next = select(true);
      const derived = spec.derive ? Object.keys(spec.derive({})) : [];
      const targetColumns = [...columns, ...derived.filter((c) => !columns.includes(c))];
      for (;;) {
        if (options.maxBatches !== undefined && batches >= options.maxBatches) return reports;
        const rows = (
          lastKey === null ? first.all(batchSize) : next.all(...lastKey, batchSize)
        ) as Row[];
        if (rows.length === 0) break;
        const payload = rows.map((row) => {
          const out: Row = { ...row };
          for (const c of spec.json ?? []) out[c] = parseJson(row[c]);
          for (const c of spec.booleans ?? []) out[c] = row[c] === 1 || row[c] === true;
          return spec.derive ? { ...out, ...spec.derive(row) } : out;
        });
        const lastRow = rows[rows.length - 1]!;
        lastKey = spec.key.map((k) => lastRow[k]);
        await inTransaction(pool, async (client) => {
          await client.query(
            spec.insert ??
              `INSERT INTO ${spec.table} (${targetColumns.join(', ')})
               SELECT ${targetColumns.join(', ')}
               FROM jsonb_populate_recordset(NULL::${spec.table}, $1::jsonb)
               ON CONFLICT DO NOTHING`,
            [pgJson(payload)],
          );
          await client.query(
            `INSERT INTO nghe_copy_progress (table_name, last_key, copied) VALUES ($1, $2, $3)
             ON CONFLICT (table_name) DO UPDATE SET last_key = excluded.last_key,
               copied = nghe_copy_progress.copied + excluded.copied`,
            [spec.table, pgJson(lastKey), rows.length],
          );
        });
        copied += rows.length;
        batches++;
        options.onProgress?.(spec.table, copied, total);
      }
      if (spec.sequence) await moveSequence(pool, spec.sequence);
      if (spec.table === 'mention_sources') await setSourceKeys(pool);
      await spec.finish?.(sqlite, pool);
      await pool.query(
        `INSERT INTO nghe_copy_progress (table_name, done) VALUES ($1, true)
         ON CONFLICT (table_name) DO UPDATE SET done = true`,
        [spec.table],
      );
    }
    const target = (await pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${spec.table}`))
      .rows[0]!.n;
    reports.push({ table: spec.table, source: total, target, copied });
  }
  const mismatched = reports.filter((r) => r.source !== r.target);
  if (mismatched.length > 0) {
    throw new CopyMismatchError(
      `row counts differ after the copy: ${mismatched
        .map((r) => `${r.table} ${r.source} in SQLite, ${r.target} in PostgreSQL`)
        .join('; ')}`,
    );
  }
  return reports;
}

/** Next ids continue after the copied ones. */
async function moveSequence(pool: pg.Pool, table: string): Promise<void> {
  const sequence =
    table === 'mentions' ? 'mention_ids' : `pg_get_serial_sequence('${table}', 'id')`;
  const name = table === 'mentions' ? `'${sequence}'` : sequence;
  await pool.query(
    `SELECT setval(${name}, greatest((SELECT max(id) FROM ${table}), 1), (SELECT max(id) FROM ${table}) IS NOT NULL)`,
  );
}

/** Each mention's roll-up source: the lowest source it was reached through, 0 for none. */
async function setSourceKeys(pool: pg.Pool): Promise<void> {
  await pool.query(
    `UPDATE mentions AS m SET source_key = s.source_id
     FROM (SELECT mention_id, min(source_id) AS source_id FROM mention_sources GROUP BY mention_id) AS s
     WHERE s.mention_id = m.id AND m.source_key <> s.source_id`,
  );
}
