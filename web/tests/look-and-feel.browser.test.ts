// The dashboard's look in Chromium against a real server: the dark mode switch is remembered,
// the map of places draws the seeded places and lists their figures, a new unit's first-run
// guide creates its first topic from a template, and every page is photographed at 1440×900
// and 390×844 in Vietnamese and English, light and dark, without sideways scroll on a phone.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/identity/password.js';
import type { MentionAnalysis, Sentiment } from '../../src/model.js';
import { identityStoreOf } from '../../src/store/sqlite/identity-store.js';
import { mentionInput } from '../../src/store/store.conformance.js';
import { CHROMIUM, launchChromium } from './chromium.js';
import { DASHBOARD_DIR, type DemoServer, startDemoServer } from './demo-server.js';

const SHOTS = join(import.meta.dirname, 'screenshots');
const PASSWORD = 'mật khẩu phường dài đủ';
const built = existsSync(join(DASHBOARD_DIR, 'index.html'));

/** Seeded place figures: province or ward code, mentions, negatives among them. */
const PLACES = [
  { province: '79', ward: '26740', mentions: 9, negative: 6 },
  { province: '79', ward: null, mentions: 3, negative: 0 },
  { province: '01', ward: null, mentions: 5, negative: 1 },
  { province: '48', ward: null, mentions: 2, negative: 2 },
];

function analysis(province: string, ward: string | null, sentiment: Sentiment): MentionAnalysis {
  return {
    lang: 'vi',
    sentiment,
    sentimentConfidence: 0.9,
    keywords: [],
    places: [
      { province, ward, level: ward ? 'ward' : 'city', code: ward ?? province, confidence: 0.9 },
    ],
    sectors: [{ sector: 'flooding', confidence: 0.8 }],
  };
}

describe.skipIf(!existsSync(CHROMIUM) || !built)('look and feel in Chromium', () => {
  let demo: DemoServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const now = new Date();
    demo = await startDemoServer({ now, days: 6, mentions: 120, seed: 11 });
    const at = (i: number) => new Date(now.getTime() - (i + 1) * 3_600_000).toISOString();
    let i = 0;
    const inputs = PLACES.flatMap((place) =>
      Array.from({ length: place.mentions }, (_, n) =>
        mentionInput({
          publishedAt: at(i++),
          collectedAt: now.toISOString(),
          text: `Mưa lớn gây ngập đường số ${i} trong khu dân cư, nước rút chậm.`,
          analysis: analysis(
            place.province,
            place.ward,
            n < place.negative ? 'negative' : 'neutral',
          ),
        }),
      ),
    );
    await demo.store.saveMentions(null, inputs);
    const identity = identityStoreOf(demo.store.db);
    const unit = await identity.createUnit({
      parentId: (await identity.rootUnit()).id,
      kind: 'ward',
      name: 'UBND phường Sài Gòn',
      places: ['ward:26740'],
      sectors: ['flooding', 'traffic'],
      functions: ['theo dõi ngập úng'],
    });
    await identity.createUser({
      unitId: unit.id,
      username: 'phuong',
      role: 'analyst',
      passwordHash: await hashPassword(PASSWORD),
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function openPage(
    options: {
      width?: number;
      height?: number;
      lang?: string;
      theme?: string | null;
      signedIn?: boolean;
    } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      colorScheme: 'light',
    });
    const token = options.signedIn === false ? '' : demo.token;
    const { lang = 'vi', theme = null } = options;
    await context.addInitScript(
      ([t, l, th]) => {
        if (t) sessionStorage.setItem('nghe.token', t);
        localStorage.setItem('nghe.lang', l as string);
        if (th) localStorage.setItem('nghe.theme', th);
      },
      [token, lang, theme],
    );
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  it('switches to dark mode and keeps it after a reload; follows the system until then', async () => {
    const page = await openPage();
    await page.goto(`${demo.url}/`);
    await page.waitForSelector('#theme-toggle');
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    const lightBg = await page.evaluate(
      () => getComputedStyle(document.documentElement).backgroundColor,
    );
    await page.click('#theme-toggle');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await page.getAttribute('#theme-toggle', 'aria-pressed')).toBe('true');
    await page.reload();
    await page.waitForSelector('#theme-toggle');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await page.evaluate(() => localStorage.getItem('nghe.theme'))).toBe('dark');
    const darkBg = await page.evaluate(
      () => getComputedStyle(document.documentElement).backgroundColor,
    );
    expect(darkBg).not.toBe(lightBg);
    await page.context().close();

    const system = await browser.newContext({ colorScheme: 'dark' });
    const fresh = await system.newPage();
    await fresh.goto(`${demo.url}/`);
    await fresh.waitForSelector('#theme-toggle');
    expect(await fresh.getAttribute('html', 'data-theme')).toBe('dark');
    await system.close();
  });

  it('draws the seeded places on the map and lists their figures', async () => {
    const page = await openPage({ lang: 'en' });
    await page.goto(`${demo.url}/#/map`);
    await page.waitForSelector('#map-table tbody tr[data-code="79"]');
    const row = (code: string) => page.textContent(`#map-table tr[data-code="${code}"]`);
    const hcmc = PLACES.filter((p) => p.province === '79');
    const hcmcMentions = hcmc.reduce((s, p) => s + p.mentions, 0);
    expect(await row('79')).toContain(String(hcmcMentions));
    const hcmcNegative = hcmc.reduce((s, p) => s + p.negative, 0) / hcmcMentions;
    expect(await row('79')).toContain(`${Math.round(hcmcNegative * 100)}%`);
    expect(await row('01')).toContain('5');
    const canvas = await page.waitForSelector('.places-map canvas');
    const box = await canvas.boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBeGreaterThan(200);
    expect(await page.textContent('.places-map figcaption')).toContain('Hồ Chí Minh');
    // Some pixels differ from the panel: symbols were drawn.
    const drawn = await canvas.evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) painted++;
      return painted;
    });
    expect(drawn).toBeGreaterThan(500);
    await page.click('input[name=map-metric][value=negative]');
    await page.selectOption('#map-level', 'ward');
    await page.selectOption('#map-province', '79');
    await page.waitForSelector('#map-table tbody tr[data-code="26740"]');
    expect(await row('26740')).toContain('9');
    await page.screenshot({ path: join(SHOTS, 'map-wards-en-1280.png'), fullPage: true });
    await page.context().close();
  });

  it("guides a new unit's first run to its first topic, made from a template", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${demo.url}/`);
    await page.fill('#username-input', 'phuong');
    await page.fill('#password-input', PASSWORD);
    await page.click('#password-form button[type=submit]');
    await page.waitForSelector('#first-run-form');
    expect(await page.textContent('#first-run')).toContain('90 %');
    expect(await page.inputValue('#first-run-place')).toBe('ward:26740');
    await page.selectOption('#first-run-sector', 'traffic');
    await page.waitForFunction(() =>
      (document.querySelector('#first-run-name') as HTMLInputElement).value.includes('Giao'),
    );
    const query = (await page.textContent('#first-run-query')) ?? '';
    expect(query).toContain('sector:traffic');
    expect(query).toContain('place:"Sài Gòn"');
    await page.fill('#first-run-justification', 'kẹt xe giờ cao điểm quanh chợ Bến Thành');
    await page.screenshot({ path: join(SHOTS, 'first-run-vi-1280.png'), fullPage: true });
    await page.click('#first-run-form button[type=submit]');
    await page.waitForSelector('.topic-card');
    const topics = await demo.store.listTopics();
    const made = topics.find((t) => t.name === 'Giao thông ở Sài Gòn');
    expect(made?.query).toBe(query);
    expect(await page.textContent('.topic-card h2')).toContain('Giao thông ở Sài Gòn');
    await context.close();
  });

  it('photographs every page in both languages and themes, with no sideways scroll at 390 px', async () => {
    const topicId = demo.seeded.topicIds[0]!;
    const mention = (await demo.store.listMentions({ limit: 1 })).mentions[0];
    const pages: [string, string, string][] = [
      ['overview', '#/', '.topic-card'],
      ['topic', `#/topics/${topicId}`, '.chart canvas'],
      ['search', '#/search', '#main h1'],
      ['sources', '#/sources', '.sources-table'],
      ['reports', '#/reports', '#main h1'],
      ['usage', '#/usage', '#main h1'],
      ['access', '#/access', '#main h1'],
      ['map', '#/map', '#map-table'],
    ];
    if (mention) pages.push(['thread', `#/mentions/${mention.id}/thread`, '#main h1']);
    const overflow: string[] = [];
    for (const [width, height] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      for (const lang of ['vi', 'en']) {
        for (const theme of ['light', 'dark']) {
          const page = await openPage({ width, height, lang, theme });
          for (const [name, hash, ready] of pages) {
            await page.goto(`${demo.url}/${hash}`);
            await page.waitForSelector(ready, { timeout: 15_000 });
            await page.waitForTimeout(300);
            const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
            if (scroll > width) overflow.push(`${name} ${lang} ${theme} ${width}: ${scroll}px`);
            await page.screenshot({
              path: join(SHOTS, `${name}-${lang}-${theme}-${width}.png`),
              fullPage: width < 500,
            });
          }
          await page.context().close();
          const signIn = await openPage({ width, height, lang, theme, signedIn: false });
          await signIn.goto(`${demo.url}/`);
          await signIn.waitForSelector('#password-form');
          const scroll = await signIn.evaluate(() => document.documentElement.scrollWidth);
          if (scroll > width) overflow.push(`sign-in ${lang} ${theme} ${width}: ${scroll}px`);
          await signIn.screenshot({ path: join(SHOTS, `sign-in-${lang}-${theme}-${width}.png`) });
          await signIn.context().close();
        }
      }
    }
    expect(overflow).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 600_000);
});
