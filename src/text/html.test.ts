import { describe, expect, it } from 'vitest';
import { htmlToText, sanitizeHtml, tidyText } from './html.js';

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
