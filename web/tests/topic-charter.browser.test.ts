// The topic forms ask what a topic is for: the purpose from the unit's functions (as the
// session gives them), a justification of the stated length and an expiry within what the API
// allows, sent with the create request; in Vietnamese and English. Chromium against a real API.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_TOPIC_DAYS,
  MAX_TOPIC_DAYS,
  MIN_JUSTIFICATION_LENGTH,
} from '../../src/http/topic-charter-limits.js';
import { CHROMIUM, launchChromium } from './chromium.js';
import { DASHBOARD_DIR, type DemoServer, startDemoServer } from './demo-server.js';

const SHOTS = join(process.cwd(), 'test-output', 'screenshots');
const ZONE = 'Asia/Ho_Chi_Minh';
const built = existsSync(join(DASHBOARD_DIR, 'index.html'));
const FUNCTIONS = ['ứng phó ngập', 'an toàn giao thông'];
const REASON = 'Theo dõi phản ánh ngập của người dân sau các trận mưa lớn.';

const dayIn = (date: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
const daysAfter = (day: string, days: number) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};
/** The end of a day in Hồ Chí Minh City (UTC+7, no daylight saving), as ISO UTC. */
const endOfDay = (day: string) => new Date(`${daysAfter(day, 1)}T00:00:00+07:00`).toISOString();

describe.skipIf(!existsSync(CHROMIUM) || !built)('a new topic’s purpose and expiry', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
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
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  const charterOf = async (name: string) => {
    const topic = (await demo.store.listTopics()).find((t) => t.name === name);
    if (!topic) throw new Error(`no topic ${name}`);
    return call<{ purpose: string; justification: string; expiresAt: string }>(
      `/api/topics/${topic.id}/charter`,
    );
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoServer({ now: new Date(), days: 3, mentions: 60, seed: 11 });
    const session = await call<{ unit: { id: number } }>('/api/auth/session');
    await call(`/api/units/${session.unit.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ functions: FUNCTIONS }),
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${demo.url}/`);
    await page.evaluate((token) => sessionStorage.setItem('nghe.token', token), demo.token);
    await page.reload();
    await page.waitForSelector('#overview-title');
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('asks the purpose, a justification and an expiry in the New topic form', async () => {
    await page.click('#new-topic');
    await page.fill('#topic-new-name', 'Ngập sau mưa');
    await page.fill('#topic-new-query', 'ngập');
    const options = await page
      .locator('#topic-new-purpose option')
      .evaluateAll((items) => items.map((item) => item.textContent));
    expect(options).toEqual(FUNCTIONS);
    const today = dayIn(new Date());
    expect(await page.inputValue('#topic-new-expiry')).toBe(daysAfter(today, DEFAULT_TOPIC_DAYS));
    expect(await page.getAttribute('#topic-new-expiry', 'min')).toBe(daysAfter(today, 1));
    // The demo's token is an administrator's, whose topics may run past the usual maximum.
    expect(await page.getAttribute('#topic-new-expiry', 'max')).toBeFalsy();
    expect(await page.textContent('#topic-new-justification-hint')).toContain(
      `ít nhất ${MIN_JUSTIFICATION_LENGTH} ký tự`,
    );

    // Without a justification nothing is created, and the form says why.
    const before = (await demo.store.listTopics()).length;
    await page.click('.topic-editor .topic-save');
    await page.waitForSelector('.topic-editor .error[role=alert]');
    expect(await page.textContent('.topic-editor .error[role=alert]')).toContain(
      `ít nhất ${MIN_JUSTIFICATION_LENGTH} ký tự`,
    );
    expect((await demo.store.listTopics()).length).toBe(before);
    await page.screenshot({ path: join(SHOTS, 'topic-charter-new-vi.png'), fullPage: true });

    await page.selectOption('#topic-new-purpose', FUNCTIONS[1] as string);
    await page.fill('#topic-new-justification', REASON);
    const lastDay = daysAfter(today, 30);
    await page.fill('#topic-new-expiry', lastDay);
    await page.click('.topic-editor .topic-save');
    await page.waitForFunction(() => location.hash.startsWith('#/topics/'));
    expect(await charterOf('Ngập sau mưa')).toMatchObject({
      purpose: FUNCTIONS[1],
      justification: REASON,
      expiresAt: endOfDay(lastDay),
    });
  });

  it('asks the same when a search is saved as a topic, in English too', async () => {
    await page.goto(`${demo.url}/#/search`);
    await page.selectOption('#lang-select', 'en');
    await page.fill('#query-input', 'triều cường');
    await page.waitForSelector('#query-ok');
    await page.fill('#topic-name', 'Triều cường');
    expect(await page.textContent('label[for="save-topic-justification"]')).toBe(
      'Why this topic is needed',
    );
    expect(await page.textContent('#save-topic-expiry-hint')).toContain(
      `at most ${MAX_TOPIC_DAYS} days`,
    );
    await page.fill('#save-topic-justification', 'too short');
    await page.click('#save-topic');
    await page.waitForSelector('.charter-problem');
    expect(await page.textContent('.charter-problem')).toContain(
      `at least ${MIN_JUSTIFICATION_LENGTH} characters`,
    );
    expect((await demo.store.listTopics()).map((t) => t.name)).not.toContain('Triều cường');
    await page.screenshot({ path: join(SHOTS, 'topic-charter-search-en.png'), fullPage: true });

    await page.fill('#save-topic-justification', REASON);
    await page.click('#save-topic');
    await page.waitForSelector('.save-topic ~ p.ok[role=status]');
    const charter = await charterOf('Triều cường');
    expect(charter).toMatchObject({ purpose: FUNCTIONS[0], justification: REASON });
    expect(charter.expiresAt).toBe(endOfDay(daysAfter(dayIn(new Date()), DEFAULT_TOPIC_DAYS)));
    await page.selectOption('#lang-select', 'vi');
    expect(pageErrors).toEqual([]);
  });
});
