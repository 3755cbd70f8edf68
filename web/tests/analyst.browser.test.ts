// The analyst's daily work in Chromium against a real API server over a seeded store: a topic
// edited with a preview, a source paused, the all-time range, the day in progress drawn apart,
// comparisons equal to the API's, and exports downloaded and opened. Screenshots of each page
// touched, at desktop and phone widths, in Vietnamese and English.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Source } from '../../src/http/api-types.js';
import type { ProtectedComparison } from '../../src/http/protected-comparison.js';
import { parseQuery, QuerySyntaxError } from '../../src/query/parse.js';
import { CHROMIUM, launchChromium } from './chromium.js';
import { DASHBOARD_DIR, type DemoServer, startDemoServer } from './demo-server.js';

const SHOTS = join(process.cwd(), 'test-output', 'screenshots');
const ZONE = 'Asia/Ho_Chi_Minh';
const built = existsSync(join(DASHBOARD_DIR, 'index.html'));

const dayOf = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));

describe.skipIf(!existsSync(CHROMIUM) || !built)('analyst tools in Chromium', () => {
  // Enough posts a day that each day's figures come from more persons than the small-group rule
  // requires, so the charts show them.
  const options = { now: new Date(), days: 20, mentions: 3000, seed: 11 };
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  let topicId: number;
  const pageErrors: string[] = [];

  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${demo.url}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${demo.token}`,
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
    });
    const text = await res.text();
    return (text ? JSON.parse(text) : null) as T;
  };

  const shoot = async (name: string) => {
    for (const lang of ['vi', 'en'] as const) {
      await page.selectOption('#lang-select', lang);
      for (const [width, height] of [
        [1440, 900],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.waitForTimeout(350);
        await page.screenshot({
          path: join(SHOTS, `analyst-${name}-${lang}-${width}.png`),
          fullPage: width > 400,
        });
      }
    }
    await page.selectOption('#lang-select', 'vi');
    await page.setViewportSize({ width: 1440, height: 900 });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoServer(options);
    topicId = demo.seeded.topicIds[1] as number;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${demo.url}/`);
    await page.evaluate((token) => sessionStorage.setItem('nghe.token', token), demo.token);
    await page.reload();
    await page.waitForSelector('.topic-card');
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('shows each topic’s week against the week before, as the API compares them', async () => {
    await page.waitForSelector('.topic-change');
    const change = page.locator(`.topic-card[data-topic-id="${topicId}"] .topic-change`);
    const from = (await change.getAttribute('data-from')) ?? '';
    const to = (await change.getAttribute('data-to')) ?? '';
    const api = await call<ProtectedComparison>(
      `/api/analytics/compare?topic=${topicId}&from=${from}&to=${to}&limit=3`,
    );
    expect(await change.getAttribute('data-current')).toBe(String(api.current.volume ?? ''));
    expect(await change.getAttribute('data-previous')).toBe(String(api.previous.volume ?? ''));
    await shoot('overview');
  });

  it('edits a topic with a live preview, marking a syntax error where it is', async () => {
    // Another topic than the one the next tests read: this server runs no back-fill, so an
    // edited topic keeps no tags.
    const edited = demo.seeded.topicIds[0] as number;
    await page.goto(`${demo.url}/#/topics/${edited}`);
    await page.waitForSelector('#topic-edit');
    await page.click('#topic-edit');
    const input = `#topic-edit-${edited}-query`;
    const broken = '(ngập OR "triều cường"';
    let position = -1;
    try {
      parseQuery(broken);
    } catch (error) {
      if (error instanceof QuerySyntaxError) position = error.position;
    }
    await page.fill(input, broken);
    await page.waitForSelector('.topic-editor #query-error');
    expect(await page.getAttribute('.topic-editor #query-error', 'data-position')).toBe(
      String(position),
    );
    expect(await page.isDisabled('.topic-save')).toBe(true);

    const query = 'ngập OR "triều cường"';
    await page.fill(input, query);
    const preview = await call<{ total: number }>('/api/topics/preview', {
      method: 'POST',
      body: JSON.stringify({ query }),
    });
    expect(preview.total).toBeGreaterThan(0);
    await page.waitForSelector(`.preview-count[data-total="${preview.total}"]`);
    expect(await page.locator('.preview-list li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'analyst-topic-preview.png'), fullPage: true });
    await page.click('.topic-save');
    await page.waitForSelector('.topic-actions .ok');
    const topic = await demo.store.getTopic(edited);
    expect(topic?.query).toBe(query);
    await page.waitForSelector(`.query-text code:has-text('${query}')`);

    // Paused and resumed from the page.
    await page.click('#topic-pause');
    await page.waitForSelector('.topic-paused-note');
    expect((await demo.store.getTopic(edited))?.status).toBe('paused');
    await page.click('#topic-pause');
    await page.waitForSelector('.topic-paused-note', { state: 'detached' });
    expect((await demo.store.getTopic(edited))?.status).toBe('active');
    await page.goto(`${demo.url}/#/topics/${topicId}`);
    await page.waitForSelector('.range-total');
  });

  it('shows all time and keeps the range in the address', async () => {
    // A mention two years old, beyond any preset window.
    const old = new Date(options.now.getTime() - 730 * 86_400_000).toISOString();
    const saved = await demo.store.saveMentions(demo.seeded.sourceIds[0] ?? null, [
      {
        platform: 'web',
        canonicalUrl: 'https://vnexpress.net/demo/old-flood.html',
        externalId: 'old-flood',
        author: null,
        publishedAt: old,
        collectedAt: old,
        language: 'vi',
        title: 'Ngập lịch sử ở Thủ Đức',
        text: 'Triều cường gây ngập nặng, hai năm trước.',
        html: null,
        categories: [],
        engagement: {},
        parentExternalId: null,
        raw: null,
        analysis: { lang: 'vi', sentiment: 'negative', sentimentConfidence: 0.9, keywords: [] },
      },
    ]);
    await demo.store.tagMentions(topicId, saved.ids);
    const allTime = await call<{ total: number | null }>(
      `/api/analytics/sentiment?topic=${topicId}`,
    );
    const recent = Number(await page.locator('.range-total').getAttribute('data-total'));
    await page.selectOption('#window-days', 'all');
    await page.waitForSelector(`.range-total[data-total="${allTime.total}"]`);
    expect(allTime.total).toBeGreaterThan(recent);
    expect(page.url()).toContain('w=all');
    expect(await page.inputValue('#range-from')).toBe(dayOf(old));
    await page.reload();
    await page.waitForSelector(`.range-total[data-total="${allTime.total}"]`);
    expect(await page.inputValue('#window-days')).toBe('all');
    // The mentions list reads the same range: its exact total is the figure's.
    await page.waitForSelector(`.mention-total[data-total="${allTime.total}"]`);
    await page.selectOption('#mention-sort', 'oldest');
    await page.waitForSelector(`.mention[data-mention-id="${saved.ids[0]}"]`);
    expect(await page.locator('.mention').first().getAttribute('data-mention-id')).toBe(
      String(saved.ids[0]),
    );
    await page.selectOption('#mention-sort', 'newest');

    // Any days, however far back: the window holding only the old day holds only its mention.
    await page.selectOption('#window-days', 'custom');
    await page.fill('#window-from', dayOf(old));
    await page.fill('#window-to', dayOf(old));
    await page.waitForSelector('.range-total[data-total="1"]');
    await page.waitForSelector('.mention-total[data-total="1"]');
    expect(page.url()).toContain(`w=custom&wf=${dayOf(old)}&wt=${dayOf(old)}`);
    expect(await page.locator('.mention').first().getAttribute('data-mention-id')).toBe(
      String(saved.ids[0]),
    );
  });

  it('draws the day in progress apart from the finished days', async () => {
    await page.selectOption('#window-days', '7');
    await page.waitForSelector('.partial-note');
    const today = dayOf(new Date().toISOString());
    const from = (await page.getAttribute('.partial-note', 'data-incomplete-from')) ?? '';
    expect(dayOf(from)).toBe(today);
    const marked = await page
      .locator('.chart-table tbody tr[data-incomplete="true"]')
      .evaluateAll((rows) => rows.length);
    expect(marked).toBe(1);
    const rows = await page.locator('.chart-table tbody tr').count();
    const lastMarked = await page
      .locator('.chart-table tbody tr')
      .nth(rows - 1)
      .getAttribute('data-incomplete');
    expect(lastMarked).toBe('true');
  });

  it('compares the range with the previous period, figures equal to the API’s', async () => {
    await page.waitForSelector('.compare-table tr[data-measure="volume"]');
    const section = page.locator('.period-comparison');
    const from = (await section.getAttribute('data-from')) ?? '';
    const to = (await section.getAttribute('data-to')) ?? '';
    const api = await call<ProtectedComparison>(
      `/api/analytics/compare?topic=${topicId}&from=${from}&to=${to}&limit=8`,
    );
    const volume = page.locator('.compare-table tr[data-measure="volume"]');
    expect(await volume.getAttribute('data-current')).toBe(String(api.current.volume ?? ''));
    expect(await volume.getAttribute('data-previous')).toBe(String(api.previous.volume ?? ''));
    for (const kind of ['positive', 'neutral', 'negative'] as const) {
      const row = page.locator(`.compare-table tr[data-measure="${kind}"]`);
      expect(await row.getAttribute('data-current')).toBe(
        String(api.current.sentiment.shares?.[kind] ?? ''),
      );
    }
    const terms = await page
      .locator('.compare-terms li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-key')));
    expect(terms).toEqual(api.current.terms.map((t) => t.term));
    const sources = await page
      .locator('.compare-sources li')
      .evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-current'))));
    expect(sources).toEqual(api.current.sources.map((s) => s.count));
    // Public voices: outlets named, never a person.
    await page.waitForSelector('.voices-table tbody tr');
    const kinds = await page
      .locator('.voices-table tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind')));
    expect(kinds.every((kind) => kind === 'outlet' || kind === 'page' || kind === 'channel')).toBe(
      true,
    );
    await shoot('topic');
  });

  it('downloads the mentions as CSV and a chart as XLSX and PNG, each in the audit log', async () => {
    const total = Number(await page.getAttribute('.mention-total', 'data-total'));
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.mentions-panel .export-csv'),
    ]);
    const csvText = readFileSync((await csv.path()) as string, 'utf8').replace(/^\uFEFF/, '');
    const rows = parse(csvText, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(total);
    const authors = new Set(rows.map((row) => row['Tác giả']));
    expect([...authors].some((a) => a?.startsWith('demo-author-'))).toBe(false);
    expect(csvText).not.toMatch(/demo-author-\d+/);

    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.export-buttons[data-chart="sources"] .export-xlsx'),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await xlsx.path()) as string);
    const sheet = workbook.worksheets[0];
    const shown = await page
      .locator('section[aria-label="Nguồn hàng đầu"] .bar-row')
      .evaluateAll((bars) => bars.map((bar) => bar.getAttribute('data-key')));
    const keys: string[] = [];
    sheet?.eachRow((row, index) => {
      if (index > 1) keys.push(String(row.getCell(1).value));
    });
    expect(keys.slice(0, shown.length)).toEqual(shown);

    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.export-buttons[data-chart="series"] .export-png'),
    ]);
    const bytes = readFileSync((await png.path()) as string);
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    await page.waitForTimeout(300);
    const audit = await call<AuditPage>('/api/audit?limit=50');
    const actions = audit.entries.map((e) => e.action);
    expect(actions).toContain('exportMentions');
    expect(actions).toContain('exportChart');
    expect(actions).toContain('exportImage');
  });

  it('searches with dates and sentiment, and clears results when the query breaks', async () => {
    await page.goto(`${demo.url}/#/search`);
    await page.fill('#query-input', 'ngập');
    await page.waitForSelector('#query-ok');
    await page.selectOption('#search-sentiment', 'negative');
    await page.click('form.search-form button[type=submit]');
    await page.waitForSelector('#results-title .mention-total');
    const sentiments = await page
      .locator('.mention')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-sentiment')));
    expect(new Set(sentiments)).toEqual(new Set(['negative']));
    const api = await call<{ total: number }>('/api/mentions/count?q=ngập&sentiment=negative');
    expect(await page.getAttribute('#results-title .mention-total', 'data-total')).toBe(
      String(api.total),
    );
    expect(await page.locator('.mention mark.match').count()).toBeGreaterThan(0);
    const shown = await page.locator('.mention').count();
    expect(shown).toBe(Math.min(50, api.total));
    if (api.total > shown) {
      await page.click('.load-more');
      await page.waitForFunction((n) => document.querySelectorAll('.mention').length > n, shown);
      expect(await page.locator('.mention').count()).toBe(Math.min(100, api.total));
    }
    await shoot('search');
    await page.fill('#query-input', 'ngập AND (');
    await page.waitForSelector('#query-error');
    await page.waitForSelector('#results-title', { state: 'detached' });
  });

  it('pauses, retries and counts failing sources in plain words', async () => {
    await page.goto(`${demo.url}/#/sources`);
    await page.waitForSelector('.sources-table');
    const { sources } = await call<{ sources: Source[] }>('/api/sources');
    const failing = sources.filter((s) => s.enabled && s.health.consecutiveFailures > 0);
    expect(await page.getAttribute('#failing-title', 'data-count')).toBe(String(failing.length));
    const target = sources[0] as Source;
    const row = page.locator(`tr[data-source-id="${target.id}"]`);
    await row.locator('.source-toggle').click();
    await page.waitForSelector(`tr[data-source-id="${target.id}"][data-status="status-off"]`);
    expect((await demo.store.getSource(target.id))?.enabled).toBe(false);
    await shoot('sources');
    await row.locator('.source-retry').click();
    await page.waitForSelector(`tr[data-source-id="${target.id}"] [role=status]`);
    const retried = await demo.store.getSource(target.id);
    expect(retried?.enabled).toBe(true);
    expect(Date.parse(retried?.schedule.nextFetchAt ?? '')).toBeLessThanOrEqual(Date.now());
    expect(pageErrors).toEqual([]);
  });
});
