// The stream runner with a real SQLite store and a scripted streaming connector: items reach the
// store (and the after-save hook) in well under a second with their cursor, a dropped stream
// reconnects from the cursor of the last stored batch, and deletions of posts never stored are
// not kept.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectResult } from '../connectors/connector.js';
import type { StreamContext, StreamingConnector } from '../connectors/stream-connector.js';
import type { CollectedMention, SourceKind } from '../model.js';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/sqlite-store.js';
import { createPseudonymiser } from './pseudonymise.js';
import { StreamRunner, type StreamRunnerEvent } from './stream-runner.js';

function post(n: number, deleted = false): CollectedMention {
  return {
    platform: 'bluesky',
    url: `https://bsky.app/profile/did:plc:a${n % 3}/post/p${n}`,
    externalId: `at://did:plc:a${n % 3}/app.bsky.feed.post/p${n}`,
    author: { nativeId: `did:plc:a${n % 3}`, name: null, kind: 'person' },
    publishedAt: '2026-10-06T00:00:00.000Z',
    updatedAt: null,
    language: 'vi',
    title: null,
    text: deleted ? '' : `Tin số ${n} về triều cường`,
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    deleted,
    raw: null,
  };
}

type Script = (context: StreamContext, attempt: number) => Promise<void>;

function scriptedConnector(script: Script): StreamingConnector & { contexts: StreamContext[] } {
  const contexts: StreamContext[] = [];
  return {
    kind: 'bluesky',
    description: 'scripted',
    contexts,
    async collect(): Promise<CollectResult> {
      throw new Error('not polled');
    },
    streams: () => true,
    async stream(_source, context) {
      contexts.push(context);
      context.connected();
      await script(context, contexts.length);
    },
  };
}

let store: SqliteStore;
beforeEach(() => {
  store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'nghe-stream-')), 'nghe.sqlite'));
});
afterEach(async () => {
  await store.close();
});

function runner(connector: StreamingConnector, events: StreamRunnerEvent[], saved: number[]) {
  return new StreamRunner({
    store,
    http: {
      request: () => Promise.reject(new Error('no http')),
      get: () => Promise.reject(new Error('no http')),
    },
    openWebSocket: () => Promise.reject(new Error('no sockets')),
    connectors: new Map<SourceKind, StreamingConnector>([['bluesky', connector]]),
    pseudonymise: createPseudonymiser(Buffer.alloc(32, 7)),
    onSaved: async (result) => {
      saved.push(Date.now());
      return result;
    },
    onEvent: (event) => events.push(event),
    batchSize: 100,
    batchDelayMs: 200,
    backoffMs: { first: 20, max: 100 },
    rescanMs: 50,
    random: () => 1,
  });
}

describe('stream runner', () => {
  it('stores streamed items within a second with their cursor and reconnects from it after a drop', async () => {
    const { source } = await store.addSource({
      kind: 'bluesky',
      url: 'https://jetstream2.us-east.bsky.network/subscribe?lang=vi',
      settings: { follow: 'firehose', languages: 'vi' },
    });
    const controller = new AbortController();
    const emittedAt: number[] = [];
    const connector = scriptedConnector(async (context, attempt) => {
      if (attempt === 1) {
        emittedAt.push(Date.now());
        await context.emit({ mentions: [post(1), post(2)], cursor: '1000' });
        await context.emit({ mentions: [], cursor: '1500' });
        await new Promise((resolve) => setTimeout(resolve, 400));
        await context.emit({ mentions: [post(3)], cursor: '2000' });
        throw new Error('connection reset');
      }
      if (attempt === 2) {
        // The runner flushed attempt 1 before reconnecting: the cursor is the stored one.
        await context.emit({ mentions: [post(3), post(4)], cursor: '3000' });
        return;
      }
      controller.abort();
    });
    const events: StreamRunnerEvent[] = [];
    const saved: number[] = [];
    await runner(connector, events, saved).run(controller.signal);

    expect(saved[0]! - emittedAt[0]!).toBeLessThan(1000);
    expect(connector.contexts.map((c) => c.cursor)).toEqual([null, '2000', '3000']);
    expect((await store.getSource(source.id))!.cursor).toBe('3000');
    expect(await store.countMentions()).toBe(4);
    const failures = events.filter((e) => e.type === 'stream-failed');
    expect(failures.map((e) => e.type === 'stream-failed' && e.error)).toEqual([
      'connection reset',
      'the stream ended',
    ]);
    expect((await store.getSource(source.id))!.health.lastError).toBe('stream: the stream ended');
  });

  it('applies deletions of stored posts and drops deletions of posts never stored', async () => {
    await store.addSource({
      kind: 'bluesky',
      url: 'https://jetstream2.us-east.bsky.network/subscribe?lang=vi',
      settings: { follow: 'firehose', languages: 'vi' },
    });
    const controller = new AbortController();
    const connector = scriptedConnector(async (context) => {
      await context.emit({ mentions: [post(1), post(2)], cursor: '10' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await context.emit({ mentions: [post(1, true), post(9, true)], cursor: '20' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      controller.abort();
    });
    await runner(connector, [], []).run(controller.signal);
    expect(await store.countMentions()).toBe(2);
    const page = await store.search({ query: 'triều cường', limit: 10 });
    expect(page.hits.map((hit) => hit.mention.externalId)).toEqual([post(2).externalId]);
  });
});
