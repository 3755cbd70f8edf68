// Password sign-in in the dashboard: the default form, a refusal shown in words, a session kept
// in an HttpOnly cookie the page cannot read (nothing in storage), kept across a reload, and
// ended on the server at sign-out.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/identity/password.js';
import { identityStoreOf } from '../../src/store/sqlite/identity-store.js';
import { launchChromium } from './chromium.js';
import { type DemoServer, startDemoServer } from './demo-server.js';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');
const PASSWORD = 'mật khẩu thử nghiệm dài';

describe('dashboard sign-in with a password', () => {
  let demo: DemoServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoServer({ now: new Date(), days: 3, mentions: 40, seed: 5 });
    const identity = identityStoreOf(demo.store.db);
    identity.createUser({
      unitId: identity.rootUnit().id,
      username: 'lan',
      role: 'analyst',
      passwordHash: await hashPassword(PASSWORD),
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('signs in with a username and password into an HttpOnly session, and out again', async () => {
    await page.goto(`${demo.url}/`);
    await page.fill('#username-input', 'lan');
    await page.fill('#password-input', 'not the password');
    await page.click('#password-form button[type=submit]');
    await page.waitForSelector('#password-error');
    expect(await page.textContent('#password-error')).toMatch(/mật khẩu|password/i);
    await page.fill('#password-input', PASSWORD);
    await page.click('#password-form button[type=submit]');
    await page.waitForSelector('.topic-card');
    await page.screenshot({ path: join(SHOTS, 'sign-in-password.png') });

    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'nghe_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('nghe_session');
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...localStorage, ...sessionStorage }),
    );
    expect(stored).not.toContain(session!.value);
    expect(await page.evaluate(() => sessionStorage.getItem('nghe.token'))).toBeNull();

    await page.reload();
    await page.waitForSelector('.topic-card');

    await page.click('#sign-out');
    await page.waitForSelector('#password-form');
    const stale = await fetch(`${demo.url}/api/auth/session`, {
      headers: { Cookie: `nghe_session=${session!.value}` },
    });
    expect(stale.status).toBe(401);
    expect(pageErrors).toEqual([]);
  });
});
