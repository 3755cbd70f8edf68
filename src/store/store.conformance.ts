// The behaviour every Store must have. Each implementation's test file calls
// describeStoreConformance with a factory that opens a fresh, empty store; `reopen`, when
// given, opens the same underlying database again to check persistence.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionInput, SearchOptions } from '../model.js';
import type { Store } from './store.js';

export interface OpenedStore {
  store: Store;
  cleanup: () => Promise<void>;
  /** Close-and-open of the same database; absent where the backend cannot. */
  reopen?: () => Promise<Store>;
}

let serial = 0;

/** A mention input with defaults; tests override what they care about. */
export function mentionInput(overrides: Partial<MentionInput> = {}): MentionInput {
  serial++;
  return {
    platform: 'web',
    canonicalUrl: `https://news.example/article-${serial}`,
    externalId: `guid-${serial}`,
    author: null,
    publishedAt: '2025-06-01T08:00:00Z',
    collectedAt: '2025-06-01T09:00:00Z',
    language: 'vi',
    title: null,
    text: 'nội dung',
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    raw: null,
    analysis: null,
    ...overrides,
  };
}

export function describeStoreConformance(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store conformance: ${name}`, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    const ids = async (options: SearchOptions): Promise<number[]> =>
      (await store.search(options)).hits.map((hit) => hit.mention.id);

    describe('sources', () => {
      it('adds once per kind and url, and reads back what was given', async () => {
        const first = await store.addSource({
          kind: 'feed',
          url: 'https://vnexpress.net/rss/tin-moi-nhat.rss',
          title: 'VnExpress',
          settings: { fetchFullText: true },
        });
        expect(first.created).toBe(true);
        expect(first.source).toMatchObject({
          kind: 'feed',
          url: 'https://vnexpress.net/rss/tin-moi-nhat.rss',
          title: 'VnExpress',
          enabled: true,
          settings: { fetchFullText: true },
          validators: { etag: null, lastModified: null },
        });
        expect(first.source.health.consecutiveFailures).toBe(0);
        expect(first.source.schedule.intervalSeconds).toBeGreaterThan(0);

        const again = await store.addSource({
          kind: 'feed',
          url: 'https://vnexpress.net/rss/tin-moi-nhat.rss',
        });
        expect(again.created).toBe(false);
        expect(again.source.id).toBe(first.source.id);

        const otherKind = await store.addSource({
          kind: 'sitemap',
          url: 'https://vnexpress.net/rss/tin-moi-nhat.rss',
        });
        expect(otherKind.created).toBe(true);
        expect(otherKind.source.id).not.toBe(first.source.id);
        expect(await store.getSource(first.source.id)).toEqual(first.source);
        expect(await store.getSource(999_999)).toBeNull();
      });

      it('updates each part of a source and removes it', async () => {
        const { source } = await store.addSource({ kind: 'feed', url: 'https://a.example/feed' });
        const health = {
          lastAttemptAt: '2025-06-01T00:00:00.000Z',
          lastSuccessAt: null,
          lastErrorAt: '2025-06-01T00:00:00.000Z',
          lastError: 'HTTP 503 Service Unavailable',
          consecutiveFailures: 2,
          lastItemCount: 0,
          lastNewCount: 0,
          lastWarnings: ['bad date'],
        };
        const update = {
          title: 'Báo A',
          enabled: false,
          settings: { x: 1 },
          schedule: { intervalSeconds: 3600, nextFetchAt: '2025-06-01T01:00:00.000Z' },
          validators: { etag: '"abc"', lastModified: 'Sun, 01 Jun 2025 00:00:00 GMT' },
          health,
        };
        await store.updateSource(source.id, update);
        const updated = await store.getSource(source.id);
        expect(updated).toEqual({ ...source, ...update });
        // Due times come back in toISOString form whatever ISO 8601 form they went in as.
        await store.updateSource(source.id, {
          schedule: { intervalSeconds: 60, nextFetchAt: '2025-06-01T08:00:00+07:00' },
        });
        expect((await store.getSource(source.id))?.schedule.nextFetchAt).toBe(
          '2025-06-01T01:00:00.000Z',
        );
        await store.updateSource(source.id, { title: null });
        expect((await store.getSource(source.id))?.title).toBeNull();
        expect((await store.getSource(source.id))?.enabled).toBe(false);

        expect(await store.removeSource(source.id)).toBe(true);
        expect(await store.removeSource(source.id)).toBe(false);
        expect(await store.getSource(source.id)).toBeNull();
      });

      it('lists due sources, enabled only, soonest first, with a limit', async () => {
        const at = (minute: number) => `2025-06-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
        const made: number[] = [];
        for (const minute of [30, 10, 50, 20]) {
          const { source } = await store.addSource({
            kind: 'feed',
            url: `https://s${minute}.example/`,
          });
          await store.updateSource(source.id, {
            schedule: { intervalSeconds: 600, nextFetchAt: at(minute) },
          });
          made.push(source.id);
        }
        const [m30, m10, , m20] = made;
        const { source: disabled } = await store.addSource({
          kind: 'feed',
          url: 'https://off.example/',
          enabled: false,
        });
        await store.updateSource(disabled.id, {
          schedule: { intervalSeconds: 600, nextFetchAt: at(0) },
        });

        const due = await store.listSources({ dueBefore: '2025-06-01T07:30:00+07:00' });
        expect(due.map((s) => s.id)).toEqual([m10, m20, m30]);
        const firstTwo = await store.listSources({ dueBefore: at(59), limit: 2 });
        expect(firstTwo.map((s) => s.id)).toEqual([m10, m20]);
        expect(await store.listSources()).toHaveLength(5);
        expect(await store.listSources({ limit: 3 })).toHaveLength(3);
      });
    });

    describe('mentions', () => {
      it('stores a mention and reads every field back', async () => {
        const { source } = await store.addSource({ kind: 'feed', url: 'https://a.example/' });
        const input = mentionInput({
          author: { key: 'k1', displayName: 'Tuổi Trẻ', kind: 'outlet' },
          title: 'Giá xăng tăng',
          text: 'Giá xăng tăng lần thứ ba.',
          html: '<p>Giá xăng tăng lần thứ ba.</p>',
          categories: ['Kinh tế', 'Năng lượng'],
          engagement: { likes: 3, comments: 1 },
          raw: { guid: 'x' },
        });
        const saved = await store.saveMentions(source.id, [input]);
        expect(saved.inserted).toBe(1);
        expect(saved.existing).toBe(0);
        const mention = await store.getMention(saved.ids[0]!);
        expect(mention).toEqual({
          id: saved.ids[0],
          platform: 'web',
          canonicalUrl: input.canonicalUrl,
          externalId: input.externalId,
          author: { key: 'k1', displayName: 'Tuổi Trẻ', kind: 'outlet' },
          publishedAt: input.publishedAt,
          collectedAt: input.collectedAt,
          language: 'vi',
          title: 'Giá xăng tăng',
          text: 'Giá xăng tăng lần thứ ba.',
          html: '<p>Giá xăng tăng lần thứ ba.</p>',
          categories: ['Kinh tế', 'Năng lượng'],
          engagement: { likes: 3, comments: 1 },
          parentId: null,
          threadRootId: null,
          updatedAt: null,
          deletedAt: null,
          sourceIds: [source.id],
          analysis: null,
        });
        expect(await store.getMention(saved.ids[0]! + 1000)).toBeNull();
        expect(await store.countMentions()).toBe(1);
      });

      it('dedupes by platform and external id, linking every source', async () => {
        const a = (await store.addSource({ kind: 'feed', url: 'https://a.example/' })).source;
        const b = (await store.addSource({ kind: 'sitemap', url: 'https://a.example/' })).source;
        const first = mentionInput({ canonicalUrl: null, externalId: 'same-guid' });
        const r1 = await store.saveMentions(a.id, [first]);
        const r2 = await store.saveMentions(b.id, [
          mentionInput({ canonicalUrl: null, externalId: 'same-guid', text: 'changed' }),
        ]);
        // A different text without a later edit time is not an edit.
        expect(r2).toEqual({
          inserted: 0,
          existing: 1,
          updated: 0,
          ids: r1.ids,
          statuses: ['unchanged'],
        });
        const stored = await store.getMention(r1.ids[0]!);
        expect(stored?.sourceIds).toEqual([a.id, b.id].sort((x, y) => x - y));
        expect(stored?.text).toBe(first.text);
        // The same external id on another platform is another mention.
        const r3 = await store.saveMentions(a.id, [
          mentionInput({ canonicalUrl: null, externalId: 'same-guid', platform: 'reddit' }),
        ]);
        expect(r3.inserted).toBe(1);
        expect(await store.countMentions()).toBe(2);
      });

      it('dedupes by canonical url across external ids, within and across batches', async () => {
        const a = (await store.addSource({ kind: 'feed', url: 'https://a.example/' })).source;
        const b = (await store.addSource({ kind: 'article', url: 'https://b.example/' })).source;
        const url = 'https://news.example/bai-viet-1';
        const r1 = await store.saveMentions(a.id, [
          mentionInput({ canonicalUrl: url, externalId: 'feed-guid' }),
          mentionInput({ canonicalUrl: url, externalId: 'other-guid' }),
        ]);
        expect(r1.inserted).toBe(1);
        expect(r1.existing).toBe(1);
        expect(r1.ids[0]).toBe(r1.ids[1]);
        const r2 = await store.saveMentions(b.id, [
          mentionInput({ canonicalUrl: url, externalId: url }),
        ]);
        expect(r2.ids).toEqual([r1.ids[0]]);
        expect((await store.getMention(r1.ids[0]!))?.sourceIds).toHaveLength(2);
        const r3 = await store.saveMentions(null, [mentionInput({ canonicalUrl: url })]);
        expect(r3.existing).toBe(1);
        expect(await store.countMentions()).toBe(1);
      });

      it('tells which canonical urls are already stored', async () => {
        await store.saveMentions(null, [
          mentionInput({ canonicalUrl: 'https://news.example/co' }),
          mentionInput({ canonicalUrl: null }),
        ]);
        expect(
          await store.findCanonicalUrls(['https://news.example/co', 'https://news.example/khong']),
        ).toEqual(new Set(['https://news.example/co']));
        expect(await store.findCanonicalUrls([])).toEqual(new Set());
      });

      it('gives new mentions ids above every stored one, growing in input order', async () => {
        const first = await store.saveMentions(null, [
          mentionInput({ publishedAt: '2030-01-01T00:00:00Z' }),
          mentionInput({ publishedAt: '2001-01-01T00:00:00Z' }),
        ]);
        expect(first.ids[1]).toBeGreaterThan(first.ids[0]!);
        // Published long before everything stored: the id still comes after.
        const later = await store.saveMentions(null, [
          mentionInput({ publishedAt: '1990-01-01T00:00:00Z' }),
          mentionInput({ publishedAt: null }),
        ]);
        expect(later.ids[0]).toBeGreaterThan(Math.max(...first.ids));
        expect(later.ids[1]).toBeGreaterThan(later.ids[0]!);
        const scanned = (await store.search({ query: '', limit: 10 })).hits.map(
          (h) => h.mention.id,
        );
        expect(new Set(scanned)).toEqual(new Set([...first.ids, ...later.ids]));
      });

      it('returns ids in input order for mixed batches', async () => {
        const old = await store.saveMentions(null, [mentionInput({ externalId: 'old' })]);
        const r = await store.saveMentions(null, [
          mentionInput({ externalId: 'new-1' }),
          mentionInput({ externalId: 'old' }),
          mentionInput({ externalId: 'new-2' }),
        ]);
        expect(r.inserted).toBe(2);
        expect(r.ids[1]).toBe(old.ids[0]);
        expect(new Set(r.ids).size).toBe(3);
      });

      it('links replies to their parent on the same platform, whichever arrives first', async () => {
        const parent = await store.saveMentions(null, [
          mentionInput({ platform: 'reddit', externalId: 't3_post', canonicalUrl: null }),
        ]);
        const reply = await store.saveMentions(null, [
          mentionInput({
            platform: 'reddit',
            externalId: 't1_reply',
            canonicalUrl: null,
            parentExternalId: 't3_post',
          }),
          // Same parent id on another platform: no link.
          mentionInput({
            platform: 'youtube',
            externalId: 'yt_reply',
            canonicalUrl: null,
            parentExternalId: 't3_post',
          }),
        ]);
        expect((await store.getMention(reply.ids[0]!))?.parentId).toBe(parent.ids[0]);
        expect((await store.getMention(reply.ids[1]!))?.parentId).toBeNull();

        const orphan = await store.saveMentions(null, [
          mentionInput({
            platform: 'reddit',
            externalId: 't1_early',
            canonicalUrl: null,
            parentExternalId: 't3_late',
          }),
        ]);
        expect((await store.getMention(orphan.ids[0]!))?.parentId).toBeNull();
        const late = await store.saveMentions(null, [
          mentionInput({ platform: 'reddit', externalId: 't3_late', canonicalUrl: null }),
        ]);
        expect((await store.getMention(orphan.ids[0]!))?.parentId).toBe(late.ids[0]);
      });

      it('round-trips analysis, given at save time or later', async () => {
        const analysis = {
          lang: 'vi',
          sentiment: 'negative' as const,
          sentimentConfidence: 0.82,
          keywords: ['giá xăng', 'lạm phát'],
        };
        const r = await store.saveMentions(null, [
          mentionInput({ analysis }),
          mentionInput({ analysis: null }),
        ]);
        expect((await store.getMention(r.ids[0]!))?.analysis).toEqual(analysis);
        expect((await store.getMention(r.ids[1]!))?.analysis).toBeNull();
        const later = { lang: 'en', sentiment: null, sentimentConfidence: null, keywords: [] };
        await store.setAnalysis(r.ids[1]!, later);
        expect((await store.getMention(r.ids[1]!))?.analysis).toEqual(later);
      });

      it('keeps mentions, without the link, when their source is removed', async () => {
        const { source } = await store.addSource({ kind: 'feed', url: 'https://gone.example/' });
        const r = await store.saveMentions(source.id, [mentionInput()]);
        await store.removeSource(source.id);
        expect((await store.getMention(r.ids[0]!))?.sourceIds).toEqual([]);
      });
    });

    describe('search', () => {
      const corpus = [
        {
          externalId: 'hcm',
          title: 'Thành phố Hồ Chí Minh',
          text: 'Đường phố đông đúc giờ cao điểm',
        },
        { externalId: 'duong', title: null, text: 'Cây dương liễu bên hồ Gươm' },
        { externalId: 'plain', title: null, text: 'Viet without accents: duong pho thanh pho' },
        { externalId: 'en', title: 'Traffic', text: 'Heavy traffic in the city centre today' },
        // Decomposed (NFD) input must be found like composed text.
        { externalId: 'nfd', title: null, text: 'Đường sắt cao tốc Bắc Nam'.normalize('NFD') },
      ];
      const seed = async () => {
        const r = await store.saveMentions(
          null,
          corpus.map((c, i) =>
            mentionInput({
              ...c,
              publishedAt: `2025-06-0${i + 1}T08:00:00Z`,
            }),
          ),
        );
        return Object.fromEntries(corpus.map((c, i) => [c.externalId, r.ids[i]!]));
      };

      it('is accent-insensitive by default, đ included', async () => {
        const id = await seed();
        expect(await ids({ query: 'thanh pho' })).toEqual([id.plain, id.hcm]);
        expect(new Set(await ids({ query: 'duong' }))).toEqual(
          new Set([id.hcm, id.duong, id.plain, id.nfd]),
        );
        expect(await ids({ query: 'DUONG SAT' })).toEqual([id.nfd]);
        expect(await ids({ query: 'Đường sắt'.normalize('NFD') })).toEqual([id.nfd]);
        expect(await ids({ query: 'traffic city' })).toEqual([id.en]);
        expect(await ids({ query: 'traffic nowhere' })).toEqual([]);
      });

      it('matches exact diacritics when asked', async () => {
        const id = await seed();
        expect(await ids({ query: 'đường', exactDiacritics: true })).toEqual([id.nfd, id.hcm]);
        expect(await ids({ query: 'dương', exactDiacritics: true })).toEqual([id.duong]);
        expect(await ids({ query: 'duong', exactDiacritics: true })).toEqual([id.plain]);
        expect(await ids({ query: 'ĐƯỜNG SẮT'.normalize('NFD'), exactDiacritics: true })).toEqual([
          id.nfd,
        ]);
        expect(await ids({ query: 'thành phố', exactDiacritics: true })).toEqual([id.hcm]);
      });

      it('keeps quoted phrases together and ANDs words', async () => {
        const id = await seed();
        expect(await ids({ query: '"pho thanh"' })).toEqual([id.plain]);
        expect(await ids({ query: 'pho thanh' })).toEqual([id.plain, id.hcm]);
        expect(await ids({ query: '"đường phố"', exactDiacritics: true })).toEqual([id.hcm]);
        expect(await ids({ query: '"phố đường"', exactDiacritics: true })).toEqual([]);
      });

      it('never fails on query syntax', async () => {
        await seed();
        for (const query of [
          '"',
          'AND',
          'a OR',
          '(x',
          'NEAR(a b)',
          '*',
          'title:x',
          '-x',
          "'",
          '^',
        ]) {
          await expect(store.search({ query })).resolves.toBeDefined();
        }
        expect((await store.search({ query: '   ' })).hits.length).toBeGreaterThan(0);
      });

      it('returns a plain-text snippet around the match', async () => {
        const long = `${'Mở đầu bài viết dài. '.repeat(20)}Nạn kẹt xe ở đường Nguyễn Huệ. ${'Kết thúc. '.repeat(20)}`;
        await store.saveMentions(null, [mentionInput({ text: long })]);
        const [hit] = (await store.search({ query: 'nguyen hue' })).hits;
        expect(hit?.snippet).toContain('Nguyễn Huệ');
        expect(hit!.snippet.length).toBeLessThan(long.length);
      });

      it('orders newest first and filters since/until', async () => {
        const times = ['2025-01-01T00:00:00Z', '2025-03-01T00:00:00Z', '2025-02-01T00:00:00Z'];
        const r = await store.saveMentions(
          null,
          times.map((publishedAt) => mentionInput({ publishedAt, text: 'bão số 3' })),
        );
        const [jan, mar, feb] = r.ids;
        expect(await ids({ query: 'bao so 3' })).toEqual([mar, feb, jan]);
        expect(await ids({ query: 'bao', since: '2025-02-01T00:00:00Z' })).toEqual([mar, feb]);
        expect(await ids({ query: 'bao', until: '2025-02-01T00:00:00Z' })).toEqual([feb, jan]);
        expect(
          await ids({ query: 'bao', since: '2025-01-15T00:00:00Z', until: '2025-02-15T00:00:00Z' }),
        ).toEqual([feb]);
        // Same publication time: newest insert first.
        const tie = await store.saveMentions(null, [
          mentionInput({ publishedAt: '2025-03-01T00:00:00Z', text: 'bão' }),
        ]);
        expect((await ids({ query: 'bao' }))[0]).toBe(tie.ids[0]);
      });

      it('pages with a cursor without gaps or repeats, even as mentions arrive', async () => {
        const total = 23;
        await store.saveMentions(
          null,
          Array.from({ length: total }, (_, i) =>
            mentionInput({
              // Pairs share a timestamp to exercise the tiebreak.
              publishedAt: new Date(Date.UTC(2025, 0, 1, 0, Math.floor(i / 2))).toISOString(),
              text: `tin tức số ${i}`,
            }),
          ),
        );
        const seen: number[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.search({ query: 'tin tuc', limit: 5, cursor });
          seen.push(...page.hits.map((h) => h.mention.id));
          cursor = page.nextCursor ?? undefined;
          pages++;
          if (pages === 2) {
            // Newer than everything paged so far: must not appear on later pages.
            await store.saveMentions(null, [
              mentionInput({ publishedAt: '2026-01-01T00:00:00Z', text: 'tin tức mới' }),
            ]);
          }
        } while (cursor !== undefined);
        expect(pages).toBe(5);
        expect(seen).toHaveLength(total);
        expect(new Set(seen).size).toBe(total);
        const exact = await store.search({ query: 'tin tức', exactDiacritics: true, limit: 10 });
        expect(exact.hits).toHaveLength(10);
        expect(exact.nextCursor).not.toBeNull();
      });
    });

    describe('installation', () => {
      it('stores settings', async () => {
        expect(await store.getSetting('secret')).toBeNull();
        await store.setSetting('secret', 'abc');
        await store.setSetting('secret', 'def');
        expect(await store.getSetting('secret')).toBe('def');
      });

      it('persists across reopen', async () => {
        if (!opened.reopen) return;
        const { source } = await store.addSource({ kind: 'feed', url: 'https://p.example/' });
        const r = await store.saveMentions(source.id, [mentionInput({ text: 'Hà Nội mùa thu' })]);
        await store.setSetting('k', 'v');
        store = await opened.reopen();
        expect((await store.getSource(source.id))?.url).toBe('https://p.example/');
        expect((await store.getMention(r.ids[0]!))?.sourceIds).toEqual([source.id]);
        expect(await ids({ query: 'ha noi' })).toEqual(r.ids);
        expect(await store.getSetting('k')).toBe('v');
      });
    });
  });
}
