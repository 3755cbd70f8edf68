// The usage log in the SQLite file: appends chained (and, with the key, sealed) entries in one
// immediate transaction, so two processes appending at once still form one chain; lists them
// with filters; reads them oldest first for verification.
import type Database from 'better-sqlite3';
import { chainHash, entryMac, GENESIS_HASH } from '../../audit/usage-chain.js';
import type { StoredUsageEntry } from '../../audit/verify-chain.js';
import {
  DEFAULT_USAGE_LIMIT,
  MAX_USAGE_LIMIT,
  type UsageLog,
  type UsageLogAppend,
  type UsageLogFilter,
} from '../usage-log.js';

export type { UsageLogAppend, UsageLogFilter } from '../usage-log.js';

interface Row {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: string;
  result_count: number | null;
  unit_id: number | null;
  prev_hash: string;
  hash: string;
  mac: string | null;
}

function entryOf(row: Row): StoredUsageEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    detail: row.detail,
    resultCount: row.result_count,
    unitId: row.unit_id,
    prevHash: row.prev_hash,
    hash: row.hash,
    mac: row.mac,
  };
}

/** The first usage log opened over each connection, so a writer thread can open the same one. */
const logsByConnection = new WeakMap<Database.Database, SqliteUsageLog>();

/** Where the usage log over `db` lives and how it seals: what a writer thread needs to open it. */
export function usageLogSettingsOf(
  db: Database.Database,
): { path: string; key: Buffer | null } | null {
  const log = logsByConnection.get(db);
  if (!log || db.memory || !db.open) return null;
  return { path: db.name, key: log.sealKey };
}

export class SqliteUsageLog {
  private readonly head: Database.Statement<[], { id: number; hash: string }>;
  private readonly insert: Database.Statement;
  private readonly appendTransaction: (entry: UsageLogAppend, at: string) => StoredUsageEntry;
  private readonly appendManyTransaction: (
    entries: readonly UsageLogAppend[],
    at: string,
  ) => StoredUsageEntry[];

  constructor(
    private readonly db: Database.Database,
    /** The usage log key (usageLogKey of the installation secret); null writes no seals. */
    private readonly key: Buffer | null,
  ) {
    // The store's own log comes first; a reader opened later (a verifier, without the key)
    // does not replace it.
    if (!logsByConnection.has(db)) logsByConnection.set(db, this);
    this.head = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
    this.insert = db.prepare(
      `INSERT INTO audit_log (id, at, actor, action, detail, result_count, unit_id, prev_hash,
         hash, mac)
       VALUES (@id, @at, @actor, @action, @detail, @resultCount, @unitId, @prevHash, @hash, @mac)`,
    );
    // Each entry chains on the one before it, read inside the same transaction.
    const appendOne = (entry: UsageLogAppend, at: string): StoredUsageEntry => {
      const head = this.head.get();
      const content = {
        id: (head?.id ?? 0) + 1,
        at,
        actor: entry.actor,
        action: entry.action,
        detail: entry.detail,
        resultCount: entry.resultCount,
        unitId: entry.unitId ?? null,
      };
      const prevHash = head?.hash ?? GENESIS_HASH;
      const hash = chainHash(prevHash, content);
      const mac = this.key === null ? null : entryMac(this.key, hash);
      this.insert.run({ ...content, prevHash, hash, mac });
      return { ...content, prevHash, hash, mac };
    };
    const transaction = db.transaction(appendOne);
    const many = db.transaction((entries: readonly UsageLogAppend[], at: string) =>
      entries.map((entry) => appendOne(entry, at)),
    );
    this.appendTransaction = (entry, at) =>
      db.inTransaction ? transaction(entry, at) : transaction.immediate(entry, at);
    this.appendManyTransaction = (entries, at) =>
      db.inTransaction ? many(entries, at) : many.immediate(entries, at);
  }

  get sealKey(): Buffer | null {
    return this.key;
  }

  append(entry: UsageLogAppend, at: Date = new Date()): StoredUsageEntry {
    return this.appendTransaction(entry, at.toISOString());
  }

  /** Entries in order, all or none, in one transaction: one commit for many reads. */
  appendMany(entries: readonly UsageLogAppend[], at: Date = new Date()): StoredUsageEntry[] {
    if (entries.length === 0) return [];
    return this.appendManyTransaction(entries, at.toISOString());
  }

  /** Newest first. */
  list(filter: UsageLogFilter = {}): StoredUsageEntry[] {
    const conditions = ['id < @before'];
    const params: Record<string, string | number> = {
      before: filter.beforeId ?? Number.MAX_SAFE_INTEGER,
      limit: Math.min(
        Math.max(Math.trunc(filter.limit ?? DEFAULT_USAGE_LIMIT), 1),
        MAX_USAGE_LIMIT,
      ),
    };
    if (filter.actor !== undefined) {
      conditions.push('actor = @actor');
      params.actor = filter.actor;
    }
    if (filter.action !== undefined) {
      if (filter.action.endsWith('*')) {
        conditions.push('substr(action, 1, length(@action)) = @action');
        params.action = filter.action.slice(0, -1);
      } else {
        conditions.push('action = @action');
        params.action = filter.action;
      }
    }
    if (filter.unitId !== undefined) {
      conditions.push('unit_id = @unit');
      params.unit = filter.unitId;
    }
    if (filter.from !== undefined) {
      conditions.push('at >= @from');
      params.from = new Date(filter.from).toISOString();
    }
    if (filter.to !== undefined) {
      conditions.push('at < @to');
      params.to = new Date(filter.to).toISOString();
    }
    const rows = this.db
      .prepare<Record<string, string | number>, Row>(
        `SELECT * FROM audit_log WHERE ${conditions.join(' AND ')} ORDER BY id DESC LIMIT @limit`,
      )
      .all(params);
    return rows.map(entryOf);
  }

  /** Every entry, oldest first, read lazily. */
  *oldestFirst(): Generator<StoredUsageEntry> {
    const rows = this.db.prepare<[], Row>('SELECT * FROM audit_log ORDER BY id').iterate();
    for (const row of rows) yield entryOf(row);
  }
}

/** The SQLite log behind the interface both back-ends share. */
export function sqliteUsageLog(db: Database.Database, key: Buffer | null): UsageLog {
  const log = new SqliteUsageLog(db, key);
  return {
    append: async (entry, at) => log.append(entry, at),
    list: async (filter) => log.list(filter),
    async *oldestFirst() {
      yield* log.oldestFirst();
    },
  };
}
