// Reports in Chromium: a weekly report generated from the reports page and shown with its
// issues and coverage, and a policy page with its before/after chart, in both languages.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackfill } from '../../src/jobs/backfill.js';
import { addPolicy } from '../../src/reports/policy/policy-input.js';
import { reportDepsFor } from '../../src/reports/report-jobs.js';
import { CHROMIUM, launchChromium } from './chromium.js';
import { DASHBOARD_DIR, type DemoServer, startDemoServer } from './demo-server.js';
import { signInWithToken } from './token-sign-in.js';

const SHOTS = join(process.cwd(), 'test-output', 'screenshots');
const built = existsSync(join(DASHBOARD_DIR, 'index.html'));

describe.skipIf(!existsSync(CHROMIUM) || !built)('reports in the dashboard', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Enough mentions a day that the policy days reach the small-group size k (10) and are drawn.
    demo = await startDemoServer({ now: new Date(), days: 10, mentions: 1000, seed: 5 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInWithToken(page, demo.url, demo.token);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('generates a weekly report from the reports page and shows it with its coverage', async () => {
    await page.goto(`${demo.url}/#/reports`);
    await page.waitForSelector('#report-place');
    await page.fill('#report-place', 'TP.HCM');
    await page.click('#generate-weekly');
    await page.waitForSelector('.weekly-view');
    const heading = await page.locator('.weekly-view h1').textContent();
    expect(heading).toContain('Hồ Chí Minh');
    expect(await page.locator('.weekly-view').textContent()).toContain('Phạm vi thu thập');
    expect(page.url()).toMatch(/#\/reports\/\d+$/);
    await page.screenshot({ path: join(SHOTS, 'weekly-report.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows a policy with its before/after chart, in English too', async () => {
    const deps = reportDepsFor(demo.store)!;
    // Policy windows are whole days in Asia/Ho_Chi_Minh, so today is that zone's date.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
      new Date(),
    );
    const policy = await addPolicy(demo.store, deps.reports, {
      name: 'Thu phí gửi xe',
      query: 'xe OR ngập',
      promulgatedOn: today,
    });
    await runBackfill(demo.store, policy.topicId!, { reset: false });
    await page.goto(`${demo.url}/#/policies/${policy.id}`);
    await page.waitForSelector('.before-after-chart');
    expect(await page.locator('.policy-view h1').textContent()).toContain('Thu phí gửi xe');
    // 14 days before and the promulgation day itself: the window after runs up to now.
    expect(await page.locator('.before-after-chart rect.column').count()).toBe(15);
    expect(await page.locator('#negative-verdict').textContent()).toContain('tỷ lệ tiêu cực');
    const heights = await page
      .locator('.before-after-chart rect.column')
      .evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute('height'))));
    expect(heights.some((h) => h > 0)).toBe(true);
    await page.selectOption('#lang-select', 'en');
    await page.waitForSelector('text=Policy reception: Thu phí gửi xe');
    await page.screenshot({ path: join(SHOTS, 'policy.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
