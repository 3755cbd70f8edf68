// The usage review page: an auditor signs in and sees the unit's entries and the flags for
// unusual use with the rules that raised them; an analyst is told the page is for auditors.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/identity/password.js';
import { identityStoreOf } from '../../src/store/sqlite/identity-store.js';
import { launchChromium } from './chromium.js';
import { type DemoServer, startDemoServer } from './demo-server.js';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');
const PASSWORD = 'mật khẩu kiểm toán dài';

describe('usage review page', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoServer({ now: new Date(), days: 3, mentions: 40, seed: 7 });
    const identity = identityStoreOf(demo.store.db);
    const root = await identity.rootUnit();
    const passwordHash = await hashPassword(PASSWORD);
    for (const [username, role] of [
      ['kiemtoan', 'auditor'],
      ['lan', 'analyst'],
    ] as const) {
      await identity.createUser({ unitId: root.id, username, role, passwordHash });
    }
    await demo.store.appendAudit({
      actor: 'lan',
      action: 'exportMentions',
      detail: JSON.stringify({ export: 'mentions', format: 'csv' }),
      resultCount: 480,
      unitId: root.id,
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function signIn(username: string) {
    await page.goto(`${demo.url}/`);
    await page.fill('#username-input', username);
    await page.fill('#password-input', PASSWORD);
    await page.click('#password-form button[type=submit]');
    // An auditor's overview has no topics: the header's sign-out says the session began.
    await page.waitForSelector('#sign-out');
  }

  it('shows an auditor the entries and the flags, and an analyst nothing', async () => {
    await signIn('kiemtoan');
    await page.goto(`${demo.url}/#/usage`);
    await page.waitForSelector('#usage-entries tbody tr');
    const rows = await page.textContent('#usage-entries');
    expect(rows).toContain('exportMentions');
    expect(rows).toContain('signIn');
    await page.waitForSelector('.usage-flag-export-volume');
    expect(await page.textContent('.usage-flag-export-volume')).toMatch(/lan.*480/);
    expect(await page.textContent('.usage-rules')).toContain('5');
    await page.fill('#usage-user', 'lan');
    await page.click('#usage-filter button[type=submit]');
    await page.waitForFunction(
      () => !document.querySelector('#usage-entries')?.textContent?.includes('signIn'),
    );
    await page.screenshot({ path: join(SHOTS, 'usage-review.png') });

    await page.click('#sign-out');
    await page.waitForSelector('#password-form');
    await signIn('lan');
    await page.goto(`${demo.url}/#/usage`);
    await page.waitForSelector('.usage-page [role=alert]');
    expect(await page.$('#usage-entries')).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
