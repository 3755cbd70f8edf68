// The fast reader must give exactly sax's tree whenever it accepts a document, and accept only
// documents sax reads without a warning: checked on hand-written cases, on the shared feed
// corpus, and on corpus files damaged at random.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readWellFormedXml } from './xml-fast-reader.js';
import { parseXmlWithSax } from './xml-tree.js';

const corpus = join(process.cwd(), '../shared/data/feeds');
const hasCorpus = existsSync(corpus);
const url = 'https://example.com/feed.xml';

/** True when the fast reader declined; otherwise asserts it agrees with sax. */
function agreesWithSax(text: string): boolean {
  const fast = readWellFormedXml(text, url);
  if (fast === null) return true;
  const sax = parseXmlWithSax(text, url);
  expect(sax.warnings).toEqual([]);
  expect(fast).toEqual(sax.root);
  return false;
}

const rss = (body: string) =>
  `<?xml version="1.0"?>\n<rss version="2.0"><channel>${body}</channel></rss>`;

describe('readWellFormedXml', () => {
  it('reads a well-formed feed as sax does', () => {
    const text = rss(
      '<title>Tin &amp; b&#224;i &#x1EC7; &AMP; &apos;x&apos;</title>' +
        '<item xml:base="/tin/"><title><![CDATA[<b>Hà</b> ]]>Nội<!-- c --></title>' +
        '<link>a.html</link><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">An</dc:creator>' +
        `<enclosure url='x.mp3' length = "1" type="audio/mpeg"/><empty></empty></item>`,
    );
    expect(readWellFormedXml(text, url)).not.toBeNull();
    expect(agreesWithSax(text)).toBe(false);
  });

  it.each([
    ['an unknown entity', rss('<title>a&nbsp;b</title>')],
    ['an entity named like an object property', rss('<title>&constructor;</title>')],
    ['an unescaped ampersand', rss('<title>AT&T</title>')],
    ['an unescaped <', rss('<title>1 < 2</title>')],
    ['a reference sax refuses', rss('<title>&#0;</title>')],
    ['a mismatched end tag', rss('<title>x</Title>')],
    ['an unclosed element', rss('<item><title>x</item>')],
    ['a stray end tag', rss('<title>x</title></p>')],
    ['an unquoted attribute', rss('<enclosure url=x.mp3/>')],
    ['an attribute without a value', rss('<enclosure url/>')],
    ['attributes without space between them', rss('<enclosure a="1"b="2"/>')],
    ['text after the root', `${rss('')}tail`],
    ['text before the root', `junk${rss('')}`],
    ['a malformed comment', rss('<!-- a -- b -->')],
    ['a doctype with an internal subset', `<!DOCTYPE rss [<!ENTITY x "y">]>${rss('')}`],
    ['a second root', `${rss('')}<rss/>`],
    ['a missing end of document', '<rss><channel>'],
  ])('leaves %s to sax', (_, text) => {
    // Declined, sometimes more cautiously than needed (sax reads an HTML entity or a doctype's
    // internal subset without a warning): sax then gives the tree and the warnings.
    expect(readWellFormedXml(text, url)).toBeNull();
  });

  it.skipIf(!hasCorpus)('agrees with sax on every corpus feed and on damaged copies', () => {
    const texts = listFiles(corpus)
      .filter((path) => /\.(xml|rss|atom|rdf)$/.test(path))
      .map((path) => {
        const raw = readFileSync(path);
        return (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
      });
    let accepted = 0;
    for (const text of texts) if (!agreesWithSax(text)) accepted++;
    // Most real feeds are well-formed: the fast path must be the common one.
    expect(accepted).toBeGreaterThan(texts.length / 2);

    const pieces = ['<', '>', '&', '&amp;', '&nbsp;', '&#0;', '"', "'", '/', ' ', '</a>', '<a>'];
    pieces.push('<!--', '-->', '--', ']]>', '<![CDATA[', '=', '<?x?>', '<!DOCTYPE x>', '<b/>');
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const small = texts.filter((text) => text.length < 20_000);
    for (let n = 0; n < 1500; n++) {
      let text = small[Math.floor(random() * small.length)]!;
      const at = Math.floor(random() * text.length);
      const piece = pieces[Math.floor(random() * pieces.length)]!;
      text =
        random() < 0.2
          ? text.slice(0, at) + text.slice(at + 1)
          : text.slice(0, at) + piece + text.slice(at);
      agreesWithSax(text);
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
