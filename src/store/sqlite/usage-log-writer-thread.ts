// Worker-thread side of the usage log writer (usage-log-writer.ts): its own connection to the
// store's file, appending each batch it is sent in one immediate transaction, in the order
// sent, and answering only once that transaction is committed. The chain is built here by the
// same code as on the main thread (SqliteUsageLog), inside the transaction, so rows appended by
// other connections at the same time still form one chain.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SqliteUsageLog, type UsageLogAppend } from './usage-log.js';

export interface WriterData {
  path: string;
  /** The seal key's bytes, or null for a log without seals. */
  key: Uint8Array | null;
  /** Settings run on the connection after it opens (a page limit, for one). */
  pragmas: readonly string[];
  busyTimeoutMs: number;
}

export type WriterCall = { id: number; entries: UsageLogAppend[] } | { close: true };

export interface WriterError {
  name: string;
  message: string;
  code?: string;
}

export type WriterReply =
  | { id: number; committed: number }
  | { id: number; error: WriterError }
  | { ready: true }
  | { failed: WriterError }
  | { closed: true };

function errorOf(error: unknown): WriterError {
  const e = error as { name?: unknown; message?: unknown; code?: unknown };
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(error),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
  };
}

const port = parentPort!;
const data = workerData as WriterData;
let db: Database.Database | null = null;
let log: SqliteUsageLog | null = null;
try {
  db = new Database(data.path, { fileMustExist: true });
  // As the store's own connection (sqlite-store.ts): a commit is durable once the WAL has it.
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(data.busyTimeoutMs))}`);
  db.pragma('foreign_keys = ON');
  for (const pragma of data.pragmas) db.pragma(pragma);
  log = new SqliteUsageLog(db, data.key === null ? null : Buffer.from(data.key));
  port.postMessage({ ready: true } satisfies WriterReply);
} catch (error) {
  db?.close();
  db = null;
  port.postMessage({ failed: errorOf(error) } satisfies WriterReply);
}

port.on('message', (call: WriterCall) => {
  if ('close' in call) {
    db?.close();
    db = null;
    port.postMessage({ closed: true } satisfies WriterReply);
    port.close();
    return;
  }
  if (!log) {
    port.postMessage({
      id: call.id,
      error: { name: 'Error', message: 'the usage log writer has no connection' },
    } satisfies WriterReply);
    return;
  }
  try {
    log.appendMany(call.entries);
    port.postMessage({ id: call.id, committed: call.entries.length } satisfies WriterReply);
  } catch (error) {
    port.postMessage({ id: call.id, error: errorOf(error) } satisfies WriterReply);
  }
});
