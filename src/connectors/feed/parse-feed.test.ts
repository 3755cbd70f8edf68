import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { NotAFeedError, parseFeed } from './parse-feed.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('parseFeed: RSS 2.0', () => {
  const feed = parseFeed(
    bytes(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"
     xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>Tin mới nhất - VnExpress</title>
    <link>https://vnexpress.net/</link>
    <atom:link rel="self" href="https://vnexpress.net/rss/tin-moi-nhat.rss"/>
    <description>&lt;b&gt;VnExpress&lt;/b&gt; RSS</description>
    <language>vi</language>
    <item>
      <title>Bão &amp;amp; lũ ở &lt;b&gt;miền Trung&lt;/b&gt;</title>
      <link>https://vnexpress.net/bao-lu-4539.html</link>
      <guid isPermaLink="false">vne-4539</guid>
      <pubDate>Mon, 21 Nov 2022 10:05:00 +0700</pubDate>
      <dc:creator>Hoàng Anh</dc:creator>
      <category>Thời sự</category>
      <category> Thời sự </category>
      <dc:subject>Thiên tai</dc:subject>
      <description><![CDATA[<a href="/bao-lu-4539.html"><img src="/anh.jpg"></a></br>Mưa lớn kéo dài.]]></description>
      <content:encoded><![CDATA[<p>Mưa lớn <script>x()</script>kéo dài.</p><p><a href="/a">Xem</a></p>]]></content:encoded>
      <enclosure url="https://i.vnecdn.net/anh.jpg" type="image/jpeg" length="1200"/>
      <media:content url="https://i.vnecdn.net/anh.jpg" type="image/jpeg"/>
      <media:thumbnail url="https://i.vnecdn.net/nho.jpg"/>
    </item>
    <item>
      <title>Không có gì khác</title>
    </item>
  </channel>
</rss>`),
    { url: 'https://vnexpress.net/rss/tin-moi-nhat.rss', contentType: 'application/rss+xml' },
  );

  it('reads the channel', () => {
    expect(feed).toMatchObject({
      format: 'rss',
      version: '2.0',
      title: 'Tin mới nhất - VnExpress',
      link: 'https://vnexpress.net/',
      description: 'VnExpress RSS',
      language: 'vi',
      encoding: 'utf-8',
      warnings: [],
    });
    expect(feed.items).toHaveLength(2);
  });

  it('reads a full item', () => {
    const item = feed.items[0]!;
    expect(item.id).toBe('vne-4539');
    expect(item.title).toBe('Bão & lũ ở miền Trung');
    expect(item.link).toBe('https://vnexpress.net/bao-lu-4539.html');
    expect(item.published).toBe('2022-11-21T03:05:00.000Z');
    expect(item.updated).toBeNull();
    expect(item.author).toBe('Hoàng Anh');
    expect(item.summary).toBe('Mưa lớn kéo dài.');
    expect(item.content).toBe(
      '<p>Mưa lớn kéo dài.</p><p><a rel="noopener noreferrer" href="https://vnexpress.net/a">Xem</a></p>',
    );
    expect(item.categories).toEqual(['Thời sự', 'Thiên tai']);
    expect(item.enclosures).toEqual([
      { url: 'https://i.vnecdn.net/anh.jpg', type: 'image/jpeg', length: 1200 },
      { url: 'https://i.vnecdn.net/nho.jpg', type: null, length: null },
    ]);
  });

  it('leaves what an item lacks null, inventing nothing', () => {
    expect(feed.items[1]).toEqual({
      id: null,
      title: 'Không có gì khác',
      link: null,
      published: null,
      updated: null,
      author: null,
      summary: null,
      content: null,
      categories: [],
      enclosures: [],
    });
  });
});

describe('parseFeed: RSS versions', () => {
  it.each(['0.91', '0.92', '2.0'])('reports RSS %s', (version) => {
    const feed = parseFeed(
      bytes(`<rss version="${version}"><channel><title>T</title><item><title>a</title>
        <description>Plain &amp; simple</description></item></channel></rss>`),
    );
    expect(feed).toMatchObject({ format: 'rss', version, title: 'T' });
    expect(feed.items[0]).toMatchObject({ title: 'a', summary: 'Plain & simple' });
    expect(feed.items[0]!.content).toBe('Plain &amp; simple');
  });

  it('uses a permalink guid as the link, and a plain guid only as the id', () => {
    const feed = parseFeed(
      bytes(`<rss version="2.0"><channel>
        <item><guid>https://e.com/1</guid></item>
        <item><guid isPermaLink="false">https://e.com/2</guid></item>
      </channel></rss>`),
    );
    expect(feed.items.map((i) => [i.id, i.link])).toEqual([
      ['https://e.com/1', 'https://e.com/1'],
      ['https://e.com/2', null],
    ]);
  });

  it('takes the name out of an RSS author e-mail', () => {
    const feed = parseFeed(
      bytes(`<rss version="2.0"><channel><item><author>lan@e.com (Trần Lan)</author></item>
        </channel></rss>`),
    );
    expect(feed.items[0]!.author).toBe('Trần Lan');
  });

  it('keeps HTML a feed left unescaped inside a description', () => {
    const feed = parseFeed(
      bytes(`<rss version="2.0"><channel><item><description>Hi <b>there</b><br>you</description>
        </item></channel></rss>`),
    );
    expect(feed.items[0]!.summary).toBe('Hi there\nyou');
    expect(feed.items[0]!.content).toBe('Hi <b>there</b><br />you');
  });
});

describe('parseFeed: RDF', () => {
  it('reads RSS 1.0 with rdf:about ids and Dublin Core dates', () => {
    const feed = parseFeed(
      bytes(`<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://e.com/"><title>Science</title><link>https://e.com/</link>
    <dc:language>en</dc:language></channel>
  <item rdf:about="https://e.com/a"><title>A</title><link>https://e.com/a</link>
    <dc:date>2022-11-21T10:05:00+07:00</dc:date><dc:creator>Ann</dc:creator></item>
  <item rdf:about="https://e.com/b"><title>B</title><link>https://e.com/b</link></item>
</rdf:RDF>`),
    );
    expect(feed).toMatchObject({ format: 'rdf', version: '1.0', title: 'Science', language: 'en' });
    expect(feed.items.map((i) => i.id)).toEqual(['https://e.com/a', 'https://e.com/b']);
    expect(feed.items[0]).toMatchObject({ published: '2022-11-21T03:05:00.000Z', author: 'Ann' });
  });

  it('reads RSS 0.90', () => {
    const feed = parseFeed(
      bytes(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Old</title></channel>
        <item><title>x</title><link>https://e.com/x</link></item></rdf:RDF>`),
    );
    expect(feed).toMatchObject({ format: 'rdf', version: '0.90', title: 'Old' });
    expect(feed.items[0]!.link).toBe('https://e.com/x');
  });
});

describe('parseFeed: Atom', () => {
  it('reads Atom 1.0 text constructs, links, people and dates', () => {
    const feed = parseFeed(
      bytes(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
  <title type="html">Báo &lt;i&gt;Tuổi Trẻ&lt;/i&gt;</title>
  <subtitle>Tin tức</subtitle>
  <link rel="self" href="https://e.com/atom"/>
  <link href="https://e.com/"/>
  <author><name>Tòa soạn</name></author>
  <entry>
    <id>urn:uuid:1</id>
    <title>Một &amp; hai</title>
    <link rel="alternate" type="application/json" href="https://e.com/1.json"/>
    <link rel="alternate" type="text/html" href="https://e.com/1"/>
    <link rel="enclosure" type="audio/mpeg" length="42" href="https://e.com/1.mp3"/>
    <published>2022-11-21T10:05:00+07:00</published>
    <updated>2022-11-22T00:00:00Z</updated>
    <category term="kinh-te" label="Kinh tế"/>
    <category term="xa-hoi"/>
    <summary>Tóm tắt</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Nội <b>dung</b></p></div></content>
  </entry>
  <entry>
    <id>urn:uuid:2</id>
    <title type="html">&lt;b&gt;Hai&lt;/b&gt;</title>
    <author><name>Mai</name></author>
    <content type="html">&lt;p onclick="x"&gt;HTML&lt;/p&gt;</content>
  </entry>
</feed>`),
    );
    expect(feed).toMatchObject({
      format: 'atom',
      version: '1.0',
      title: 'Báo Tuổi Trẻ',
      link: 'https://e.com/',
      description: 'Tin tức',
      language: 'vi',
    });
    const [first, second] = feed.items;
    expect(first).toEqual({
      id: 'urn:uuid:1',
      title: 'Một & hai',
      link: 'https://e.com/1',
      published: '2022-11-21T03:05:00.000Z',
      updated: '2022-11-22T00:00:00.000Z',
      author: 'Tòa soạn',
      summary: 'Tóm tắt',
      content: '<p>Nội <b>dung</b></p>',
      categories: ['Kinh tế', 'xa-hoi'],
      enclosures: [{ url: 'https://e.com/1.mp3', type: 'audio/mpeg', length: 42 }],
    });
    expect(second).toMatchObject({ title: 'Hai', author: 'Mai', content: '<p>HTML</p>' });
  });

  it('reads Atom 0.3', () => {
    const feed = parseFeed(
      bytes(`<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old Atom</title>
        <tagline>Tag line</tagline>
        <entry><title>E</title><id>tag:e.com,2004:1</id><issued>2004-01-02T03:04:05Z</issued>
        <modified>2004-01-03T03:04:05Z</modified>
        <content type="text/html" mode="escaped">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>`),
    );
    expect(feed).toMatchObject({ format: 'atom', version: '0.3', description: 'Tag line' });
    expect(feed.items[0]).toMatchObject({
      id: 'tag:e.com,2004:1',
      published: '2004-01-02T03:04:05.000Z',
      updated: '2004-01-03T03:04:05.000Z',
      content: '<p>Body</p>',
    });
  });

  it('reads Atom with a prefixed namespace', () => {
    const feed = parseFeed(
      bytes(`<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>P</a:title>
        <a:entry><a:id>1</a:id><a:title>Entry</a:title><a:link href="https://e.com/p"/></a:entry>
        </a:feed>`),
    );
    expect(feed.title).toBe('P');
    expect(feed.items[0]).toMatchObject({ id: '1', title: 'Entry', link: 'https://e.com/p' });
  });

  it('resolves links against nested xml:base, then the feed URL', () => {
    const feed = parseFeed(
      bytes(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://e.com/blog/">
        <link href="./"/>
        <entry xml:base="2022/">
          <link href="post.html"/>
          <content type="html" xml:base="/media/">&lt;img src="a.png"&gt;</content>
        </entry>
        <entry><link xml:base="https://other.org/x/" href="y"/></entry>
      </feed>`),
      { url: 'https://feeds.e.com/atom.xml' },
    );
    expect(feed.link).toBe('https://e.com/blog/');
    expect(feed.items[0]!.link).toBe('https://e.com/blog/2022/post.html');
    expect(feed.items[0]!.content).toBe('<img src="https://e.com/media/a.png" />');
    expect(feed.items[1]!.link).toBe('https://other.org/x/y');

    const noBase = parseFeed(
      bytes('<rss version="2.0"><channel><item><link>/a</link></item></channel></rss>'),
      { url: 'https://e.com/feed/rss.xml' },
    );
    expect(noBase.items[0]!.link).toBe('https://e.com/a');
  });
});

describe('parseFeed: JSON Feed', () => {
  it('reads JSON Feed 1.1', () => {
    const feed = parseFeed(
      bytes(
        JSON.stringify({
          version: 'https://jsonfeed.org/version/1.1',
          title: 'JSON tin',
          home_page_url: 'https://e.com/',
          language: 'vi',
          authors: [{ name: 'Tòa soạn' }],
          items: [
            {
              id: 'a1',
              url: '/a1',
              title: 'Một',
              content_html: '<p>Xin chào</p><script>1</script>',
              summary: 'Chào',
              date_published: '2022-11-21T10:05:00+07:00',
              date_modified: '2022-11-21T11:05:00+07:00',
              tags: ['x', 'y', 'x'],
              attachments: [
                { url: 'https://e.com/a.mp3', mime_type: 'audio/mpeg', size_in_bytes: 9 },
              ],
            },
            { id: 'a2', content_text: 'Dòng 1\n\nDòng <2>', authors: [{ name: 'Lan' }] },
          ],
        }),
      ),
      { url: 'https://e.com/feed.json' },
    );
    expect(feed).toMatchObject({
      format: 'json',
      version: '1.1',
      title: 'JSON tin',
      language: 'vi',
    });
    expect(feed.items[0]).toEqual({
      id: 'a1',
      title: 'Một',
      link: 'https://e.com/a1',
      published: '2022-11-21T03:05:00.000Z',
      updated: '2022-11-21T04:05:00.000Z',
      author: 'Tòa soạn',
      summary: 'Chào',
      content: '<p>Xin chào</p>',
      categories: ['x', 'y'],
      enclosures: [{ url: 'https://e.com/a.mp3', type: 'audio/mpeg', length: 9 }],
    });
    expect(feed.items[1]).toMatchObject({
      author: 'Lan',
      content: '<p>Dòng 1</p><p>Dòng &lt;2&gt;</p>',
      title: null,
    });
  });

  it('reads JSON Feed 1.0 with a numeric id and a single author', () => {
    const feed = parseFeed(
      bytes(
        JSON.stringify({
          version: 'https://jsonfeed.org/version/1',
          title: 'Old JSON',
          items: [{ id: 7, author: { name: 'Minh' }, title: 'Bảy' }],
        }),
      ),
    );
    expect(feed).toMatchObject({ format: 'json', version: '1.0' });
    expect(feed.items[0]).toMatchObject({ id: '7', author: 'Minh', title: 'Bảy' });
  });

  it('rejects JSON that is not a JSON Feed', () => {
    expect(() => parseFeed(bytes('{"items": []}'))).toThrow(
      'not a feed: JSON without a JSON Feed version',
    );
    expect(() => parseFeed(bytes('{"version": '))).toThrow(/^not a feed: invalid JSON/);
  });
});

describe('parseFeed: text', () => {
  it('composes decomposed Vietnamese to NFC everywhere', () => {
    const decomposed = 'Ha\u0300 No\u0323\u0302i'; // "Hà Nội" with combining marks
    const feed = parseFeed(
      bytes(`<rss version="2.0"><channel><title>${decomposed}</title><item>
        <title>${decomposed}</title><description>${decomposed}</description>
        <category>${decomposed}</category><dc:creator>${decomposed}</dc:creator></item>
        </channel></rss>`),
    );
    const item = feed.items[0]!;
    for (const value of [feed.title, item.title, item.summary, item.content, item.author]) {
      expect(value).toBe('Hà Nội');
    }
    expect(item.categories).toEqual(['Hà Nội']);
  });

  it('reads decomposed URLs as their composed form: links, enclosures, xml:base, hrefs', () => {
    const feedWith = (place: string) =>
      parseFeed(
        bytes(`<rss version="2.0"><channel><title>t</title><link>https://e.vn/${place}</link>
          <item xml:base="https://e.vn/${place}/"><title>a</title><link>${place}.html</link>
          <description>&lt;a href="/${place}"&gt;x&lt;/a&gt;</description>
          <enclosure url="/${place}.mp3" type="audio/mpeg" length="1" /></item>
          </channel></rss>`),
      );
    const decomposed = feedWith('Ha\u0300-No\u0323\u0302i');
    expect(decomposed).toEqual(feedWith('Hà-Nội'));
    expect(decomposed.items[0]!.link).toBe(
      `https://e.vn/${encodeURI('Hà-Nội')}/${encodeURI('Hà-Nội')}.html`,
    );
  });

  it('reads UTF-8 bytes under a Latin-1 prolog as UTF-8, and says so', () => {
    const feed = parseFeed(
      bytes(
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Đà Nẵng</title></channel></rss>',
      ),
    );
    expect(feed.title).toBe('Đà Nẵng');
    expect(feed.encoding).toBe('utf-8');
    expect(feed.warnings).toEqual([
      'declared charset ISO-8859-1 does not match the bytes; read as utf-8',
    ]);
  });

  it('decodes a windows-1258 feed', () => {
    const head = Buffer.from(
      '<?xml version="1.0" encoding="windows-1258"?><rss version="2.0"><channel><title>',
      'latin1',
    );
    // "Việt Nam" in windows-1258 (ê + combining dot below)
    const title = Buffer.from([0x56, 0x69, 0xea, 0xf2, 0x74, 0x20, 0x4e, 0x61, 0x6d]);
    const feed = parseFeed(Buffer.concat([head, title, Buffer.from('</title></channel></rss>')]));
    expect(feed.encoding).toBe('windows-1258');
    expect(feed.title).toBe('Việt Nam');
  });
});

describe('parseFeed: ill-formed input', () => {
  it('recovers from unescaped ampersands and reports where they are', () => {
    const feed = parseFeed(
      bytes(`<rss version="2.0"><channel><title>A & B</title>
<item><title>one</title><enclosure url="https://e.com/a.jpg?w=1&h=2" type="image/jpeg"/></item>
<item><title>two</title></item></channel></rss>`),
    );
    expect(feed.title).toBe('A & B');
    expect(feed.items.map((i) => i.title)).toEqual(['one', 'two']);
    expect(feed.items[0]!.enclosures[0]!.url).toBe('https://e.com/a.jpg?w=1&h=2');
    expect(feed.warnings).toEqual([
      expect.stringMatching(/^line 1, column \d+: unescaped & in text$/),
      expect.stringMatching(/^line 2, column \d+: unescaped & in attribute$/),
    ]);
  });

  it('recovers from mismatched and unclosed tags', () => {
    const feed = parseFeed(
      bytes(`<rss version="2.0"><channel><title>T</title>
<item><title>one</b></title></item>
<item><title>two</title>`),
    );
    expect(feed.items.map((i) => i.title)).toEqual(['one', 'two']);
    expect(feed.warnings.length).toBeGreaterThan(0);
    expect(feed.warnings.join('\n')).toMatch(/closing tag/);
  });

  it('matches closing tags whatever their case', () => {
    const feed = parseFeed(
      bytes(`<rss version="2.0"><channel><Title>Chữ hoa</title>
<item><Title>one</TITLE><Link>https://e.com/1</link></item><item><title>two</title></item>
</channel></rss>`),
    );
    expect(feed.title).toBe('Chữ hoa');
    expect(feed.items.map((i) => [i.title, i.link])).toEqual([
      ['one', 'https://e.com/1'],
      ['two', null],
    ]);
    expect(feed.warnings.join('\n')).toMatch(/closing tag without an opening tag <\/title>/);
  });

  it('reports a recurring problem once, with its first position and a count', () => {
    const items = '<item><title>a & b</title></item>'.repeat(100);
    const feed = parseFeed(bytes(`<rss version="2.0"><channel>${items}</channel></rss>`));
    expect(feed.items).toHaveLength(100);
    expect(feed.items[99]!.title).toBe('a & b');
    expect(feed.warnings).toEqual(['line 1, column 45: unescaped & in text (and 99 more like it)']);
  });

  it('does not recurse without bound on deeply nested input', () => {
    const deep = `${'<div>'.repeat(5000)}x${'</div>'.repeat(5000)}`;
    const feed = parseFeed(
      bytes(
        `<rss version="2.0"><channel><item><description>${deep}</description></item></channel></rss>`,
      ),
    );
    expect(feed.items[0]!.summary).toBe('x');
  });
});

describe('parseFeed: not a feed', () => {
  const reject = (input: Buffer, message: string) => {
    let error: unknown;
    try {
      parseFeed(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NotAFeedError);
    expect((error as Error).message).toBe(message);
  };

  it('rejects an HTML page', () => {
    reject(
      bytes('<!DOCTYPE html><html><head><title>x</title></head></html>'),
      'not a feed: HTML document',
    );
    reject(bytes('<html><body>Moved</body></html>'), 'not a feed: HTML document');
  });

  it('rejects empty bodies, other XML, plain text and compressed bytes', () => {
    reject(Buffer.alloc(0), 'not a feed: empty body');
    reject(bytes(' \n\t '), 'not a feed: empty body');
    reject(bytes('<?xml version="1.0"?><note><to>x</to></note>'), 'not a feed: XML root <note>');
    reject(bytes('hello world'), 'not a feed: neither XML nor JSON');
    reject(bytes('<?xml version="1.0"?>'), 'not a feed: no XML root element');
    reject(gzipSync(bytes('<rss/>')), 'not a feed: gzip-compressed bytes');
  });
});
