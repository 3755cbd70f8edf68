// The dashboard's stylesheet at 390 px wide: nothing scrolls sideways (a chart's data table,
// hidden for sighted readers, must not keep its width) and the header's last control, sign
// out, stays on screen. Rendered in Chromium from web/src/styles.css with the app's markup.
import { existsSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './chromium.js';

const CSS = readFileSync(new URL('../src/styles.css', import.meta.url), 'utf8');

const row = (i: number) =>
  `<tr><th scope="row">2026-11-${String(1 + (i % 28)).padStart(2, '0')} 00:00 Asia/Ho_Chi_Minh</th>${'<td>1 234 567 mentions</td>'.repeat(6)}</tr>`;

const PAGE = `<!doctype html><html lang="vi"><head><meta name="viewport" content="width=device-width, initial-scale=1">
<style>${CSS}</style></head><body>
<header class="app-header">
  <a class="brand" href="#/">nghe</a>
  <nav><ul class="nav-list"><li><a href="#/">Tổng quan</a></li><li><a href="#/search">Tìm kiếm</a></li><li><a href="#/sources">Nguồn</a></li></ul></nav>
  <div class="header-controls">
    <label><span class="visually-hidden">Ngôn ngữ</span><select><option>Tiếng Việt</option></select></label>
    <label><span class="visually-hidden">Múi giờ</span><select><option>Asia/Ho_Chi_Minh</option></select></label>
    <button type="button" class="bell">🔔 3</button>
    <button type="button" id="sign-out">Đăng xuất</button>
  </div>
</header>
<main id="main"><section class="panel chart">
  <table class="visually-hidden chart-table"><tbody>${Array.from({ length: 30 }, (_, i) => row(i)).join('')}</tbody></table>
</section></main></body></html>`;

describe.skipIf(!existsSync(CHROMIUM))('layout at 390 px', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('has no sideways scroll and keeps sign out on screen', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.setContent(PAGE);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    const box = await page.locator('#sign-out').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await page.close();
  });
});
