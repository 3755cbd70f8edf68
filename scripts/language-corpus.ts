// Labelled text for measuring language identification, read from ../shared/data: Vietnamese
// comments (sentiment sets and social corpora) and English feed items (publishers' feeds kept as
// parser fixtures). Used by scripts/evaluate-language.ts; `split` picks train files (for tuning)
// or dev/valid files (for the figures reported).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFeed } from '../src/connectors/feed/parse-feed.js';

export const SHARED_DATA = resolve(process.cwd(), '../shared/data');

const read = (path: string): string =>
  readFileSync(join(SHARED_DATA, path), 'utf8').replace(/^\uFEFF/, '');

function jsonlTexts(path: string): string[] {
  return read(path)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

/** First field of each CSV record (after `skipFields` leading fields); quoted fields may span lines. */
function csvColumn(path: string, skipFields: number): string[] {
  const text = read(path);
  const out: string[] = [];
  let field = '';
  let fieldIndex = 0;
  let quoted = false;
  let header = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',' || ch === '\n') {
      if (fieldIndex === skipFields && !header) out.push(field);
      field = '';
      fieldIndex = ch === ',' ? fieldIndex + 1 : 0;
      if (ch === '\n') header = false;
    } else if (ch !== '\r') field += ch;
  }
  return out;
}

export type Split = 'train' | 'dev';

/** Vietnamese comments and reviews of one split, as written (most carry diacritics). */
export function vietnameseTexts(split: Split): string[] {
  const files =
    split === 'dev'
      ? {
          jsonl: ['sentiment/uit-vsfc.dev.jsonl', 'sentiment/vlsp2016.dev.jsonl'],
          victsd: 'social/uit-victsd/ViCTSD_valid.csv',
          vihsd: 'social/vihsd/dev.csv',
        }
      : {
          jsonl: ['sentiment/uit-vsfc.train.jsonl', 'sentiment/vlsp2016.train.jsonl'],
          victsd: 'social/uit-victsd/ViCTSD_train.csv',
          vihsd: 'social/vihsd/train.csv',
        };
  const texts = files.jsonl.flatMap(jsonlTexts);
  texts.push(...csvColumn(files.victsd, 1), ...csvColumn(files.vihsd, 0));
  return texts.map((t) => t.normalize('NFC').trim()).filter((t) => t !== '');
}

const TAG = /<[^>]*>/g;
const ENTITY: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function plainText(html: string): string {
  return html
    .replace(TAG, ' ')
    .replace(/&(#\d+|#x[\da-f]+|\w+);/gi, (m, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITY[name.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** English-language feeds among the parser fixtures (each checked by hand to be English). */
const ENGLISH_FEEDS = [
  'feeds/rss-parser/test/input/guardian.rss',
  'feeds/rss-parser/test/input/heraldsun.rss',
  'feeds/rss-parser/test/input/reddit.rss',
  'feeds/rss-parser/test/input/reddit-home.rss',
  'feeds/rss-parser/test/input/narro.rss',
  'feeds/rss-parser/test/input/giantbomb-podcast.rss',
  'feeds/rss-parser/test/input/instant-article.rss',
  'feeds/node-feedparser/test/feeds/wapowellness.xml',
  'feeds/node-feedparser/test/feeds/rss2sample.xml',
  'feeds/miniflux/internal/reader/parser/testdata/large_rss.xml',
  'feeds/miniflux/internal/reader/parser/testdata/large_atom.xml',
];

/** Titles and summaries (tags stripped) of English feed items, each once. */
export function englishTexts(): string[] {
  const seen = new Set<string>();
  for (const path of ENGLISH_FEEDS) {
    const full = join(SHARED_DATA, path);
    if (!existsSync(full)) continue;
    const feed = parseFeed(readFileSync(full));
    for (const item of feed.items) {
      for (const raw of [item.title, item.summary]) {
        if (!raw) continue;
        const text = plainText(raw);
        if (text !== '') seen.add(text);
      }
    }
  }
  return [...seen];
}

export function sharedDataPresent(): boolean {
  return existsSync(join(SHARED_DATA, 'sentiment')) && readdirSync(SHARED_DATA).length > 0;
}
