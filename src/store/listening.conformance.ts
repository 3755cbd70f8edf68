// The behaviour every ListeningStore must have. Each backend's test file calls
// describeListeningConformance with a factory that opens a fresh, empty store. Figures are
// checked against brute-force counts over the stored mentions, read back with scanMentions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyShareStatistics, type ShareStatistics } from '../analysis/quantify/index.js';
import type { Mention, MentionAnalysis, Platform, Sentiment } from '../model.js';
import { compileMatcher } from '../query/match.js';
import { parseQuery } from '../query/parse.js';
import { seededRandom } from '../seeded-random.js';
import type { ListeningStore, MentionFilter } from './listening-store.js';
import { addAnalysis, LABELS_ONLY_GROUP } from './share-input.js';
import { mentionInput } from './store.conformance.js';
import type { Store } from './store.js';

export interface OpenedListeningStore {
  store: Store & ListeningStore;
  cleanup: () => Promise<void>;
}

const HOUR = 3_600_000;
const SPAN_HOURS = 80 * 24;
const START = Date.parse('2025-06-01T00:00:00Z');
const PLATFORMS: Platform[] = ['web', 'youtube', 'x'];
const LANGS = ['vi', 'vi-VN', 'en', null];
const SENTIMENTS: (Sentiment | null)[] = ['positive', 'neutral', 'negative', null];
const SHARE_GROUPS = ['vi:feedback', 'vi:forum', 'en'];
const WORDS = ['ngập', 'nước', 'phí', 'gửi', 'xe', 'Thủ', 'Đức', 'mưa', 'đường', 'cầu'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function subset<T>(rand: () => number, list: readonly T[]): T[] {
  const chosen = list.filter(() => rand() < 0.5);
  return chosen.length > 0 ? chosen : [list[0]!];
}

function analysisOf(rand: () => number): MentionAnalysis {
  const keywords = [pick(rand, WORDS), pick(rand, WORDS), pick(rand, WORDS)].map((w) =>
    w.toLowerCase(),
  );
  const sentiment = pick(rand, SENTIMENTS);
  // Most carry class probabilities; the rest stand for analyses stored before they were kept.
  const withProbabilities = sentiment !== null && rand() < 0.7;
  const weights = [rand(), rand(), rand()];
  const sum = weights[0]! + weights[1]! + weights[2]! || 1;
  return {
    lang: pick(rand, LANGS),
    sentiment,
    sentimentConfidence: 0.9,
    ...(withProbabilities
      ? {
          sentimentProbabilities: {
            negative: weights[0]! / sum,
            neutral: weights[1]! / sum,
            positive: weights[2]! / sum,
          },
          shareGroup: pick(rand, SHARE_GROUPS),
        }
      : {}),
    keywords,
  };
}

/** Roll-up sums equal the statistics recomputed post by post (floating sums within 1e-9). */
function expectSameStatistics(got: ShareStatistics, want: ShareStatistics, what: string): void {
  const used = (s: ShareStatistics) =>
    Object.keys(s.groups)
      .filter((g) => s.groups[g]!.n > 0)
      .sort();
  expect(used(got), what).toEqual(used(want));
  for (const group of used(want)) {
    const a = got.groups[group]!;
    const b = want.groups[group]!;
    expect({ n: a.n, labels: a.labels, cells: a.cells }, `${what} ${group}`).toEqual({
      n: b.n,
      labels: b.labels,
      cells: b.cells,
    });
    [...a.probs, ...a.products].forEach((v, i) => {
      expect(v, `${what} ${group} sum ${i}`).toBeCloseTo([...b.probs, ...b.products][i]!, 9);
    });
  }
}

function statisticsOf(mentions: readonly Mention[]): ShareStatistics {
  const stats = emptyShareStatistics();
  for (const m of mentions) addAnalysis(stats, m.analysis);
  return stats;
}

/** The roll-up dimensions of a stored mention, as the ListeningStore contract defines them. */
function dims(m: Mention) {
  const lang = (m.analysis?.lang ?? m.language ?? '').toLowerCase().split('-')[0] ?? '';
  return {
    hour: Math.floor(Date.parse(m.publishedAt!) / HOUR),
    platform: m.platform as string,
    lang,
    sentiment: m.analysis?.sentiment ?? '',
    source: m.sourceIds.length === 0 ? 0 : Math.min(...m.sourceIds),
  };
}

function inFilter(m: Mention, f: MentionFilter, tagged: Map<number, Set<number>>): boolean {
  const d = dims(m);
  if (f.topicId !== undefined && !tagged.get(f.topicId)?.has(m.id)) return false;
  if (f.from !== undefined && d.hour < Math.floor(Date.parse(f.from) / HOUR)) return false;
  if (f.to !== undefined && d.hour >= Math.ceil(Date.parse(f.to) / HOUR)) return false;
  if (f.platforms && !f.platforms.includes(m.platform)) return false;
  if (f.langs && !f.langs.includes(d.lang)) return false;
  if (f.sentiments && !(f.sentiments as string[]).includes(d.sentiment)) return false;
  if (f.sourceIds && !f.sourceIds.includes(d.source)) return false;
  return true;
}

async function allMentions(store: ListeningStore): Promise<Mention[]> {
  const all: Mention[] = [];
  for (let after = 0; ; ) {
    const batch = await store.scanMentions(after, 100);
    if (batch.length === 0) return all;
    all.push(...batch);
    after = batch[batch.length - 1]!.id;
  }
}

export function describeListeningConformance(
  name: string,
  open: () => Promise<OpenedListeningStore>,
): void {
  describe(`ListeningStore conformance: ${name}`, () => {
    let opened: OpenedListeningStore;
    let store: Store & ListeningStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    it('creates, lists, edits, pauses and deletes topics', async () => {
      const version = await store.topicsVersion();
      const topic = await store.createTopic({
        name: ' Ngập Thủ Đức ',
        query: 'ngập AND "Thủ Đức"',
        langs: ['vi'],
      });
      expect(topic).toMatchObject({
        name: 'Ngập Thủ Đức',
        status: 'active',
        langs: ['vi'],
        platforms: null,
        sourceIds: null,
        description: null,
      });
      expect(topic.backfill.state).toBe('idle');
      expect(await store.topicsVersion()).toBeGreaterThan(version);
      await expect(store.createTopic({ name: 'x', query: 'a AND (b' })).rejects.toThrow(/position/);
      await expect(store.createTopic({ name: '  ', query: 'a' })).rejects.toThrow();

      const paused = await store.updateTopic(topic.id, { status: 'paused', description: 'd' });
      expect(paused).toMatchObject({ status: 'paused', description: 'd', query: topic.query });
      expect((await store.listTopics()).map((t) => t.id)).toEqual([topic.id]);
      expect(await store.updateTopic(9999, { status: 'active' })).toBeNull();
      expect(await store.deleteTopic(topic.id)).toBe(true);
      expect(await store.deleteTopic(topic.id)).toBe(false);
      expect(await store.getTopic(topic.id)).toBeNull();
    });

    it('tags idempotently and counts each tag once', async () => {
      const saved = await store.saveMentions(null, [
        mentionInput({ text: 'một' }),
        mentionInput({ text: 'hai' }),
      ]);
      const topic = await store.createTopic({ name: 't', query: 'một OR hai' });
      expect(await store.tagMentions(topic.id, saved.ids)).toBe(2);
      expect(await store.tagMentions(topic.id, saved.ids)).toBe(0);
      expect(await store.tagMentions(topic.id, [saved.ids[0]!, 424242])).toBe(0);
      expect((await store.sentimentShare({ topicId: topic.id })).total).toBe(2);
      expect((await store.sentimentShare({})).total).toBe(2);
      const other = await store.createTopic({ name: 'u', query: 'hai' });
      const pairs: [number, number][] = [
        [topic.id, saved.ids[0]!],
        [other.id, saved.ids[1]!],
        [other.id, saved.ids[1]!],
      ];
      expect(await store.tagPairs(pairs)).toBe(1);
      expect((await store.sentimentShare({ topicId: other.id })).total).toBe(1);

      await store.updateTopic(topic.id, { query: 'một' });
      expect((await store.sentimentShare({ topicId: topic.id })).total).toBe(0);
      expect((await store.getTopic(topic.id))!.backfill.state).toBe('idle');
      await store.tagMentions(topic.id, saved.ids.slice(0, 1));
      await store.clearTopicTags(topic.id);
      expect((await store.listMentions({ topicId: topic.id })).mentions).toEqual([]);
    });

    it('keeps figures equal to brute-force counts for random filters', async () => {
      const rand = seededRandom(7);
      const sources = [];
      for (let i = 0; i < 3; i++) {
        sources.push(
          (await store.addSource({ kind: 'feed', url: `https://s${i}.example/` })).source,
        );
      }
      const ids: number[] = [];
      for (let i = 0; i < 240; i++) {
        const input = mentionInput({
          platform: pick(rand, PLATFORMS),
          language: pick(rand, ['vi', 'en', null]),
          // About 80 days: ranges cross whole days and months as well as partial ones.
          publishedAt: new Date(START + Math.floor(rand() * SPAN_HOURS * HOUR)).toISOString(),
          text: `${pick(rand, WORDS)} ${pick(rand, WORDS)}`,
          engagement: { likes: Math.floor(rand() * 5) },
          analysis: rand() < 0.8 ? analysisOf(rand) : null,
        });
        const source = rand() < 0.15 ? null : pick(rand, sources).id;
        const saved = await store.saveMentions(source, [input]);
        ids.push(saved.ids[0]!);
        // Some mentions are reached again through another source.
        if (rand() < 0.2) await store.saveMentions(pick(rand, sources).id, [input]);
      }
      const topic = await store.createTopic({ name: 't', query: 'mưa OR ngập' });
      const tagged = new Map([[topic.id, new Set(ids.filter(() => rand() < 0.4))]]);
      await store.tagMentions(topic.id, [...tagged.get(topic.id)!]);
      // Late analysis moves counts between buckets.
      for (const id of ids.filter(() => rand() < 0.2))
        await store.setAnalysis(id, analysisOf(rand));
      // So do edits, deletions and new counts collected later, and tags coming off again.
      for (const id of ids.filter(() => rand() < 0.15)) {
        const stored = (await store.getMention(id))!;
        const again = mentionInput({
          platform: stored.platform,
          canonicalUrl: stored.canonicalUrl,
          externalId: stored.externalId,
          publishedAt: stored.publishedAt,
          updatedAt: '2026-01-01T00:00:00Z',
          text: `${pick(rand, WORDS)} ${pick(rand, WORDS)} (sửa)`,
          engagement: { likes: Math.floor(rand() * 9), views: 50 },
          deleted: rand() < 0.3,
          analysis: rand() < 0.8 ? analysisOf(rand) : null,
        });
        const saved = await store.saveMentions(null, [again]);
        expect(saved.statuses).toEqual(['updated']);
      }
      const untagged = [...tagged.get(topic.id)!].filter(() => rand() < 0.2);
      expect(await store.untagPairs(untagged.map((id) => [topic.id, id]))).toBe(untagged.length);
      for (const id of untagged) tagged.get(topic.id)!.delete(id);

      const mentions = await allMentions(store);
      expect(mentions).toHaveLength(240);
      // Every group is there, the rebuilt labels-only one included.
      expect(Object.keys((await store.shareStatistics({})).groups).sort()).toEqual(
        [LABELS_ONLY_GROUP, ...SHARE_GROUPS].sort(),
      );
      for (let round = 0; round < 25; round++) {
        const filter: MentionFilter = {};
        if (rand() < 0.5) filter.topicId = topic.id;
        // Some bounds fall inside an hour: figures round them out to whole hours.
        const minutes = () => (rand() < 0.3 ? Math.floor(rand() * 60) * 60_000 : 0);
        const at = (hours: number) => new Date(START + hours * HOUR + minutes()).toISOString();
        if (rand() < 0.6) filter.from = at(Math.floor(rand() * (SPAN_HOURS / 2)));
        if (rand() < 0.6) filter.to = at(Math.floor(SPAN_HOURS / 2 + rand() * (SPAN_HOURS / 2)));
        if (rand() < 0.3) filter.platforms = subset(rand, PLATFORMS);
        if (rand() < 0.3) filter.langs = subset(rand, ['vi', 'en']);
        if (rand() < 0.3) filter.sentiments = subset(rand, ['positive', 'neutral', 'negative']);
        if (rand() < 0.3) filter.sourceIds = subset(rand, [0, ...sources.map((s) => s.id)]);
        const expected = mentions.filter((m) => inFilter(m, filter, tagged));
        const count = (s: string) => expected.filter((m) => dims(m).sentiment === s).length;

        const share = await store.sentimentShare(filter);
        expect(share.total, JSON.stringify(filter)).toBe(expected.length);
        expect(share.classifiedCounts.negative).toBe(count('negative'));
        expect(share.unknown).toBe(count(''));
        expect(share.n).toBe(expected.length - count(''));
        const statistics = await store.shareStatistics(filter);
        expectSameStatistics(statistics, statisticsOf(expected), JSON.stringify(filter));

        const byPlatform = await store.breakdown('platform', filter, 10);
        for (const p of PLATFORMS) {
          const n = expected.filter((m) => m.platform === p).length;
          expect(byPlatform.find((r) => r.key === p)?.count ?? 0).toBe(n);
        }
        const bySource = await store.breakdown('source', filter, 10);
        for (const s of [0, ...sources.map((x) => x.id)]) {
          const n = expected.filter((m) => dims(m).source === s).length;
          expect(bySource.find((r) => r.key === String(s))?.count ?? 0).toBe(n);
        }

        const series = await store.series({ ...filter, interval: 'hour', timeZone: 'UTC' });
        expect(series.reduce((sum, p) => sum + p.total, 0)).toBe(expected.length);
        const perHour = new Map<number, number>();
        for (const m of expected) perHour.set(dims(m).hour, (perHour.get(dims(m).hour) ?? 0) + 1);
        for (const point of series) {
          expect(point.total).toBe(perHour.get(Date.parse(point.t) / HOUR) ?? 0);
        }

        const days = await store.series({ ...filter, interval: 'day' });
        for (const point of days) {
          const start = Date.parse(point.t) / HOUR;
          let total = 0;
          for (let h = start; h < start + 24; h++) total += perHour.get(h) ?? 0;
          expect(point.total).toBe(total);
        }
        const shareDays = await store.shareSeries({ ...filter, interval: 'day' });
        expect(shareDays.map((p) => p.t)).toEqual(days.map((p) => p.t));
        for (const point of shareDays) {
          const start = Date.parse(point.t) / HOUR;
          const inDay = expected.filter((m) => dims(m).hour >= start && dims(m).hour < start + 24);
          expectSameStatistics(
            point.statistics,
            statisticsOf(inDay),
            `${point.t} of ${JSON.stringify(filter)}`,
          );
        }

        const terms = await store.topTerms(filter, 100);
        const termCounts = new Map<string, number>();
        const dayFilter = { ...filter };
        // Terms are counted per UTC day: widen the range the same way.
        if (filter.from) dayFilter.from = `${filter.from.slice(0, 10)}T00:00:00.000Z`;
        if (filter.to && !filter.to.endsWith('T00:00:00.000Z')) {
          dayFilter.to = new Date(Date.parse(filter.to.slice(0, 10)) + 24 * HOUR).toISOString();
        }
        for (const m of mentions.filter((x) => inFilter(x, dayFilter, tagged))) {
          for (const term of new Set(m.analysis?.keywords ?? [])) {
            termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
          }
        }
        expect(new Map(terms.map((t) => [t.term, t.count]))).toEqual(termCounts);
      }
    });

    it('keeps figures exact when batches hold many mentions, repeats and edits of their own', async () => {
      const rand = seededRandom(19);
      const sources = [];
      for (let i = 0; i < 3; i++) {
        sources.push(
          (await store.addSource({ kind: 'feed', url: `https://b${i}.example/` })).source,
        );
      }
      const newInput = () =>
        mentionInput({
          platform: pick(rand, PLATFORMS),
          language: pick(rand, ['vi', 'en', null]),
          publishedAt: new Date(START + Math.floor(rand() * SPAN_HOURS * HOUR)).toISOString(),
          text: `${pick(rand, WORDS)} ${pick(rand, WORDS)}`,
          engagement: { likes: Math.floor(rand() * 5) },
          analysis: rand() < 0.8 ? analysisOf(rand) : null,
        });
      // A later copy of a mention: edited, deleted or with new counts.
      const laterCopy = (input: ReturnType<typeof newInput>, serial: number) => ({
        ...input,
        updatedAt: new Date(Date.parse('2026-01-01T00:00:00Z') + serial * 1000).toISOString(),
        text: `${pick(rand, WORDS)} ${pick(rand, WORDS)} (sửa)`,
        engagement: { likes: Math.floor(rand() * 9), comments: 2 },
        deleted: rand() < 0.3,
        analysis: rand() < 0.8 ? analysisOf(rand) : null,
      });
      const earlier: ReturnType<typeof newInput>[] = [];
      let serial = 0;
      for (let b = 0; b < 30; b++) {
        const batch: ReturnType<typeof newInput>[] = [];
        for (let i = 1 + Math.floor(rand() * 15); i > 0; i--) {
          const input = newInput();
          batch.push(input);
          if (rand() < 0.25) batch.push(rand() < 0.5 ? input : laterCopy(input, serial++));
          if (earlier.length > 0 && rand() < 0.1)
            batch.push(laterCopy(pick(rand, earlier), serial++));
          earlier.push(input);
        }
        const source = rand() < 0.15 ? null : pick(rand, sources).id;
        await store.saveMentions(source, batch);
        // Some batches are reached again through another source.
        if (rand() < 0.2) await store.saveMentions(pick(rand, sources).id, batch);
      }
      const mentions = await allMentions(store);
      const topic = await store.createTopic({ name: 't', query: 'mưa OR ngập' });
      const tagged = new Map([
        [topic.id, new Set(mentions.map((m) => m.id).filter(() => rand() < 0.4))],
      ]);
      await store.tagMentions(topic.id, [...tagged.get(topic.id)!]);
      for (let round = 0; round < 15; round++) {
        const filter: MentionFilter = {};
        if (rand() < 0.5) filter.topicId = topic.id;
        if (rand() < 0.3) filter.platforms = subset(rand, PLATFORMS);
        if (rand() < 0.3) filter.sourceIds = subset(rand, [0, ...sources.map((s) => s.id)]);
        const expected = mentions.filter((m) => inFilter(m, filter, tagged));
        const what = JSON.stringify(filter);
        const share = await store.sentimentShare(filter);
        expect(share.total, what).toBe(expected.length);
        expectSameStatistics(await store.shareStatistics(filter), statisticsOf(expected), what);
        const bySource = await store.breakdown('source', filter, 10);
        for (const s of [0, ...sources.map((x) => x.id)]) {
          const n = expected.filter((m) => dims(m).source === s).length;
          expect(bySource.find((r) => r.key === String(s))?.count ?? 0, what).toBe(n);
        }
        const series = await store.series({ ...filter, interval: 'hour', timeZone: 'UTC' });
        const perHour = new Map<number, number>();
        for (const m of expected) perHour.set(dims(m).hour, (perHour.get(dims(m).hour) ?? 0) + 1);
        for (const point of series) {
          expect(point.total, what).toBe(perHour.get(Date.parse(point.t) / HOUR) ?? 0);
        }
        const termCounts = new Map<string, number>();
        for (const m of expected) {
          for (const term of new Set(m.analysis?.keywords ?? [])) {
            termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
          }
        }
        const terms = await store.topTerms(filter, 100);
        expect(new Map(terms.map((t) => [t.term, t.count])), what).toEqual(termCounts);
      }
    });

    it('aligns day and week buckets to the requested time zone', async () => {
      // 16:30 UTC is 23:30 in Hanoi and 12:30 in New York; 17:30 UTC is already the next
      // day in Hanoi.
      await store.saveMentions(null, [
        mentionInput({ publishedAt: '2025-06-02T16:30:00Z' }),
        mentionInput({ publishedAt: '2025-06-02T17:30:00Z' }),
        mentionInput({ publishedAt: '2025-06-03T03:30:00Z' }),
      ]);
      const hanoi = await store.series({ interval: 'day' });
      expect(hanoi.map((p) => [p.t, p.total])).toEqual([
        ['2025-06-01T17:00:00.000Z', 1],
        ['2025-06-02T17:00:00.000Z', 2],
      ]);
      const newYork = await store.series({ interval: 'day', timeZone: 'America/New_York' });
      expect(newYork.map((p) => [p.t, p.total])).toEqual([['2025-06-02T04:00:00.000Z', 3]]);
      const week = await store.series({
        interval: 'week',
        timeZone: 'Asia/Ho_Chi_Minh',
        from: '2025-05-31T17:00:00Z',
        to: '2025-06-15T17:00:00Z',
      });
      // 2025-06-02 is a Monday: the weeks start on Monday, 00:00 in Hanoi.
      expect(week.map((p) => [p.t, p.total])).toEqual([
        ['2025-05-25T17:00:00.000Z', 0],
        ['2025-06-01T17:00:00.000Z', 3],
        ['2025-06-08T17:00:00.000Z', 0],
      ]);
      await expect(store.series({ interval: 'day', timeZone: 'Mars/Olympus' })).rejects.toThrow(
        /time zone/,
      );
    });

    it('pages mentions without gaps or repeats and filters by query like the matcher', async () => {
      const rand = seededRandom(11);
      const inputs = Array.from({ length: 120 }, (_, i) =>
        mentionInput({
          // Many share a second, so the cursor must order within one.
          publishedAt: new Date(START + Math.floor(i / 3) * 1000).toISOString(),
          title: rand() < 0.3 ? 'Tin Thủ Đức' : null,
          text: `${pick(rand, WORDS)} ${pick(rand, WORDS)} ${pick(rand, WORDS)}`,
          platform: pick(rand, PLATFORMS),
          analysis: analysisOf(rand),
        }),
      );
      const saved = await store.saveMentions(null, inputs);
      const topic = await store.createTopic({ name: 't', query: 'x' });
      await store.tagMentions(
        topic.id,
        saved.ids.filter((id) => id % 2 === 0),
      );

      for (const sort of ['newest', 'oldest'] as const) {
        const seen: number[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.listMentions({ sort, limit: 7, cursor });
          seen.push(...page.mentions.map((m) => m.id));
          cursor = page.nextCursor ?? undefined;
          // New mentions arriving between pages, in the past and the future, never shift a page.
          if (pages++ === 2) {
            await store.saveMentions(null, [
              mentionInput({ publishedAt: '2030-01-01T00:00:00Z' }),
              mentionInput({ publishedAt: '2020-01-01T00:00:00Z' }),
            ]);
          }
        } while (cursor);
        const original = seen.filter((id) => saved.ids.includes(id));
        expect(new Set(original).size).toBe(120);
        expect(original).toHaveLength(120);
      }

      const mentions = await allMentions(store);
      const queries = [
        'ngập',
        '"thu duc"',
        'mưa AND NOT nước',
        'title:(thủ đức) OR cầu',
        'platform:web AND đường',
        '=Đức',
        '(ngap OR cau) -xe',
        'platform:youtube',
        'sentiment:negative',
      ];
      for (const query of queries) {
        const matcher = compileMatcher(parseQuery(query));
        for (const topicId of [undefined, topic.id]) {
          const expected = mentions
            .filter((m) => topicId === undefined || m.id % 2 === 0)
            .filter((m) =>
              matcher({
                title: m.title,
                text: m.text,
                sourceIds: m.sourceIds,
                platform: m.platform,
                lang: m.analysis?.lang ?? m.language,
                sentiment: m.analysis?.sentiment ?? null,
                url: m.canonicalUrl,
              }),
            )
            .map((m) => m.id)
            .sort((a, b) => a - b);
          const got: number[] = [];
          let cursor: string | undefined;
          do {
            const page = await store.listMentions({ query, topicId, limit: 20, cursor });
            got.push(...page.mentions.map((m) => m.id));
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          expect(
            got.sort((a, b) => a - b),
            `${query} topic ${topicId}`,
          ).toEqual(expected);
        }
      }
      await expect(store.listMentions({ query: 'a AND (' })).rejects.toThrow(/position/);
    });

    it('stores token hashes, finds and revokes them', async () => {
      const token = await store.createApiToken('dashboard', 'hash-1');
      expect(token).toMatchObject({ name: 'dashboard', lastUsedAt: null, revokedAt: null });
      await expect(store.createApiToken('again', 'hash-1')).rejects.toThrow();
      const found = await store.findApiTokenByHash('hash-1');
      expect(found?.id).toBe(token.id);
      expect(found?.lastUsedAt).not.toBeNull();
      expect(await store.findApiTokenByHash('nope')).toBeNull();
      expect(await store.revokeApiToken(token.id)).toBe(true);
      expect(await store.revokeApiToken(token.id)).toBe(false);
      expect((await store.findApiTokenByHash('hash-1'))?.revokedAt).not.toBeNull();
      expect((await store.listApiTokens()).map((t) => t.name)).toEqual(['dashboard']);
    });

    it('appends audit entries and lists them newest first', async () => {
      for (let i = 0; i < 5; i++) {
        await store.appendAudit({
          actor: 'cli',
          action: 'stats',
          detail: `{"i":${i}}`,
          resultCount: i,
        });
      }
      const first = await store.listAudit({ limit: 2 });
      expect(first.map((e) => e.detail)).toEqual(['{"i":4}', '{"i":3}']);
      const next = await store.listAudit({ limit: 10, beforeId: first[1]!.id });
      expect(next.map((e) => e.resultCount)).toEqual([2, 1, 0]);
    });
  });
}
