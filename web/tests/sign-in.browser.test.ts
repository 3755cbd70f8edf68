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
    const passwordHash = await hashPassword(PASSWORD);
    await identity.createUser({
      unitId: (await identity.rootUnit()).id,
      username: 'lan',
      role: 'analyst',
      passwordHash,
    });
    await identity.createUser({
      unitId: (await identity.rootUnit()).id,
      username: 'quan-tri',
      role: 'admin',
      passwordHash,
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

  it('lets an administrator add a unit and a user, and create and revoke a token', async () => {
    await page.goto(`${demo.url}/`);
    await page.fill('#username-input', 'quan-tri');
    await page.fill('#password-input', PASSWORD);
    await page.click('#password-form button[type=submit]');
    await page.waitForSelector('.topic-card');
    await page.goto(`${demo.url}/#/access`);
    await page.waitForSelector('#unit-create-form');
    await page.fill('#new-unit-name', 'Phường Thủ Dầu Một');
    await page.selectOption('#new-unit-kind', 'ward');
    await page.fill('#new-unit-places', 'ward:25747');
    await page.fill('#new-unit-sectors', 'flooding');
    await page.fill('#new-unit-functions', 'theo dõi ngập');
    await page.click('#unit-create-form button[type=submit]');
    await page.waitForSelector('tr[data-unit-id] >> text=Phường Thủ Dầu Một');
    await page.fill('#new-user-name', 'mai');
    await page.selectOption('#new-user-unit', { label: 'Phường Thủ Dầu Một' });
    await page.selectOption('#new-user-role', 'viewer');
    await page.fill('#new-user-password', 'một mật khẩu đủ dài');
    await page.click('#user-create-form button[type=submit]');
    await page.waitForSelector('tr[data-user-id] >> text=mai');
    await page.fill('#new-token-name', 'bao-cao');
    await page.click('#token-create-form button[type=submit]');
    const value = await (await page.waitForSelector('#new-token-value')).textContent();
    expect(value).toMatch(/^nghe_/);
    await page.screenshot({ path: join(SHOTS, 'access.png'), fullPage: true });
    const ok = await fetch(`${demo.url}/api/topics`, {
      headers: { Authorization: `Bearer ${value}` },
    });
    expect(ok.status).toBe(200);
    // Administrators see every token; this one is the row named bao-cao.
    await page.click('tr[data-token-id]:has-text("bao-cao") button');
    await page.waitForSelector('tr[data-token-id]:has-text("bao-cao"):not(:has(button))');
    const revoked = await fetch(`${demo.url}/api/topics`, {
      headers: { Authorization: `Bearer ${value}` },
    });
    expect(revoked.status).toBe(401);
    expect(pageErrors).toEqual([]);
  });
});
