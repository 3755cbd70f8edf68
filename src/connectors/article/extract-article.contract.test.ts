// Contract check against another reader's expected extractions: miniflux's scraper test pages
// (X.html -> X.html-result, the expected main-content HTML). The extracted text must contain the
// expected text: token recall >= 0.9, and no tokens of its own where nothing was expected.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../text/html.js';
import { extractArticle } from './extract-article.js';

const READER = resolve(process.cwd(), '../shared/data/feeds/miniflux/internal/reader');
const SCRAPER = join(READER, 'scraper/testdata');
const SANITIZER = join(READER, 'sanitizer/testdata');
const available = existsSync(SCRAPER);
if (!available) console.log(`skipping miniflux extraction contract: ${SCRAPER} not found`);

function tokens(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Share of `expected` tokens (with multiplicity) found in `actual`. */
function tokenRecall(expected: string[], actual: string[]): number {
  if (expected.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const token of actual) counts.set(token, (counts.get(token) ?? 0) + 1);
  let found = 0;
  for (const token of expected) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      found += 1;
      counts.set(token, left - 1);
    }
  }
  return found / expected.length;
}

describe.skipIf(!available)('extractArticle against miniflux scraper expectations', () => {
  const cases = available
    ? readdirSync(SCRAPER)
        .filter((name) => name.endsWith('.html') && existsSync(join(SCRAPER, `${name}-result`)))
        .sort()
    : [];

  it('finds the expected pages', () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases)('%s: extracted text contains the expected text', (name) => {
    const html = readFileSync(join(SCRAPER, name), 'utf8');
    const expected = tokens(htmlToText(readFileSync(join(SCRAPER, `${name}-result`), 'utf8')));
    const actual = tokens(extractArticle(html, `https://example.org/${name}`).text);
    const recall = tokenRecall(expected, actual);
    console.log(`${name}: token recall ${recall.toFixed(3)} (${expected.length} expected tokens)`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    // Pages whose expected content holds no text (only images or frames) must yield none either.
    if (expected.length === 0) expect(actual).toEqual([]);
  });

  it.each(existsSync(SANITIZER) ? readdirSync(SANITIZER).filter((n) => n.endsWith('.html')) : [])(
    '%s: a large real page yields safe text and metadata',
    (name) => {
      const article = extractArticle(
        readFileSync(join(SANITIZER, name), 'utf8'),
        'https://example.org/',
      );
      expect(article.text.length).toBeGreaterThan(500);
      expect(article.title).not.toBeNull();
      expect(article.canonicalUrl).toMatch(/^https:\/\//);
      expect(article.html ?? '').not.toMatch(/<script|onclick=|javascript:/i);
    },
  );
});
