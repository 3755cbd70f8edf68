// Search checked against a brute-force scan on real Vietnamese social comments (ViHSD, in
// ../shared). Every accent-insensitive and exact query must return exactly the comments that
// hold the word, across all pages.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactWords, foldedWords } from '../search-terms.js';
import { mentionInput } from '../store.conformance.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

const corpusFile = resolve(process.cwd(), '../shared/data/social/vihsd/dev.csv');
const haveCorpus = existsSync(corpusFile);
if (!haveCorpus) console.log(`skipping real-text search tests: ${corpusFile} is absent`);

/** First column of each CSV record; handles quoted fields with "" and line breaks. */
function firstColumn(csv: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < csv.length) {
    let field = '';
    if (csv[i] === '"') {
      i++;
      while (i < csv.length) {
        if (csv[i] === '"' && csv[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (csv[i] === '"') {
          i++;
          break;
        } else field += csv[i++];
      }
    }
    const end = csv.indexOf('\n', i);
    const rest = csv.slice(i, end === -1 ? csv.length : end);
    if (!field) field = rest.slice(0, rest.lastIndexOf(','));
    out.push(field);
    i = end === -1 ? csv.length : end + 1;
  }
  return out.slice(1); // header
}

describe.skipIf(!haveCorpus)('search on real Vietnamese comments', () => {
  let dir: string;
  let store: SqliteStore;
  let texts: Map<number, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nghe-real-'));
    store = openSqliteStore(join(dir, 'real.db'));
    const comments = firstColumn(readFileSync(corpusFile, 'utf8'))
      .filter((text) => text.trim())
      .slice(0, 3000);
    const saved = await store.saveMentions(
      null,
      comments.map((text, i) =>
        mentionInput({
          platform: 'facebook',
          canonicalUrl: null,
          externalId: `c${i}`,
          publishedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
          text,
        }),
      ),
    );
    texts = new Map(saved.ids.map((id, i) => [id, comments[i]!]));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function allIds(query: string, exactDiacritics: boolean): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.search({ query, exactDiacritics, limit: 100, cursor });
      ids.push(...page.hits.map((hit) => hit.mention.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }

  const scan = (word: string, split: (text: string) => string[]) =>
    [...texts]
      .filter(([, text]) => split(text).includes(word))
      .map(([id]) => id)
      .sort((a, b) => b - a);

  it('finds exactly the comments holding each word, with and without diacritics', async () => {
    const words = new Map<string, number>();
    for (const text of texts.values()) {
      for (const word of exactWords(text)) words.set(word, (words.get(word) ?? 0) + 1);
    }
    // Words with diacritics, frequent and rare, đ included.
    const sample = [...words]
      .filter(([word]) => /^[\p{L}]+$/u.test(word) && word !== foldedWords(word)[0])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const picked = [...sample.slice(0, 15), ...sample.filter((_, i) => i % 97 === 0).slice(0, 15)];
    picked.push(...sample.filter(([w]) => w.includes('đ')).slice(0, 5));
    expect(picked.length).toBeGreaterThan(20);
    for (const [word] of picked) {
      const folded = foldedWords(word)[0]!;
      expect(await allIds(folded, false), `folded ${folded}`).toEqual(scan(folded, foldedWords));
      expect(await allIds(word, true), `exact ${word}`).toEqual(scan(word, exactWords));
    }
  });
});
