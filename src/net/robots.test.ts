import { describe, expect, it } from 'vitest';
import { createRobotsPolicy, productToken } from './robots.js';

const ROBOTS = [
  'User-agent: *',
  'Disallow: /',
  '',
  'User-agent: nghe',
  'Disallow: /admin',
  'Allow: /admin/public',
].join('\n');

function countingLoader(texts: Record<string, string | null | Error>) {
  const calls: string[] = [];
  const load = async (robotsUrl: string) => {
    calls.push(robotsUrl);
    const text = texts[robotsUrl];
    if (text instanceof Error) throw text;
    return text ?? null;
  };
  return { calls, load };
}

describe('createRobotsPolicy', () => {
  it('applies the group for our product token', async () => {
    const { load } = countingLoader({ 'https://a.vn/robots.txt': ROBOTS });
    const robots = createRobotsPolicy({ load, userAgentToken: 'nghe' });
    expect(await robots.isAllowed('https://a.vn/news/1')).toBe(true);
    expect(await robots.isAllowed('https://a.vn/admin/x')).toBe(false);
    expect(await robots.isAllowed('https://a.vn/admin/public/y')).toBe(true);
    const other = createRobotsPolicy({ load, userAgentToken: 'otherbot' });
    expect(await other.isAllowed('https://a.vn/news/1')).toBe(false);
  });

  it('reports the Crawl-delay of our group', async () => {
    const { load } = countingLoader({
      'https://a.vn/robots.txt': 'User-agent: nghe\nCrawl-delay: 5\nDisallow: /x\n',
      'https://b.vn/robots.txt': 'User-agent: *\nDisallow: /x\n',
    });
    const robots = createRobotsPolicy({ load, userAgentToken: 'nghe' });
    expect(await robots.check('https://a.vn/news')).toEqual({
      allowed: true,
      crawlDelaySeconds: 5,
    });
    expect(await robots.check('https://b.vn/x')).toEqual({
      allowed: false,
      crawlDelaySeconds: null,
    });
  });

  it('loads each origin once, even for concurrent callers', async () => {
    const { calls, load } = countingLoader({ 'https://a.vn/robots.txt': ROBOTS });
    const robots = createRobotsPolicy({ load, userAgentToken: 'nghe' });
    await Promise.all([
      robots.isAllowed('https://a.vn/1'),
      robots.isAllowed('https://a.vn/2'),
      robots.isAllowed('https://b.vn/1'),
      robots.isAllowed('http://a.vn/1'),
    ]);
    expect(calls.sort()).toEqual([
      'http://a.vn/robots.txt',
      'https://a.vn/robots.txt',
      'https://b.vn/robots.txt',
    ]);
  });

  it('reloads after the time to live', async () => {
    let clock = 0;
    const { calls, load } = countingLoader({ 'https://a.vn/robots.txt': ROBOTS });
    const robots = createRobotsPolicy({
      load,
      userAgentToken: 'nghe',
      ttlMs: 1_000,
      now: () => clock,
    });
    await robots.isAllowed('https://a.vn/1');
    clock = 999;
    await robots.isAllowed('https://a.vn/1');
    clock = 1_000;
    await robots.isAllowed('https://a.vn/1');
    expect(calls.length).toBe(2);
  });

  it('allows everything when robots.txt is missing or its loader fails, and caches that', async () => {
    const { calls, load } = countingLoader({
      'https://a.vn/robots.txt': null,
      'https://b.vn/robots.txt': new Error('boom'),
    });
    const robots = createRobotsPolicy({ load, userAgentToken: 'nghe' });
    expect(await robots.isAllowed('https://a.vn/admin')).toBe(true);
    expect(await robots.isAllowed('https://b.vn/admin')).toBe(true);
    expect(await robots.isAllowed('https://b.vn/admin')).toBe(true);
    expect(calls.length).toBe(2);
  });

  it('keeps at most maxOrigins outcomes', async () => {
    const { calls, load } = countingLoader({});
    const robots = createRobotsPolicy({ load, userAgentToken: 'nghe', maxOrigins: 2 });
    for (const host of ['a', 'b', 'c', 'a']) await robots.isAllowed(`https://${host}.vn/`);
    expect(calls.length).toBe(4);
  });
});

describe('productToken', () => {
  it('takes the first product name, lower-cased', () => {
    expect(productToken('nghe/0.1 (+https://example.org)')).toBe('nghe');
    expect(productToken('Nghe')).toBe('nghe');
    expect(productToken('')).toBe('*');
  });
});
