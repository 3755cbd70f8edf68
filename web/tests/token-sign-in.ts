// Signs a test page into the demo dashboard with an API token and waits for the overview, the
// way most browser suites start; the sign-in flow itself is tested in dashboard.browser.test.ts.
import type { Page } from 'playwright-core';

export async function signInWithToken(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.fill('#token-input', token);
  await page.click('#token-form button[type=submit]');
  await page.waitForSelector('.topic-card');
}
