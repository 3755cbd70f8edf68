// The usage log written from a thread of its own: batches commit in the order sent, on the same
// chain (and seals) as rows the store's own connection appends meanwhile, each settling only
// once committed; a full disk comes back as SQLITE_FULL with nothing of the batch written; a
// thread that stops or cannot open the file says so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { usageLogKey } from '../../audit/usage-chain.js';
import { verifyChain } from '../../audit/verify-chain.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';
import { SqliteUsageLog, type UsageLogAppend } from './usage-log.js';
import { UsageLogWriter, usageLogWriterFor, WRITER_LOST } from './usage-log-writer.js';

const KEY = usageLogKey(Buffer.alloc(32, 3));
const dirs: string[] = [];
const opened: { store?: SqliteStore; writer?: UsageLogWriter }[] = [];

function open(options: { pragmas?: string[] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-usage-writer-'));
  dirs.push(dir);
  const store = openSqliteStore(join(dir, 'nghe.sqlite'), { usageLogKey: KEY });
  const writer = usageLogWriterFor(store.db, options)!;
  opened.push({ store, writer });
  return { store, writer };
}

afterEach(async () => {
  for (const { store, writer } of opened.splice(0)) {
    await writer?.close();
    await store?.close();
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const row = (i: number, actor = 'reader'): UsageLogAppend => ({
  actor,
  action: 'listMentions',
  detail: JSON.stringify({ q: `query ${i}` }),
  resultCount: i,
  unitId: null,
});

const count = (store: SqliteStore) =>
  store.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

const logOf = (store: SqliteStore) => new SqliteUsageLog(store.db, null);

describe('usage log writer thread', () => {
  it('commits batches in the order sent, on one sealed chain with the main connection', async () => {
    const { store, writer } = open();
    await writer.ready();
    await store.appendAudit(row(0, 'main'));
    // Sent back to back without waiting: each settles in order, once its rows are committed
    // (later ones may be in by then too).
    const settled: [number, number][] = [];
    const sent = [0, 1, 2, 3].map((b) =>
      writer
        .appendMany(Array.from({ length: 5 }, (_, k) => row(b * 5 + k + 1)))
        .then(() => settled.push([b, count(store)])),
    );
    await Promise.all(sent);
    expect(settled.map(([b]) => b)).toEqual([0, 1, 2, 3]);
    for (const [b, rows] of settled) expect(rows).toBeGreaterThanOrEqual(1 + 5 * (b + 1));
    await store.appendAudit(row(99, 'main'));
    await writer.appendMany([row(100)]);
    const entries = [...logOf(store).oldestFirst()];
    expect(entries.map((e) => e.id)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(entries.map((e) => e.resultCount)).toEqual([
      0,
      ...Array.from({ length: 20 }, (_, i) => i + 1),
      99,
      100,
    ]);
    expect(entries.every((e) => e.mac !== null)).toBe(true);
    expect(verifyChain(entries, KEY)).toMatchObject({ ok: true, entries: 23, sealsChecked: true });
    expect(writer.stats()).toMatchObject({ batches: 5, rows: 21, restarts: 0 });
  });

  it('answers a full disk with SQLITE_FULL, writes nothing of that batch and tries no later one before a retry', async () => {
    const { store, writer: first } = open();
    await first.appendMany([row(1)]);
    await first.close();
    // The file may not grow by a page on the writer's connection.
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    const writer = usageLogWriterFor(store.db, { pragmas: [`max_page_count = ${pages}`] })!;
    opened.push({ writer });
    const big = Array.from({ length: 200 }, (_, i) => ({ ...row(i), detail: 'x'.repeat(2000) }));
    const error = await writer.appendMany(big).then(
      () => null,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.code).toBe('SQLITE_FULL');
    expect(error?.message).toMatch(/full/);
    expect(count(store)).toBe(1);
    // A later batch, though it would fit, is refused untried: the caller keeps the refused rows
    // in order and retries them first.
    await expect(writer.appendMany([row(2)])).rejects.toMatchObject({
      code: 'SQLITE_FULL',
      message: expect.stringContaining('an earlier batch found the disk full'),
    });
    expect(count(store)).toBe(1);
    await writer.appendMany([row(3)], { afterFull: true });
    await writer.appendMany([row(4)]);
    expect(
      logOf(store)
        .list()
        .map((e) => e.resultCount),
    ).toEqual([4, 3, 1]);
    expect(verifyChain(logOf(store).oldestFirst(), KEY)).toMatchObject({ ok: true, entries: 3 });
  });

  it('rejects a batch whose thread stopped before answering, and starts a fresh one for the next', async () => {
    const { store, writer } = open();
    // Sent before the thread has even loaded, then the thread is ended.
    const lost = writer.appendMany([row(1)]).then(
      () => null,
      (e: unknown) => e as Error & { code?: string },
    );
    await (writer as unknown as { worker: Worker }).worker.terminate();
    const error = await lost;
    expect(error?.code).toBe(WRITER_LOST);
    expect(error?.message).toContain('the usage log writer thread stopped');
    expect(error?.message).toContain(store.db.name);
    await writer.appendMany([row(2)]);
    expect(writer.stats()).toMatchObject({ restarts: 1, batches: 1, rows: 1 });
    expect(
      logOf(store)
        .list()
        .map((e) => e.resultCount),
    ).toEqual([2]);
  });

  it('says which file it cannot open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nghe-usage-writer-'));
    dirs.push(dir);
    const path = join(dir, 'missing.sqlite');
    const writer = new UsageLogWriter({ path, key: null });
    opened.push({ writer });
    const batch = writer.appendMany([row(1)]);
    await expect(writer.ready()).rejects.toThrow(`cannot open ${path} to write the usage log`);
    await expect(batch).rejects.toMatchObject({ code: 'SQLITE_CANTOPEN' });
  });

  it('writes every batch already sent before it closes', async () => {
    const { store, writer } = open();
    const sent = Array.from({ length: 10 }, (_, i) => writer.appendMany([row(i)]));
    await writer.close();
    await Promise.all(sent);
    expect(count(store)).toBe(10);
    await expect(writer.appendMany([row(11)])).rejects.toThrow('the usage log writer is closed');
  });

  it('is not offered for an in-memory database', async () => {
    const store = openSqliteStore(':memory:');
    opened.push({ store });
    expect(usageLogWriterFor(store.db)).toBeNull();
  });
});
