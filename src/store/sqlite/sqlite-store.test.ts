import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { describeStoreConformance, mentionInput } from '../store.conformance.js';
import type { Store } from '../store.js';
import {
  type Migration,
  migrate,
  migrations,
  SchemaTooNewError,
  schemaVersion,
} from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';

function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-sqlite-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describeStoreConformance('sqlite', async () => {
  const { dir, remove } = tempDir();
  const path = join(dir, 'nghe.db');
  let current: Store = openSqliteStore(path);
  return {
    store: current,
    reopen: async () => {
      await current.close();
      current = openSqliteStore(path);
      return current;
    },
    cleanup: async () => {
      await current.close();
      remove();
    },
  };
});

describe('sqlite store file', () => {
  it('uses WAL, foreign keys and the latest schema version', async () => {
    const { dir, remove } = tempDir();
    const store = openSqliteStore(join(dir, 'a.db'));
    try {
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(schemaVersion(store.db)).toBe(migrations.length);
    } finally {
      await store.close();
      remove();
    }
  });

  it('refuses a file from a newer version with a clear error', async () => {
    const { dir, remove } = tempDir();
    const path = join(dir, 'new.db');
    try {
      const db = new Database(path);
      db.pragma(`user_version = ${migrations.length + 1}`);
      db.close();
      expect(() => openSqliteStore(path)).toThrow(SchemaTooNewError);
      expect(() => openSqliteStore(path)).toThrow(/newer than this version of nghe/);
    } finally {
      remove();
    }
  });

  it('upgrades an older file step by step, each step atomic', () => {
    const { dir, remove } = tempDir();
    const path = join(dir, 'old.db');
    const steps: Migration[] = [
      { name: 'one', up: (db) => db.exec('CREATE TABLE a (x)') },
      { name: 'two', up: (db) => db.exec('CREATE TABLE b (y)') },
      {
        name: 'broken',
        up: (db) => {
          db.exec('CREATE TABLE c (z)');
          throw new Error('boom');
        },
      },
    ];
    try {
      const db = new Database(path);
      expect(migrate(db, steps.slice(0, 1))).toBe(0);
      expect(schemaVersion(db)).toBe(1);
      expect(migrate(db, steps.slice(0, 2))).toBe(1);
      expect(schemaVersion(db)).toBe(2);
      expect(() => migrate(db, steps)).toThrow(/migration 3 \(broken\) failed/);
      expect(schemaVersion(db)).toBe(2);
      const tables = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(['a', 'b']);
      db.close();
    } finally {
      remove();
    }
  });

  it('answers due listings and search pages from indexes, not table scans', async () => {
    const { dir, remove } = tempDir();
    const store = openSqliteStore(join(dir, 'plan.db'));
    try {
      const plan = (sql: string, ...params: unknown[]) =>
        store.db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...params)
          .map((row) => (row as { detail: string }).detail)
          .join('; ');
      expect(
        plan(
          `SELECT * FROM sources WHERE enabled = 1 AND next_fetch_at <= ?
           ORDER BY next_fetch_at, id LIMIT ?`,
          '2025-01-01T00:00:00Z',
          10,
        ),
      ).toMatch(/USING INDEX sources_due/);
      const searchPlan = plan(
        `SELECT m.id FROM (SELECT rowid AS key FROM mentions_fts WHERE mentions_fts MATCH ?
           AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?) AS f
         JOIN mentions AS m ON m.search_key = f.key ORDER BY f.key DESC`,
        '"x"',
        0,
        1,
        10,
      );
      expect(searchPlan).toMatch(/VIRTUAL TABLE INDEX/);
      expect(searchPlan).toMatch(/INDEX mentions_search_key/);
      expect(searchPlan).not.toMatch(/TEMP B-TREE/);
    } finally {
      await store.close();
      remove();
    }
  });

  it('lets two connections to one file write in turn and see each other', async () => {
    const { dir, remove } = tempDir();
    const path = join(dir, 'shared.db');
    const collector = openSqliteStore(path);
    const server = openSqliteStore(path);
    try {
      const writes = Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? collector : server).saveMentions(null, [
          mentionInput({ externalId: `w${i}`, text: `lượt ghi ${i}` }),
          mentionInput({ externalId: 'same-everywhere', canonicalUrl: null }),
        ]),
      );
      await Promise.all(writes);
      expect(await server.countMentions()).toBe(21);
      expect((await collector.search({ query: 'luot ghi', limit: 100 })).hits).toHaveLength(20);
    } finally {
      await collector.close();
      await server.close();
      remove();
    }
  });

  it('bounds the candidates one filtered page examines and goes on from there', async () => {
    const { dir, remove } = tempDir();
    const store = openSqliteStore(join(dir, 'bounded.db'));
    try {
      const saved = await store.saveMentions(
        null,
        Array.from({ length: 45 }, (_, i) =>
          mentionInput({
            publishedAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
            text: i % 20 === 0 ? 'đường hiếm' : 'dương nhiều',
          }),
        ),
      );
      const wanted = [saved.ids[40], saved.ids[20], saved.ids[0]];
      const found: number[] = [];
      let cursor: string | undefined;
      let calls = 0;
      do {
        const page = await store.searchMatch('"duong"', {
          limit: 2,
          cursor,
          maxCandidates: 10,
          accept: (doc) => doc.text.startsWith('đường'),
        });
        found.push(...page.hits.map((h) => h.mention.id));
        cursor = page.nextCursor ?? undefined;
        calls++;
      } while (cursor !== undefined && calls < 20);
      expect(found).toEqual(wanted);
      expect(calls).toBeGreaterThan(3); // some pages came back short, cursor set
    } finally {
      await store.close();
      remove();
    }
  });

  it('keeps search working when many mentions share one second', async () => {
    const { dir, remove } = tempDir();
    const store = openSqliteStore(join(dir, 'tie.db'));
    try {
      const batch = Array.from({ length: 300 }, (_, i) =>
        mentionInput({ publishedAt: '2025-01-01', text: `tin ${i}` }),
      );
      const saved = await store.saveMentions(null, batch);
      const page = await store.search({ query: 'tin', limit: 500 });
      expect(page.hits.map((h) => h.mention.id)).toEqual([...saved.ids].reverse());
    } finally {
      await store.close();
      remove();
    }
  });

  it('exposes the folded index to query compilers through searchMatch', async () => {
    const { dir, remove } = tempDir();
    const store = openSqliteStore(join(dir, 'match.db'));
    try {
      const saved = await store.saveMentions(null, [
        mentionInput({ title: 'Đà Nẵng', text: 'pháo hoa' }),
        mentionInput({ title: 'Hà Nội', text: 'Đà Nẵng pháo hoa' }),
      ]);
      const page = await store.searchMatch('title: "da nang" AND "phao hoa"');
      expect(page.hits.map((h) => h.mention.id)).toEqual([saved.ids[0]]);
      const not = await store.searchMatch('"phao" NOT title: "ha noi"');
      expect(not.hits.map((h) => h.mention.id)).toEqual([saved.ids[0]]);
      const prefix = await store.searchMatch('title: "na"*');
      expect(prefix.hits.map((h) => h.mention.id)).toEqual([saved.ids[0]]);
      const all = await store.searchMatch(null);
      expect(all.hits).toHaveLength(2);
      await expect(store.searchMatch('AND (')).rejects.toThrow();
    } finally {
      await store.close();
      remove();
    }
  });
});
