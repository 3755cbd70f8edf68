// Audit rows of reads asked together are written in one transaction, in the order asked, each
// caller answered only once its row is committed; a full disk queues the whole batch in order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyChain } from '../audit/verify-chain.js';
import type { AuditEntry } from '../store/listening-store.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { sqliteUsageLog } from '../store/sqlite/usage-log.js';
import { AuditQueue } from './audit-queue.js';

type Row = Omit<AuditEntry, 'id' | 'at'>;

const row = (i: number): Row => ({
  actor: `reader-${i % 3}`,
  action: 'listMentions',
  detail: JSON.stringify({ i }),
  resultCount: i,
  unitId: null,
});

function storageFull(): Error {
  return Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
}

describe('audit rows written together', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-audit-queue-'));
    store = openSqliteStore(join(dir, 'nghe.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the rows of one turn in one transaction, in order, on one unbroken chain', async () => {
    const batches: number[] = [];
    const queue = new AuditQueue((entry) => store.appendAudit(entry), 'nghe.sqlite', {
      appendMany: async (entries) => {
        batches.push(entries.length);
        await store.appendAudits!(entries);
      },
    });
    await store.appendAudit(row(-1));
    let committed = 0;
    const asked = Array.from({ length: 40 }, (_, i) =>
      queue.record(row(i)).then(() => {
        // Answered only once its own row is in the log.
        committed = store.db.prepare('SELECT count(*) AS n FROM audit_log').pluck().get() as number;
      }),
    );
    await Promise.all(asked);
    expect(committed).toBe(41);
    expect(batches).toEqual([40]);
    // A later turn is a batch of its own.
    await queue.record(row(40));
    expect(batches).toEqual([40, 1]);
    const listed = (await store.listAudit({ limit: 100 })).reverse();
    expect(listed.map((e) => e.detail)).toEqual(
      Array.from({ length: 42 }, (_, i) => JSON.stringify({ i: i - 1 })),
    );
    const log = sqliteUsageLog(store.db, null);
    const entries = [];
    for await (const entry of log.oldestFirst()) entries.push(entry);
    expect(verifyChain(entries, null)).toMatchObject({ ok: true, entries: 42 });
  });

  it('queues a batch the full disk refused, in order, and writes it once there is room', async () => {
    let full = true;
    const lines: string[] = [];
    const queue = new AuditQueue(
      async (entry) => {
        if (full) throw storageFull();
        await store.appendAudit(entry);
      },
      'nghe.sqlite',
      {
        firstRetryMs: 60_000,
        log: (line) => lines.push(line),
        appendMany: async (entries) => {
          if (full) throw storageFull();
          await store.appendAudits!(entries);
        },
      },
    );
    await Promise.all(Array.from({ length: 5 }, (_, i) => queue.record(row(i))));
    expect(queue.waiting).toBe(5);
    expect(lines.join('\n')).toMatch(/full/);
    // Rows recorded while others wait go behind them.
    await queue.record(row(5));
    expect(queue.waiting).toBe(6);
    full = false;
    await queue.flush();
    expect(queue.waiting).toBe(0);
    const listed = (await store.listAudit({ limit: 100 })).reverse();
    expect(listed.map((e) => e.resultCount)).toEqual([0, 1, 2, 3, 4, 5]);
    await queue.close();
  });

  it('refuses every read of a batch past the rows it may keep waiting', async () => {
    const queue = new AuditQueue(
      async () => {
        throw storageFull();
      },
      'nghe.sqlite',
      {
        maxPending: 3,
        firstRetryMs: 60_000,
        log: () => {},
        appendMany: async () => {
          throw storageFull();
        },
      },
    );
    const settled = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => queue.record(row(i))),
    );
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    expect((settled[3] as PromiseRejectedResult).reason).toMatchObject({ status: 507 });
    expect(queue.waiting).toBe(3);
  });

  it('fails every read of a batch on an error that is not a full disk, and keeps nothing', async () => {
    const queue = new AuditQueue(async () => {}, 'nghe.sqlite', {
      appendMany: async () => {
        throw new Error('disk I/O error');
      },
    });
    const settled = await Promise.allSettled([queue.record(row(1)), queue.record(row(2))]);
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    expect(queue.waiting).toBe(0);
  });

  it('writes a batch still gathering when closed', async () => {
    const queue = new AuditQueue((entry) => store.appendAudit(entry), 'nghe.sqlite', {
      appendMany: (entries) => store.appendAudits!(entries),
    });
    const pending = queue.record(row(7));
    await queue.close();
    await pending;
    expect((await store.listAudit({ limit: 5 })).map((e) => e.resultCount)).toEqual([7]);
  });

  it('sends a batch while an earlier one is out, and queues refused batches in the order sent', async () => {
    const batches: number[][] = [];
    const settle: ((error?: Error) => void)[] = [];
    let full = false;
    // A writer on another thread: each batch settles when told, in the order sent.
    const queue = new AuditQueue(
      async (entry) => {
        if (full) throw storageFull();
        await store.appendAudit(entry);
      },
      'nghe.sqlite',
      {
        firstRetryMs: 60_000,
        log: () => {},
        appendMany: async (entries) => {
          batches.push(entries.map((e) => e.resultCount!));
          const error = await new Promise<Error | undefined>((done) => settle.push(done));
          if (error) throw error;
          await store.appendAudits!(entries);
        },
      },
    );
    const first = [queue.record(row(0)), queue.record(row(1))];
    await new Promise((done) => setImmediate(done));
    const second = [queue.record(row(2))];
    await new Promise((done) => setImmediate(done));
    // Both out at once.
    expect(batches).toEqual([[0, 1], [2]]);
    // The first finds the disk full; the writer refuses the second untried.
    full = true;
    settle[0]!(storageFull());
    settle[1]!(storageFull());
    await Promise.all([...first, ...second]);
    expect(queue.waiting).toBe(3);
    // Recorded after: behind them.
    await queue.record(row(3));
    expect(queue.waiting).toBe(4);
    expect(batches).toHaveLength(2);
    full = false;
    await queue.flush();
    const listed = (await store.listAudit({ limit: 10 })).reverse();
    expect(listed.map((e) => e.resultCount)).toEqual([0, 1, 2, 3]);
    await queue.close();
  });

  it('gathers the rows recorded within the least interval after a commit into the next one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate'] });
    try {
      let clock = 1000;
      const batches: number[] = [];
      const queue = new AuditQueue((entry) => store.appendAudit(entry), 'nghe.sqlite', {
        appendMany: async (entries) => {
          batches.push(entries.length);
          await store.appendAudits!(entries);
        },
        minCommitIntervalMs: 10,
        now: () => clock,
      });
      const first = queue.record(row(0));
      await vi.advanceTimersByTimeAsync(0);
      await first;
      expect(batches).toEqual([1]);
      // Three turns within the interval: no commit until it has passed, then one for all three.
      const later: Promise<void>[] = [];
      for (let turn = 1; turn <= 3; turn++) {
        clock += 2;
        later.push(queue.record(row(turn)));
        await vi.advanceTimersByTimeAsync(2);
      }
      expect(batches).toEqual([1]);
      clock += 10;
      await vi.advanceTimersByTimeAsync(10);
      await Promise.all(later);
      expect(batches).toEqual([1, 3]);
      const listed = (await store.listAudit({ limit: 10 })).reverse();
      expect(listed.map((e) => e.resultCount)).toEqual([0, 1, 2, 3]);
    } finally {
      vi.useRealTimers();
    }
  });
});
