import sanitize from 'sanitize-html';
import { describe, expect, it } from 'vitest';
import { htmlToText, sanitizeHtml, sanitizeHtmlWithText, tidyText } from './html.js';

describe('sanitizeHtml', () => {
  const base = 'https://vnexpress.net/the-gioi/bai-viet.html';

  it('keeps article markup', () => {
    const html =
      '<h2>Tiêu đề</h2><p>Đoạn <em>một</em> <strong>hai</strong></p><blockquote>q</blockquote>' +
      '<ul><li>a</li></ul><pre><code>x</code></pre><figure><img src="https://e.com/a.jpg" alt="A">' +
      '<figcaption>Ảnh</figcaption></figure><table><tr><td colspan="2">c</td></tr></table>';
    const clean = sanitizeHtml(html, null);
    for (const tag of ['<h2>', '<em>', '<strong>', '<blockquote>', '<li>', '<pre><code>']) {
      expect(clean).toContain(tag);
    }
    expect(clean).toContain('<img src="https://e.com/a.jpg" alt="A" />');
    expect(clean).toContain('<figcaption>Ảnh</figcaption>');
    expect(clean).toContain('<td colspan="2">c</td>');
  });

  it('removes scripts, styles, frames, event handlers and javascript: URLs', () => {
    const html =
      '<p onclick="steal()">ok</p><script>alert(1)</script><style>p{}</style>' +
      '<iframe src="https://evil.example/"></iframe><a href="javascript:alert(1)">x</a>' +
      '<img src="javascript:alert(1)" onerror="alert(1)"><form><input></form>';
    const clean = sanitizeHtml(html, null);
    expect(clean).toBe('<p>ok</p><a rel="noopener noreferrer">x</a><img />');
  });

  it('resolves relative links and images against the base and marks links noopener', () => {
    const clean = sanitizeHtml('<a href="/tin/1">one</a><img src="anh.jpg">', base);
    expect(clean).toBe(
      '<a rel="noopener noreferrer" href="https://vnexpress.net/tin/1">one</a>' +
        '<img src="https://vnexpress.net/the-gioi/anh.jpg" />',
    );
  });

  it('leaves relative URLs alone without a base', () => {
    expect(sanitizeHtml('<a href="/x">x</a>', null)).toBe(
      '<a rel="noopener noreferrer" href="/x">x</a>',
    );
  });

  it('takes the real address of lazy-loaded images', () => {
    expect(sanitizeHtml('<img data-src="/a.jpg" alt="a">', base)).toBe(
      '<img alt="a" src="https://vnexpress.net/a.jpg" />',
    );
  });

  it('returns NFC', () => {
    const decomposed = 'Vie\u0323\u0302t'; // "Việt" with combining marks
    expect(sanitizeHtml(`<p>${decomposed}</p>`, null)).toBe('<p>Việt</p>');
  });
});

describe('htmlToText', () => {
  it('keeps paragraph breaks and line breaks', () => {
    expect(htmlToText('<p>Một</p><p>Hai<br>ba</p><div>bốn</div>')).toBe('Một\n\nHai\nba\n\nbốn');
  });

  it('decodes entities and collapses whitespace', () => {
    expect(htmlToText('  AT&amp;T&nbsp;&nbsp;and\n\t  T&eacute;t &#7879; &#x1EC7;  ')).toBe(
      'AT&T and Tét ệ ệ',
    );
  });

  it('drops script and style content', () => {
    expect(htmlToText('<p>a<script>var x = "<p>";</script>b</p><style>p{}</style>')).toBe('ab');
  });

  it('puts list items on their own lines', () => {
    expect(htmlToText('<p>List:</p><ul><li>one</li><li>two</li></ul><p>end</p>')).toBe(
      'List:\n\none\ntwo\n\nend',
    );
  });

  it('keeps inline elements inline', () => {
    expect(htmlToText('<p>Hà <b>Nội</b> <a href="#">mùa</a>thu</p>')).toBe('Hà Nội mùathu');
  });

  it('reads plain text as itself', () => {
    expect(htmlToText('Just text, 2 < 3')).toBe('Just text, 2 < 3');
    expect(htmlToText('')).toBe('');
  });

  it('returns NFC', () => {
    expect(htmlToText('<p>Nguye\u0302\u0303n</p>')).toBe('Nguyễn');
  });

  it('survives unclosed and stray tags', () => {
    expect(htmlToText('<p>one<p>two</div></span>three')).toBe('one\n\ntwothree');
  });
});

describe('tidyText', () => {
  it('collapses blank lines to a single paragraph break', () => {
    expect(tidyText('  a  \n\n\n\n  b\u00a0 c ')).toBe('a\n\nb c');
  });
});

describe('sanitizeHtmlWithText', () => {
  const samples = [
    '<p>Một <b>hai</b></p><div>ba<br>bốn</div><script>x()</script><ul><li>a</li><li>b</li></ul>',
    '<p/>abc</p>def',
    '<iframe src="https://e.com/v"/>after the frame',
    '<div/><span>a</div>b',
    'AT&amp;T&nbsp;and <a href="/x" onclick="y()">link</a>',
    '<svg><p>t</p></svg>u<img data-src="a.jpg" alt="">',
    'plain text, 2 > 1',
    '',
  ];

  it('gives what sanitizeHtml and htmlToText give, from one parse', () => {
    for (const html of samples) {
      for (const base of [null, 'https://vnexpress.net/a/b.html']) {
        expect(sanitizeHtmlWithText(html, base)).toEqual({
          html: sanitizeHtml(html, base),
          text: htmlToText(html),
        });
      }
    }
  });
});

describe('sanitizeHtml against sanitize-html', () => {
  // The rules sanitizeHtml follows, written as sanitize-html options.
  const options: sanitize.IOptions = {
    allowedTags: [
      ...['p', 'a', 'br', 'img', 'em', 'strong', 'li', 'b', 'i', 'ul', 'ol', 'code', 'pre'],
      ...['blockquote', 'figure', 'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'tr'],
      ...['th', 'table', 'thead', 'tbody', 'tfoot', 'caption', 'hr', 'u', 's', 'sub', 'sup'],
      ...['small', 'mark', 'q', 'cite', 'dl', 'dt', 'dd'],
    ],
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
      ol: ['start'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: true,
    nonTextTags: [
      ...['script', 'style', 'noscript', 'template', 'textarea', 'option', 'iframe'],
      ...['object', 'embed', 'svg', 'math', 'head', 'title'],
    ],
    transformTags: {
      a: (tagName, attribs) => {
        const next: Record<string, string> = { rel: 'noopener noreferrer' };
        if (attribs.href !== undefined) next.href = attribs.href.trim();
        if (attribs.title !== undefined) next.title = attribs.title;
        return { tagName, attribs: next };
      },
      img: (tagName, attribs) => {
        const src = attribs.src || attribs['data-src'] || attribs['data-original'];
        return { tagName, attribs: src === undefined ? attribs : { ...attribs, src: src.trim() } };
      },
    },
  };
  const hostile = [
    '<p onclick="steal()">ok</p><script>alert(1)</script><style>p{}</style>',
    '<a href="javascript:alert(1)">x</a><a href=" java\nscript:alert(1)">y</a>',
    '<a href="jav&#x09;ascript:alert(1)">t</a><a href="java<!-- -->script:alert(1)">c</a>',
    '<img src="data:image/png;base64,xx" alt=""><img src="mailto:x@y.z"><a href="mailto:x@y.z">m</a>',
    '<a href="//evil.example/x" title="">x</a><a href="">e</a><a>n</a>',
    '<option>&lt;script&gt;alert(1)&lt;/script&gt;</option><xmp><b>x</b></xmp>',
    '<svg><p>t</p><img src=x onerror=alert(1)></svg>u<math><mi>x</mi></math>',
    '<table><tr><td colspan="2" onclick="x" style="color:red">c</td><th scope="row">h</th></tr></table>',
    '<ol start="" type="a"><li>x<li>y</ol><img alt src=/x.jpg width="" height="10">',
    '<div><noscript><p>n</p></noscript><template><p>t</p></template><p>"q" & <i>i</i> > </p></div>',
    '<p>unclosed <b>bold <em>em</p>after</b> &amp;amp; &#x1EC7; &bogus; <br/><hr/>',
    '<iframe src="https://e.com"></iframe><object><embed src="x"></object><textarea><p>t</textarea>',
  ];

  it('writes the same markup', () => {
    for (const html of hostile) {
      expect(sanitizeHtml(html, null)).toBe(sanitize(html, options).normalize('NFC'));
    }
  });
});
