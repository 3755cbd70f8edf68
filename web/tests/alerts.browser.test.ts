// Alerts in Chromium: a rule added on the topic page, an alert fired at ingest by the server's
// own alert service, shown in the header with its unread count, its figure and the links to
// its mentions, then marked read.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOPICS } from '../../scripts/seed-demo.js';
import { AlertService } from '../../src/alerts/alert-service.js';
import { alertStoreOf } from '../../src/alerts/alert-store-for.js';
import { TopicTagger } from '../../src/jobs/topic-tagger.js';
import { mentionInput } from '../../src/store/store.conformance.js';
import { CHROMIUM, launchChromium } from './chromium.js';
import { DASHBOARD_DIR, type DemoServer, startDemoServer } from './demo-server.js';
import { signInWithToken } from './token-sign-in.js';

const SHOTS = join(process.cwd(), 'test-output', 'screenshots');
const built = existsSync(join(DASHBOARD_DIR, 'index.html'));

describe.skipIf(!existsSync(CHROMIUM) || !built)('alerts in the dashboard', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoServer({ now: new Date(), days: 3, mentions: 60, seed: 11 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInWithToken(page, demo.url, demo.token);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${demo.url}${path}`, {
      headers: { Authorization: `Bearer ${demo.token}` },
    });
    return (await res.json()) as T;
  };

  it('adds a rule on the topic page, fires it at ingest and shows it in the header until read', async () => {
    const topic = (await demo.store.listTopics()).find((t) => t.name === DEMO_TOPICS[1]?.name)!;
    await page.goto(`${demo.url}/#/topics/${topic.id}`);
    await page.waitForSelector('#alert-rule-form');
    await page.selectOption('#alert-rule-form select[name=kind]', 'match');
    await page.fill('#alert-rule-form input[name=query]', '"thủ đức"');
    await page.fill('#alert-rule-form input[name=webhookUrl]', 'https://hooks.example/nghe');
    await page.fill('#alert-rule-form input[name=quietStart]', '22:00');
    await page.fill('#alert-rule-form input[name=quietEnd]', '06:30');
    await page.click('#alert-rule-form button[type=submit]');
    await page.waitForSelector('#webhook-secret');
    await page.waitForSelector('.alert-rule-list li');
    const { rules } = await api<{
      rules: { id: number; query: string; webhookSecretSet: boolean; quietEnd: string }[];
    }>(`/api/topics/${topic.id}/alert-rules`);
    expect(rules).toMatchObject([
      { query: '"thủ đức"', webhookSecretSet: true, quietEnd: '06:30' },
    ]);
    expect(await page.locator('.alert-rule-list li').textContent()).toContain('"thủ đức"');

    // A refused rule says why, in the page language.
    await page.selectOption('#alert-rule-form select[name=kind]', 'volume_spike');
    await page.fill('#alert-rule-form input[name=quietStart]', '');
    await page.click('#alert-rule-form button[type=submit]');
    await page.waitForSelector('#alert-rule-error');
    expect(await page.locator('#alert-rule-error').textContent()).toContain('quietStart');

    // Ingest as the collector does: store, tag, and let the alert service judge the batch.
    const alerts = alertStoreOf(demo.store.db);
    const service = new AlertService({ alerts, figures: demo.store });
    demo.events.onTagged((mention, topicIds) => service.mentionTagged(mention, topicIds));
    const tagger = new TopicTagger({ store: demo.store, events: demo.events });
    const saved = await demo.store.saveMentions(null, [
      mentionInput({
        text: 'Đường ở Thủ Đức ngập sâu sau mưa',
        publishedAt: new Date().toISOString(),
      }),
      mentionInput({ text: 'Triều cường làm ngập Thủ Đức', publishedAt: new Date().toISOString() }),
    ]);
    await tagger.tagSaved(saved);
    await service.flush();

    await page.reload();
    await page.waitForSelector('#unread-count');
    expect(await page.locator('#unread-count').textContent()).toBe('1');
    await page.click('#notifications-button');
    const item = page.locator('#notifications-panel .notification').first();
    expect(await item.locator('.notification-what').textContent()).toBe(
      '2 đề cập mới khớp truy vấn',
    );
    const links = await item
      .locator('.notification-mentions a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(saved.ids.map((id) => `#/mentions/${id}/thread`));
    await page.screenshot({ path: join(SHOTS, 'alerts-notifications.png'), fullPage: false });

    await page.click('#mark-all-read');
    await page.waitForSelector('#unread-count', { state: 'detached' });
    expect((await api<{ unread: number }>('/api/alerts')).unread).toBe(0);

    // In English the same alert reads in English.
    await page.selectOption('#lang-select', 'en');
    expect(await item.locator('.notification-what').textContent()).toBe(
      '2 new mentions matching the sub-query',
    );
    await page.screenshot({ path: join(SHOTS, 'alerts-topic-rules.png'), fullPage: true });

    // On a phone the panel stays within the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    const box = await page.locator('#notifications-panel').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, 'alerts-notifications-390.png') });
    expect(pageErrors).toEqual([]);
  });
});
