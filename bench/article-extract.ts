// Article extraction benchmark: extractArticle (linkedom parse, metadata, Readability,
// sanitising, plain text) over the outlet-shaped fixtures and, when ../shared is present,
// miniflux's scraper and sanitizer pages (two large real pages: GitHub, Wikipedia).
//   npx tsx bench/article-extract.ts [--rounds 20]
// Prints pages/s and MB/s per page set, after one warm-up round.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { extractArticle } from '../src/connectors/article/extract-article.js';

interface PageSet {
  name: string;
  pages: { name: string; html: string }[];
}

function readPages(dir: string, name: string): PageSet | null {
  if (!existsSync(dir)) {
    console.log(`skipping ${name}: ${dir} not found`);
    return null;
  }
  const pages = readdirSync(dir)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => ({ name: file, html: readFileSync(join(dir, file), 'utf8') }));
  return { name, pages };
}

function measure(set: PageSet, rounds: number): void {
  const bytes = set.pages.reduce((sum, page) => sum + Buffer.byteLength(page.html), 0);
  for (const page of set.pages) extractArticle(page.html, `https://example.org/${page.name}`);
  const start = performance.now();
  let textChars = 0;
  for (let round = 0; round < rounds; round++) {
    for (const page of set.pages) {
      textChars += extractArticle(page.html, `https://example.org/${page.name}`).text.length;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const pages = set.pages.length * rounds;
  console.log(
    `${set.name.padEnd(22)} ${String(set.pages.length).padStart(3)} pages ${(bytes / 1024).toFixed(0).padStart(5)} KiB  ` +
      `${(pages / seconds).toFixed(1).padStart(7)} pages/s  ${((bytes * rounds) / 1e6 / seconds).toFixed(2).padStart(6)} MB/s  ` +
      `(${(textChars / pages).toFixed(0)} text chars/page)`,
  );
}

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' } } });
const rounds = Math.max(1, Number(values.rounds) || 20);
const reader = resolve(process.cwd(), '../shared/data/feeds/miniflux/internal/reader');
const sets = [
  readPages(
    join(import.meta.dirname, '../src/connectors/article/fixtures'),
    'outlet-shaped fixtures',
  ),
  readPages(join(reader, 'scraper/testdata'), 'miniflux scraper'),
  readPages(join(reader, 'sanitizer/testdata'), 'miniflux sanitizer'),
].filter((set): set is PageSet => set !== null && set.pages.length > 0);

console.log(`extractArticle, ${rounds} rounds after a warm-up, node ${process.version}`);
for (const set of sets) measure(set, rounds);
