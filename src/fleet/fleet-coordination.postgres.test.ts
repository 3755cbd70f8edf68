import { expect, it } from 'vitest';
import { createListeningEvents } from '../jobs/listening-events.js';
import type { Mention } from '../model.js';
import { createLogger } from '../ops/logger.js';
import { describePostgres } from '../store/postgres/test-database.js';
import { mentionInput } from '../store/store.conformance.js';
import { bookHostTurn, createHostTurns } from './host-turns.js';
import { withPlatformLock } from './platform-lock.js';
import { announceTagged, relayTagged } from './tagged-relay.js';
import { storePerTest } from './test-support/store-per-test.js';

const quiet = createLogger({ level: 'error' });

describePostgres('fleet coordination in PostgreSQL', () => {
  const open = storePerTest();

  it('books one host turn after another across connections, at least the interval apart', async () => {
    const s = await open();
    await createHostTurns(s.pool);
    await createHostTurns(s.pool); // a second process starting finds the table there
    // Each booking's wait counts from the moment it was answered, and a booking that queued
    // behind another's row lock is answered later: compare the moments the turns start.
    const started = performance.now();
    const turns = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const wait = await bookHostTurn(s.pool, 'news.example', 200);
        return { wait, at: performance.now() - started + wait };
      }),
    );
    turns.sort((a, b) => a.at - b.at);
    expect(Math.min(...turns.map((t) => t.wait))).toBeLessThan(50);
    for (let i = 1; i < turns.length; i++) {
      expect(turns[i]!.at - turns[i - 1]!.at).toBeGreaterThan(150);
    }
    // Another host has its own turns.
    expect(await bookHostTurn(s.pool, 'other.example', 200)).toBeLessThan(50);
  });

  it('lets one worker at a time collect for a platform', async () => {
    const s = await open();
    let inside = 0;
    let most = 0;
    const work = () =>
      withPlatformLock(s.pool, 'youtube', async () => {
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 30));
        inside--;
      });
    await Promise.all([work(), work(), work(), withPlatformLock(s.pool, 'reddit', async () => {})]);
    expect(most).toBe(1);
  });

  it('relays tagged mentions to another process and listens again after its connection is cut', async () => {
    const s = await open();
    const { source } = await s.addSource({ kind: 'feed', url: 'https://relay.example/feed' });
    const saved = await s.saveMentions(source.id, [
      mentionInput({ externalId: 'r1', canonicalUrl: null }),
      mentionInput({ externalId: 'r2', canonicalUrl: null }),
    ]);
    const [first, second] = await Promise.all(saved.ids.map((id) => s.getMention(id)));
    const workerEvents = createListeningEvents();
    const apiEvents = createListeningEvents();
    const received: [number, number[]][] = [];
    apiEvents.onTagged((mention, topics) => received.push([mention.id, topics]));
    const stopAnnouncing = announceTagged(workerEvents, s.pool, quiet);
    const relay = relayTagged({
      url: open.url(),
      getMention: (id) => s.getMention(id),
      events: apiEvents,
      log: quiet,
    });
    const until = async (n: number) => {
      for (let i = 0; i < 10 && received.length < n; i++)
        await new Promise((r) => setTimeout(r, 50));
    };
    try {
      // The listener may still be connecting: announce until it hears.
      for (let i = 0; i < 40 && received.length === 0; i++) {
        workerEvents.publishTagged(first as Mention, [3]);
        await until(1);
      }
      expect(received[0]).toEqual([first!.id, [3]]);
      received.length = 0;
      await s.pool.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'nghe-live'",
      );
      for (let i = 0; i < 60 && received.length === 0; i++) {
        workerEvents.publishTagged(second as Mention, [4, 5]);
        await until(1);
      }
      expect(received[0]).toEqual([second!.id, [4, 5]]);
      // Mentions tagged in one go are announced in one statement: each of them arrives.
      received.length = 0;
      workerEvents.publishTagged(first as Mention, [6]);
      workerEvents.publishTagged(second as Mention, [7]);
      for (let i = 0; i < 10 && received.filter(([, t]) => t[0]! >= 6).length < 2; i++) {
        await until(2);
      }
      expect(received.filter(([, t]) => t[0]! >= 6).sort((a, b) => a[0] - b[0])).toEqual([
        [first!.id, [6]],
        [second!.id, [7]],
      ]);
    } finally {
      stopAnnouncing();
      await relay.stop();
    }
  });
});
