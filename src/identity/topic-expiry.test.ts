import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { identityStoreOf } from '../store/sqlite/identity-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { sweepExpiredTopics } from './topic-expiry.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('topic expiry', () => {
  it('pauses an expired topic and tells its owner once, then deletes it after the grace period', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nghe-expiry-'));
    dirs.push(dir);
    const store = openSqliteStore(join(dir, 'nghe.db'));
    try {
      const identity = identityStoreOf(store.db);
      const owner = await identity.createUser({
        unitId: (await identity.rootUnit()).id,
        username: 'hoa',
        role: 'analyst',
        passwordHash: null,
        email: 'hoa@example.org',
      });
      const topic = await store.createTopic({ name: 'Ngập', query: 'ngập' });
      const running = await store.createTopic({ name: 'Còn hạn', query: 'lũ' });
      await identity.setCharter({
        topicId: topic.id,
        unitId: (await identity.rootUnit()).id,
        ownerId: owner.id,
        purpose: 'general monitoring',
        justification: 'mùa mưa',
        expiresAt: '2026-01-10T00:00:00.000Z',
        widenedBy: null,
      });
      const mails: { to: string; subject: string }[] = [];
      let reloads = 0;
      const sweep = (at: string) =>
        sweepExpiredTopics({
          identity,
          topics: store,
          now: new Date(at),
          graceDays: 30,
          mail: { send: async (m) => void mails.push(m) },
          topicsChanged: () => reloads++,
        });

      expect(await sweep('2026-01-09T00:00:00.000Z')).toEqual({ expired: [], deleted: [] });
      expect(await sweep('2026-01-11T00:00:00.000Z')).toEqual({ expired: [topic.id], deleted: [] });
      expect((await store.getTopic(topic.id))?.status).toBe('paused');
      expect(await sweep('2026-01-12T00:00:00.000Z')).toEqual({ expired: [], deleted: [] });
      const [expired] = await identity.listNotices(owner.id);
      expect(expired).toMatchObject({ kind: 'topic-expired', topicId: topic.id });
      expect(expired!.message).toContain('2026-02-09');

      expect(await sweep('2026-02-10T00:00:00.000Z')).toEqual({ expired: [], deleted: [topic.id] });
      expect(await store.getTopic(topic.id)).toBeNull();
      expect(await store.getTopic(running.id)).not.toBeNull();
      expect((await identity.listNotices(owner.id)).map((n) => n.kind)).toEqual([
        'topic-deleted',
        'topic-expired',
      ]);
      expect(mails.map((m) => m.to)).toEqual(['hoa@example.org', 'hoa@example.org']);
      expect(reloads).toBe(2);
    } finally {
      await store.close();
    }
  });
});
