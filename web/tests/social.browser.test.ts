// The thread view, the sources page with social platforms, and platform names, in Debian's
// Chromium against a real API server. Expected figures come from the seed and the store.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformModules } from '../../src/connectors/platforms.js';
import { sourceKinds } from '../../src/connectors/registry.js';
import { createDateFormatter } from '../src/format/dates.js';
import { CHROMIUM, launchChromium } from './chromium.js';
import { DASHBOARD_DIR, type DemoServer, startDemoServer } from './demo-server.js';
import { type SocialSeed, seedPlatformVoices, seedSocial } from './social-seed.js';
import { signInWithToken } from './token-sign-in.js';

const SHOTS = join(process.cwd(), 'test-output', 'screenshots');
const built = existsSync(join(DASHBOARD_DIR, 'index.html'));
const viNumber = new Intl.NumberFormat('vi-VN');
/** Dates as the dashboard writes them in Vietnamese, in its zone. */
const viDates = createDateFormatter('vi', 'Asia/Ho_Chi_Minh');

/** Brand names are the same in both languages; news sites are named in the reader's. */
const BRANDS: Record<string, string> = {
  youtube: 'YouTube',
  reddit: 'Reddit',
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  tiktok: 'TikTok',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  telegram: 'Telegram',
  zalo: 'Zalo',
};

/** The installation's default k; the demo server keeps it. */
const MIN_GROUP = 10;
/** The demo seed's social platforms, each topped up to k persons. */
const SHOWN_PLATFORMS = ['facebook', 'youtube', 'x', 'tiktok'];
/** Below k each, k or more together: one merged row. */
const MERGED_PLATFORMS = ['reddit', 'mastodon'];

describe.skipIf(!existsSync(CHROMIUM) || !built)('social platforms in the dashboard', () => {
  const now = new Date();
  let demo: DemoServer;
  let seed: SocialSeed;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const id = (externalId: string) => seed.ids.get(externalId) as number;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    demo = await startDemoServer({ now, days: 5, mentions: 120, seed: 11 });
    seed = await seedSocial(demo.store, now);
    // The flood topic's platforms each reach k persons, but for two below it that are merged.
    const flood = demo.seeded.topicIds[1] as number;
    await seedPlatformVoices(demo.store, now, flood, SHOWN_PLATFORMS, MIN_GROUP);
    await seedPlatformVoices(demo.store, now, flood, MERGED_PLATFORMS, MIN_GROUP / 2 + 1);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInWithToken(page, demo.url, demo.token);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('opens a comment found by search in its conversation, as an indented tree', async () => {
    await page.goto(`${demo.url}/#/search`);
    await page.fill('#query-input', '"Rạch Chiếc"');
    await page.click('form.search-form button[type=submit]');
    const found = page.locator(`.mention[data-mention-id="${id('yt-c1')}"]`);
    await found.waitFor();
    expect(await found.locator('.author').textContent()).toBe('một người');
    await found.locator('.thread-link').click();
    await page.waitForSelector('.thread-tree');
    expect(new URL(page.url()).hash).toBe(`#/mentions/${id('yt-c1')}/thread`);

    const thread = await demo.store.getThread(id('yt-c1'));
    if (!thread) throw new Error('no thread');
    expect(await page.getAttribute('.thread-count', 'data-total')).toBe(String(thread.total));
    // Every seeded comment sits at its depth under its parent, in the order they were written.
    const nodes = page.locator('.thread-tree .thread-node');
    expect(await nodes.count()).toBe(1 + seed.comments.length + 1);
    const root = page.locator(`.thread-node[data-mention-id="${id(seed.rootExternalId)}"]`);
    expect(await root.getAttribute('data-depth')).toBe('0');
    expect(await root.locator('> .thread-mention .author').textContent()).toBe('VTV24 (kênh)');
    for (const comment of seed.comments) {
      const node = page.locator(`.thread-node[data-mention-id="${id(comment.externalId)}"]`);
      expect(await node.getAttribute('data-depth')).toBe(String(comment.depth));
      const parent = node.locator('xpath=../..');
      expect(await parent.getAttribute('data-mention-id')).toBe(String(id(comment.parent ?? '')));
      const own = node.locator('> .thread-mention');
      expect(await own.locator('.author').textContent()).toBe('một người');
      if (comment.deleted) {
        expect(await node.getAttribute('data-deleted')).toBe('true');
        expect(await own.textContent()).toContain('đã bị xoá');
        expect(await own.textContent()).not.toContain(comment.text);
      } else {
        expect(await node.getAttribute('data-sentiment')).toBe(comment.sentiment);
        expect(await own.textContent()).toContain(comment.text);
      }
    }
    const order = await root
      .locator('> .thread-replies > .thread-node')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-mention-id')));
    expect(order).toEqual(
      seed.comments.filter((c) => c.depth === 1).map((c) => String(id(c.externalId))),
    );
    // The orphan keeps its place apart; the opened comment is marked.
    const orphan = page.locator(
      `.thread-unattached .thread-node[data-mention-id="${id(seed.orphanExternalId)}"]`,
    );
    expect(await orphan.count()).toBe(1);
    expect(await page.getAttribute(`[data-mention-id="${id('yt-c1')}"]`, 'class')).toContain(
      'thread-opened',
    );
    // No pseudonym anywhere on the page.
    const body = (await page.textContent('main')) ?? '';
    for (const key of seed.authorKeys) expect(body).not.toContain(key);

    // The video's latest counts, and its engagement over time from every observation.
    const latest = seed.snapshots[seed.snapshots.length - 1];
    const likes = await root
      .locator('> .thread-mention .engagement-count[data-metric="likes"]')
      .textContent();
    expect(likes).toContain(viNumber.format(latest?.likes ?? -1));
    await page.waitForSelector('.engagement-chart canvas');
    expect(await page.getAttribute('.engagement-chart table', 'data-points')).toBe(
      String(seed.snapshots.length),
    );
    const views = await page
      .locator('.engagement-chart tbody td[data-metric="views"]')
      .allTextContents();
    expect(views.map(Number)).toEqual(seed.snapshots.map((s) => s.views));
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'thread.png'), fullPage: true });
  });

  it('deep-links to a reply, in English too', async () => {
    const reply = id('yt-c3-r1-r1');
    await page.goto(`${demo.url}/#/mentions/${reply}/thread`);
    await page.reload();
    await page.waitForSelector(`.thread-opened[data-mention-id="${reply}"]`);
    await page.selectOption('#lang-select', 'en');
    await page.waitForSelector('#thread-title:has-text("Conversation")');
    const authors = await page
      .locator('.thread-node:not([data-depth="0"]) > .thread-mention .author')
      .allTextContents();
    expect(new Set(authors)).toEqual(new Set(['a person']));
    expect(await page.textContent(`[data-mention-id="${id('yt-c2')}"]`)).toContain(
      'removed on the platform',
    );
    await page.waitForSelector('.engagement-chart canvas');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'thread-en.png'), fullPage: true });
    await page.selectOption('#lang-select', 'vi');
  });

  it('shows each source with its platform, what it follows and why it waits', async () => {
    await page.goto(`${demo.url}/#/sources`);
    await page.waitForSelector('.sources-table');
    const sources = await demo.store.listSources();
    expect(await page.locator('.sources-table tbody tr').count()).toBe(sources.length);

    const quota = page.locator(`tr[data-source-id="${seed.sources.quota}"]`);
    expect(await quota.locator('.platform-label').textContent()).toContain('YouTube');
    expect(await quota.locator('.source-follows').textContent()).toBe('kênh @vtv24');
    expect(await quota.getAttribute('data-status')).toBe('status-wait');
    const reason = (await quota.locator('.status-reason').textContent()) ?? '';
    expect(reason).toContain('hết hạn mức');
    expect(reason).toContain(viDates.dateTime(seed.quotaResetAt));
    expect(await quota.locator('.quota-left').textContent()).toBe(
      `còn 0/${viNumber.format(10_000)}`,
    );

    const missing = page.locator(`tr[data-source-id="${seed.sources.missing}"]`);
    expect(await missing.locator('.source-follows').textContent()).toBe(
      'thẻ #hanoi (mastodon.social)',
    );
    expect(await missing.locator('.status-reason').textContent()).toContain(
      'nghe credentials add mastodon',
    );

    const refused = page.locator(`tr[data-source-id="${seed.sources.refused}"]`);
    expect(await refused.getAttribute('data-status')).toBe('status-bad');
    expect(await refused.locator('.status-reason').textContent()).toContain('từ chối');
    expect(await refused.locator('.quarantine-note').textContent()).toContain(
      seed.quarantineReason,
    );

    // Credentials: status and quota left, never a secret.
    const credentials = await demo.store.listCredentials();
    const rows = page.locator('.credentials-table tbody tr');
    expect(await rows.count()).toBe(credentials.length);
    const statuses = await page
      .locator('.credentials-table [data-status]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-status')));
    expect(statuses).toEqual(credentials.map((c) => c.status));
    expect(await rows.first().locator('.quota-cell').textContent()).toContain(
      `còn 0/${viNumber.format(10_000)}`,
    );
    expect(await page.textContent('main')).not.toContain('not-a-real-sealed-secret');

    // Eligibility notes come from each platform module, one per platform.
    const notes = page.locator('.eligibility-panel details');
    expect(await notes.count()).toBe(platformModules.size);
    for (const [platform, module] of platformModules) {
      const note = page.locator(`.eligibility-panel details[data-platform="${platform}"]`);
      expect(await note.locator('summary').textContent()).toContain(BRANDS[platform] ?? '?');
      expect(await note.locator('p[lang="en"]').textContent()).toBe(module.eligibility);
    }
    await page.locator('.eligibility-panel details[data-platform="youtube"] summary').click();
    await page.screenshot({ path: join(SHOTS, 'sources-social.png'), fullPage: true });
  });

  it('recognises platform addresses as they are typed, and adds what it recognised', async () => {
    await page.fill('#source-url', 'https://www.youtube.com/@baotuoitre');
    await page.waitForSelector('.recognised[data-kind="youtube"]');
    expect(await page.textContent('.recognised-follow')).toBe('kênh @baotuoitre');
    expect(await page.textContent('.add-source .eligibility-note p[lang="en"]')).toBe(
      platformModules.get('youtube')?.eligibility ?? '?',
    );
    await page.screenshot({ path: join(SHOTS, 'sources-add.png') });
    await page.click('.add-source button[type=submit]');
    await page.waitForSelector('#add-source-message.ok');
    expect(await page.textContent('#add-source-message')).toContain('kênh @baotuoitre');
    const added = (await demo.store.listSources()).find((s) => s.url.includes('@baotuoitre'));
    expect(added?.settings).toMatchObject({ follow: 'channel', handle: 'baotuoitre' });
    await page.waitForSelector(`tr[data-source-id="${added?.id}"]`);

    await page.fill('#source-url', 'https://mastodon.social/tags/hanoi');
    await page.waitForSelector('.recognised[data-kind="mastodon"]');
    expect(await page.textContent('.recognised-follow')).toBe('thẻ #hanoi (mastodon.social)');

    await page.fill('#source-url', 'https://t.me/s/tuoitrenews');
    if (sourceKinds.telegram.connector) {
      await page.waitForSelector('.recognised[data-kind="telegram"]');
    } else {
      await page.waitForSelector('.recognised-error');
      expect(await page.textContent('.recognised-error')).toContain('telegram');
    }
    // The platform's notes show either way.
    expect(await page.textContent('.add-source .eligibility-note p[lang="en"]')).toBe(
      platformModules.get('telegram')?.eligibility ?? '?',
    );

    await page.fill('#source-url', 'https://www.youtube.com/playlist?list=PL0');
    await page.selectOption('#source-kind', 'youtube');
    await page.waitForSelector('.recognised-error');
    expect(await page.textContent('.recognised-error')).toContain('not a youtube address');
  });

  it('names the platforms in the topic breakdown and filter', async () => {
    await page.goto(`${demo.url}/#/topics/${demo.seeded.topicIds[1]}`);
    await page.waitForSelector('section[aria-label="Nền tảng"] .bar-row');
    const bars = await page
      .locator('section[aria-label="Nền tảng"] .bar-row')
      .evaluateAll((items) =>
        items.map((item) => [
          item.getAttribute('data-key') ?? '',
          item.querySelector('.bar-label')?.textContent ?? '',
        ]),
      );
    const keys = bars.map(([key]) => key);
    expect(keys).toEqual(expect.arrayContaining(['web', ...SHOWN_PLATFORMS]));
    for (const [key, label] of bars.filter(([key]) => key !== 'other'))
      expect(label).toBe(key === 'web' ? 'Trang tin tức' : BRANDS[key as string]);
    // Platforms below k are never named: they are one row that says why.
    for (const platform of MERGED_PLATFORMS) expect(keys).not.toContain(platform);
    expect(keys.filter((key) => key === 'other')).toHaveLength(1);
    expect(bars.find(([key]) => key === 'other')?.[1]).toBe(
      `Khác (mỗi nhóm dưới ${MIN_GROUP} người)`,
    );
    const options = await page
      .locator('#filter-platform option')
      .evaluateAll((items) =>
        items.map((item) => [(item as HTMLOptionElement).value, item.textContent ?? '']),
      );
    for (const [value, label] of options.slice(1))
      expect(label).toBe(value === 'web' ? 'Trang tin tức' : BRANDS[value as string]);
    await page.waitForSelector('.mention .platform-mark');
    expect(pageErrors).toEqual([]);
  });
});
