// Times the topic page against a real server over an existing store (e.g. one seeded with a
// million mentions by scripts/seed-demo.ts): from opening the topic until its charts, panel
// totals and first mentions are on screen, in Debian's Chromium.
//   npx tsx web/scripts/measure-topic-render.ts --db /tmp/big.sqlite [--topic 4] [--runs 5]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDemoToken } from '../../scripts/seed-demo.js';
import { createHttpApp, startHttpServer } from '../../src/http/server.js';
import { createListeningEvents } from '../../src/jobs/listening-events.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { launchChromium } from '../tests/chromium.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    topic: { type: 'string' },
    runs: { type: 'string', default: '5' },
  },
});
if (!values.db) throw new Error('usage: measure-topic-render --db PATH [--topic ID] [--runs N]');

const store = openSqliteStore(values.db);
const topics = await store.listTopics();
const summaries = await Promise.all(
  topics.map(async (topic) => ({
    topic,
    total: (await store.sentimentShare({ topicId: topic.id })).total,
  })),
);
summaries.sort((a, b) => b.total - a.total);
const chosen = values.topic
  ? summaries.find((s) => s.topic.id === Number(values.topic))
  : summaries[0];
if (!chosen) throw new Error('no such topic');
const token = await createDemoToken(store, 'render-measure');
const app = createHttpApp({
  store,
  version: 'measure',
  events: createListeningEvents(),
  dashboardDir: fileURLToPath(new URL('../dist', import.meta.url)),
  log: () => {},
});
const server = await startHttpServer(app, '127.0.0.1', 0);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/`);
  await page.fill('#token-input', token);
  await page.click('form button[type=submit]');
  await page.waitForSelector('.topic-card');
  const times: number[] = [];
  const overviewTimes: number[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    await page.goto(`${server.url}/#/sources`);
    await page.waitForSelector('.sources-table');
    const overviewStarted = performance.now();
    await page.goto(`${server.url}/#/`);
    await page.waitForFunction(
      (count) => document.querySelectorAll('.topic-card').length === count,
      topics.length,
    );
    overviewTimes.push(performance.now() - overviewStarted);
    const started = performance.now();
    await page.goto(`${server.url}/#/topics/${chosen.topic.id}`);
    await page.waitForSelector('.timeline-chart canvas');
    await page.waitForSelector('.range-total');
    await page.waitForSelector('.mention');
    await page.waitForSelector('.bar-row');
    times.push(performance.now() - started);
  }
  const median = (list: number[]) =>
    [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
  console.log(
    `overview of ${topics.length} topics: rendered in ${median(overviewTimes).toFixed(0)} ms median`,
  );
  console.log(
    `topic "${chosen.topic.name}" with ${chosen.total} mentions: rendered in ${median(times).toFixed(0)} ms median (${times.map((t) => t.toFixed(0)).join(', ')} ms)`,
  );
} finally {
  await browser.close();
  await server.close();
  await store.close();
}
