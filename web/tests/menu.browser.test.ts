// The dashboard's menu follows what the signed-in person may do: the usage review for auditors
// and administrators only, the pages of figures for roles that may read them.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/identity/password.js';
import type { Role } from '../../src/identity/roles.js';
import { identityStoreOf } from '../../src/store/sqlite/identity-store.js';
import { launchChromium } from './chromium.js';
import { type DemoServer, startDemoServer } from './demo-server.js';

const PASSWORD = 'mật khẩu thử nghiệm dài';

describe('dashboard menu by role', () => {
  let demo: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemoServer({ now: new Date(), days: 2, mentions: 20, seed: 3 });
    const identity = identityStoreOf(demo.store.db);
    const passwordHash = await hashPassword(PASSWORD);
    for (const role of ['admin', 'analyst', 'auditor', 'viewer'] as Role[]) {
      await identity.createUser({
        unitId: (await identity.rootUnit()).id,
        username: `menu-${role}`,
        role,
        passwordHash,
      });
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function menuOf(role: Role): Promise<string[]> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page: Page = await context.newPage();
    try {
      await page.goto(`${demo.url}/`);
      await page.fill('#username-input', `menu-${role}`);
      await page.fill('#password-input', PASSWORD);
      await page.click('#password-form button[type=submit]');
      await page.waitForSelector('nav[data-capabilities]');
      return await page
        .locator('nav .nav-list a')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    } finally {
      await context.close();
    }
  }

  it('shows the usage review to auditors and administrators, figures to readers', async () => {
    const admin = await menuOf('admin');
    expect(admin).toEqual(expect.arrayContaining(['#/', '#/search', '#/usage', '#/access']));
    const analyst = await menuOf('analyst');
    expect(analyst).toEqual(expect.arrayContaining(['#/', '#/search', '#/access']));
    expect(analyst).not.toContain('#/usage');
    const auditor = await menuOf('auditor');
    expect(auditor).toContain('#/usage');
    expect(auditor).not.toContain('#/');
    expect(auditor).not.toContain('#/search');
    const viewer = await menuOf('viewer');
    expect(viewer).toContain('#/');
    expect(viewer).not.toContain('#/search');
    expect(viewer).not.toContain('#/usage');
  });
});
