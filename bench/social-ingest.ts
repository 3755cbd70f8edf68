// Live social ingest: posts per second from a loopback Jetstream replay through the whole path
// nghe runs for a firehose source (WebSocket, JSON, language filter, normalising, analysis,
// storing with full text and the source's cursor, tagging against 1,000 active topics with
// their roll-ups), next to the store alone saving the same posts in the same run.
//   npx tsx bench/social-ingest.ts [--posts 20000] [--topics 1000] [--batch 500]
//     [--analysis main|thread]
// Prints wall-clock and per-CPU-second rates (CPU of every thread) and the share of time each
// stage took. Batches are prepared while the one before them is stored; with analysis on a
// worker thread (`--analysis thread`) its share is the time some batch was being analysed,
// overlapping the others, and the rest is not split out.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { blueskyConnector } from '../src/connectors/bluesky/connector.js';
import { jetstreamMention } from '../src/connectors/bluesky/jetstream.js';
import {
  createMentionAnalyzer,
  createThreadedMentionAnalyzer,
} from '../src/jobs/analyze-mentions.js';
import { createListeningEvents } from '../src/jobs/listening-events.js';
import { prepareMention } from '../src/jobs/prepare-mention.js';
import { createPseudonymiser } from '../src/jobs/pseudonymise.js';
import { StreamRunner } from '../src/jobs/stream-runner.js';
import { TopicTagger } from '../src/jobs/topic-tagger.js';
import type { SourceKind } from '../src/model.js';
import { createWebSocketOpener } from '../src/net/web-socket.js';
import { seededRandom } from '../src/seeded-random.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { SaveMentionsResult } from '../src/store/store.js';
import { VIETNAMESE, zipfPicker } from './ingest.js';

const BASE_US = Date.UTC(2026, 9, 6) * 1000;
const ISSUES = [
  'ngập',
  'triều cường',
  'kẹt xe',
  'ùn tắc',
  'tai nạn',
  'giá xăng',
  'học phí',
  'bão',
  'mất điện',
  'ô nhiễm',
];
const PLACES = [
  'Hà Nội',
  'Thủ Đức',
  'Đà Nẵng',
  'Cần Thơ',
  'Huế',
  'Hải Phòng',
  'Quận 7',
  'Bình Dương',
  'Nha Trang',
  'Vũng Tàu',
];

/** A Jetstream v1 post create with Vietnamese text a few sentences long, as people post. */
function jetstreamEvent(i: number, random: () => number, word: () => string): string {
  let text = '';
  const target = 40 + Math.floor(random() ** 2 * 260);
  while (text.length < target) {
    let sentence = word();
    for (let w = 1 + Math.floor(random() * 10); w > 0; w--) sentence += ` ${word()}`;
    if (random() < 0.3)
      sentence += ` ${ISSUES[i % ISSUES.length]} ở ${PLACES[(i >> 3) % PLACES.length]}`;
    text += `${sentence}. `;
  }
  return JSON.stringify({
    did: `did:plc:bench${i % 2000}`,
    time_us: BASE_US + i * 1000,
    kind: 'commit',
    commit: {
      rev: `r${i}`,
      operation: 'create',
      collection: 'app.bsky.feed.post',
      rkey: `p${i}`,
      cid: `bafy${i}`,
      record: {
        $type: 'app.bsky.feed.post',
        text: text.trim(),
        createdAt: new Date((BASE_US + i * 1000) / 1000).toISOString(),
        langs: ['vi'],
      },
    },
  });
}

/**
 * Topics as people write them, over the same vocabulary as the posts but mostly its less common
 * words, so that a post matches a few topics rather than hundreds.
 */
function topicQuery(random: () => number): string {
  const word = () => VIETNAMESE[30 + Math.floor(random() * (VIETNAMESE.length - 30))]!;
  const issue = () => {
    const item = ISSUES[Math.floor(random() * ISSUES.length)]!;
    return item.includes(' ') ? `"${item}"` : item;
  };
  const roll = random();
  if (roll < 0.4) return `${word()} ${word()} ${word()}`;
  if (roll < 0.7) return `"${word()} ${word()}"`;
  if (roll < 0.9) return `${issue()} ${word()} -"quảng cáo"`;
  return `${issue()} NEAR/8 ${word()} lang:vi`;
}

/** A Jetstream that sends every event as fast as the reader takes them, honouring `cursor`. */
async function startJetstream(events: string[]) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (socket, request) => {
    const cursor = new URL(request.url ?? '/', 'http://x').searchParams.get('cursor');
    let next = cursor === null ? 0 : Math.max(0, Math.ceil((Number(cursor) - BASE_US) / 1000));
    const pump = () => {
      while (next < events.length && socket.bufferedAmount < 1 << 20) socket.send(events[next++]!);
      if (next < events.length) setTimeout(pump, 1);
    };
    pump();
  });
  return { wss, origin: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` };
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      posts: { type: 'string', default: '20000' },
      topics: { type: 'string', default: '1000' },
      batch: { type: 'string', default: '500' },
      analysis: { type: 'string', default: 'main' },
    },
  });
  const posts = Number(values.posts);
  const random = seededRandom(9);
  const word = zipfPicker(VIETNAMESE, random);
  const events = Array.from({ length: posts }, (_, i) => jetstreamEvent(i, random, word));
  const dir = mkdtempSync(join(tmpdir(), 'nghe-social-bench-'));
  const jetstream = await startJetstream(events);
  const pseudonymise = createPseudonymiser(Buffer.alloc(32, 3));
  try {
    // The whole path.
    const store = openSqliteStore(join(dir, 'whole.sqlite'));
    for (let t = 0; t < Number(values.topics); t++) {
      await store.createTopic({ name: `topic ${t}`, query: topicQuery(random) });
    }
    const { source } = await store.addSource({
      kind: 'bluesky',
      url: 'https://jetstream2.us-east.bsky.network/subscribe?lang=vi',
      settings: { follow: 'firehose', host: 'jetstream2.us-east.bsky.network', languages: 'vi' },
    });
    const tagger = new TopicTagger({ store, events: createListeningEvents() });
    await tagger.refresh();
    const threaded = values.analysis === 'thread' ? createThreadedMentionAnalyzer() : null;
    const analyzer = threaded?.analyze ?? createMentionAnalyzer();
    await analyzer([]); // the models load before the clock starts
    const stage = { analyse: 0, store: 0, tag: 0 };
    // Time some call of a stage was in progress: two batches analysed at once count once.
    const running = { analyse: 0, store: 0, tag: 0 };
    const since = { analyse: 0, store: 0, tag: 0 };
    const timed = async <T>(name: keyof typeof stage, work: () => Promise<T>): Promise<T> => {
      if (running[name]++ === 0) since[name] = performance.now();
      try {
        return await work();
      } finally {
        if (--running[name] === 0) stage[name] += performance.now() - since[name];
      }
    };
    const saveSourceBatch = store.saveSourceBatch.bind(store);
    store.saveSourceBatch = (id, mentions, cursor) =>
      timed('store', () => saveSourceBatch(id, mentions, cursor));
    const controller = new AbortController();
    let stored = 0;
    let firstAt = 0;
    let lastAt = 0;
    const runner = new StreamRunner({
      store,
      http: {
        request: () => Promise.reject(new Error('no http')),
        get: () => Promise.reject(new Error('no http')),
      },
      openWebSocket: createWebSocketOpener({ allowPrivateAddresses: true, highWaterMark: 5000 }),
      connectors: new Map<SourceKind, typeof blueskyConnector>([['bluesky', blueskyConnector]]),
      pseudonymise,
      analyze: (mentions) => timed('analyse', () => analyzer(mentions)),
      onSaved: (saved: SaveMentionsResult) => timed('tag', () => tagger.tagSaved(saved)),
      endpoints: { bluesky: { jetstreamUrl: jetstream.origin } },
      batchSize: Number(values.batch),
      onEvent: (event) => {
        if (event.type === 'stream-connected') firstAt = performance.now();
        if (event.type === 'stream-stored') {
          stored += event.items;
          lastAt = performance.now();
          if (stored >= posts) controller.abort();
        }
      },
    });
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await runner.run(controller.signal);
    const wholeCpu = cpuSeconds(cpu0);
    const wholeMs = lastAt - firstAt;
    const tags = (
      store.db.prepare('SELECT count(*) AS n FROM mention_topics').get() as { n: number }
    ).n;
    const cursor = (await store.getSource(source.id))!.cursor;
    await store.close();
    await threaded?.close();

    // The store alone: the same posts, normalised and pseudonymised beforehand, no analysis.
    const alone = openSqliteStore(join(dir, 'alone.sqlite'));
    const { source: aloneSource } = await alone.addSource({
      kind: 'bluesky',
      url: 'https://bench.example/firehose',
    });
    const collectedAt = new Date().toISOString();
    const inputs = events.map((line) =>
      prepareMention(jetstreamMention(JSON.parse(line))!, {
        pseudonymise,
        collectedAt,
        sourceUrl: null,
      }),
    );
    const batch = Number(values.batch);
    const cpu1 = process.cpuUsage();
    const t1 = performance.now();
    for (let i = 0; i < inputs.length; i += batch) {
      await alone.saveSourceBatch(aloneSource.id, inputs.slice(i, i + batch), String(i));
    }
    const aloneMs = performance.now() - t1;
    const aloneCpu = cpuSeconds(cpu1);
    await alone.close();

    const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en');
    const perCpu = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
    const other = wholeMs - stage.analyse - stage.store - stage.tag;
    const share = (ms: number) => `${((ms / wholeMs) * 100).toFixed(0)} %`;
    console.log(
      `${posts.toLocaleString('en')} Jetstream posts, ${values.topics} active topics, batches of ${batch}, analysis on the ${values.analysis === 'thread' ? 'worker thread' : 'main thread'}`,
    );
    console.log(
      `whole path: ${rate(stored, wholeMs)} posts/s (${perCpu(stored, wholeCpu)} per CPU second), ` +
        `${tags.toLocaleString('en')} topic tags, cursor ${cursor === String(BASE_US + (posts - 1) * 1000) ? 'at the last post' : cursor}`,
    );
    console.log(
      `  analysis ${share(stage.analyse)}, store with full text ${share(stage.store)}, ` +
        `tagging and roll-ups ${share(stage.tag)}, ` +
        (threaded
          ? 'analysis overlapping the rest'
          : `socket + parse + filter + normalise ${share(other)}`),
    );
    console.log(
      `store alone: ${rate(posts, aloneMs)} posts/s (${perCpu(posts, aloneCpu)} per CPU second)`,
    );
    console.log(
      `(wall ${((performance.now() - wall0) / 1000).toFixed(1)} s for the whole path run)`,
    );
  } finally {
    jetstream.wss.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
