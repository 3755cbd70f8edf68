// Seeds a store with realistic demo mentions for the dashboard: three Ho Chi Minh City topics
// (a new parking fee, flooding with a fresh spike of complaints, metro line 1), their sources,
// sentiment and keywords, tagged through the store as the topic tagger would. Deterministic for a
// given seed and `now`, so tests can recompute every expected figure from `demoMentions`.
//
//   tsx scripts/seed-demo.ts --db data/demo.sqlite [--mentions 2000] [--days 30] [--token]
//     [--city-topic]
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hashApiToken } from '../src/http/token-auth.js';
import type { MentionInput, NewSource, Platform, Sentiment } from '../src/model.js';
import { seededRandom } from '../src/seeded-random.js';
import type { ListeningStore, NewTopic } from '../src/store/listening-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/store.js';

export interface DemoOptions {
  /** The moment the data ends at; mentions are spread over the `days` before it. */
  now: Date;
  days: number;
  /** Mentions in all, topics and background chatter together. */
  mentions: number;
  seed?: number;
  /** Also a topic over the whole city that every mention is tagged with (for load checks). */
  cityTopic?: boolean;
}

export interface DemoMention {
  /** Index into DEMO_SOURCES. */
  source: number;
  /** Indexes into DEMO_TOPICS. */
  topics: number[];
  input: MentionInput;
}

export const DEMO_SOURCES: NewSource[] = [
  { kind: 'feed', url: 'https://vnexpress.net/rss/thoi-su.rss', title: 'VnExpress – Thời sự' },
  { kind: 'feed', url: 'https://tuoitre.vn/rss/thoi-su.rss', title: 'Tuổi Trẻ – Thời sự' },
  { kind: 'sitemap', url: 'https://thanhnien.vn/sitemap-news.xml', title: 'Thanh Niên' },
  { kind: 'feed', url: 'https://social.example.org/cu-dan-tphcm.rss', title: 'Cư dân TP.HCM' },
];

export const DEMO_TOPICS: NewTopic[] = [
  {
    name: 'Phí gửi xe',
    query: '"phí gửi xe" OR "giá gửi xe" OR "parking fee"',
    description: 'Phản ứng về mức phí gửi xe mới ở các quận trung tâm',
  },
  {
    name: 'Ngập lụt',
    query: 'ngập OR "triều cường" OR flooding',
    description: 'Ngập do mưa và triều cường',
  },
  {
    name: 'Metro số 1',
    query: 'metro OR "tàu điện"',
    description: 'Tuyến metro Bến Thành – Suối Tiên',
  },
];

/** Host of each demo source, for the mentions' article URLs. */
const DEMO_HOSTS = DEMO_SOURCES.map((source) => new URL(source.url).host);

/** Every mention names one of PLACES, so this query matches them all. */
export const DEMO_CITY_TOPIC: NewTopic = {
  name: 'TP.HCM – mọi quận',
  query: '"quận 1" OR "bình thạnh" OR "thủ đức" OR "quận 7" OR "gò vấp" OR "phú nhuận" OR "quận 3"',
  description: 'Mọi đề cập nhắc tới một quận của thành phố',
};

const PLACES = ['Quận 1', 'Bình Thạnh', 'Thủ Đức', 'Quận 7', 'Gò Vấp', 'Phú Nhuận', 'Quận 3'];

type Template = { title: string; text: string; keywords: string[]; lang: 'vi' | 'en' };

// {p} is a place name. Each template is written in the sentiment it is filed under.
const TEMPLATES: Record<number, Record<Sentiment, Template[]>> = {
  0: {
    negative: [
      {
        title: 'Phí gửi xe tăng gấp đôi ở {p}',
        text: 'Phí gửi xe máy ở {p} tăng gấp đôi từ tháng này, người lao động than không kham nổi.',
        keywords: ['phí gửi xe', 'tăng gấp đôi', 'xe máy'],
        lang: 'vi',
      },
      {
        title: 'Bức xúc vì giá gửi xe ở chợ {p}',
        text: 'Giá gửi xe ở chợ {p} quá cao, tiểu thương nói khách bỏ đi, mong thành phố xem lại.',
        keywords: ['giá gửi xe', 'tiểu thương', 'quá cao'],
        lang: 'vi',
      },
      {
        title: 'Parking fee hike angers commuters',
        text: 'The new parking fee in {p} doubles the daily cost for motorbike commuters.',
        keywords: ['parking fee', 'commuters'],
        lang: 'en',
      },
    ],
    neutral: [
      {
        title: 'Bảng giá phí gửi xe mới ở {p}',
        text: 'Thành phố công bố bảng phí gửi xe mới áp dụng ở {p} từ đầu tháng sau.',
        keywords: ['phí gửi xe', 'bảng giá', 'áp dụng'],
        lang: 'vi',
      },
      {
        title: 'Hỏi đáp về phí gửi xe theo giờ',
        text: 'Phí gửi xe theo giờ ở {p} được tính thế nào, có vé tháng hay không?',
        keywords: ['phí gửi xe', 'theo giờ', 'vé tháng'],
        lang: 'vi',
      },
    ],
    positive: [
      {
        title: 'Bãi xe thông minh ở {p} giảm kẹt',
        text: 'Nhờ phí gửi xe minh bạch và thanh toán không tiền mặt, bãi xe ở {p} hết cảnh chèn ép.',
        keywords: ['phí gửi xe', 'minh bạch', 'không tiền mặt'],
        lang: 'vi',
      },
    ],
  },
  1: {
    negative: [
      {
        title: 'Đường ở {p} lại ngập sau cơn mưa lớn',
        text: 'Mưa chưa đầy một giờ, nhiều tuyến đường ở {p} ngập sâu, xe chết máy hàng loạt.',
        keywords: ['ngập', 'mưa lớn', 'chết máy'],
        lang: 'vi',
      },
      {
        title: 'Triều cường dâng cao, dân {p} khổ sở',
        text: 'Triều cường đạt đỉnh, nước tràn vào nhà dân ở {p}, người dân phải kê đồ lên cao.',
        keywords: ['triều cường', 'nước tràn', 'ngập'],
        lang: 'vi',
      },
      {
        title: 'Flooding strands motorists',
        text: 'Flooding after the evening downpour left motorists stranded in {p}.',
        keywords: ['flooding', 'downpour'],
        lang: 'en',
      },
    ],
    neutral: [
      {
        title: 'Dự báo triều cường tuần này',
        text: 'Đài khí tượng dự báo triều cường lên cao vào chiều tối, {p} nằm trong vùng cần lưu ý.',
        keywords: ['triều cường', 'dự báo'],
        lang: 'vi',
      },
    ],
    positive: [
      {
        title: 'Hết ngập nhờ cống mới ở {p}',
        text: 'Sau khi cải tạo cống, đường ở {p} không còn ngập dù mưa lớn, người dân mừng rỡ.',
        keywords: ['ngập', 'cải tạo cống'],
        lang: 'vi',
      },
    ],
  },
  2: {
    positive: [
      {
        title: 'Metro số 1 đông khách cuối tuần',
        text: 'Tàu điện metro số 1 chật kín khách cuối tuần, nhiều gia đình ở {p} đi thử và khen sạch đẹp.',
        keywords: ['metro', 'tàu điện', 'sạch đẹp'],
        lang: 'vi',
      },
      {
        title: 'Metro line 1 wins riders',
        text: 'Commuters from {p} say metro line 1 cut their trip to the city centre by half.',
        keywords: ['metro', 'commuters'],
        lang: 'en',
      },
    ],
    neutral: [
      {
        title: 'Giờ chạy tàu điện metro số 1',
        text: 'Metro số 1 điều chỉnh giờ chạy tàu, chuyến đầu từ ga {p} lúc 5 giờ sáng.',
        keywords: ['metro', 'giờ chạy tàu'],
        lang: 'vi',
      },
    ],
    negative: [
      {
        title: 'Thiếu chỗ gửi xe ở ga metro',
        text: 'Ga metro gần {p} thiếu chỗ để xe, hành khách phải gửi xe ở xa.',
        keywords: ['metro', 'thiếu chỗ'],
        lang: 'vi',
      },
    ],
  },
};

const BACKGROUND: Template[] = [
  {
    title: 'Lễ hội ẩm thực đường phố ở {p}',
    text: 'Lễ hội ẩm thực cuối tuần ở {p} thu hút hàng nghìn lượt khách.',
    keywords: ['lễ hội', 'ẩm thực'],
    lang: 'vi',
  },
  {
    title: 'Trường học ở {p} khai giảng',
    text: 'Học sinh ở {p} náo nức ngày khai giảng năm học mới.',
    keywords: ['khai giảng', 'học sinh'],
    lang: 'vi',
  },
];

/** Share of each topic's mentions by sentiment: [positive, neutral, negative]. */
const MOOD: Record<number, [number, number, number]> = {
  0: [0.12, 0.3, 0.58],
  1: [0.1, 0.25, 0.65],
  2: [0.55, 0.3, 0.15],
};
/** Share of all mentions per topic; the rest is background chatter. */
const TOPIC_SHARE = [0.34, 0.3, 0.24];
/** Flooding mentions that fall in the last six hours, the spike of complaints. */
const SPIKE_SHARE = 0.22;
const SOCIAL: Platform[] = ['facebook', 'youtube', 'x', 'tiktok'];
const HOUR_MS = 3_600_000;

/** The demo mentions, in order; the same options always give the same mentions. */
export function* demoMentions(options: DemoOptions): Generator<DemoMention> {
  const random = seededRandom(options.seed ?? 20251123);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const end = options.now.getTime() - 10 * 60_000;
  const span = options.days * 24 * HOUR_MS - 20 * 60_000;
  for (let index = 0; index < options.mentions; index++) {
    const roll = random();
    let topic = -1;
    let cumulative = 0;
    for (let t = 0; t < TOPIC_SHARE.length; t++) {
      cumulative += TOPIC_SHARE[t] as number;
      if (roll < cumulative) {
        topic = t;
        break;
      }
    }
    let sentiment: Sentiment = 'neutral';
    let template: Template;
    if (topic === -1) {
      template = pick(BACKGROUND);
      sentiment = random() < 0.5 ? 'positive' : 'neutral';
    } else {
      const [positive, neutral] = MOOD[topic] as [number, number, number];
      const mood = random();
      sentiment = mood < positive ? 'positive' : mood < positive + neutral ? 'neutral' : 'negative';
      template = pick(TEMPLATES[topic]?.[sentiment] ?? BACKGROUND);
    }
    // Recent weeks are busier; flooding complaints pile up in the last hours.
    const spike = topic === 1 && sentiment === 'negative' && random() < SPIKE_SHARE;
    const age = spike ? random() * 6 * HOUR_MS : span * (1 - Math.sqrt(random()));
    const publishedAt = new Date(end - age).toISOString();
    const social = random() < 0.45;
    const source = social ? 3 : Math.floor(random() * 3);
    const platform: Platform = social ? pick(SOCIAL) : 'web';
    const place = pick(PLACES);
    const externalId = `demo-${index}`;
    yield {
      source,
      topics: topic === -1 ? [] : [topic],
      input: {
        platform,
        canonicalUrl:
          platform === 'web' ? `https://${DEMO_HOSTS[source]}/demo/${externalId}.html` : null,
        externalId,
        author: {
          key: `demo-author-${Math.floor(random() * 400)}`,
          displayName: platform === 'web' ? (DEMO_SOURCES[source]?.title ?? null) : null,
          kind: platform === 'web' ? 'outlet' : 'person',
        },
        publishedAt,
        collectedAt: publishedAt,
        language: template.lang,
        title: template.title.replace('{p}', place),
        text: template.text.replace('{p}', place),
        html: null,
        categories: [],
        engagement: { likes: Math.floor(random() * 200), shares: Math.floor(random() * 30) },
        parentExternalId: null,
        raw: null,
        analysis: {
          lang: template.lang,
          sentiment,
          sentimentConfidence: 0.7 + random() * 0.3,
          keywords: template.keywords,
        },
      },
    };
  }
}

export interface SeededDemo {
  sourceIds: number[];
  topicIds: number[];
  mentions: number;
}

const BATCH = 2000;

/** Writes the demo sources, topics and mentions through the store's own methods. */
export async function seedDemo(
  store: Store & ListeningStore,
  options: DemoOptions,
): Promise<SeededDemo> {
  const sourceIds: number[] = [];
  for (const source of DEMO_SOURCES) sourceIds.push((await store.addSource(source)).source.id);
  await recordDemoHealth(store, sourceIds, options.now);
  const topicIds: number[] = [];
  for (const topic of DEMO_TOPICS) topicIds.push((await store.createTopic(topic)).id);
  const cityTopicId = options.cityTopic ? (await store.createTopic(DEMO_CITY_TOPIC)).id : null;
  let batch: DemoMention[] = [];
  let count = 0;
  const flush = async () => {
    // saveMentions takes one source per call, so group the batch by source.
    for (let source = 0; source < DEMO_SOURCES.length; source++) {
      const group = batch.filter((mention) => mention.source === source);
      if (group.length === 0) continue;
      const saved = await store.saveMentions(
        sourceIds[source] ?? null,
        group.map((mention) => mention.input),
      );
      for (let topic = 0; topic < topicIds.length; topic++) {
        const ids = saved.ids.filter((_, i) => group[i]?.topics.includes(topic));
        if (ids.length > 0) await store.tagMentions(topicIds[topic] as number, ids);
      }
      if (cityTopicId !== null) await store.tagMentions(cityTopicId, saved.ids);
    }
    count += batch.length;
    batch = [];
  };
  for (const mention of demoMentions(options)) {
    batch.push(mention);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  if (cityTopicId !== null) topicIds.push(cityTopicId);
  return { sourceIds, topicIds, mentions: count };
}

/** Fetch history for the sources page: all fetched recently, one outlet failing for an hour. */
async function recordDemoHealth(store: Store, sourceIds: number[], now: Date): Promise<void> {
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  for (const [index, id] of sourceIds.entries()) {
    const failing = index === 2;
    await store.updateSource(id, {
      health: {
        lastAttemptAt: minutesAgo(5 + index),
        lastSuccessAt: minutesAgo(failing ? 75 : 5 + index),
        lastErrorAt: failing ? minutesAgo(5 + index) : null,
        lastError: failing ? 'HTTP 503 Service Unavailable' : null,
        consecutiveFailures: failing ? 4 : 0,
        lastItemCount: 40 + index * 10,
        lastNewCount: failing ? 0 : 3 + index,
        lastWarnings: [],
      },
    });
  }
}

/** Creates an API token and returns the secret, which is shown once and stored only hashed. */
export async function createDemoToken(store: ListeningStore, name: string): Promise<string> {
  const token = `nghe_${randomBytes(24).toString('base64url')}`;
  await store.createApiToken(name, hashApiToken(token));
  return token;
}

export const SEED_DEMO_USAGE = `usage: npx tsx scripts/seed-demo.ts --db PATH [options]

Fills a SQLite store with deterministic demo mentions for the dashboard: three Ho Chi Minh City
topics (a parking fee, flooding with a fresh spike, metro line 1), their sources, sentiment and
keywords, spread over the days before now. Use a store of its own, e.g. data/demo.sqlite, and
serve it with NGHE_DATA_DIR pointing at its folder.

options:
  --db PATH         the SQLite file to create or add to (required)
  --mentions N      mentions in all (default 2000)
  --days D          spread over the last D days (default 30)
  --token           also create an API token named demo and print it once
  --city-topic      also a topic over the whole city that tags every mention
  -h, --help        print this help`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      db: { type: 'string' },
      mentions: { type: 'string', default: '2000' },
      days: { type: 'string', default: '30' },
      token: { type: 'boolean', default: false },
      'city-topic': { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(SEED_DEMO_USAGE);
    return;
  }
  if (!values.db) throw new Error(SEED_DEMO_USAGE);
  const store = openSqliteStore(values.db);
  try {
    const started = performance.now();
    const seeded = await seedDemo(store, {
      now: new Date(),
      days: Number(values.days),
      mentions: Number(values.mentions),
      cityTopic: values['city-topic'],
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `seeded ${seeded.mentions} mentions, ${seeded.topicIds.length} topics, ${seeded.sourceIds.length} sources in ${seconds} s`,
    );
    if (values.token)
      console.log(`API token (shown once): ${await createDemoToken(store, 'demo')}`);
  } finally {
    await store.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
