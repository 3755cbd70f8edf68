// The conversation behaviour every Store must have: threads linked from external ids in any
// arrival order, edits and deletions of stored mentions, engagement kept over time, and
// persons never named. Each backend's test file calls describeConversationConformance.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionInput } from '../model.js';
import { mentionInput } from './store.conformance.js';
import type { Store, Thread, ThreadNode } from './store.js';

export interface OpenedConversationStore {
  store: Store;
  cleanup: () => Promise<void>;
}

/** A post, comment or reply on a social platform: no URL, identity by external id. */
function social(externalId: string, overrides: Partial<MentionInput> = {}): MentionInput {
  return mentionInput({ platform: 'reddit', canonicalUrl: null, externalId, ...overrides });
}

/** The tree as nested external ids, for compact expectations. */
function shape(node: ThreadNode): unknown {
  return node.replies.length === 0
    ? node.mention.externalId
    : { [node.mention.externalId]: node.replies.map(shape) };
}

function treeOf(thread: Thread | null) {
  if (!thread) return null;
  return {
    root: thread.root ? shape(thread.root) : null,
    unattached: thread.unattached.map(shape),
    total: thread.total,
    truncated: thread.truncated,
  };
}

export function describeConversationConformance(
  name: string,
  open: () => Promise<OpenedConversationStore>,
): void {
  describe(`Store conversations: ${name}`, () => {
    let opened: OpenedConversationStore;
    let store: Store;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    const idOf = async (input: MentionInput) => (await store.saveMentions(null, [input])).ids[0]!;

    it('never stores a name for a person, and keeps the names of pages, channels and outlets', async () => {
      const saved = await store.saveMentions(null, [
        social('p1', { author: { key: 'k1', displayName: 'Trần Thị Mai', kind: 'person' } }),
        social('p2', { author: { key: 'k2', displayName: 'Báo Tuổi Trẻ', kind: 'outlet' } }),
        social('p3', { author: { key: 'k3', displayName: 'VTV24', kind: 'channel' } }),
      ]);
      const authors = await Promise.all(
        saved.ids.map(async (id) => (await store.getMention(id))?.author),
      );
      expect(authors).toEqual([
        { key: 'k1', displayName: null, kind: 'person' },
        { key: 'k2', displayName: 'Báo Tuổi Trẻ', kind: 'outlet' },
        { key: 'k3', displayName: 'VTV24', kind: 'channel' },
      ]);
    });

    it('builds a thread from a post, its comments and replies, in time order', async () => {
      const at = (minute: number) => `2025-06-01T08:${String(minute).padStart(2, '0')}:00Z`;
      const post = await idOf(social('post', { publishedAt: at(0) }));
      await store.saveMentions(null, [
        social('c1', {
          parentExternalId: 'post',
          threadRootExternalId: 'post',
          publishedAt: at(1),
        }),
        social('c2', { parentExternalId: 'post', publishedAt: at(2) }),
        // A reply names only its parent: its root is the parent's.
        social('r1', { parentExternalId: 'c1', publishedAt: at(3) }),
        social('r2', { parentExternalId: 'r1', publishedAt: at(4) }),
      ]);
      const r2 = (await store.saveMentions(null, [social('r2')])).ids[0]!;
      const expected = {
        root: { post: [{ c1: [{ r1: ['r2'] }] }, 'c2'] },
        unattached: [],
        total: 4,
        truncated: false,
      };
      // Asked from the post or from any reply in it, the thread is the same.
      expect(treeOf(await store.getThread(post))).toEqual(expected);
      expect(treeOf(await store.getThread(r2))).toEqual(expected);
      const thread = (await store.getThread(post))!;
      expect(thread.rootExternalId).toBe('post');
      expect((await store.getMention(r2))?.threadRootId).toBe(post);
      expect((await store.getMention(post))?.threadRootId).toBeNull();
      expect(await store.getThread(post + 1000)).toBeNull();
    });

    it('links a thread whose replies arrive before their parents and root', async () => {
      // Deepest first, each naming only its parent, as Mastodon statuses do.
      const r2 = await idOf(social('r2', { parentExternalId: 'r1' }));
      const early = await store.getThread(r2);
      expect(early?.root).toBeNull();
      expect(early?.rootExternalId).toBe('r1');
      await idOf(social('r1', { parentExternalId: 'c1' }));
      await idOf(social('c1', { parentExternalId: 'post' }));
      // Another platform's post with the same id is another thread.
      await store.saveMentions(null, [
        mentionInput({ platform: 'mastodon', canonicalUrl: null, externalId: 'post' }),
      ]);
      expect(treeOf(await store.getThread(r2))).toEqual({
        root: null,
        unattached: [{ c1: [{ r1: ['r2'] }] }],
        total: 3,
        truncated: false,
      });
      const post = await idOf(social('post'));
      expect(treeOf(await store.getThread(r2))).toEqual({
        root: { post: [{ c1: [{ r1: ['r2'] }] }] },
        unattached: [],
        total: 3,
        truncated: false,
      });
      expect((await store.getMention(r2))?.threadRootId).toBe(post);
      // A comment naming its root, before the root arrives, joins the same thread.
      const named = await idOf(
        social('c9', { parentExternalId: 'gone', threadRootExternalId: 'post' }),
      );
      expect((await store.getMention(named))?.threadRootId).toBe(post);
      expect(treeOf(await store.getThread(post))?.unattached).toEqual(['c9']);
    });

    it('bounds a thread and says so', async () => {
      await store.saveMentions(null, [
        social('big'),
        ...Array.from({ length: 12 }, (_, i) =>
          social(`big-${i}`, {
            parentExternalId: 'big',
            publishedAt: new Date(Date.parse('2025-06-01T09:00:00Z') + i * 1000).toISOString(),
          }),
        ),
      ]);
      const post = (await store.saveMentions(null, [social('big')])).ids[0]!;
      const thread = await store.getThread(post, { limit: 5 });
      expect(thread?.total).toBe(12);
      expect(thread?.truncated).toBe(true);
      expect(thread?.root?.replies.map((r) => r.mention.externalId)).toEqual([
        'big-0',
        'big-1',
        'big-2',
        'big-3',
        'big-4',
      ]);
    });

    it('takes an edit dated later than what is stored, and only that', async () => {
      const original = social('e1', {
        title: 'Tiêu đề cũ',
        text: 'nước ngập đường',
        publishedAt: '2025-06-01T08:00:00Z',
        analysis: {
          lang: 'vi',
          sentiment: 'neutral',
          sentimentConfidence: 0.5,
          keywords: ['ngập'],
        },
      });
      const id = await idOf(original);
      const edited = {
        ...original,
        title: 'Tiêu đề mới',
        text: 'trời nắng ráo',
        updatedAt: '2025-06-01T09:00:00Z',
        analysis: {
          lang: 'vi',
          sentiment: 'positive' as const,
          sentimentConfidence: 0.9,
          keywords: ['nắng'],
        },
      };
      const r = await store.saveMentions(null, [edited]);
      expect(r).toMatchObject({ inserted: 0, updated: 1, statuses: ['updated'], ids: [id] });
      const mention = await store.getMention(id);
      expect(mention).toMatchObject({
        title: 'Tiêu đề mới',
        text: 'trời nắng ráo',
        updatedAt: '2025-06-01T09:00:00Z',
        publishedAt: '2025-06-01T08:00:00Z',
        deletedAt: null,
      });
      expect(mention?.analysis?.sentiment).toBe('positive');
      expect((await store.search({ query: 'nắng' })).hits.map((h) => h.mention.id)).toEqual([id]);
      expect((await store.search({ query: 'ngập' })).hits).toEqual([]);
      expect((await store.search({ query: 'mới' })).hits.map((h) => h.mention.id)).toEqual([id]);

      // The same edit again, or an older copy, changes nothing.
      expect((await store.saveMentions(null, [edited])).statuses).toEqual(['unchanged']);
      const older = { ...original, text: 'bản cũ hơn', updatedAt: '2025-06-01T08:30:00Z' };
      expect((await store.saveMentions(null, [older])).statuses).toEqual(['unchanged']);
      expect((await store.getMention(id))?.text).toBe('trời nắng ráo');
    });

    it('removes the text of a deleted mention but keeps its place and counts', async () => {
      const post = await idOf(social('d-post', { text: 'bài gốc' }));
      const comment = social('d-1', {
        parentExternalId: 'd-post',
        title: 'bình luận',
        text: 'phí gửi xe quá cao',
        html: '<p>phí gửi xe quá cao</p>',
        engagement: { likes: 4 },
        analysis: {
          lang: 'vi',
          sentiment: 'negative',
          sentimentConfidence: 0.8,
          keywords: ['phí'],
        },
      });
      const id = await idOf(comment);
      await idOf(social('d-2', { parentExternalId: 'd-1' }));
      const r = await store.saveMentions(null, [
        { ...comment, text: '', title: null, html: null, deleted: true, engagement: {} },
      ]);
      expect(r.statuses).toEqual(['updated']);
      const mention = await store.getMention(id);
      expect(mention).toMatchObject({
        text: '',
        title: null,
        html: null,
        parentId: post,
        threadRootId: post,
        engagement: { likes: 4 },
      });
      expect(mention?.deletedAt).not.toBeNull();
      expect(mention?.analysis?.keywords).toEqual([]);
      expect((await store.search({ query: 'phí' })).hits).toEqual([]);
      expect(treeOf(await store.getThread(post))?.root).toEqual({ 'd-post': [{ 'd-1': ['d-2'] }] });
      // Deleted stays deleted: a copy collected before the deletion does not bring it back.
      const stale = { ...comment, updatedAt: '2030-01-01T00:00:00Z' };
      expect((await store.saveMentions(null, [stale])).statuses).toEqual(['unchanged']);
      expect((await store.getMention(id))?.text).toBe('');
      // First seen deleted: stored without text, searchable by nothing.
      const gone = await idOf(social('d-3', { text: 'không còn', deleted: true }));
      expect((await store.getMention(gone))?.text).toBe('');
      expect((await store.search({ query: 'còn' })).hits).toEqual([]);
    });

    it('keeps engagement over time and the latest on the mention', async () => {
      const at = (hour: number) => `2025-06-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
      const clip = (hour: number, engagement: MentionInput['engagement']) =>
        social('clip', { collectedAt: at(hour), engagement });
      const id = await idOf(clip(1, { likes: 10, comments: 2, views: 100 }));
      await store.saveMentions(null, [clip(2, { likes: 10, comments: 2, views: 100 })]);
      const grown = await store.saveMentions(null, [clip(3, { likes: 12, comments: 9 })]);
      expect(grown.statuses).toEqual(['unchanged']);
      await store.saveMentions(null, [clip(4, {})]);
      await store.saveMentions(null, [clip(5, { comments: 30, views: 400 })]);
      expect((await store.getMention(id))?.engagement).toEqual({
        likes: 12,
        comments: 30,
        views: 400,
      });
      const history = await store.engagementHistory(id);
      expect(history).toEqual([
        { observedAt: at(1), likes: 10, comments: 2, shares: null, views: 100 },
        { observedAt: at(3), likes: 12, comments: 9, shares: null, views: null },
        { observedAt: at(5), likes: null, comments: 30, shares: null, views: 400 },
      ]);
      expect((await store.engagementHistory(id, 2))?.map((p) => p.observedAt)).toEqual([
        at(3),
        at(5),
      ]);
      expect(await store.engagementHistory(id + 1000)).toBeNull();
      expect(await store.engagementHistory(await idOf(social('quiet')))).toEqual([]);
    });
  });
}
