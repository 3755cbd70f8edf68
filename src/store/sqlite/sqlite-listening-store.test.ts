import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeListeningConformance } from '../listening.conformance.js';
import { mentionInput } from '../store.conformance.js';
import { openSqliteStore } from './sqlite-store.js';

function tempStore() {
  const dir = mkdtempSync(join(tmpdir(), 'nghe-listening-'));
  const store = openSqliteStore(join(dir, 'nghe.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeListeningConformance('sqlite', async () => tempStore());

describe('sqlite listening store', () => {
  it('refuses to change or remove audit rows', async () => {
    const { store, cleanup } = tempStore();
    try {
      await store.appendAudit({ actor: 'cli', action: 'stats', detail: '{}', resultCount: 1 });
      expect(() => store.db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(
        /append-only/,
      );
      expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect(await store.listAudit()).toHaveLength(1);
    } finally {
      await cleanup();
    }
  });

  it('removes a deleted topic with its tags and roll-ups', async () => {
    const { store, cleanup } = tempStore();
    try {
      const saved = await store.saveMentions(null, [mentionInput(), mentionInput()]);
      const topic = await store.createTopic({ name: 't', query: 'a' });
      await store.tagMentions(topic.id, saved.ids);
      expect(await store.deleteTopic(topic.id)).toBe(true);
      for (const table of ['mention_topics', 'rollup_hourly', 'rollup_sources']) {
        const row = store.db
          .prepare(`SELECT count(*) AS n FROM ${table} WHERE topic_id = ?`)
          .get(topic.id) as { n: number };
        expect(row.n, table).toBe(0);
      }
      expect((await store.sentimentShare({})).total).toBe(2);
    } finally {
      await cleanup();
    }
  });
});
