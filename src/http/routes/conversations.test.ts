import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MentionInput } from '../../model.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { mentionInput } from '../../store/store.conformance.js';
import type { ApiError, AuditEntry, EngagementSeries, Thread } from '../api-types.js';
import type { OpenApiDocument } from '../openapi.js';
import { engagementSeriesSchema, threadSchema } from '../response-schemas.js';
import { type LoopbackApi, openLoopbackApi } from '../test-support/loopback-api.js';

function comment(externalId: string, overrides: Partial<MentionInput> = {}): MentionInput {
  return mentionInput({ platform: 'youtube', canonicalUrl: null, externalId, ...overrides });
}

describe('thread and engagement routes', () => {
  let dir: string;
  let store: SqliteStore;
  let api: LoopbackApi;
  let video: number;
  let reply: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-conversations-http-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
    api = await openLoopbackApi(store);
    const negative = {
      lang: 'vi',
      sentiment: 'negative' as const,
      sentimentConfidence: 0.9,
      keywords: [],
    };
    const saved = await store.saveMentions(null, [
      comment('video-1', {
        collectedAt: '2025-06-01T09:00:00.000Z',
        engagement: { views: 100, comments: 2 },
      }),
      comment('c-1', { parentExternalId: 'video-1', analysis: negative, engagement: { likes: 3 } }),
      comment('c-2', { parentExternalId: 'c-1', threadRootExternalId: 'video-1' }),
    ]);
    [video, , reply] = saved.ids as [number, number, number];
    await store.saveMentions(null, [
      comment('video-1', {
        collectedAt: '2025-06-01T10:00:00.000Z',
        engagement: { views: 900, comments: 40 },
      }),
    ]);
  });
  afterAll(async () => {
    await api.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the thread as a tree with sentiment and latest engagement, from any of its mentions', async () => {
    const res = await api.get<Thread>(`/api/mentions/${reply}/thread`);
    expect(res.status).toBe(200);
    const thread = threadSchema.parse(res.body);
    expect(thread.root?.mention.id).toBe(video);
    expect(thread.root?.mention.engagement).toEqual({ views: 900, comments: 40 });
    const first = thread.root?.replies[0];
    expect(first?.mention.analysis?.sentiment).toBe('negative');
    expect(first?.replies.map((r) => r.mention.id)).toEqual([reply]);
    expect(thread).toMatchObject({ rootExternalId: 'video-1', total: 2, truncated: false });
    const bounded = await api.get<Thread>(`/api/mentions/${video}/thread?limit=1`);
    expect(bounded.body).toMatchObject({ total: 2, truncated: true });
    expect((await api.get<ApiError>('/api/mentions/999999/thread')).status).toBe(404);
    expect((await api.get<ApiError>(`/api/mentions/${video}/thread?limit=0`)).status).toBe(400);
  });

  it('returns engagement over time, and both reads are audited', async () => {
    const res = await api.get<EngagementSeries>(`/api/mentions/${video}/engagement`);
    expect(res.status).toBe(200);
    expect(engagementSeriesSchema.parse(res.body).points).toEqual([
      {
        observedAt: '2025-06-01T09:00:00.000Z',
        likes: null,
        comments: 2,
        shares: null,
        views: 100,
      },
      {
        observedAt: '2025-06-01T10:00:00.000Z',
        likes: null,
        comments: 40,
        shares: null,
        views: 900,
      },
    ]);
    expect((await api.get<ApiError>('/api/mentions/999999/engagement')).status).toBe(404);
    const audit = (await api.get<{ entries: AuditEntry[] }>('/api/audit')).body.entries;
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['getThread', 'getEngagement']),
    );
  });

  it('documents both routes, the recursive tree as a component', async () => {
    const doc = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as OpenApiDocument;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/mentions/{id}/thread', '/api/mentions/{id}/engagement']),
    );
    const schemas = doc.components.schemas as Record<string, unknown>;
    expect(schemas.ThreadNode).toBeDefined();
    const text = JSON.stringify(doc);
    expect(text).not.toContain('#/$defs/');
    expect(text).toContain('#/components/schemas/ThreadNode');
  });
});
