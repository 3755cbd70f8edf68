// Loopback throughput and latency of the API's busiest reads against a seeded SQLite store.
//   npx tsx bench/http-api.ts [--mentions 100000] [--seconds 5] [--concurrency 16]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHttpApp, startHttpServer } from '../src/http/server.js';
import { hashApiToken } from '../src/http/token-auth.js';
import type { MentionInput, Platform, Sentiment } from '../src/model.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';

const { values } = parseArgs({
  options: {
    mentions: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
  },
});
const MENTIONS = Number(values.mentions);
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const TOKEN = 'nghe_bench-token-000000000000000000000000000000000';
const PLATFORMS: Platform[] = ['web', 'x', 'facebook', 'youtube'];
const SENTIMENTS: Sentiment[] = ['positive', 'neutral', 'negative'];
const WORDS = ['ngập', 'lụt', 'giá', 'xăng', 'phí', 'gửi', 'xe', 'bão', 'mưa', 'kẹt', 'đường'];
const DAYS = 30;

function seedMention(i: number, end: number): MentionInput {
  const word = WORDS[i % WORDS.length]!;
  const other = WORDS[(i * 7) % WORDS.length]!;
  return {
    platform: PLATFORMS[i % PLATFORMS.length]!,
    canonicalUrl: `https://news.example/${i}`,
    externalId: `bench-${i}`,
    author: null,
    publishedAt: new Date(end - ((i * 7919) % (DAYS * 86_400)) * 1000).toISOString(),
    collectedAt: new Date(end).toISOString(),
    language: 'vi',
    title: `Tin ${word} số ${i}`,
    text: `Người dân nói về ${word} và ${other} ở quận ${i % 24}`,
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    raw: null,
    analysis: {
      lang: 'vi',
      sentiment: SENTIMENTS[i % SENTIMENTS.length]!,
      sentimentConfidence: 0.8,
      keywords: [word, other],
    },
  };
}

async function measure(url: string): Promise<{ rps: number; p50: number; p95: number; n: number }> {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { rps: latencies.length / elapsed, p50: at(0.5), p95: at(0.95), n: latencies.length };
}

const dir = mkdtempSync(join(tmpdir(), 'nghe-bench-http-'));
const store = openSqliteStore(join(dir, 'nghe.db'));
try {
  const end = Date.now();
  const seedStart = performance.now();
  const topic = await store.createTopic({ name: 'ngập', query: 'ngập OR lụt' });
  for (let from = 0; from < MENTIONS; from += 5000) {
    const batch = Array.from({ length: Math.min(5000, MENTIONS - from) }, (_, k) =>
      seedMention(from + k, end),
    );
    const { ids } = await store.saveMentions(null, batch);
    const tagged = ids.filter((_, k) => /ngập|lụt/.test(batch[k]!.text));
    await store.tagMentions(topic.id, tagged);
  }
  await store.createApiToken('bench', hashApiToken(TOKEN));
  console.log(
    `seeded ${MENTIONS} mentions in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );
  const server = await startHttpServer(
    createHttpApp({ store, version: 'bench', log: () => {} }),
    '127.0.0.1',
    0,
  );
  const from = new Date(end - 14 * 86_400_000).toISOString();
  const targets: [string, string][] = [
    ['health', '/api/health'],
    ['mentions (all, newest, 50)', '/api/mentions'],
    ['mentions (topic, negative)', `/api/mentions?topic=${topic.id}&sentiment=negative`],
    ['mentions (q=xăng)', `/api/mentions?q=${encodeURIComponent('xăng')}`],
    ['series (topic, day, 30 d)', `/api/analytics/series?topic=${topic.id}&interval=day`],
    ['series (all, hour, 14 d)', `/api/analytics/series?interval=hour&from=${from}`],
  ];
  console.log(`${SECONDS} s per route, ${CONCURRENCY} concurrent requests, loopback`);
  for (const [name, path] of targets) {
    const r = await measure(`${server.url}${path}`);
    console.log(
      `${name.padEnd(30)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  (${r.n} requests)`,
    );
  }
  await server.close();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
