// Contract test over other parsers' public test corpora and saved Vietnamese feeds, read in
// place from ../shared (see its SOURCES.md). Every file must either parse or be rejected with
// NotAFeedError, quickly; where rss-parser recorded expectations, titles and links must agree.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ParsedFeed } from '../../model.js';
import { htmlToText } from '../../text/html.js';
import { NotAFeedError, parseFeed } from './parse-feed.js';

const corpus = join(process.cwd(), '../shared/data/feeds');
const hasCorpus = existsSync(corpus);
if (!hasCorpus) console.log(`skipping the feed corpus contract test: ${corpus} is absent`);

/** Files that are not feeds, and the reason each must be rejected with. */
const REJECTED: Record<string, RegExp> = {
  'node-feedparser/test/feeds/notafeed.html': /^not a feed: HTML document$/,
  'rss-parser/test/input/unrecognized.rss': /^not a feed: HTML document$/,
  'miniflux/internal/reader/xml/testdata/iso88591.xml': /^not a feed: XML root <note>$/,
  'miniflux/internal/reader/xml/testdata/iso88591_utf8_mismatch.xml':
    /^not a feed: XML root <note>$/,
};
/** Miniflux's HTML inputs and extraction results (`*.html`, `*.html-result`) are not feeds. */
const isHtmlFixture = (path: string) => /\.html(-result)?$/.test(path);

// Generous: it catches runaway (quadratic, looping) parsing, not ordinary slowness on a busy CI.
const PARSE_TIME_LIMIT_MS = 5000;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function readInput(path: string): Buffer {
  const bytes = readFileSync(path);
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

const inputs = hasCorpus
  ? listFiles(corpus)
      .map((path) => relative(corpus, path))
      .filter((path) => !/(^|\/)(LICENSE|SOURCES\.md)$/.test(path) && !path.includes('/output/'))
      .sort()
  : [];

interface Outcome {
  feed: ParsedFeed | null;
  error: unknown;
  ms: number;
}

// Each file is parsed once and the outcome shared by every check: the suite stays fast.
const outcomes = new Map<string, Outcome>();

function parseOnce(path: string): Outcome {
  let outcome = outcomes.get(path);
  if (!outcome) {
    outcome = timedParse(path);
    outcomes.set(path, outcome);
  }
  return outcome;
}

function parsed(path: string): ParsedFeed {
  const { feed, error } = parseOnce(path);
  if (error) throw error;
  return feed!;
}

function timedParse(path: string): Outcome {
  const started = performance.now();
  try {
    const feed = parseFeed(readInput(join(corpus, path)));
    return { feed, error: null, ms: performance.now() - started };
  } catch (error) {
    return { feed: null, error, ms: performance.now() - started };
  }
}

function expectWellFormed(feed: ParsedFeed): void {
  expect(['rss', 'rdf', 'atom', 'json']).toContain(feed.format);
  expect(feed.encoding).toMatch(/^[a-z0-9_-]+$/);
  const strings: (string | null)[] = [feed.title, feed.description, feed.link];
  for (const item of feed.items) {
    strings.push(item.id, item.title, item.link, item.author, item.summary, item.content);
    strings.push(...item.categories);
    for (const date of [item.published, item.updated]) {
      if (date !== null) expect(date).toMatch(ISO_UTC);
    }
    for (const enclosure of item.enclosures) expect(enclosure.url).not.toBe('');
    if (item.content) expect(item.content).not.toMatch(/<script|<iframe|\son\w+=|javascript:/i);
  }
  for (const value of strings) {
    if (value === null) continue;
    expect(value).not.toBe('');
    expect(value).toBe(value.normalize('NFC'));
  }
}

describe.skipIf(!hasCorpus)('feed corpus: every file parses or is rejected', () => {
  it('finds the corpus', () => {
    expect(inputs.length).toBeGreaterThan(80);
  });

  it.each(inputs)('%s', (path) => {
    const { feed, error, ms } = parseOnce(path);
    expect(ms).toBeLessThan(PARSE_TIME_LIMIT_MS);
    const expectedRejection = REJECTED[path] ?? (isHtmlFixture(path) ? /^not a feed: / : null);
    if (expectedRejection) {
      expect(error).toBeInstanceOf(NotAFeedError);
      expect((error as Error).message).toMatch(expectedRejection);
      return;
    }
    if (error) throw error;
    expectWellFormed(feed!);
  });
});

// ------------------------------------------------------------ rss-parser's recorded outputs

interface RssParserItem {
  title?: string;
  link?: string;
}
interface RssParserOutput {
  feed: { title?: string; items: RssParserItem[] };
}

/** Some outputs were saved in Latin-1; read UTF-8 when valid, Latin-1 otherwise. */
function readOutput(path: string): RssParserOutput {
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = bytes.toString('latin1');
  }
  return JSON.parse(text) as RssParserOutput;
}

/** rss-parser keeps entities and markup in titles; ours are plain text. */
const plain = (value: string | undefined) => {
  const text = value === undefined ? '' : htmlToText(value).replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
};

const rssParserDir = join(corpus, 'rss-parser/test');
const rssParserCases = hasCorpus
  ? readdirSync(join(rssParserDir, 'input'))
      .map((file) => ({ file, name: file.replace(/\.(rss|atom)$/, '') }))
      .filter(({ name }) => existsSync(join(rssParserDir, 'output', `${name}.json`)))
  : [];

describe.skipIf(!hasCorpus)('feed corpus: agrees with rss-parser recorded outputs', () => {
  it('has outputs for every input but unrecognized.rss', () => {
    expect(rssParserCases.length).toBe(29);
    expect(rssParserCases.map((c) => c.name)).not.toContain('unrecognized');
  });

  // xml2js-options.rss is rss-1.rss parsed with custom xml2js options; its recorded titles
  // and links are the same as a default parse, so it is checked like the others.
  it.each(rssParserCases)('$file', ({ file, name }) => {
    const expected = readOutput(join(rssParserDir, 'output', `${name}.json`)).feed;
    const feed = parsed(`rss-parser/test/input/${file}`);
    expect(feed.title).toBe(plain(expected.title));
    expect(feed.items).toHaveLength(expected.items.length);
    expected.items.forEach((want, index) => {
      const got = feed.items[index]!;
      if (want.title?.includes('\ufffd')) {
        // rss-parser mis-decoded this ISO-8859-1 feed; ours must be clean.
        expect(got.title).not.toContain('\ufffd');
        expect(got.title?.length).toBe(plain(want.title)?.length);
      } else {
        expect(got.title).toBe(plain(want.title));
      }
      if (want.link === undefined) {
        expect(got.link).toBeNull();
      } else {
        // rss-parser leaves relative links relative; ours are resolved.
        expect(got.link).not.toBeNull();
        expect(new URL(want.link.trim(), got.link!).href).toBe(new URL(got.link!).href);
      }
    });
  });
});

// ------------------------------------------------------------ Vietnamese outlets

describe.skipIf(!hasCorpus)('feed corpus: Vietnamese outlets', () => {
  it('reads VnExpress "Tin mới nhất" with diacritics and +0700 dates in UTC', () => {
    const feed = parsed('vietnamese/minhtran9x-rssreader/rss/tin-moi-nhat.rss');
    expect(feed).toMatchObject({
      format: 'rss',
      version: '2.0',
      title: 'Tin mới nhất - VnExpress RSS',
    });
    expect(feed.items).toHaveLength(54);
    expect(feed.items[0]).toMatchObject({
      title: 'Tịch thu quá nhiều ma túy, Bỉ thiếu lò tiêu hủy',
      link: 'https://vnexpress.net/tich-thu-qua-nhieu-ma-tuy-bi-thieu-lo-tieu-huy-4538839.html',
      // <pubDate>Mon, 21 Nov 2022 21:18:04 +0700</pubDate>
      published: '2022-11-21T14:18:04.000Z',
    });
    expect(feed.items[0]!.summary).toMatch(/^Lượng cocaine bị tịch thu tại cảng Antwerp/);
    expect(feed.items[0]!.content).toContain('<img src="https://i1-vnexpress.vnecdn.net/');
    for (const item of feed.items) {
      expect(item.published).toMatch(ISO_UTC);
      expect(item.title).toBe(item.title!.normalize('NFC'));
    }
    expect(feed.warnings).toEqual([]);
  });

  it('reads Thanh Niên home with its per-item atom:link and <image> oddities', () => {
    const feed = parsed('vietnamese/minhtran9x-rssreader/rss/home.rss');
    expect(feed).toMatchObject({
      title: 'Báo Thanh Niên',
      language: 'vi-vn',
      link: 'https://thanhnien.vn/',
    });
    expect(feed.items).toHaveLength(100);
    expect(feed.items[0]).toMatchObject({
      title: "Lương Nguyệt Anh khoe thành tích 'khủng' trong âm nhạc",
      link: 'https://thanhnien.vn/luong-nguyet-anh-khoe-thanh-tich-khung-trong-am-nhac-post1523962.html',
      // <pubDate>Mon, 21 Nov 2022 21:15:26 +0700</pubDate>
      published: '2022-11-21T14:15:26.000Z',
    });
    expect(feed.items.every((item) => item.link?.startsWith('https://thanhnien.vn/'))).toBe(true);
  });

  it('recovers the ill-formed VnExpress "Thế giới" sample and says where it was broken', () => {
    const feed = parsed('vietnamese/2golang-vnexpress-rss/example.xml');
    expect(feed.title).toBe('Thế giới - VnExpress RSS');
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({
      title: 'Israel nối gót Mỹ rời Hội đồng Nhân quyền LHQ',
      published: '2025-02-06T13:30:48.000Z',
    });
    expect(feed.items[0]!.enclosures[0]).toMatchObject({ type: 'image/jpeg', length: 1200 });
    expect(feed.items[0]!.enclosures[0]!.url).toMatch(/\?w=1200&h=0&q=100/);
    expect(feed.warnings).toEqual([
      expect.stringMatching(
        /^line 21, column 16\d: unescaped & in attribute \(and 4 more like it\)$/,
      ),
    ]);
  });
});

// ------------------------------------------------------------ node-feedparser specifics

describe.skipIf(!hasCorpus)('feed corpus: node-feedparser cases', () => {
  const parse = (name: string) => parsed(`node-feedparser/test/feeds/${name}`);

  it('keeps the items after a SAX error', () => {
    const feed = parse('saxerror.xml');
    expect(feed.items.map((item) => item.title)).toEqual([
      'Good Item',
      'Bad Item',
      'Item After Error',
    ]);
    expect(feed.items[1]!.link).toBe('http://example.com/bad?foo=1&bar=2');
    expect(feed.warnings).toEqual([
      expect.stringMatching(/^line 15, column \d+: unescaped & in text$/),
    ]);
  });

  it('decodes the windows-1251 feed, plain and gzip-compressed', () => {
    for (const name of ['iconv.xml', 'compressed.xml']) {
      const feed = parse(name);
      expect(feed.encoding).toBe('windows-1251');
      expect(feed.title).toMatch(/^Новости Оренбурга/);
    }
  });

  it('resolves item links against an item-scoped xml:base, others against the channel link', () => {
    const feed = parse('rss-with-item-scoped-html-base.xml');
    expect(feed.items.map((item) => item.link)).toEqual([
      'https://example.com/first/first',
      'https://example.com/second',
    ]);
    expect(feed.items[0]!.content).toContain('href="https://example.com/first/post"');
    expect(feed.items[1]!.content).toContain('href="https://example.com/post"');
  });

  it('reads Atom whose elements live under a non-default prefix', () => {
    for (const name of ['nondefaultnamespace.atom', 'nondefaultnamespace-xhtml.atom']) {
      const feed = parse(name);
      expect(feed.format).toBe('atom');
      expect(feed.items[0]!.title).toMatch(/^If you can read the content of this entry/);
      expect(feed.items[0]!.content).toContain('<p>For information, see:</p>');
    }
  });

  it('de-duplicates repeated media:content', () => {
    const urls = parse('mediacontent-dupes.xml').items[0]!.enclosures.map((e) => e.url);
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls.length).toBeGreaterThan(0);
  });
});
