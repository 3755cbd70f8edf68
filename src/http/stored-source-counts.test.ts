// The source counts /api/health shows, by one statement on SQLite, agree with the list of
// sources read and decoded, as the route counted them before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptySourceHealth } from '../model.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { storedSourceCounts } from './stored-source-counts.js';

describe('storedSourceCounts', () => {
  let store: SqliteStore | null = null;
  let dir = '';
  afterEach(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts sources and the failing ones as the decoded list does', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-source-counts-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
    const counts = storedSourceCounts(store);
    const fromList = async () => {
      const sources = await store!.listSources();
      return {
        sources: sources.length,
        failing: sources.filter((s) => s.health.consecutiveFailures > 0).length,
      };
    };
    expect(await counts()).toEqual({ sources: 0, failing: 0 });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (await store.addSource({ kind: 'feed', url: `https://s${i}.example/rss` })).source.id,
      );
    }
    await store.updateSource(ids[1]!, {
      health: { ...emptySourceHealth(), consecutiveFailures: 3, lastError: 'HTTP 503' },
    });
    await store.updateSource(ids[3]!, {
      health: { ...emptySourceHealth(), consecutiveFailures: 1 },
    });
    // A health record from before the field existed counts as not failing.
    store.db.prepare(`UPDATE sources SET health = '{}' WHERE id = ?`).run(ids[4]!);
    expect(await counts()).toEqual({ sources: 5, failing: 2 });
    expect(await counts()).toEqual(await fromList());
    await store.updateSource(ids[1]!, { health: emptySourceHealth() });
    await store.removeSource(ids[0]!);
    expect(await counts()).toEqual({ sources: 4, failing: 1 });
    expect(await counts()).toEqual(await fromList());
  });
});
