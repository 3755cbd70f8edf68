// Worker-thread side of the read pool: one read-only connection to the store's file, answering
// one call at a time. Errors go back with their class name, so a RangeError stays a RangeError.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Mention } from '../../model.js';
import type { GroupQuery } from '../../privacy/group-counter.js';
import { sqliteGroupCounter } from '../../store/sqlite/author-groups.js';
import { ConversationReader } from '../../store/sqlite/conversations.js';
import { MENTION_COLUMNS, type MentionRow, mentionFromRow } from '../../store/sqlite/rows.js';
import { SqliteListeningStore } from '../../store/sqlite/sqlite-listening-store.js';
import { estimatedSeries } from './estimated-series.js';
import { mentionPageBody } from './mention-page-body.js';
import type { ReadMethod } from './read-store.js';

/** One person count of a batch: the query and its cap. */
export type GroupAsk = [query: GroupQuery, cap: number];

/** Read methods, and the batch of person counts one request asks for at once. */
export type WorkerMethod = ReadMethod | 'countGroupsMany';

export interface ReadCall {
  id: number;
  method: WorkerMethod;
  args: unknown[];
}

export type ReadReply =
  | { id: number; result: unknown }
  | { id: number; error: { name: string; message: string; code?: string } }
  | { ready: true }
  | { failed: string };

export interface ReadWorkerData {
  path: string;
  /** Page cache per connection, in KiB. */
  cacheKib: number;
}

function openReads(path: string, cacheKib: number) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = -${cacheKib}`);
  db.pragma('temp_store = MEMORY');
  const listening = new SqliteListeningStore(db);
  const conversations = new ConversationReader(db);
  const groups = sqliteGroupCounter(db);
  const mentionById = db.prepare<[number], MentionRow>(
    `SELECT ${MENTION_COLUMNS} FROM mentions WHERE id = ?`,
  );
  const sourceIdsOf = db.prepare<[number], { source_id: number }>(
    'SELECT source_id FROM mention_sources WHERE mention_id = ? ORDER BY source_id',
  );
  const getMention = async (id: number): Promise<Mention | null> => {
    const row = mentionById.get(id);
    if (!row) return null;
    return mentionFromRow(
      row,
      sourceIdsOf.all(row.id).map((r) => r.source_id),
    );
  };
  const methods: Record<WorkerMethod, (...args: never[]) => unknown> = {
    series: (options) => listening.series(options),
    shareSeries: (options) => listening.shareSeries(options),
    sentimentShare: (filter) => listening.sentimentShare(filter),
    shareStatistics: (filter) => listening.shareStatistics(filter),
    breakdown: (by, filter, limit) => listening.breakdown(by, filter, limit),
    topTerms: (filter, limit) => listening.topTerms(filter, limit),
    listMentions: (options) => listening.listMentions(options),
    listMentionsBody: async (options) => mentionPageBody(await listening.listMentions(options)),
    getMention: (id) => getMention(id),
    getThread: (id, options) => conversations.getThread(id, options),
    engagementHistory: (id, limit) => conversations.engagementHistory(id, limit),
    estimatedSeries: (options) => estimatedSeries(listening, options),
    countGroups: (query, cap) => groups(query, cap),
    countGroupsMany: (asks: GroupAsk[]) =>
      Promise.all(asks.map(([query, cap]) => groups(query, cap))),
  };
  return methods;
}

const port = parentPort;
if (port) {
  const data = workerData as ReadWorkerData;
  let methods: ReturnType<typeof openReads> | undefined;
  try {
    methods = openReads(data.path, data.cacheKib);
    port.postMessage({ ready: true } satisfies ReadReply);
  } catch (error) {
    port.postMessage({ failed: (error as Error).message } satisfies ReadReply);
  }
  port.on('message', async (call: ReadCall) => {
    try {
      const run = methods?.[call.method] as ((...args: unknown[]) => unknown) | undefined;
      if (!run) throw new Error(`no read method ${call.method}`);
      port.postMessage({ id: call.id, result: await run(...call.args) } satisfies ReadReply);
    } catch (error) {
      const e = error as Error & { code?: unknown };
      port.postMessage({
        id: call.id,
        error: {
          name: e.name,
          message: e.message,
          ...(typeof e.code === 'string' ? { code: e.code } : {}),
        },
      } satisfies ReadReply);
    }
  });
}
