import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, usageLogKey } from '../../audit/usage-chain.js';
import { verifyChain } from '../../audit/verify-chain.js';
import { CONFORMANCE_KEY, usageLogConformance } from '../usage-log.conformance.js';
import { migrate, migrations } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';
import { SqliteUsageLog, sqliteUsageLog } from './usage-log.js';
import { usageLogMigration } from './usage-log-schema.js';

const KEY = usageLogKey(Buffer.alloc(32, 7));
const dirs: string[] = [];

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-usage-'));
  dirs.push(dir);
  return join(dir, 'nghe.sqlite');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A log of `n` entries written with the key, and the raw file to tamper with. */
async function writtenLog(n: number) {
  const path = tempPath();
  const store = openSqliteStore(path, { usageLogKey: KEY });
  for (let i = 1; i <= n; i++) {
    await store.appendAudit({
      actor: i % 2 ? 'alice' : 'cli:bob',
      action: i % 3 ? 'listMentions' : 'cli.topics.add',
      detail: JSON.stringify({ q: `query ${i}` }),
      resultCount: i,
    });
  }
  await store.close();
  // What someone with the file (and without installation.key) can do: drop the triggers.
  const db = new Database(path);
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  const verify = (key: Buffer | null = KEY) =>
    verifyChain(new SqliteUsageLog(db, null).oldestFirst(), key);
  return { db, verify };
}

describe('usage log', () => {
  it('chains and seals every entry, and verifies intact', async () => {
    const { db, verify } = await writtenLog(6);
    const report = verify();
    expect(report).toMatchObject({ ok: true, entries: 6, sealsChecked: true, unsealedPrefix: 0 });
    const rows = db.prepare('SELECT id, prev_hash, hash, mac FROM audit_log ORDER BY id').all() as {
      prev_hash: string;
      hash: string;
      mac: string;
    }[];
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[3]!.prev_hash).toBe(rows[2]!.hash);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.mac))).toBe(true);
    db.close();
  });

  it('names the first changed entry', async () => {
    const { db, verify } = await writtenLog(6);
    db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE id = 4").run();
    expect(verify()).toMatchObject({ ok: false, brokenAt: 4 });
    expect(verify(null)).toMatchObject({ ok: false, brokenAt: 4 });
    db.close();
  });

  it('detects a removed entry, in the middle and at the start', async () => {
    const { db, verify } = await writtenLog(6);
    db.prepare('DELETE FROM audit_log WHERE id = 3').run();
    const report = verify();
    expect(report).toMatchObject({ ok: false, brokenAt: 4 });
    db.prepare('DELETE FROM audit_log WHERE id = 1').run();
    expect(verify()).toMatchObject({ ok: false, brokenAt: 2 });
    db.close();
  });

  it('detects a re-chain from the middle by whoever lacks the key', async () => {
    const { db, verify } = await writtenLog(6);
    // Remove entry 3, renumber the rest and recompute every hash after it: the chain alone
    // is consistent again; the seals are not.
    db.prepare('DELETE FROM audit_log WHERE id = 3').run();
    const rows = db.prepare('SELECT * FROM audit_log WHERE id > 3 ORDER BY id').all() as {
      id: number;
      at: string;
      actor: string;
      action: string;
      detail: string;
      result_count: number | null;
      unit_id: number | null;
    }[];
    let previous = (db.prepare('SELECT hash FROM audit_log WHERE id = 2').get() as { hash: string })
      .hash;
    for (const row of rows) {
      const content = {
        id: row.id - 1,
        at: row.at,
        actor: row.actor,
        action: row.action,
        detail: row.detail,
        resultCount: row.result_count,
        unitId: row.unit_id,
      };
      const hash = chainHash(previous, content);
      db.prepare('UPDATE audit_log SET id = ?, prev_hash = ?, hash = ? WHERE id = ?').run(
        content.id,
        previous,
        hash,
        row.id,
      );
      previous = hash;
    }
    expect(verify(null)).toMatchObject({ ok: true, entries: 5 });
    expect(verify()).toMatchObject({ ok: false, brokenAt: 3 });
    // Dropping the seals from there on does not help either.
    db.prepare('UPDATE audit_log SET mac = NULL WHERE id >= 3').run();
    expect(verify()).toMatchObject({ ok: false, brokenAt: 3 });
    db.close();
  });

  it('refuses UPDATE and DELETE through SQLite while its triggers stand', async () => {
    const store = openSqliteStore(tempPath(), { usageLogKey: KEY });
    await store.appendAudit({ actor: 'cli', action: 'stats', detail: '{}', resultCount: 1 });
    expect(() => store.db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    await store.close();
  });

  it('lists with filters, newest first', async () => {
    const { db } = await writtenLog(6);
    const log = new SqliteUsageLog(db, KEY);
    expect(log.list({ actor: 'alice' }).map((e) => e.id)).toEqual([5, 3, 1]);
    expect(log.list({ action: 'cli.*' }).map((e) => e.id)).toEqual([6, 3]);
    expect(log.list({ limit: 2 }).map((e) => e.id)).toEqual([6, 5]);
    expect(log.list({ beforeId: 3 }).map((e) => e.id)).toEqual([2, 1]);
    expect(log.list({ from: '2999-01-01T00:00:00Z' })).toEqual([]);
    db.close();
  });

  it('chains the rows of an older file, sealed from the first entry written with the key', async () => {
    const path = tempPath();
    const db = new Database(path);
    migrate(db, migrations.slice(0, migrations.indexOf(usageLogMigration)));
    const insert = db.prepare(
      "INSERT INTO audit_log (id, at, actor, action, detail, result_count) VALUES (?, '2026-01-01T00:00:00.000Z', 'web', 'listMentions', '{}', 3)",
    );
    insert.run(1);
    insert.run(5);
    db.close();
    const store = openSqliteStore(path, { usageLogKey: KEY });
    const migrated = await store.listAudit();
    expect(migrated.map((e) => e.id)).toEqual([2, 1]);
    await store.appendAudit({
      actor: 'cli:root',
      action: 'cli.audit.verify',
      detail: '{}',
      resultCount: null,
    });
    const report = verifyChain(new SqliteUsageLog(store.db, KEY).oldestFirst(), KEY);
    expect(report).toMatchObject({ ok: true, entries: 3, unsealedPrefix: 2 });
    await store.close();
  });
});

usageLogConformance(async () => {
  const path = tempPath();
  const store = openSqliteStore(path, { usageLogKey: CONFORMANCE_KEY });
  const others: Database.Database[] = [];
  return {
    log: sqliteUsageLog(store.db, CONFORMANCE_KEY),
    async another() {
      const db = new Database(path);
      db.pragma('busy_timeout = 5000');
      others.push(db);
      return sqliteUsageLog(db, CONFORMANCE_KEY);
    },
    raw: async (sql) => {
      store.db.exec(sql);
    },
    tamper: async (sql) => {
      store.db.exec('DROP TRIGGER IF EXISTS audit_log_no_update;');
      store.db.exec('DROP TRIGGER IF EXISTS audit_log_no_delete;');
      store.db.exec(sql);
    },
    async close() {
      for (const db of others) db.close();
      await store.close();
    },
  };
});
