import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, isTrackingParameter } from './canonical-url.js';

describe('canonicalizeUrl', () => {
  const cases: Array<[string, string | null]> = [
    // Vietnamese outlets: mobile hosts, campaign tags, fragments
    ['https://m.vnexpress.net/a-4539.html?utm_source=rss#box', 'https://vnexpress.net/a-4539.html'],
    [
      'https://vnexpress.net/gia-vang-tang-4812345.html?utm_source=facebook&utm_medium=fanpage&utm_campaign=x',
      'https://vnexpress.net/gia-vang-tang-4812345.html',
    ],
    [
      'https://thanhnien.vn/bai-viet-185240101.htm?zarsrc=30&utm_source=zalo&gidzl=AbC-123',
      'https://thanhnien.vn/bai-viet-185240101.htm',
    ],
    [
      'https://mobile.tuoitre.vn/tin-20240101.htm?fbclid=IwAR0abc',
      'https://tuoitre.vn/tin-20240101.htm',
    ],
    ['HTTPS://Dantri.COM.VN:443/xa-hoi.htm', 'https://dantri.com.vn/xa-hoi.htm'],
    ['http://zingnews.vn:80/', 'http://zingnews.vn/'],
    ['https://vnexpress.net', 'https://vnexpress.net/'],
    // www is kept: it can be a different server
    ['https://www.baomoi.com/tin.epi', 'https://www.baomoi.com/tin.epi'],
    // Meaningful parameters stay, sorted by key; repeated keys keep their order
    ['https://example.com/list?page=2&id=9&cat=3', 'https://example.com/list?cat=3&id=9&page=2'],
    ['https://example.com/s?tag=b&q=x&tag=a', 'https://example.com/s?q=x&tag=b&tag=a'],
    ['https://github.com/o/r?ref=main', 'https://github.com/o/r?ref=main'],
    [
      'https://i.vnecdn.net/x.jpg?w=680&h=0&q=100&dpr=1&fit=crop',
      'https://i.vnecdn.net/x.jpg?dpr=1&fit=crop&h=0&q=100&w=680',
    ],
    // Only tracking: the "?" goes too
    ['https://example.com/a?utm_source=x&gclid=1&_ga=2.1', 'https://example.com/a'],
    ['https://example.com/a?', 'https://example.com/a'],
    ['https://example.com/a?&&b=1&', 'https://example.com/a?b=1'],
    // Tracking keys match case-insensitively and when percent-encoded
    ['https://example.com/a?UTM_Source=x&%75tm_medium=y&b=2', 'https://example.com/a?b=2'],
    // Percent-encoding: hex upper-cased, unreserved characters decoded, '+' kept as is
    [
      'https://example.com/ti%e1%ba%bfng-vi%E1%BB%87t',
      'https://example.com/ti%E1%BA%BFng-vi%E1%BB%87t',
    ],
    ['https://example.com/%7Euser/%61bc', 'https://example.com/~user/abc'],
    ['https://example.com/a%2Fb', 'https://example.com/a%2Fb'],
    ['https://example.com/s?q=a+b&r=%2f', 'https://example.com/s?q=a+b&r=%2F'],
    // Non-ASCII path and IDN host
    ['https://example.com/tiếng-việt', 'https://example.com/ti%E1%BA%BFng-vi%E1%BB%87t'],
    ['https://BÁO.vn/a', 'https://xn--bo-mia.vn/a'],
    // Trailing dot of a fully qualified host, credentials, dot segments
    ['https://vnexpress.net./a', 'https://vnexpress.net/a'],
    ['https://user:pw@example.com/a', 'https://example.com/a'],
    ['https://example.com/a/./b/../c', 'https://example.com/a/c'],
    // A host that is only "m." plus a TLD is not a mobile edition
    ['https://m.com/a', 'https://m.com/a'],
    // Not http(s), or not a URL
    ['ftp://example.com/a', null],
    ['javascript:alert(1)', null],
    ['mailto:a@example.com', null],
    ['not a url', null],
    ['', null],
  ];

  it.each(cases)('%s → %s', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it('resolves relative URLs against a base', () => {
    expect(canonicalizeUrl('/thoi-su/b-1.html?utm_source=rss', 'https://m.vnexpress.net/x')).toBe(
      'https://vnexpress.net/thoi-su/b-1.html',
    );
    expect(canonicalizeUrl('b.html#top', 'https://example.com/dir/a.html')).toBe(
      'https://example.com/dir/b.html',
    );
    expect(canonicalizeUrl('/x', 'not a base')).toBeNull();
  });

  it('is idempotent', () => {
    for (const [input, expected] of cases) {
      if (expected === null) continue;
      expect(canonicalizeUrl(expected), input).toBe(expected);
    }
  });
});

describe('isTrackingParameter', () => {
  it('knows campaign and click ids but not content parameters', () => {
    for (const key of ['utm_source', 'utm_anything', 'fbclid', 'gclid', 'msclkid', 'zarsrc']) {
      expect(isTrackingParameter(key), key).toBe(true);
    }
    for (const key of ['id', 'p', 'page', 'ref', 'q', 'source', 'amp']) {
      expect(isTrackingParameter(key), key).toBe(false);
    }
  });
});
