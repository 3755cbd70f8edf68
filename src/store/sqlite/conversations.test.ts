import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { describeConversationConformance } from '../conversations.conformance.js';
import { mentionInput } from '../store.conformance.js';
import { conversationsMigration } from './conversations-schema.js';
import { migrate, migrations } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';

function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-conversations-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describeConversationConformance('sqlite', async () => {
  const { dir, remove } = tempDir();
  const store = openSqliteStore(join(dir, 'nghe.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      remove();
    },
  };
});

describe('sqlite conversations', () => {
  it('drops the raw payload of a deleted mention and its full-text entry', async () => {
    const { dir, remove } = tempDir();
    const store = openSqliteStore(join(dir, 'raw.db'));
    try {
      const input = mentionInput({
        platform: 'reddit',
        canonicalUrl: null,
        externalId: 't1_x',
        text: 'trạm thu phí mới',
        raw: { body: 'trạm thu phí mới', score: 3 },
      });
      const [id] = (await store.saveMentions(null, [input])).ids;
      const raw = () =>
        store.db.prepare('SELECT raw FROM mentions WHERE id = ?').pluck().get(id) as string | null;
      const indexed = () =>
        store.db
          .prepare("SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH 'thu'")
          .pluck()
          .get();
      expect(raw()).toContain('score');
      expect(indexed()).toBe(1);
      await store.saveMentions(null, [{ ...input, deleted: true }]);
      expect(raw()).toBeNull();
      expect(indexed()).toBe(0);
    } finally {
      await store.close();
      remove();
    }
  });

  it('reads threads and engagement series from indexes', async () => {
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
        plan('SELECT id FROM mentions WHERE thread_root_id = ? ORDER BY search_key LIMIT 10', 1),
      ).toMatch(/INDEX mentions_thread_root/);
      expect(
        plan(
          `SELECT id FROM mentions WHERE platform = ? AND thread_root_external_id = ?
           AND thread_root_id IS NULL`,
          'reddit',
          'x',
        ),
      ).toMatch(/INDEX mentions_thread_orphans/);
    } finally {
      await store.close();
      remove();
    }
  });

  it('upgrades a file that knew only public or not: public authors are outlets, persons lose their name', async () => {
    const { dir, remove } = tempDir();
    const path = join(dir, 'old.db');
    try {
      const before = migrations.slice(0, migrations.indexOf(conversationsMigration));
      const db = new Database(path);
      migrate(db, before);
      const insert = db.prepare(
        `INSERT INTO mentions (id, platform, external_id, author_key, author_name, author_public,
           collected_at, text, engagement, parent_id, parent_external_id, search_key)
         VALUES (?, ?, ?, ?, ?, ?, '2025-06-01T00:00:00Z', 'x', ?, ?, ?, ?)`,
      );
      insert.run(1, 'web', 'a', 'k1', 'Hoài Thu', 1, '{}', null, null, 1);
      insert.run(2, 'reddit', 'b', 'k2', 'Nguyễn Văn Bình', 0, '{"likes":3}', null, null, 2);
      insert.run(3, 'reddit', 'c', null, null, null, '{}', 2, 'b', 3);
      insert.run(4, 'reddit', 'd', null, null, null, '{}', 3, 'c', 4);
      db.close();

      const store = openSqliteStore(path);
      try {
        expect((await store.getMention(1))?.author).toEqual({
          key: 'k1',
          displayName: 'Hoài Thu',
          kind: 'outlet',
        });
        expect((await store.getMention(2))?.author).toEqual({
          key: 'k2',
          displayName: null,
          kind: 'person',
        });
        const names = store.db.prepare('SELECT author_name FROM mentions WHERE id = 2').pluck();
        expect(names.get()).toBeNull();
        expect((await store.getMention(4))?.threadRootId).toBe(2);
        expect((await store.getMention(3))?.threadRootId).toBe(2);
        expect(await store.engagementHistory(2)).toEqual([
          {
            observedAt: '2025-06-01T00:00:00Z',
            likes: 3,
            comments: null,
            shares: null,
            views: null,
          },
        ]);
      } finally {
        await store.close();
      }
    } finally {
      remove();
    }
  });
});
