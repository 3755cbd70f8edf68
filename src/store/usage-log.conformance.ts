// The usage log's cases, run against both back-ends (usage-log.test.ts beside the SQLite log,
// usage-log.postgres.test.ts beside the PostgreSQL one): the same chain, seals, filters,
// append-only refusal, tamper detection and one chain from several appenders at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, usageLogKey } from '../audit/usage-chain.js';
import { verifyChainOf } from '../audit/verify-chain.js';
import type { UsageLog } from './usage-log.js';

export const CONFORMANCE_KEY = usageLogKey(Buffer.alloc(32, 7));

export interface UsageLogFixture {
  /** The log, sealing with CONFORMANCE_KEY. */
  log: UsageLog;
  /** The same log through another connection, as another process would open it. */
  another(): Promise<UsageLog>;
  /** Runs one statement as it is (the append-only rule applies). */
  raw(sql: string): Promise<void>;
  /** Runs one statement with the append-only rule taken away, as someone with the file could. */
  tamper(sql: string): Promise<void>;
  close(): Promise<void>;
}

export function usageLogConformance(open: () => Promise<UsageLogFixture>): void {
  describe('usage log conformance', () => {
    let f: UsageLogFixture;
    beforeEach(async () => {
      f = await open();
    });
    afterEach(async () => {
      await f.close();
    });

    const write = async (log: UsageLog, n: number, actor = 'alice') => {
      for (let i = 1; i <= n; i++) {
        await log.append({
          actor: i % 2 ? actor : `cli:${actor}`,
          action: i % 3 ? 'listMentions' : 'cli.topics.add',
          detail: JSON.stringify({ q: `query ${i}` }),
          resultCount: i,
          unitId: i % 2 ? 2 : null,
        });
      }
    };

    it('chains and seals every entry, and verifies intact', async () => {
      await write(f.log, 6);
      const report = await verifyChainOf(f.log.oldestFirst(), CONFORMANCE_KEY);
      expect(report).toMatchObject({ ok: true, entries: 6, sealsChecked: true });
      const all = await f.log.list({ limit: 10 });
      expect(all.map((e) => e.id)).toEqual([6, 5, 4, 3, 2, 1]);
      expect(all[5]!.prevHash).toBe(GENESIS_HASH);
      expect(all[2]!.prevHash).toBe(all[3]!.hash);
      expect(all.every((e) => /^[0-9a-f]{64}$/.test(e.mac ?? ''))).toBe(true);
      // Another key does not verify the seals.
      const other = usageLogKey(Buffer.alloc(32, 8));
      expect(await verifyChainOf(f.log.oldestFirst(), other)).toMatchObject({
        ok: false,
        brokenAt: 1,
      });
    });

    it('lists with filters, newest first', async () => {
      await write(f.log, 6);
      expect((await f.log.list({ action: 'cli.*' })).map((e) => e.id)).toEqual([6, 3]);
      expect((await f.log.list({ actor: 'alice' })).map((e) => e.id)).toEqual([5, 3, 1]);
      expect((await f.log.list({ unitId: 2, beforeId: 5 })).map((e) => e.id)).toEqual([3, 1]);
      expect((await f.log.list({ limit: 2 })).map((e) => e.id)).toEqual([6, 5]);
      const late = await f.log.append(
        { actor: 'bob', action: 'signIn', detail: '{}', resultCount: null },
        new Date('2030-01-01T00:00:00Z'),
      );
      expect((await f.log.list({ from: '2029-12-31' })).map((e) => e.id)).toEqual([late.id]);
      expect((await f.log.list({ to: '2029-12-31' })).length).toBe(6);
    });

    it('refuses to change or remove an entry', async () => {
      await write(f.log, 2);
      await expect(f.raw("UPDATE audit_log SET actor = 'mallory' WHERE id = 1")).rejects.toThrow(
        /append-only/,
      );
      await expect(f.raw('DELETE FROM audit_log WHERE id = 2')).rejects.toThrow(/append-only/);
      expect(await verifyChainOf(f.log.oldestFirst(), CONFORMANCE_KEY)).toMatchObject({
        ok: true,
        entries: 2,
      });
    });

    it('names the first changed or removed entry', async () => {
      await write(f.log, 6);
      await f.tamper("UPDATE audit_log SET actor = 'mallory' WHERE id = 4");
      expect(await verifyChainOf(f.log.oldestFirst(), CONFORMANCE_KEY)).toMatchObject({
        ok: false,
        brokenAt: 4,
      });
      expect(await verifyChainOf(f.log.oldestFirst(), null)).toMatchObject({
        ok: false,
        brokenAt: 4,
      });
      await f.tamper('DELETE FROM audit_log WHERE id IN (2, 4)');
      expect(await verifyChainOf(f.log.oldestFirst(), CONFORMANCE_KEY)).toMatchObject({
        ok: false,
        brokenAt: 3,
      });
    });

    it('forms one chain from several appenders at once', async () => {
      const logs = [f.log, await f.another(), await f.another()];
      await Promise.all(logs.map((log, i) => write(log, 15, `writer${i}`)));
      const report = await verifyChainOf(f.log.oldestFirst(), CONFORMANCE_KEY);
      expect(report).toMatchObject({ ok: true, entries: 45 });
    });
  });
}
