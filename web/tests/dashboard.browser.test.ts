// The dashboard in Debian's Chromium against a real API server over a seeded store. Every
// expected figure is recomputed here from the seed data, never written down.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOPICS, type DemoMention, demoMentions } from '../../scripts/seed-demo.js';
import { emptyShareStatistics } from '../../src/analysis/quantify/index.js';
import type { TopicSummary } from '../../src/http/api-types.js';
import { parseQuery, QuerySyntaxError } from '../../src/query/parse.js';
import { estimateSentiment } from '../../src/store/share-estimate.js';
import { addAnalysis } from '../../src/store/share-input.js';
import { CHROMIUM, launchChromium } from './chromium.js';
import { DASHBOARD_DIR, type DemoServer, startDemoServer } from './demo-server.js';

const SHOTS = join(process.cwd(), 'test-output', 'screenshots');
const ZONE = 'Asia/Ho_Chi_Minh';
const built = existsSync(join(DASHBOARD_DIR, 'index.html'));
if (!existsSync(CHROMIUM)) console.warn(`browser tests skipped: ${CHROMIUM} is not installed`);
if (!built) console.warn('browser tests skipped: web/dist is not built (npm run build:web)');

const dayOf = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));

type TopicsBody = { topics: TopicSummary[] };

/** Text content as rendered, layout aside. */
const text = async (locator: Locator) => (await locator.textContent()) ?? '';

function figures(mentions: DemoMention[]) {
  const count = (s: string) => mentions.filter((m) => m.input.analysis?.sentiment === s).length;
  const positive = count('positive');
  const neutral = count('neutral');
  const negative = count('negative');
  const rated = positive + neutral + negative;
  return {
    total: mentions.length,
    positive,
    negative,
    net: rated === 0 ? null : (positive - negative) / rated,
  };
}

describe.skipIf(!existsSync(CHROMIUM) || !built)('dashboard in Chromium', () => {
  const options = { now: new Date(), days: 6, mentions: 240, seed: 7 };
  const all = [...demoMentions(options)];
  const ofTopic = (index: number) => all.filter((m) => m.topics.includes(index));
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoServer(options);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('signs in with a token kept only in session storage and sent as a bearer header', async () => {
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await page.goto(`${demo.url}/`);
    await page.fill('#token-input', 'not-a-token');
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('#sign-in-error');
    await page.screenshot({ path: join(SHOTS, 'sign-in.png') });
    await page.fill('#token-input', demo.token);
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('.topic-card');
    expect(await page.evaluate(() => sessionStorage.getItem('nghe.token'))).toBe(demo.token);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(demo.token);
    expect(urls.some((url) => url.includes(demo.token))).toBe(false);
  });

  it('shows every seeded topic on the overview with its volume and net sentiment', async () => {
    const cards = page.locator('.topic-card');
    expect(await cards.count()).toBe(DEMO_TOPICS.length);
    for (let index = 0; index < DEMO_TOPICS.length; index++) {
      const expected = figures(ofTopic(index));
      const card = page.locator('.topic-card', { hasText: DEMO_TOPICS[index]?.name ?? '' });
      expect(await card.locator('.figure-volume').getAttribute('data-value')).toBe(
        String(expected.total),
      );
      // Net sentiment is the share estimator's, from the same posts' statistics.
      const statistics = emptyShareStatistics();
      for (const m of ofTopic(index)) addAnalysis(statistics, m.input.analysis);
      const estimated = estimateSentiment(statistics).net;
      const net = estimated === null ? '–' : Math.round(estimated * 100);
      const shown = (await text(card.locator('.figure-net'))).replace('−', '-');
      expect(Number(shown.replace('+', ''))).toBe(net);
    }
    // Spike detection is the server's statistics: the page marks what the API reports, and
    // puts marked topics first.
    const response = await fetch(`${demo.url}/api/topics`, {
      headers: { Authorization: `Bearer ${demo.token}` },
    });
    const { topics } = (await response.json()) as TopicsBody;
    const marked = await page
      .locator('.topic-card')
      .evaluateAll((items) => items.map((item) => item.querySelector('.badge-spike') !== null));
    const names = await page.locator('.topic-card h2 a').allTextContents();
    for (const [index, name] of names.entries()) {
      const summary = topics.find((t) => t.topic.name === name);
      expect(marked[index]).toBe((summary?.activeSpikes ?? 0) > 0);
    }
    expect(
      marked.indexOf(false) === -1 || !marked.slice(marked.indexOf(false)).includes(true),
    ).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'overview.png'), fullPage: true });
  });

  it('opens a topic whose charts render and state the right totals', async () => {
    const expected = figures(ofTopic(1));
    await page.click(`.topic-card h2 a:text("${DEMO_TOPICS[1]?.name}")`);
    await page.waitForSelector('.timeline-chart canvas');
    await page.waitForSelector('.donut-chart canvas');
    await page.waitForSelector('.mention');
    const table = page.locator('.timeline-chart table');
    expect(await table.getAttribute('data-total')).toBe(String(expected.total));
    const summary = await page.locator('.timeline-chart').getAttribute('aria-label');
    expect(summary).toContain(`${expected.total} đề cập`);
    // The sentiment split is shown only when each class comes from k persons or none; else each
    // class reads "fewer than k people" (src/privacy/small-groups.ts).
    const { minGroupSize: k } = (await (
      await fetch(`${demo.url}/api/privacy`, { headers: { Authorization: `Bearer ${demo.token}` } })
    ).json()) as { minGroupSize: number };
    const persons = (sentiment: string) =>
      new Set(
        ofTopic(1)
          .filter((m) => m.input.analysis?.sentiment === sentiment)
          .filter((m) => m.input.author?.kind === 'person')
          .map((m) => m.input.author?.key),
      ).size;
    const splitShown = ['positive', 'neutral', 'negative'].every(
      (sentiment) => persons(sentiment) === 0 || persons(sentiment) >= k,
    );
    expect(summary).toContain(
      splitShown ? `${expected.negative} tiêu cực` : `dưới ${k} người tiêu cực`,
    );
    expect(await page.locator('.range-total').getAttribute('data-total')).toBe(
      String(expected.total),
    );
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'topic.png'), fullPage: true });
  });

  it('works from the keyboard: skip link first, legends and bars on Space and Enter', async () => {
    await page.reload();
    await page.waitForSelector('.timeline-chart canvas');
    await page.waitForSelector('section[aria-label="Nền tảng"] .bar-row');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    const legend = page.locator('fieldset.legend button').first();
    await legend.focus();
    await page.keyboard.press('Space');
    expect(await legend.getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.press('Space');
    expect(await legend.getAttribute('aria-pressed')).toBe('true');
    const bar = page.locator('section[aria-label="Nền tảng"] .bar-row').first();
    const platform = (await bar.getAttribute('data-key')) ?? '';
    await bar.focus();
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#filter-platform')).toBe(platform);
    await page.waitForFunction((expected) => {
      const items = [...document.querySelectorAll('.mention')];
      return (
        items.length > 0 && items.every((item) => item.getAttribute('data-platform') === expected)
      );
    }, platform);
    await page.selectOption('#filter-platform', '');
  });

  it('filters the mentions list by sentiment', async () => {
    await page.selectOption('#filter-sentiment', 'negative');
    await page.waitForFunction(() => {
      const items = [...document.querySelectorAll('.mention')];
      return (
        items.length > 0 &&
        items.every((item) => item.getAttribute('data-sentiment') === 'negative')
      );
    });
    const sentiments = await page
      .locator('.mention')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-sentiment')));
    expect(new Set(sentiments)).toEqual(new Set(['negative']));
    // A click on the donut's legend does the same, by keyboard as well.
    await page.selectOption('#filter-sentiment', '');
    await page.focus('.legend-list button[data-sentiment="positive"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => {
      const items = [...document.querySelectorAll('.mention')];
      return (
        items.length > 0 &&
        items.every((item) => item.getAttribute('data-sentiment') === 'positive')
      );
    });
    expect(await page.inputValue('#filter-sentiment')).toBe('positive');
    await page.selectOption('#filter-sentiment', '');
  });

  it('narrows every panel to a selected time range', async () => {
    const today = dayOf(options.now.toISOString());
    const from = dayOf(new Date(options.now.getTime() - 2 * 86_400_000).toISOString());
    const inRange = ofTopic(1).filter((m) => {
      const day = dayOf(m.input.publishedAt ?? '');
      return day >= from && day <= today;
    });
    expect(inRange.length).toBeLessThan(ofTopic(1).length);
    await page.fill('#range-from', from);
    await page.waitForSelector(`.range-total[data-total="${inRange.length}"]`);
    const sources = await page
      .locator('section[aria-label="Nguồn hàng đầu"] .bar-count')
      .allInnerTexts();
    expect(sources.map(Number).reduce((a, b) => a + b, 0)).toBe(inRange.length);
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SHOTS, 'topic-range.png'), fullPage: true });
    await page.click('#range-reset');
    await page.waitForSelector(`.range-total[data-total="${ofTopic(1).length}"]`);
  });

  it('narrows every panel when the chart brush is dragged', async () => {
    const box = await page.locator('.timeline-chart .chart-canvas').boundingBox();
    if (!box) throw new Error('no chart');
    const firstDay = await page.inputValue('#range-from');
    // Zoom in with the mouse wheel over the right of the plot, as a user would.
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.4);
    for (let step = 0; step < 6; step++) {
      await page.mouse.wheel(0, -300);
      await page.waitForTimeout(50);
    }
    await page.waitForFunction((day) => {
      const input = document.querySelector<HTMLInputElement>('#range-from');
      return input !== null && input.value !== day;
    }, firstDay);
    const from = await page.inputValue('#range-from');
    const to = await page.inputValue('#range-to');
    const inRange = ofTopic(1).filter((m) => {
      const day = dayOf(m.input.publishedAt ?? '');
      return day >= from && day <= to;
    });
    await page.waitForSelector(`.range-total[data-total="${inRange.length}"]`);
    const summary = await page.locator('.timeline-chart').getAttribute('aria-label');
    expect(summary).toContain(`${inRange.length} đề cập`);
    await page.screenshot({ path: join(SHOTS, 'topic-brush.png') });
    await page.click('#range-reset');
    await page.waitForSelector(`.range-total[data-total="${ofTopic(1).length}"]`);
  });

  it('switches between Vietnamese and English and remembers the choice', async () => {
    expect(await text(page.locator('#donut-title'))).toContain('Tỷ lệ cảm xúc');
    await page.selectOption('#lang-select', 'en');
    await page.waitForSelector('#donut-title:has-text("Sentiment split")');
    expect(await text(page.locator('nav a[aria-current="page"]'))).toBe('Overview');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await page.waitForSelector('#donut-title:has-text("Sentiment split")');
    await page.screenshot({ path: join(SHOTS, 'topic-en.png'), fullPage: true });
    await page.selectOption('#lang-select', 'vi');
    await page.waitForSelector('#donut-title:has-text("Tỷ lệ cảm xúc")');
  });

  it('shows a newly tagged mention at the top of the list, live', async () => {
    await page.waitForSelector('.live-on');
    const topicId = demo.seeded.topicIds[1] as number;
    const template = ofTopic(1)[0]?.input;
    if (!template) throw new Error('no seeded mention');
    const now = new Date().toISOString();
    const saved = await demo.store.saveMentions(demo.seeded.sourceIds[0] ?? null, [
      {
        ...template,
        externalId: 'live-1',
        canonicalUrl: 'https://vnexpress.net/demo/live-1.html',
        title: 'Ngập nặng ở Thủ Đức ngay lúc này',
        text: 'Nước ngập tới yên xe ở Thủ Đức, nhiều người phải dắt bộ.',
        publishedAt: now,
        collectedAt: now,
      },
    ]);
    const id = saved.ids[0] as number;
    await demo.store.tagMentions(topicId, [id]);
    const mention = await demo.store.getMention(id);
    if (!mention) throw new Error('saved mention not found');
    demo.events.publishTagged(mention, [topicId]);
    await page.waitForSelector(`.mention-new[data-mention-id="${id}"]`);
    expect(await page.locator('.mention').first().getAttribute('data-mention-id')).toBe(String(id));
    // The figures follow shortly after.
    await page.waitForSelector(`.range-total[data-total="${ofTopic(1).length + 1}"]`);
    await page.screenshot({ path: join(SHOTS, 'topic-live.png') });
  });

  it('marks a malformed query inline at the offending position', async () => {
    const query = '(ngập OR "triều cường" AND';
    let position = -1;
    try {
      parseQuery(query);
    } catch (error) {
      if (error instanceof QuerySyntaxError) position = error.position;
    }
    expect(position).toBeGreaterThanOrEqual(0);
    await page.goto(`${demo.url}/#/search`);
    await page.fill('#query-input', query);
    await page.waitForSelector('#query-error');
    expect(await page.getAttribute('#query-error', 'data-position')).toBe(String(position));
    expect(await text(page.locator('.caret-pad'))).toHaveLength(position);
    expect(await text(page.locator('#query-error .error'))).toContain(`vị trí ${position}`);
    // Said from the refusal's code: no English sentence inside the Vietnamese one.
    const said = await text(page.locator('#query-error .error'));
    expect(said).toContain('cuối truy vấn');
    expect(said).not.toMatch(/expected|found|end of query/);
    expect(await page.getAttribute('#query-input', 'aria-invalid')).toBe('true');
    await page.screenshot({ path: join(SHOTS, 'search-error.png'), fullPage: true });

    await page.fill('#query-input', 'ngập -metro');
    await page.waitForSelector('#query-ok');
    await page.click('form.search-form button[type=submit]');
    await page.waitForSelector('#results-title');
    expect(await page.locator('.mention').count()).toBeGreaterThan(0);
    await page.fill('#save-topic-justification', 'Theo dõi ngập ngoài các tuyến metro.');
    await page.click('#save-topic');
    await page.waitForSelector('a:has-text("Mở chủ đề")');
    expect((await demo.store.listTopics()).map((t) => t.query)).toContain('ngập -metro');
  });

  it('lists source health', async () => {
    await page.goto(`${demo.url}/#/sources`);
    await page.waitForSelector('.sources-table');
    expect(await page.locator('.sources-table tbody tr').count()).toBe(
      demo.seeded.sourceIds.length,
    );
    await page.screenshot({ path: join(SHOTS, 'sources.png'), fullPage: true });
  });

  it('returns to sign-in on sign-out and on a rejected token', async () => {
    await page.click('#sign-out');
    await page.waitForSelector('#token-input');
    expect(await page.evaluate(() => sessionStorage.getItem('nghe.token'))).toBeNull();
    await page.evaluate(() => sessionStorage.setItem('nghe.token', 'revoked-token'));
    await page.goto(`${demo.url}/#/`);
    await page.reload();
    await page.waitForSelector('#token-input');
    expect(await page.evaluate(() => sessionStorage.getItem('nghe.token'))).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
