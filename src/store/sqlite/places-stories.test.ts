// Places, sectors and stories as the store keeps them: written with the mention, moved by
// edits and deletions, and every place and sector figure equal to a recount of the mentions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  MentionAnalysis,
  MentionPlace,
  MentionSector,
  Platform,
  Sentiment,
} from '../../model.js';
import { seededRandom } from '../../seeded-random.js';
import type { MentionFilter } from '../listening-store.js';
import { mentionInput } from '../store.conformance.js';
import { placeStoryStoreFor } from './sqlite-place-story-store.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

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
  hour: number;
  platform: Platform;
  sentiment: string;
  places: MentionPlace[];
  sectors: string[];
  topics: Set<number>;
  deleted: boolean;
}

function matches(t: Truth, filter: MentionFilter): boolean {
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

describe('places, sectors and stories in the SQLite store', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-places-'));
    store = openSqliteStore(join(dir, 'nghe.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every place and sector figure equal to a recount through edits, deletions and tags', async () => {
    const rand = seededRandom(7);
    const truth: Truth[] = [];
    const topic = await store.createTopic({ name: 't', query: 'x' });
    for (let batch = 0; batch < 4; batch++) {
      const inputs = Array.from({ length: 60 }, () => {
        const hour = Math.floor(START / HOUR) + Math.floor(rand() * 24 * 5);
        return mentionInput({
          publishedAt: new Date(hour * HOUR + 60_000).toISOString(),
          platform: pick(rand, PLATFORMS),
          text: `bài ${Math.floor(rand() * 1e9)}`,
          analysis: analysisOf(rand),
        });
      });
      const saved = await store.saveMentions(null, inputs);
      inputs.forEach((input, i) => {
        truth.push({
          id: saved.ids[i]!,
          hour: Math.floor(Date.parse(input.publishedAt!) / HOUR),
          platform: input.platform,
          sentiment: input.analysis!.sentiment ?? '',
          places: input.analysis!.places!,
          sectors: input.analysis!.sectors!.map((s) => s.sector),
          topics: new Set(),
          deleted: false,
        });
      });
      const tagged = saved.ids.filter(() => rand() < 0.5);
      await store.tagMentions(topic.id, tagged);
      for (const id of tagged) truth.find((t) => t.id === id)!.topics.add(topic.id);
      // Edit some earlier mentions (new places, sectors and sentiment) and delete one.
      for (const t of truth.slice(0, 10 * (batch + 1)).filter(() => rand() < 0.3)) {
        if (t.deleted) continue;
        const analysis = analysisOf(rand);
        const stored = store.db
          .prepare('SELECT platform, external_id, canonical_url FROM mentions WHERE id = ?')
          .get(t.id) as { platform: Platform; external_id: string; canonical_url: string };
        const deleted = rand() < 0.2;
        await store.saveMentions(null, [
          mentionInput({
            platform: stored.platform,
            externalId: stored.external_id,
            canonicalUrl: stored.canonical_url,
            publishedAt: new Date(t.hour * HOUR + 60_000).toISOString(),
            updatedAt: new Date(START + (batch + 30) * 86_400_000).toISOString(),
            text: `sửa ${Math.floor(rand() * 1e9)}`,
            analysis,
            deleted,
          }),
        ]);
        if (deleted) t.deleted = true;
        else {
          t.sentiment = analysis.sentiment ?? '';
          t.places = analysis.places!;
          t.sectors = analysis.sectors!.map((s) => s.sector);
        }
      }
    }

    const from = new Date(START + 30 * HOUR).toISOString();
    const to = new Date(START + 100 * HOUR + 30 * 60_000).toISOString();
    const filters: MentionFilter[] = [
      {},
      { topicId: topic.id },
      { places: ['79'] },
      { places: ['26734'] },
      { places: ['01', '26737'], from, to },
      { sectors: ['flooding'] },
      { sectors: ['traffic', 'health'], topicId: topic.id },
      { places: ['79'], sectors: ['flooding'] },
      { places: ['79'], platforms: ['x'] },
      { places: ['48'], sentiments: ['negative'], from, to, topicId: topic.id },
      { sectors: ['other'], from, to },
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
        const expected = recount(truth, filter, by);
        expect(Object.fromEntries(rows.map((r) => [r.key, r.count])), `${label} by ${by}`).toEqual(
          Object.fromEntries([...expected].filter(([, n]) => n > 0)),
        );
        const figures = await placeStoryStoreFor(store)!.figuresBy(by, filter, 100);
        expect(
          Object.fromEntries(figures.map((r) => [r.key, r.mentions])),
          `${label} figures by ${by}`,
        ).toEqual(Object.fromEntries([...expected].filter(([, n]) => n > 0)));
        for (const row of figures) {
          expect(row.positive + row.neutral + row.negative).toBeLessThanOrEqual(row.mentions);
          expect(row.stories).toBeLessThanOrEqual(row.mentions);
        }
      }
    }
  });

  it('finds mentions by place: and sector: and by place and sector filters, and reads their tags back', async () => {
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
      mentionInput({ text: 'ngập ở phường Sài Gòn', analysis: tagged([saigonWard], ['flooding']) }),
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
    const article =
      'Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến đường ở quận Bình Thạnh ngập sâu, ' +
      'hàng trăm xe máy chết máy giữa dòng nước, người dân phải dắt bộ về nhà trong đêm.';
    const analysis = (): MentionAnalysis => ({
      lang: 'vi',
      sentiment: 'negative',
      sentimentConfidence: 0.9,
      keywords: [],
      places: [{ province: '79', ward: null, level: 'city', code: '79', confidence: 0.9 }],
      sectors: [{ sector: 'flooding', confidence: 0.9 }],
    });
    const first = await store.saveMentions(null, [
      mentionInput({ publishedAt: '2025-09-01T08:00:00Z', text: article, analysis: analysis() }),
    ]);
    const copy = await store.saveMentions(null, [
      mentionInput({
        publishedAt: '2025-09-01T09:30:00Z',
        text: `TPO - ${article} Theo Tuổi Trẻ.`,
        analysis: analysis(),
      }),
    ]);
    const other = await store.saveMentions(null, [
      mentionInput({
        publishedAt: '2025-09-01T10:00:00Z',
        text: 'Giá vàng hôm nay tăng mạnh, các cửa hàng ở Hà Nội đông khách mua bán từ sáng sớm.',
        analysis: { ...analysis(), places: [], sectors: [{ sector: 'prices', confidence: 0.8 }] },
      }),
    ]);
    const row = (id: number) =>
      store.db.prepare('SELECT * FROM mention_stories WHERE mention_id = ?').get(id) as {
        story_id: number;
        first_publisher_id: number | null;
        copied_from: number | null;
        delay_ms: number | null;
      };
    const a = row(first.ids[0]!);
    const b = row(copy.ids[0]!);
    expect(b.story_id).toBe(a.story_id);
    expect(b.first_publisher_id).toBe(first.ids[0]);
    expect(b.copied_from).toBe(first.ids[0]);
    expect(b.delay_ms).toBe(90 * 60_000);
    expect(a.first_publisher_id).toBe(first.ids[0]);
    expect(row(other.ids[0]!).story_id).not.toBe(a.story_id);
    const story = store.db.prepare('SELECT size FROM stories WHERE id = ?').get(a.story_id) as {
      size: number;
    };
    expect(story.size).toBe(2);
    const figures = placeStoryStoreFor(store)!;
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
    expect(top).toMatchObject({ id: a.story_id, mentions: 2, size: 2, copies: 1, negative: 2 });
    expect(top!.firstPublisher.mentionId).toBe(first.ids[0]);
    expect(await figures.figuresBy('province', {})).toMatchObject([
      { key: '79', label: 'thành phố Hồ Chí Minh', mentions: 2, stories: 1 },
    ]);

    // A deletion takes the mention out of its story and its tags away.
    await store.saveMentions(null, [
      mentionInput({
        externalId: (
          store.db.prepare('SELECT external_id FROM mentions WHERE id = ?').get(copy.ids[0]) as {
            external_id: string;
          }
        ).external_id,
        canonicalUrl: null,
        deleted: true,
      }),
    ]);
    expect(row(copy.ids[0]!)).toBeUndefined();
    const places = store.db
      .prepare('SELECT count(*) AS n FROM mention_places WHERE mention_id = ?')
      .get(copy.ids[0]) as { n: number };
    expect(places.n).toBe(0);
  });
});
