// The retention schedule with an injected clock: a run at start and one each period, each
// removing the raw text that became older than the retention period since the last, and each
// reported in the usage log with what it removed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteRetention } from '../store/sqlite/retention.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { mentionInput } from '../store/store.conformance.js';
import { RETENTION_ACTOR, startRetentionSchedule } from './retention-schedule.js';

const DAY = 86_400_000;
let dir: string;
let store: SqliteStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nghe-retention-schedule-'));
  store = openSqliteStore(join(dir, 'nghe.db'));
  vi.useFakeTimers();
});
afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const textOf = (id: number) =>
  (store.db.prepare('SELECT text FROM mentions WHERE id = ?').get(id) as { text: string }).text;

describe('retention on a schedule', () => {
  it('runs at start and every period, and logs what each run removed', async () => {
    let clock = Date.parse('2025-09-01T00:00:00Z');
    const at = (days: number) => new Date(clock - days * DAY).toISOString();
    const { ids } = await store.saveMentions(null, [
      mentionInput({ publishedAt: at(100), text: 'cũ lắm rồi' }),
      mentionInput({ publishedAt: at(89.5), text: 'sắp hết hạn' }),
      mentionInput({ publishedAt: at(10), text: 'còn mới' }),
    ]);
    const schedule = startRetentionSchedule({
      store: new SqliteRetention(store.db),
      log: (entry) => store.appendAudit(entry),
      days: 90,
      everyMs: DAY,
      now: () => new Date(clock),
      warn: () => {},
    });

    await vi.advanceTimersByTimeAsync(1);
    expect(textOf(ids[0]!)).toBe('');
    expect(textOf(ids[1]!)).toBe('sắp hết hạn');

    clock += DAY;
    await vi.advanceTimersByTimeAsync(DAY);
    expect(textOf(ids[1]!)).toBe('');
    expect(textOf(ids[2]!)).toBe('còn mới');
    await schedule.stop();

    const runs = await store.listAudit({ action: 'retention.run', limit: 10 });
    expect(runs.map((r) => [r.actor, r.resultCount])).toEqual([
      [RETENTION_ACTOR, 1],
      [RETENTION_ACTOR, 1],
    ]);
    expect(JSON.parse(runs[1]!.detail)).toEqual({
      days: 90,
      before: '2025-06-03T00:00:00.000Z',
      indexEntries: 1,
    });

    clock += DAY;
    await vi.advanceTimersByTimeAsync(2 * DAY);
    expect(await store.listAudit({ action: 'retention.run', limit: 10 })).toHaveLength(2);
  });

  it('reports a failed run and tries again at the next period', async () => {
    const warnings: string[] = [];
    let calls = 0;
    const schedule = startRetentionSchedule({
      store: {
        expireRawText: async () => {
          calls++;
          if (calls === 1) throw new Error('database is locked');
          return { mentions: 0, indexEntries: 0 };
        },
        eraseAuthors: async () => ({ mentions: 0 }),
      },
      log: (entry) => store.appendAudit(entry),
      days: 90,
      everyMs: 3_600_000,
      warn: (line) => warnings.push(line),
    });
    await vi.advanceTimersByTimeAsync(3_600_000);
    await schedule.stop();
    expect(calls).toBe(2);
    expect(warnings).toEqual([expect.stringContaining('database is locked')]);
    expect(await store.listAudit({ action: 'retention.run', limit: 10 })).toHaveLength(1);
  });
});
