import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSitemap, SitemapError } from './parse-sitemap.js';

const INDEX = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://bao.example.vn/sitemaps/news-2026-11-23.xml</loc><lastmod>2026-11-23T08:15:00+07:00</lastmod></sitemap>
  <sitemap><loc>https://bao.example.vn/sitemaps/news-2026-11-22.xml</loc><lastmod>2026-11-22</lastmod></sitemap>
  <sitemap><loc>https://bao.example.vn/sitemaps/categories.xml</loc></sitemap>
</sitemapindex>`;

const NEWS = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://bao.example.vn/thoi-su/mua-lu-mien-trung-4812.html</loc>
    <lastmod>2026-11-23T09:00:00+07:00</lastmod>
    <news:news>
      <news:publication>
        <news:name>Báo Ví Dụ</news:name>
        <news:language>vi</news:language>
      </news:publication>
      <news:publication_date>2026-11-23T08:30:00+07:00</news:publication_date>
      <news:title><![CDATA[Mưa lũ miền Trung: hơn 3.000 hộ dân được sơ tán]]></news:title>
      <news:keywords>mưa lũ, miền Trung , sơ tán</news:keywords>
    </news:news>
    <image:image>
      <image:loc>https://cdn.example.vn/anh/lu.jpg</image:loc>
      <image:title>Nước ngập sâu tại Quảng Nam</image:title>
    </image:image>
  </url>
  <url>
    <loc>https://bao.example.vn/kinh-te/gia-xang-giam-4813.html</loc>
    <news:news>
      <news:publication><news:name>Báo Ví Dụ</news:name><news:language>vi</news:language></news:publication>
      <news:publication_date>2026-11-22</news:publication_date>
      <news:title>Giá xăng giảm lần thứ ba liên tiếp</news:title>
    </news:news>
  </url>
</urlset>`;

describe('parseSitemap', () => {
  it('reads a sitemap index with lastmod dates as ISO UTC', () => {
    const parsed = parseSitemap(INDEX);
    expect(parsed.kind).toBe('index');
    if (parsed.kind !== 'index') return;
    expect(parsed.sitemaps.map((s) => s.loc)).toEqual([
      'https://bao.example.vn/sitemaps/news-2026-11-23.xml',
      'https://bao.example.vn/sitemaps/news-2026-11-22.xml',
      'https://bao.example.vn/sitemaps/categories.xml',
    ]);
    expect(parsed.sitemaps[0]?.lastmod).toBe('2026-11-23T01:15:00.000Z');
    expect(parsed.sitemaps[1]?.lastmod?.startsWith('2026-11-2')).toBe(true);
    expect(parsed.sitemaps[2]?.lastmod).toBeNull();
    expect(parsed.warnings).toEqual([]);
  });

  it('reads the Google News extension and ignores the image extension', () => {
    const parsed = parseSitemap(NEWS);
    expect(parsed.kind).toBe('urlset');
    if (parsed.kind !== 'urlset') return;
    expect(parsed.urls).toHaveLength(2);
    const [first, second] = parsed.urls;
    expect(first?.loc).toBe('https://bao.example.vn/thoi-su/mua-lu-mien-trung-4812.html');
    expect(first?.lastmod).toBe('2026-11-23T02:00:00.000Z');
    expect(first?.news).toEqual({
      publicationName: 'Báo Ví Dụ',
      language: 'vi',
      publicationDate: '2026-11-23T01:30:00.000Z',
      title: 'Mưa lũ miền Trung: hơn 3.000 hộ dân được sơ tán',
      keywords: ['mưa lũ', 'miền Trung', 'sơ tán'],
    });
    // image:title and image:loc must not leak into the news title or the URL.
    expect(first?.news?.title).not.toContain('Quảng Nam');
    expect(second?.news?.title).toBe('Giá xăng giảm lần thứ ba liên tiếp');
    expect(second?.news?.keywords).toEqual([]);
    expect(second?.lastmod).toBeNull();
    expect(parsed.warnings).toEqual([]);
  });

  it('reads a plain urlset with any namespace prefix', () => {
    const xml = `<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sm:url><sm:loc>https://example.org/a</sm:loc><sm:lastmod>2025-01-02T03:04:05Z</sm:lastmod></sm:url>
      <sm:url><sm:loc> https://example.org/b </sm:loc></sm:url>
    </sm:urlset>`;
    const parsed = parseSitemap(xml);
    expect(parsed.kind).toBe('urlset');
    if (parsed.kind !== 'urlset') return;
    expect(parsed.urls).toEqual([
      { loc: 'https://example.org/a', lastmod: '2025-01-02T03:04:05.000Z', news: null },
      { loc: 'https://example.org/b', lastmod: null, news: null },
    ]);
  });

  it('reads a byte-order mark, a stylesheet instruction and a legacy charset', () => {
    const xml = `<?xml version="1.0" encoding="windows-1252"?>
<?xml-stylesheet type="text/xsl" href="//example.org/main-sitemap.xsl"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://example.org/caf\u00e9</loc><news:news><news:title>Caf\u00e9 cr\u00e8me</news:title></news:news></url>
</urlset>`;
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml, 'utf8')]);
    const withBom = parseSitemap(bytes);
    expect(withBom.kind === 'urlset' && withBom.urls[0]?.news?.title).toBe('Café crème');
    const legacy = parseSitemap(Buffer.from(xml, 'latin1'));
    expect(legacy.kind === 'urlset' && legacy.urls[0]?.news?.title).toBe('Café crème');
    expect(legacy.kind === 'urlset' && legacy.urls[0]?.loc).toBe('https://example.org/caf%C3%A9');
  });

  it('gunzips .xml.gz bytes and decodes them', () => {
    const parsed = parseSitemap(gzipSync(Buffer.from(NEWS, 'utf8')));
    expect(parsed.kind).toBe('urlset');
    if (parsed.kind !== 'urlset') return;
    expect(parsed.urls[0]?.news?.publicationName).toBe('Báo Ví Dụ');
  });

  it('refuses a gzip that inflates past the size cap', () => {
    const bomb = gzipSync(Buffer.alloc(2_000_000, 0x20));
    expect(bomb.length).toBeLessThan(10_000);
    expect(() => parseSitemap(bomb, { maxBytes: 100_000 })).toThrow(SitemapError);
    expect(() => parseSitemap(bomb, { maxBytes: 100_000 })).toThrow(/larger than 100000 bytes/);
  });

  it('recovers from malformed XML with warnings', () => {
    const xml = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://example.org/search?q=a&b=c</loc><lastmod>hôm qua</lastmod></url>
      <url><loc>https://example.org/two</loc>
      <url><loc>/relative/three</loc></url>
      <url><lastmod>2025-01-01</lastmod></url>
      <url><loc>javascript:alert(1)</loc></url>
    </urlset>`;
    const parsed = parseSitemap(xml, { url: 'https://example.org/sitemap.xml' });
    expect(parsed.kind).toBe('urlset');
    if (parsed.kind !== 'urlset') return;
    const locs = parsed.urls.map((u) => u.loc);
    expect(locs).toContain('https://example.org/search?q=a&b=c');
    expect(locs).toContain('https://example.org/relative/three');
    expect(locs).not.toContain('javascript:alert(1)');
    expect(parsed.warnings.some((w) => w.includes('lastmod'))).toBe(true);
    expect(parsed.warnings.some((w) => w.includes('without <loc>'))).toBe(true);
    expect(parsed.warnings.some((w) => w.includes('non-HTTP'))).toBe(true);
    expect(parsed.warnings.some((w) => w.includes('relative'))).toBe(true);
  });

  it('says clearly when the input is not a sitemap', () => {
    expect(() => parseSitemap('<!DOCTYPE html><html><body>Trang chủ</body></html>')).toThrow(
      'not a sitemap: HTML page',
    );
    expect(() => parseSitemap('<rss version="2.0"><channel></channel></rss>')).toThrow(
      /looks like a feed/,
    );
    expect(() => parseSitemap('')).toThrow(SitemapError);
    expect(() => parseSitemap('{"urls": []}')).toThrow(SitemapError);
    expect(() => parseSitemap(Buffer.from([0x1f, 0x8b, 0x00, 0x01, 0x02]))).toThrow(SitemapError);
  });
});
