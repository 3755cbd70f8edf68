// Worker-thread side of the usage log writer (usage-log-writer.ts): its own connection to the
// store's file, appending the batches it is sent in the order sent, and answering each only
// once the transaction holding it is committed. Batches that queued while the thread was busy
// are committed together, in one transaction (each still answered on its own). The chain is
// built here by the same code as on the main thread (SqliteUsageLog), inside the transaction,
// so rows appended by other connections at the same time still form one chain.
//
// Once a batch finds the disk full, later batches are not tried but answered with the same
// error until a batch sent as a retry (`afterFull`) is written: the caller queues refused rows
// in the order refused, so rows sent after a refused one never commit before it.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
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

export type WriterCall =
  | { id: number; entries: UsageLogAppend[]; afterFull?: boolean }
  | { close: true };

type Append = Extract<WriterCall, { id: number }>;

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

function isStorageFull(error: WriterError): boolean {
  return error.code === 'SQLITE_FULL' || error.code === 'ENOSPC';
}

/** The full-disk error that stopped a batch, while later ones are not tried. */
let full: WriterError | null = null;

function reply(message: WriterReply): void {
  port.postMessage(message);
}

/** Writes `calls` in one transaction; on an error other than a full disk, each on its own. */
function write(calls: Append[]): void {
  if (calls.length === 0) return;
  if (!log) {
    for (const call of calls) {
      reply({
        id: call.id,
        error: { name: 'Error', message: 'the usage log writer has no connection' },
      });
    }
    return;
  }
  try {
    log.appendMany(calls.length === 1 ? calls[0]!.entries : calls.flatMap((c) => c.entries));
  } catch (thrown) {
    const error = errorOf(thrown);
    if (calls.length > 1 && !isStorageFull(error)) {
      // One batch's bad row fails that batch alone, as when each had its own transaction.
      for (const call of calls) write([call]);
      return;
    }
    if (isStorageFull(error)) full = error;
    for (const call of calls) reply({ id: call.id, error });
    return;
  }
  full = null;
  for (const call of calls) reply({ id: call.id, committed: call.entries.length });
}

function close(): void {
  db?.close();
  db = null;
  reply({ closed: true });
  port.close();
}

port.on('message', (first: WriterCall) => {
  // The batches already waiting behind this one go in the same transaction.
  const calls: WriterCall[] = [first];
  for (;;) {
    const next = receiveMessageOnPort(port);
    if (!next) break;
    calls.push(next.message as WriterCall);
  }
  let group: Append[] = [];
  for (const call of calls) {
    if ('close' in call) {
      write(group);
      close();
      return;
    }
    if (full && !call.afterFull) {
      // Refused without trying: a batch before it found the disk full.
      write(group);
      group = [];
      reply({
        id: call.id,
        error: { ...full, message: `${full.message} (an earlier batch found the disk full)` },
      });
    } else if (call.afterFull) {
      write(group);
      group = [];
      write([call]);
    } else {
      group.push(call);
    }
  }
  write(group);
});
