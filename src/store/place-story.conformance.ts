// The place, sector and story behaviour every store has (SQLite file and PostgreSQL): tags
// written with the mention and moved by edits, deletions and topic tags, with every place and
// sector figure equal to a recount of the mentions; place: and sector: queries; a reprint
// linked to its first publisher in one story; erasure taking a person out of every figure.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  MentionAnalysis,
  MentionInput,
  MentionPlace,
  MentionSector,
  Platform,
  Sentiment,
} from '../model.js';
import type { RetentionStore } from '../privacy/retention-store.js';
import { seededRandom } from '../seeded-random.js';
import type { ListeningStore, MentionFilter } from './listening-store.js';
import type { PlaceStoryStore } from './place-story-store.js';
import { mentionInput } from './store.conformance.js';
import type { Store } from './store.js';

/** A news text about flooding in Ho Chi Minh City, and another about the price of gold. */
export const FLOOD_TEXT =
  'Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến đường ở quận Bình Thạnh ngập sâu, ' +
  'hàng trăm xe máy chết máy giữa dòng nước, người dân phải dắt bộ về nhà trong đêm.';
export const GOLD_TEXT =
  'Giá vàng miếng hôm nay tăng mạnh thêm hai triệu đồng mỗi lượng, các cửa hàng trên phố ' +
  'Trần Nhân Tông đông nghịt khách xếp hàng mua từ sáng sớm.';

/** The analysis of a negative text about flooding in province 79. */
export const floodAnalysis = (): MentionAnalysis => ({
  lang: 'vi',
  sentiment: 'negative',
  sentimentConfidence: 0.9,
  keywords: [],
  places: [{ province: '79', ward: null, level: 'city', code: '79', confidence: 0.9 }],
  sectors: [{ sector: 'flooding', confidence: 0.9 }],
});

/** A flood article at 08:00 and an outlet's reprint of it at 09:00, both analysed. */
function floodAndReprint(): [MentionInput, MentionInput] {
  return [
    mentionInput({
      publishedAt: '2025-09-01T08:00:00Z',
      text: FLOOD_TEXT,
      analysis: floodAnalysis(),
    }),
    mentionInput({
      publishedAt: '2025-09-01T09:00:00Z',
      text: `TPO - ${FLOOD_TEXT} Theo Tuổi Trẻ.`,
      analysis: floodAnalysis(),
    }),
  ];
}

export interface OpenedPlaceStoryStore {
  store: Store & ListeningStore;
  figures: PlaceStoryStore;
  retention: RetentionStore;
  cleanup: () => Promise<void>;
}

const START = Date.parse('2025-09-01T00:00:00Z');
const HOUR = 3_600_000;
const PROVINCES = ['79', '01', '48'];
const WARDS: Record<string, string[]> = { '79': ['26734', '26737'], '01': ['00004'], '48': [] };
const SECTORS = ['traffic', 'flooding', 'health', 'other'];
const SENTIMENTS: (Sentiment | null)[] = ['positive', 'negative', 'neutral', null];
const PLATFORMS: Platform[] = ['web', 'x', 'reddit'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function placesOf(rand: () => number): MentionPlace[] {
  const out: MentionPlace[] = [];
  for (const province of PROVINCES) {
    if (rand() < 0.5) continue;
    const ward = WARDS[province]!.length > 0 && rand() < 0.6 ? pick(rand, WARDS[province]!) : null;
    out.push({
      province,
      ward,
      level: ward === null ? 'province' : 'ward',
      code: ward ?? province,
      confidence: 0.9,
    });
    if (ward !== null && rand() < 0.3) {
      out.push({ province, ward: null, level: 'city', code: province, confidence: 0.95 });
    }
  }
  return out;
}

function sectorsOf(rand: () => number): MentionSector[] {
  const out = SECTORS.filter((s) => s !== 'other' && rand() < 0.35).map((sector) => ({
    sector,
    confidence: 0.7,
  }));
  return out.length > 0 ? out : [{ sector: 'other', confidence: 0 }];
}

function analysisOf(rand: () => number): MentionAnalysis {
  const sentiment = pick(rand, SENTIMENTS);
  return {
    lang: 'vi',
    sentiment,
    sentimentConfidence: sentiment === null ? null : 0.8,
    sentimentProbabilities:
      sentiment === null
        ? null
        : {
            positive: sentiment === 'positive' ? 0.8 : 0.1,
            negative: sentiment === 'negative' ? 0.8 : 0.1,
            neutral: sentiment === 'neutral' ? 0.8 : 0.1,
          },
    shareGroup: sentiment === null ? null : 'vi:forum',
    keywords: ['a'],
    places: placesOf(rand),
    sectors: sectorsOf(rand),
  };
}

interface Truth {
  id: number;
  input: MentionInput;
  hour: number;
  platform: Platform;
  sentiment: string;
  places: MentionPlace[];
  sectors: string[];
  topics: Set<number>;
  deleted: boolean;
  erased: boolean;
}

function matches(t: Truth, filter: MentionFilter): boolean {
  if (t.erased) return false;
  if (t.deleted && (filter.places || filter.sectors)) return false;
  if (filter.topicId !== undefined && !t.topics.has(filter.topicId)) return false;
  if (filter.from !== undefined && t.hour * HOUR < Date.parse(filter.from)) return false;
  if (filter.to !== undefined && t.hour * HOUR >= Date.parse(filter.to)) return false;
  if (filter.platforms && !filter.platforms.includes(t.platform)) return false;
  if (filter.sentiments && !filter.sentiments.includes(t.sentiment as Sentiment)) return false;
  if (filter.places) {
    const ok = filter.places.some((code) =>
      t.places.some((p) =>
        code.length === 2
          ? p.province === code
          : code.length === 3
            ? p.level === 'district' && p.code === code
            : p.ward === code,
      ),
    );
    if (!ok) return false;
  }
  if (filter.sectors && !filter.sectors.some((s) => t.sectors.includes(s))) return false;
  return true;
}

function recount(truth: Truth[], filter: MentionFilter, by?: 'province' | 'ward' | 'sector') {
  const counts = new Map<string, number>();
  for (const t of truth) {
    if (!matches(t, filter)) continue;
    const keys = t.deleted
      ? []
      : by === 'province'
        ? [...new Set(t.places.map((p) => p.province))]
        : by === 'ward'
          ? [...new Set(t.places.flatMap((p) => (p.ward ? [p.ward] : [])))]
          : by === 'sector'
            ? t.sectors
            : ['all'];
    for (const key of by === undefined ? ['all'] : keys)
      counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

async function expectFiguresMatch(opened: OpenedPlaceStoryStore, truth: Truth[], topic: number) {
  const { store, figures } = opened;
  const from = new Date(START + 30 * HOUR).toISOString();
  const to = new Date(START + 100 * HOUR + 30 * 60_000).toISOString();
  const filters: MentionFilter[] = [
    {},
    { topicId: topic },
    { places: ['79'] },
    { places: ['26734'] },
    { places: ['01', '26737'], from, to },
    { sectors: ['flooding'] },
    { sectors: ['traffic', 'health'], topicId: topic },
    { places: ['79'], sectors: ['flooding'] },
    { places: ['79'], platforms: ['x'] },
    { places: ['48'], sentiments: ['negative'], from, to, topicId: topic },
    { sectors: ['other'], from, to },
    { topicId: topic, sentiments: ['positive'], from, to },
  ];
  for (const filter of filters) {
    const label = JSON.stringify(filter);
    if (filter.places || filter.sectors) {
      const share = await store.sentimentShare(filter);
      expect(share.total, label).toBe(recount(truth, filter).get('all') ?? 0);
      const series = await store.series({ ...filter, interval: 'day', timeZone: 'UTC' });
      expect(
        series.reduce((s, p) => s + p.total, 0),
        label,
      ).toBe(share.total);
      const negative = truth.filter((t) => matches(t, filter) && t.sentiment === 'negative');
      expect(share.classifiedCounts.negative, label).toBe(negative.length);
      const stats = await store.shareStatistics(filter);
      const n = Object.values(stats.groups).reduce((s, g) => s + g.n, 0);
      expect(n, label).toBe(truth.filter((t) => matches(t, filter) && t.sentiment !== '').length);
    }
    for (const by of ['province', 'ward', 'sector'] as const) {
      const rows = await store.breakdown(by, filter, 100);
      const expected = Object.fromEntries([...recount(truth, filter, by)].filter(([, n]) => n > 0));
      expect(Object.fromEntries(rows.map((r) => [r.key, r.count])), `${label} by ${by}`).toEqual(
        expected,
      );
      const tagged = await figures.figuresBy(by, filter, 100);
      expect(
        Object.fromEntries(tagged.map((r) => [r.key, r.mentions])),
        `${label} figures by ${by}`,
      ).toEqual(expected);
      for (const row of tagged) {
        expect(row.positive + row.neutral + row.negative).toBeLessThanOrEqual(row.mentions);
        expect(row.stories).toBeLessThanOrEqual(row.mentions);
      }
    }
    const stories = await figures.storyFigures(filter);
    expect(stories.mentions, `${label} story figures`).toBe(recount(truth, filter).get('all') ?? 0);
  }
}

export function describePlaceStoryConformance(
  name: string,
  open: () => Promise<OpenedPlaceStoryStore>,
): void {
  describe(`Places, sectors and stories: ${name}`, () => {
    let opened: OpenedPlaceStoryStore;
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    it('keeps every place and sector figure equal to a recount through edits, deletions, tags and erasure', async () => {
      const { store } = opened;
      const rand = seededRandom(7);
      const truth: Truth[] = [];
      const topic = await store.createTopic({ name: 't', query: 'x' });
      for (let batch = 0; batch < 4; batch++) {
        const inputs = Array.from({ length: 60 }, () => {
          const hour = Math.floor(START / HOUR) + Math.floor(rand() * 24 * 5);
          const person = rand() < 0.3;
          return mentionInput({
            publishedAt: new Date(hour * HOUR + 60_000).toISOString(),
            platform: pick(rand, PLATFORMS),
            text: `bài ${Math.floor(rand() * 1e9)}`,
            author: person
              ? { key: `person-${Math.floor(rand() * 4)}`, kind: 'person', displayName: 'x' }
              : null,
            analysis: analysisOf(rand),
          });
        });
        const saved = await store.saveMentions(null, inputs);
        inputs.forEach((input, i) => {
          truth.push({
            id: saved.ids[i]!,
            input,
            hour: Math.floor(Date.parse(input.publishedAt!) / HOUR),
            platform: input.platform,
            sentiment: input.analysis!.sentiment ?? '',
            places: input.analysis!.places!,
            sectors: input.analysis!.sectors!.map((s) => s.sector),
            topics: new Set(),
            deleted: false,
            erased: false,
          });
        });
        const tagged = saved.ids.filter(() => rand() < 0.5);
        await store.tagMentions(topic.id, tagged);
        for (const id of tagged) truth.find((t) => t.id === id)!.topics.add(topic.id);
        // Edit some earlier mentions (new places, sectors and sentiment) and delete a few.
        for (const t of truth.slice(0, 10 * (batch + 1)).filter(() => rand() < 0.3)) {
          if (t.deleted) continue;
          const analysis = analysisOf(rand);
          const deleted = rand() < 0.2;
          await store.saveMentions(null, [
            {
              ...t.input,
              updatedAt: new Date(START + (batch + 30) * 86_400_000).toISOString(),
              text: `sửa ${Math.floor(rand() * 1e9)}`,
              analysis,
              deleted,
            },
          ]);
          if (deleted) t.deleted = true;
          else {
            t.sentiment = analysis.sentiment ?? '';
            t.places = analysis.places!;
            t.sectors = analysis.sectors!.map((s) => s.sector);
          }
        }
        // Untag a few.
        const untag = truth.filter((t) => t.topics.has(topic.id) && rand() < 0.1);
        await store.untagPairs(untag.map((t) => [topic.id, t.id]));
        for (const t of untag) t.topics.delete(topic.id);
      }
      await expectFiguresMatch(opened, truth, topic.id);

      // Erasure takes a person's mentions out of every figure.
      const erased = await opened.retention.eraseAuthors(['person-1']);
      let gone = 0;
      for (const t of truth) {
        if (t.input.author?.key === 'person-1') {
          t.erased = true;
          gone++;
        }
      }
      expect(erased.mentions).toBe(gone);
      expect(gone).toBeGreaterThan(0);
      await expectFiguresMatch(opened, truth, topic.id);
      const total = await store.sentimentShare({});
      expect(total.total).toBe(truth.filter((t) => !t.erased).length);
      const topicTotal = await store.sentimentShare({ topicId: topic.id });
      expect(topicTotal.total).toBe(
        truth.filter((t) => !t.erased && t.topics.has(topic.id)).length,
      );
    });

    it('keeps every figure when the raw text expires', async () => {
      const { store, figures } = opened;
      const rand = seededRandom(11);
      const topic = await store.createTopic({ name: 't', query: 'x' });
      const inputs = Array.from({ length: 80 }, (_, i) =>
        mentionInput({
          publishedAt: new Date(START + i * HOUR).toISOString(),
          text: `bài viết số ${i} về ngập lụt`,
          analysis: analysisOf(rand),
        }),
      );
      const saved = await store.saveMentions(null, inputs);
      await store.tagMentions(topic.id, saved.ids.slice(0, 40));
      const read = async () => ({
        share: await store.sentimentShare({}),
        topic: await store.sentimentShare({ topicId: topic.id }),
        place: await store.breakdown('province', {}, 100),
        sector: await store.breakdown('sector', { topicId: topic.id }, 100),
        terms: await store.topTerms({}, 10),
        figures: await figures.figuresBy('sector', {}, 100),
        stories: await figures.storyFigures({}),
      });
      const before = await read();
      const expired = await opened.retention.expireRawText(
        new Date(START + 50 * HOUR).toISOString(),
      );
      expect(expired.mentions).toBe(50);
      expect(await read()).toEqual(before);
      const mention = await store.getMention(saved.ids[0]!);
      expect(mention!.text).toBe('');
      expect((await store.getMention(saved.ids[79]!))!.text).toBe(inputs[79]!.text);
    });

    it('finds mentions by place: and sector: and by place and sector filters, and reads their tags back', async () => {
      const { store } = opened;
      const tagged = (places: MentionPlace[], sectors: string[]): MentionAnalysis => ({
        lang: 'vi',
        sentiment: 'neutral',
        sentimentConfidence: 0.6,
        keywords: [],
        places,
        sectors: sectors.map((sector) => ({ sector, confidence: 0.8 })),
      });
      const saigonWard: MentionPlace = {
        province: '79',
        ward: '26740',
        level: 'ward',
        code: '26740',
        confidence: 0.93,
      };
      const hanoi: MentionPlace = {
        province: '01',
        ward: null,
        level: 'city',
        code: '01',
        confidence: 0.97,
      };
      const saved = await store.saveMentions(null, [
        mentionInput({
          text: 'ngập ở phường Sài Gòn',
          analysis: tagged([saigonWard], ['flooding']),
        }),
        mentionInput({ text: 'kẹt xe ở Hà Nội', analysis: tagged([hanoi], ['traffic']) }),
        mentionInput({ text: 'không nơi nào', analysis: tagged([], ['other']) }),
      ]);
      const ids = async (options: { query?: string; places?: string[]; sectors?: string[] }) =>
        (await store.listMentions({ ...options, limit: 10 })).mentions.map((m) => m.id).sort();
      expect(await ids({ query: 'place:"TP.HCM"' })).toEqual([saved.ids[0]]);
      expect(await ids({ query: 'place:"quận 1"' })).toEqual([saved.ids[0]]);
      expect(await ids({ query: 'place:"ha noi" OR sector:flooding' })).toEqual(
        saved.ids.slice(0, 2),
      );
      expect(await ids({ query: 'sector:"giao thông"' })).toEqual([saved.ids[1]]);
      expect(await ids({ places: ['79'] })).toEqual([saved.ids[0]]);
      expect(await ids({ places: ['26740', '01'], sectors: ['traffic'] })).toEqual([saved.ids[1]]);
      const [read] = await store.scanMentions(saved.ids[0]! - 1, 1);
      expect(read!.analysis!.places).toEqual([saigonWard]);
      expect(read!.analysis!.sectors).toEqual([{ sector: 'flooding', confidence: 0.8 }]);
    });

    it('links a reprint to its first publisher and puts both in one story', async () => {
      const { store, figures } = opened;
      const article = FLOOD_TEXT;
      const analysis = floodAnalysis;
      const first = await store.saveMentions(null, [
        mentionInput({ publishedAt: '2025-09-01T08:00:00Z', text: article, analysis: analysis() }),
      ]);
      const copyInput = mentionInput({
        publishedAt: '2025-09-01T09:30:00Z',
        text: `TPO - ${article} Theo Tuổi Trẻ.`,
        analysis: analysis(),
      });
      const copy = await store.saveMentions(null, [copyInput]);
      await store.saveMentions(null, [
        mentionInput({
          publishedAt: '2025-09-01T10:00:00Z',
          text: 'Giá vàng hôm nay tăng mạnh, các cửa hàng ở Hà Nội đông khách mua bán từ sáng sớm.',
          analysis: { ...analysis(), places: [], sectors: [{ sector: 'prices', confidence: 0.8 }] },
        }),
      ]);
      expect(await figures.storyFigures({})).toEqual({
        mentions: 3,
        stories: 2,
        authors: 0,
        copies: 1,
      });
      expect(await figures.storyFigures({ places: ['79'] })).toMatchObject({
        mentions: 2,
        stories: 1,
      });
      const [top] = await figures.listStories({ sectors: ['flooding'] });
      expect(top).toMatchObject({ mentions: 2, size: 2, copies: 1, negative: 2 });
      expect(top!.firstPublisher.mentionId).toBe(first.ids[0]);
      expect(top!.firstAt).toBe('2025-09-01T08:00:00.000Z');
      // Authorless news is nobody's: no person behind the story.
      expect(await figures.storyPersons({}, [top!.id])).toEqual(new Map([[top!.id, 0]]));
      expect(await figures.figuresBy('province', {})).toMatchObject([
        { key: '79', label: 'thành phố Hồ Chí Minh', mentions: 2, stories: 1 },
      ]);

      // A deletion takes the mention out of its story and its tags away.
      await store.saveMentions(null, [{ ...copyInput, deleted: true }]);
      expect(await figures.storyFigures({ sectors: ['flooding'] })).toMatchObject({
        mentions: 1,
        stories: 1,
        copies: 0,
      });
      const [after] = await figures.listStories({});
      expect(after).toMatchObject({ size: 1, copies: 0 });
      const [read] = await store.scanMentions(copy.ids[0]! - 1, 1);
      expect(read!.analysis?.places ?? []).toEqual([]);
    });

    it('keeps an edited mention in its story on a small edit and moves it when its text became another', async () => {
      const { store, figures } = opened;
      const flood = FLOOD_TEXT;
      const football =
        'Trận đấu tối qua kết thúc với tỷ số hòa, hai đội chia điểm sau chín mươi phút.';
      const analysis = floodAnalysis;
      const [first, copy] = floodAndReprint();
      const third = mentionInput({
        publishedAt: '2025-09-01T10:00:00Z',
        text: GOLD_TEXT,
        analysis: analysis(),
      });
      const { ids } = await store.saveMentions(null, [first, copy, third]);
      const [a, , c] = ids as [number, number, number];
      const edit = (original: MentionInput, text: string, day: number) =>
        store.saveMentions(null, [
          { ...original, text, updatedAt: `2025-09-0${day}T12:00:00Z`, analysis: analysis() },
        ]);
      // Each story's size by its id (the id of the mention that started it); every size
      // equals its members.
      const stories = async () => {
        const rows = await figures.listStories({});
        for (const row of rows) expect(row.mentions, `story ${row.id}`).toBe(row.size);
        return new Map(rows.map((row) => [row.id, row.size]));
      };
      expect(await stories()).toEqual(
        new Map([
          [a, 2],
          [c, 1],
        ]),
      );

      // A fixed word: the copy stays in the first publisher's story.
      const fixed = await edit(
        copy,
        `TPO - ${flood.replace('hàng trăm', 'hàng chục')} Theo Tuổi Trẻ.`,
        2,
      );
      expect(fixed.statuses).toEqual(['updated']);
      expect(await stories()).toEqual(
        new Map([
          [a, 2],
          [c, 1],
        ]),
      );

      // The copy's page now carries the gold price story: it joins that one.
      await edit(copy, `${GOLD_TEXT} Theo Tuổi Trẻ.`, 3);
      expect(await stories()).toEqual(
        new Map([
          [a, 1],
          [c, 2],
        ]),
      );
      expect((await figures.storyFigures({})).stories).toBe(2);

      // The first publisher rewritten too: its old story, left empty, goes; it starts another.
      await edit(first, football, 4);
      expect(await stories()).toEqual(
        new Map([
          [a, 1],
          [c, 2],
        ]),
      );
      expect(await figures.storyFigures({})).toMatchObject({ mentions: 3, stories: 2 });
    });

    it('gives an edited first publisher whose story goes on a story of its own', async () => {
      const { store, figures } = opened;
      const [first, copy] = floodAndReprint();
      await store.saveMentions(null, [first, copy]);
      const [before] = await figures.listStories({});
      expect(before).toMatchObject({ size: 2, mentions: 2 });
      await store.saveMentions(null, [
        {
          ...first,
          text: 'Trận đấu tối qua kết thúc với tỷ số hòa, hai đội chia điểm sau chín mươi phút.',
          updatedAt: '2025-09-02T12:00:00Z',
          analysis: floodAnalysis(),
        },
      ]);
      const after = await figures.listStories({});
      expect(after).toHaveLength(2);
      for (const row of after) expect(row).toMatchObject({ size: 1, mentions: 1 });
      // The story the copy goes on keeps its id; the rewritten text starts one under another id.
      expect(after.map((row) => row.id)).toContain(before!.id);
      expect(new Set(after.map((row) => row.id)).size).toBe(2);
    });
  });
}
