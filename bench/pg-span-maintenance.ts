// What keeping the story and author span level (src/store/postgres/story-author-spans-schema.ts)
// costs a PostgreSQL save: batches of analysed mentions (places, sectors, two topic tags) saved
// and tagged through the store (which holds as many mentions over many days already), once
// joining a few large stories that span those days and once as small stories of their own,
// each beside the same batches with the span triggers off (the floor, measured in the same run). Rates are per CPU second of this process plus the server.
//   .ci/with-postgres npx tsx bench/pg-span-maintenance.ts [--stories 5] [--story-size 2000]
//        [--days 30] [--batches 15] [--batch 200] [--rounds 2]
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { MentionInput } from '../src/model.js';
import { seededRandom } from '../src/seeded-random.js';
import { openPostgresStore, type PostgresStore } from '../src/store/postgres/postgres-store.js';
import { recountSpanRollups } from '../src/store/postgres/story-author-spans-schema.js';
import { VIETNAMESE } from './ingest.js';
import { clusterCpuSeconds, postmasterOf } from './proc-cpu.js';

const { values } = parseArgs({
  options: {
    stories: { type: 'string', default: '5' },
    'story-size': { type: 'string', default: '2000' },
    days: { type: 'string', default: '30' },
    batches: { type: 'string', default: '15' },
    batch: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '2' },
    /** Only the small or the large stories; only with the spans kept or off. */
    only: { type: 'string' },
    spans: { type: 'string' },
    'database-url': { type: 'string' },
  },
});
const STORIES = Number(values.stories);
const STORY_SIZE = Number(values['story-size']);
const DAYS = Number(values.days);
const BATCHES = Number(values.batches);
const BATCH = Number(values.batch);
const ROUNDS = Number(values.rounds);
const DATABASE_URL = values['database-url'] ?? process.env.NGHE_TEST_DATABASE_URL ?? '';
if (!DATABASE_URL) {
  console.error('pg-span-maintenance: give --database-url or NGHE_TEST_DATABASE_URL');
  process.exit(2);
}

const HOUR = 3_600_000;
/** 2026-01-01 00:00 local (UTC+7). */
const START = Date.parse('2025-12-31T17:00:00Z');
const PROVINCES = ['79', '01', '48', '92', '31'];
const SECTORS = ['traffic', 'flooding', 'health', 'education'];
const BASES = [
  'Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến đường ở quận Bình Thạnh ngập sâu, hàng trăm xe máy chết máy giữa dòng nước, người dân phải dắt bộ về nhà trong đêm.',
  'Giá vàng miếng hôm nay tăng mạnh thêm hai triệu đồng mỗi lượng, các cửa hàng trên phố Trần Nhân Tông đông nghịt khách xếp hàng mua từ sáng sớm.',
  'Bộ Giáo dục công bố phương án thi tốt nghiệp năm sau với ba môn bắt buộc, nhiều trường đã điều chỉnh kế hoạch ôn tập cho học sinh lớp mười hai.',
  'Cao tốc Bắc Nam đoạn qua tỉnh Quảng Ngãi thông xe sớm hơn dự kiến hai tháng, thời gian di chuyển từ Đà Nẵng rút ngắn còn hơn một giờ đồng hồ.',
  'Bệnh viện Chợ Rẫy tiếp nhận nhiều ca sốt xuất huyết nặng trong tuần qua, ngành y tế khuyến cáo người dân diệt lăng quăng và ngủ màn.',
  'Thành phố khởi công tuyến metro số hai Bến Thành Tham Lương sau nhiều năm chuẩn bị mặt bằng, dự kiến hoàn thành vào cuối thập kỷ.',
  'Ngân hàng Nhà nước giữ nguyên lãi suất điều hành, các ngân hàng thương mại đồng loạt giảm lãi suất cho vay mua nhà với người trẻ.',
  'Đội tuyển bóng đá quốc gia thắng ngược trong trận đấu tối qua, người hâm mộ đổ ra đường ăn mừng đến khuya ở nhiều thành phố.',
];
const random = seededRandom(7);

/** CPU seconds of the PostgreSQL cluster serving `pool` (0 when it runs elsewhere). */
async function serverCpuSeconds(pool: pg.Pool): Promise<number> {
  const postmaster = await postmasterOf(pool);
  return postmaster === null ? 0 : clusterCpuSeconds(postmaster);
}

/** A unique mention of a small story, or one more copy of large story `story`. */
function mention(i: number, at: number, story: number | null): MentionInput {
  const text =
    story === null
      ? `Tin riêng số ${i}: ${Array.from({ length: 20 }, () => VIETNAMESE[Math.floor(random() * VIETNAMESE.length)]).join(' ')}.`
      : `${BASES[story % BASES.length]} (bản ${i})`;
  return {
    platform: (['web', 'facebook', 'x'] as const)[i % 3]!,
    canonicalUrl: `https://news.example/${i}`,
    externalId: `m${i}`,
    author: { key: `author-${i % 97}`, kind: 'person', displayName: 'x' },
    publishedAt: new Date(at).toISOString(),
    collectedAt: new Date(at + 60_000).toISOString(),
    language: 'vi',
    title: null,
    text,
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    raw: null,
    analysis: {
      lang: 'vi',
      sentiment: (['positive', 'neutral', 'negative'] as const)[i % 3]!,
      sentimentConfidence: 0.8,
      keywords: [],
      places: [PROVINCES[i % PROVINCES.length]!].map((province) => ({
        province,
        ward: i % 4 === 0 ? `w${i % 7}` : null,
        level: i % 4 === 0 ? ('ward' as const) : ('province' as const),
        code: province,
        confidence: 0.9,
      })),
      sectors: [{ sector: SECTORS[i % SECTORS.length]!, confidence: 0.8 }],
    },
  };
}

async function spanTriggers(store: PostgresStore, enable: boolean): Promise<void> {
  const { rows } = await store.pool.query<{ table: string; name: string }>(
    `SELECT c.relname AS table, t.tgname AS name FROM pg_trigger AS t
     JOIN pg_class AS c ON c.oid = t.tgrelid
     WHERE t.tgname LIKE 'nghe\\_spans\\_%' AND c.relnamespace = current_schema()::regnamespace`,
  );
  for (const r of rows) {
    await store.pool.query(
      `ALTER TABLE ${r.table} ${enable ? 'ENABLE' : 'DISABLE'} TRIGGER ${r.name}`,
    );
  }
}

async function freshSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `nghe_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

interface Result {
  mentions: number;
  wall: number;
  client: number;
  server: number;
}

async function run(large: boolean, spans: boolean): Promise<Result> {
  const schema = await freshSchema();
  const store = await openPostgresStore(schema.url);
  try {
    const a = await store.createTopic({ name: 'a', query: 'a' });
    const b = await store.createTopic({ name: 'b', query: 'b' });
    let next = 0;
    // The same number of mentions already in the store, over DAYS days, written without the
    // span triggers and recounted once: a few large stories, or as many small ones. (A store
    // that starts empty gets plans made for tiny tables, which a short run never outgrows.)
    {
      await spanTriggers(store, false);
      for (let from = 0; from < STORIES * STORY_SIZE; from += 1000) {
        const batch: MentionInput[] = [];
        for (let k = from; k < Math.min(STORIES * STORY_SIZE, from + 1000); k++) {
          const at = START + Math.floor((k / (STORIES * STORY_SIZE)) * DAYS * 24) * HOUR;
          batch.push(mention(next++, at + (k % 60) * 60_000, large ? k % STORIES : null));
        }
        const saved = await store.saveMentions(null, batch);
        await store.tagMentions(
          a.id,
          saved.ids.filter((_, i) => i % 2 === 0),
        );
        await store.tagMentions(
          b.id,
          saved.ids.filter((_, i) => i % 5 === 0),
        );
      }
      const client = await store.pool.connect();
      try {
        await client.query('BEGIN');
        await recountSpanRollups(client);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    }
    await spanTriggers(store, spans);
    const batch = async (n: number) => {
      const mentions: MentionInput[] = [];
      for (let k = 0; k < BATCH; k++) {
        // The last day of the large stories' span, and the day after.
        const at = START + (DAYS - 1) * 24 * HOUR + (n * BATCH + k) * 20_000;
        mentions.push(mention(next++, at, large ? k % STORIES : null));
      }
      const saved = await store.saveMentions(null, mentions);
      await store.tagMentions(
        a.id,
        saved.ids.filter((_, i) => i % 2 === 0),
      );
      await store.tagMentions(
        b.id,
        saved.ids.filter((_, i) => i % 5 === 0),
      );
      return mentions.length;
    };
    // Two batches first, then statistics, as autovacuum would have them on a live store.
    await batch(0);
    await batch(1);
    await store.pool.query('ANALYZE');
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const server0 = await serverCpuSeconds(store.pool);
    let written = 0;
    for (let n = 2; n < BATCHES + 2; n++) written += await batch(n);
    const used = process.cpuUsage(cpu0);
    return {
      mentions: written,
      wall: (performance.now() - started) / 1000,
      client: (used.user + used.system) / 1e6,
      server: (await serverCpuSeconds(store.pool)) - server0,
    };
  } finally {
    await store.close();
    await schema.drop();
  }
}

const fmt = (r: Result) =>
  `${(r.mentions / (r.client + r.server)).toFixed(0).padStart(5)} per CPU s, server ${((r.server * 1000) / r.mentions).toFixed(2)} ms per mention (client ${r.client.toFixed(1)} + server ${r.server.toFixed(1)} CPU s, ${r.wall.toFixed(1)} s wall)`;

console.log(
  `span maintenance: ${BATCHES} batches of ${BATCH} (saved, then two tags) onto ${STORIES * STORY_SIZE} mentions over ${DAYS} days, in ${STORIES} large stories or in small ones`,
);
for (let round = 0; round < ROUNDS; round++) {
  for (const large of [false, true]) {
    if (values.only !== undefined && values.only !== (large ? 'large' : 'small')) continue;
    const name = large ? 'large stories' : 'small stories';
    const on = values.spans === 'off' ? null : await run(large, true);
    const off = values.spans === 'on' ? null : await run(large, false);
    if (on) console.log(`  ${name.padEnd(14)} spans kept  ${fmt(on)}`);
    if (off) console.log(`  ${name.padEnd(14)} spans off   ${fmt(off)}`);
    const share =
      on && off
        ? `span share of server CPU ${(((on.server - off.server) / on.server) * 100).toFixed(0)} %, of client + server ${(((on.client + on.server - off.client - off.server) / (on.client + on.server)) * 100).toFixed(0)} %; `
        : '';
    console.log(`  ${name.padEnd(14)} ${share}load ${loadavg()[0]!.toFixed(1)}`);
  }
}
