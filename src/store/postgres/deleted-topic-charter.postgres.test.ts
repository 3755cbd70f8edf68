// A topic deleted through one API process: its charter (kept by every process's identity store
// for up to DEFAULT_IDENTITY_CACHE_MS, and read by the access layer to skip reading the topic)
// is dropped at once there and, through the deletion's notice, in the others, so none answers
// empty figures for a topic that is gone.
import { expect, it } from 'vitest';
import { createPool } from './connection.js';
import { PostgresIdentityStore, postgresIdentityStore } from './identity-store.js';
import { openPostgresStore } from './postgres-store.js';
import { createTestSchema, describePostgres } from './test-database.js';

async function until(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now() - start;
}

describePostgres('deleting a topic on PostgreSQL', () => {
  it('drops its kept charter in the deleting process at once and in others on notice', async () => {
    const schema = await createTestSchema();
    const store = await openPostgresStore(schema.url);
    const otherPool = createPool(schema.url);
    // Kept for a minute: only the deletion's notice can drop it in time.
    const other = new PostgresIdentityStore(otherPool, { listen: true, cacheMs: 60_000 });
    const quiet = new PostgresIdentityStore(otherPool, { listen: false, cacheMs: 60_000 });
    try {
      const here = postgresIdentityStore(store.pool);
      await until(async () => other.listening, 10_000);
      const topic = await store.createTopic({ name: 'Ngập', query: 'ngập' });
      const kept = await store.createTopic({ name: 'Bão', query: 'bão' });
      for (const identity of [here, other, quiet]) {
        expect(await identity.getCharter(topic.id)).not.toBeNull();
        expect(await identity.getCharter(kept.id)).not.toBeNull();
      }
      expect(await store.deleteTopic(topic.id)).toBe(true);
      expect(await here.getCharter(topic.id)).toBeNull();
      await until(async () => (await other.getCharter(topic.id)) === null, 5_000);
      // A process that does not listen keeps it until its bound, as for every identity change.
      expect(await quiet.getCharter(topic.id)).not.toBeNull();
      expect(await other.getCharter(kept.id)).not.toBeNull();
      expect(await store.deleteTopic(topic.id)).toBe(false);
    } finally {
      await other.close();
      await otherPool.end();
      await store.close();
      await schema.drop();
    }
  });
});
