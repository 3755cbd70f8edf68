import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from './extract-article.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** A paragraph long enough for Readability to take the block as the main content. */
const BODY = Array.from(
  { length: 4 },
  (_, i) =>
    `<p>Đoạn ${i + 1}: người dân trong khu phố đã góp ý về kế hoạch cải tạo công viên, đề nghị giữ lại hàng cây cổ thụ và thêm lối đi cho xe lăn, đồng thời mở rộng khu vui chơi cho trẻ em vào cuối tuần.</p>`,
).join('\n');

function page(head: string, body = `<article>${BODY}</article>`, lang = ''): string {
  return `<!DOCTYPE html><html${lang}><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
}

describe('extractArticle on Vietnamese outlet shapes', () => {
  it('reads a single NewsArticle JSON-LD, pubdate meta and a trailing byline', () => {
    const article = extractArticle(fixture('vnexpress-shape.html'), 'https://vnexpress.example/x');
    expect(article.title).toBe('Hà Nội thử nghiệm xe buýt điện trên tuyến vành đai');
    expect(article.publishedAt).toBe('2026-11-20T00:05:00.000Z');
    expect(article.modifiedAt).toBe('2026-11-20T02:40:00.000Z');
    expect(article.author).toBe('Võ Hải');
    expect(article.section).toBe('Thời sự');
    expect(article.language).toBe('vi');
    expect(article.siteName).toBe('VnExpress');
    expect(article.imageUrl).toBe('https://i1-vnexpress.example/2026/11/20/xe-buyt-dien.jpg');
    expect(article.canonicalUrl).toBe(
      'https://vnexpress.example/ha-noi-thu-nghiem-xe-buyt-dien-tren-tuyen-vanh-dai-4711001.html',
    );
    expect(article.keywords).toEqual(['xe buýt điện', 'giao thông Hà Nội']);
    // Main text: the body paragraphs, none of the navigation, sidebar or footer.
    expect(article.text).toContain('Sở Giao thông Vận tải cho biết đoàn xe đầu tiên');
    expect(article.text).toContain('12 trụ sạc nhanh');
    expect(article.text).not.toContain('Giá vàng hôm nay');
    expect(article.text).not.toContain('bản quyền');
    expect(article.text.split('\n\n').length).toBeGreaterThanOrEqual(5);
    expect(article.text).toBe(article.text.normalize('NFC'));
    expect(article.html).toContain('<p>');
    expect(article.html).not.toContain('<script');
    expect(article.warnings).toEqual([]);
  });

  it('falls back to the signature paragraph when no metadata names the author', () => {
    const html = fixture('vnexpress-shape.html').replace(
      '"author": {"@type": "Person", "name": "Võ Hải"},',
      '',
    );
    expect(html).not.toContain('"author"');
    expect(extractArticle(html, 'https://vnexpress.example/x').author).toBe('Võ Hải');
    // A right-aligned paragraph that is a sentence, not a name, is not a byline.
    const sentence = html.replace(
      '<strong>Võ Hải</strong>',
      '<strong>Ảnh: tư liệu, 2026.</strong>',
    );
    expect(extractArticle(sentence, 'https://vnexpress.example/x').author).toBeNull();
  });

  it('reads an author array among several JSON-LD blocks, and skips a profile URL byline', () => {
    const article = extractArticle(fixture('tuoitre-shape.html'), 'https://tuoitre.example/x');
    expect(article.title).toBe('Nông dân Đồng Tháp trúng mùa sen, giá tăng gấp rưỡi');
    expect(article.author).toBe('Ngọc Tài, Minh Thư');
    expect(article.publishedAt).toBe('2026-11-20T23:30:00.000Z');
    expect(article.section).toBe('Kinh doanh');
    expect(article.siteName).toBe('Báo Tuổi Trẻ');
    expect(article.imageUrl).toBe('https://cdn.tuoitre.example/2026/11/21/sen-thap-muoi.jpg');
    expect(article.keywords).toEqual(['sen Tháp Mười', 'nông sản', 'Đồng Tháp']);
    expect(article.text).toContain('xã Mỹ Hòa');
    expect(article.text).not.toContain('Tin liên quan');
    expect(article.text).not.toContain('Giấy phép');
  });

  it('follows @graph, array @type, @id references and resolves relative image URLs', () => {
    const url = 'https://thanhnien.example/sinh-vien-che-tao-robot-185261122.htm';
    const article = extractArticle(fixture('thanhnien-shape.html'), url);
    expect(article.title).toBe('Sinh viên chế tạo robot phân loại rác từ vật liệu tái chế');
    expect(article.publishedAt).toBe('2026-11-22T07:10:00.000Z');
    expect(article.author).toBe('Hà Ánh');
    expect(article.section).toBe('Giáo dục');
    expect(article.siteName).toBe('Báo Thanh Niên');
    expect(article.language).toBe('vi-VN');
    expect(article.imageUrl).toBe('https://thanhnien.example/images/2026/11/22/robot-rac.jpg');
    expect(article.canonicalUrl).toBe(url);
    expect(article.html).toContain(
      'src="https://thanhnien.example/images/2026/11/22/nhom-sinh-vien.jpg"',
    );
  });

  it('repairs invalid JSON-LD (raw line break, trailing commas) and says so', () => {
    const article = extractArticle(fixture('dantri-shape.html'), 'https://dantri.example/x');
    expect(article.title).toBe('Đà Nẵng mở thêm ba tuyến phố đi bộ ven sông');
    expect(article.author).toBe('Hoài Sơn');
    expect(article.section).toBe('Xã hội');
    expect(article.publishedAt).toBe('2026-11-19T12:45:00.000Z');
    expect(article.description).toBe(
      'Ba tuyến phố mới sẽ cấm xe cơ giới từ 18h đến 23h các ngày cuối tuần, phục vụ người dân và du khách.',
    );
    expect(article.warnings).toEqual(['invalid JSON-LD block 1 repaired']);
    expect(article.text).toContain('Bạch Đằng nối dài');
  });
});

describe('extractArticle metadata sources', () => {
  it('uses Open Graph when there is no JSON-LD', () => {
    const article = extractArticle(
      page(`<title>Tiêu đề trang | Báo Mẫu</title>
        <meta property="og:title" content="Tiêu đề Open Graph">
        <meta property="og:site_name" content="Báo Mẫu">
        <meta property="og:locale" content="vi_VN">
        <meta property="og:description" content="Mô tả ngắn">
        <meta property="og:image" content="//cdn.example.vn/a.jpg">
        <meta property="og:url" content="https://bao.example.vn/bai-viet">
        <meta property="article:published_time" content="2026-03-01T08:00:00+07:00">
        <meta property="article:section" content="Đời sống">
        <meta property="article:author" content="Lan Anh">`),
      'https://bao.example.vn/bai-viet?utm_source=x',
    );
    expect(article).toMatchObject({
      title: 'Tiêu đề Open Graph',
      siteName: 'Báo Mẫu',
      language: 'vi-VN',
      description: 'Mô tả ngắn',
      imageUrl: 'https://cdn.example.vn/a.jpg',
      canonicalUrl: 'https://bao.example.vn/bai-viet',
      publishedAt: '2026-03-01T01:00:00.000Z',
      section: 'Đời sống',
      author: 'Lan Anh',
    });
    expect(article.text).toContain('Đoạn 4');
  });

  it('ranks JSON-LD over Open Graph over other meta tags', () => {
    const article = extractArticle(
      page(`<meta name="pubdate" content="2026-01-03T00:00:00Z">
        <meta name="author" content="Tác giả meta">
        <meta property="article:published_time" content="2026-01-02T00:00:00Z">
        <meta property="og:title" content="Tiêu đề OG">
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"https://schema.org/NewsArticle",
          "headline":"Tiêu đề JSON-LD &amp; dấu","datePublished":"2026-01-01T00:00:00Z"}</script>`),
      'https://example.vn/a',
    );
    expect(article.title).toBe('Tiêu đề JSON-LD & dấu');
    expect(article.publishedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(article.author).toBe('Tác giả meta');
  });

  it('falls back to meta tags, <time datetime> and <html lang>', () => {
    const article = extractArticle(
      page(
        `<title>Chỉ có thẻ title</title><meta name="dc.creator" content="By Minh Khoa">
         <meta name="date" content="Thứ Sáu, ngày rằm">`,
        `<article><time datetime="2026-02-14T09:30:00+07:00">14/2</time>${BODY}</article>`,
        ' lang="vi"',
      ),
      'https://example.vn/b',
    );
    expect(article.title).toBe('Chỉ có thẻ title');
    expect(article.author).toBe('Minh Khoa');
    expect(article.publishedAt).toBe('2026-02-14T02:30:00.000Z');
    expect(article.language).toBe('vi');
  });

  it('ignores unrepairable JSON-LD with a warning and keeps the other sources', () => {
    const article = extractArticle(
      page(`<meta property="og:title" content="Tiêu đề còn lại">
        <script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>`),
      'https://example.vn/c',
    );
    expect(article.title).toBe('Tiêu đề còn lại');
    expect(article.warnings).toEqual(['invalid JSON-LD block 1 ignored']);
  });

  it('returns nulls, not guesses, for a page without metadata', () => {
    const article = extractArticle(page('', `<div>${BODY}</div>`), 'https://example.vn/d');
    expect(article.title).toBeNull();
    expect(article.publishedAt).toBeNull();
    expect(article.modifiedAt).toBeNull();
    expect(article.author).toBeNull();
    expect(article.section).toBeNull();
    expect(article.language).toBeNull();
    expect(article.imageUrl).toBeNull();
    expect(article.siteName).toBeNull();
    expect(article.canonicalUrl).toBeNull();
    expect(article.keywords).toEqual([]);
    expect(article.text).toContain('Đoạn 1');
  });

  it('resolves relative URLs against <base href>', () => {
    const article = extractArticle(
      page(
        `<base href="/tin/"><meta property="og:image" content="anh/chinh.jpg"><link rel="canonical" href="bai-1.html">`,
        `<article>${BODY}<p><a href="bai-2.html">Bài liên quan trong nội dung</a> và thêm vài chữ cho đủ dài đoạn văn.</p></article>`,
      ),
      'https://example.vn/tin/bai-1.html',
    );
    expect(article.imageUrl).toBe('https://example.vn/tin/anh/chinh.jpg');
    expect(article.canonicalUrl).toBe('https://example.vn/tin/bai-1.html');
    expect(article.html).toContain('href="https://example.vn/tin/bai-2.html"');
  });

  it('uses JSON-LD articleBody when the page body is empty', () => {
    const article = extractArticle(
      page(
        `<script type="application/ld+json">{"@type":"Article","headline":"H","articleBody":"Nội dung   chỉ có\\n\\ntrong JSON-LD."}</script>`,
        '',
      ),
      'https://example.vn/e',
    );
    expect(article.text).toBe('Nội dung chỉ có\n\ntrong JSON-LD.');
    expect(article.html).toBeNull();
  });

  it('survives empty and non-HTML input', () => {
    expect(extractArticle('', 'https://example.vn/').text).toBe('');
    expect(extractArticle('just text, no tags', 'https://example.vn/').title).toBeNull();
    const fragment = extractArticle(`<h1>Tiêu đề</h1>${BODY}`, 'https://example.vn/');
    expect(fragment.text).toContain('Đoạn 3');
    const noBody = extractArticle(
      `<html><head><title>T</title></head>${BODY}</html>`,
      'https://example.vn/',
    );
    expect(noBody.text).toContain('Đoạn 2');
  });
});
