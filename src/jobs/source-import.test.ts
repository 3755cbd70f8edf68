import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSourceList, SourceListError } from './source-import.js';

describe('parseSourceList', () => {
  it('reads OPML outlines with nested folders', () => {
    const opml = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Báo</title></head><body>
  <outline text="Tin tức">
    <outline type="rss" text="VnExpress – Tin mới nhất" xmlUrl="https://vnexpress.net/rss/tin-moi-nhat.rss"/>
    <outline type="rss" title="Tuổi Trẻ" text="TT" xmlUrl="https://tuoitre.vn/rss/tin-moi-nhat.rss"/>
    <outline type="rss" text="broken" xmlUrl="javascript:alert(1)"/>
  </outline>
</body></opml>`;
    const list = parseSourceList(opml, 'feeds.opml');
    expect(list.entries.map((e) => [e.url, e.title])).toEqual([
      ['https://vnexpress.net/rss/tin-moi-nhat.rss', 'VnExpress – Tin mới nhất'],
      ['https://tuoitre.vn/rss/tin-moi-nhat.rss', 'Tuổi Trẻ'],
    ]);
    expect(list.rejected).toHaveLength(1);
    expect(list.rejected[0]?.reason).toMatch(/not an http/);
  });

  it('keeps what it can from slightly broken OPML', () => {
    const opml =
      '<opml><body><outline xmlUrl="https://a.example/rss" text="A & B"><outline xmlUrl="https://b.example/rss"></body></opml>';
    expect(parseSourceList(opml).entries.map((e) => e.url)).toEqual([
      'https://a.example/rss',
      'https://b.example/rss',
    ]);
  });

  it('reads CSV with quoted fields, any column order and a kind column', () => {
    const csv =
      'title,url,kind\r\n"Dân trí, trang chủ",https://dantri.com.vn/rss/home.rss,feed\r\nSitemap,https://example.vn/sitemap-news.xml,sitemap\r\n\r\nBad,ftp://x.example/,feed\r\nOdd,https://x.example/,podcast\r\n';
    const list = parseSourceList(csv, 'sources.csv');
    expect(list.entries).toEqual([
      {
        kind: 'feed',
        url: 'https://dantri.com.vn/rss/home.rss',
        title: 'Dân trí, trang chủ',
        line: 2,
      },
      { kind: 'sitemap', url: 'https://example.vn/sitemap-news.xml', title: 'Sitemap', line: 3 },
    ]);
    expect(list.rejected.map((r) => r.line)).toEqual([5, 6]);
  });

  it('reads a publisher column: outlets and pages keep bylines, anything else is refused', () => {
    const csv =
      'url,publisher\nhttps://a.example/rss,outlet\nhttps://b.example/rss,Page\nhttps://c.example/rss,\nhttps://d.example/rss,person\n';
    const list = parseSourceList(csv);
    expect(list.entries.map((e) => [e.url, e.settings?.publisher])).toEqual([
      ['https://a.example/rss', 'outlet'],
      ['https://b.example/rss', 'page'],
      ['https://c.example/rss', undefined],
    ]);
    expect(list.rejected).toEqual([
      { line: 5, reason: expect.stringMatching(/unknown publisher/) },
    ]);
  });

  it('marks every source of the starter list as an outlet', () => {
    const text = readFileSync(
      fileURLToPath(new URL('../../resources/sources/vietnamese-news.csv', import.meta.url)),
      'utf8',
    );
    const list = parseSourceList(text, 'vietnamese-news.csv');
    expect(list.rejected).toEqual([]);
    expect(list.entries.length).toBeGreaterThan(20);
    expect(list.entries.every((e) => e.settings?.publisher === 'outlet')).toBe(true);
  });

  it('accepts semicolon-separated CSV from spreadsheets', () => {
    const list = parseSourceList('url;title\nhttps://a.example/rss;A\n');
    expect(list.entries[0]).toMatchObject({ url: 'https://a.example/rss', title: 'A' });
  });

  it('explains what is wrong with a file that is neither', () => {
    expect(() => parseSourceList('name,address\nx,y\n')).toThrow(/"url" column/);
    expect(() => parseSourceList('')).toThrow(SourceListError);
    expect(() => parseSourceList('<html><body>hi</body></html>')).toThrow(/not an OPML/);
  });
});
