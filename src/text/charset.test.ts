import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalEncoding, decodeBytes, decodeBytesExplained } from './charset.js';

const xml = (prolog: string, body: Buffer | string): Buffer =>
  Buffer.concat([
    Buffer.from(`<?xml version="1.0" encoding="${prolog}"?><rss><title>`, 'latin1'),
    typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    Buffer.from('</title></rss>', 'latin1'),
  ]);

describe('decodeBytes', () => {
  it('reads UTF-8 without any declaration', () => {
    const result = decodeBytes(Buffer.from('<rss>Thành phố</rss>'), { kind: 'xml' });
    expect(result).toEqual({ text: '<rss>Thành phố</rss>', encoding: 'utf-8' });
  });

  it('honours and strips a UTF-8 byte-order mark over a contrary header', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>é</a>')]);
    const result = decodeBytes(bytes, { kind: 'xml', contentType: 'text/xml; charset=koi8-r' });
    expect(result).toEqual({ text: '<a>é</a>', encoding: 'utf-8' });
  });

  it('decodes UTF-16 with a byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>Việt</a>', 'utf16le')]);
    expect(decodeBytes(bytes, { kind: 'xml' })).toEqual({
      text: '<a>Việt</a>',
      encoding: 'utf-16le',
    });
  });

  it('prefers the HTTP charset over the XML prolog', () => {
    const bytes = xml('utf-8', Buffer.from([0xcf, 0xf0, 0xe8])); // "При" in windows-1251
    const result = decodeBytes(bytes, {
      kind: 'xml',
      contentType: 'application/rss+xml; charset="windows-1251"',
    });
    expect(result.encoding).toBe('windows-1251');
    expect(result.text).toContain('<title>При</title>');
  });

  it('uses the XML prolog when the header has no charset', () => {
    const bytes = xml('KOI8-R', Buffer.from([0xf0, 0xd2, 0xc9])); // "При" in KOI8-R
    const result = decodeBytes(bytes, { kind: 'xml', contentType: 'text/xml' });
    expect(result).toMatchObject({ encoding: 'koi8-r' });
    expect(result.text).toContain('При');
  });

  it('decodes windows-1258 Vietnamese and composes it to NFC', () => {
    // "Việt Nam" in windows-1258: ê (0xEA) followed by a combining dot below (0xF2).
    const bytes = xml(
      'windows-1258',
      Buffer.from([0x56, 0x69, 0xea, 0xf2, 0x74, 0x20, 0x4e, 0x61, 0x6d]),
    );
    const result = decodeBytes(bytes, { kind: 'xml' });
    expect(result.encoding).toBe('windows-1258');
    expect(result.text).toContain('<title>Việt Nam</title>');
    expect(result.text).toBe(result.text.normalize('NFC'));
    expect(result.text).toContain('\u1ec7'); // precomposed ệ
  });

  it('maps windows-1252 0x80–0x9F to their letters, not C1 controls', () => {
    const bytes = xml('windows-1252', Buffer.from([0x80, 0x20, 0x93, 0x68, 0x94, 0x20, 0x85]));
    expect(decodeBytes(bytes, { kind: 'xml' }).text).toContain('€ “h” …');
  });

  it('reads ISO-8859-1 labels as windows-1252, as browsers do', () => {
    const bytes = xml('ISO-8859-1', Buffer.from([0x43, 0x61, 0x66, 0xe9]));
    expect(decodeBytes(bytes, { kind: 'xml' })).toMatchObject({ encoding: 'windows-1252' });
    expect(decodeBytes(bytes, { kind: 'xml' }).text).toContain('Café');
  });

  it('prefers UTF-8 when a single-byte declaration is contradicted by valid UTF-8', () => {
    const bytes = xml('ISO-8859-1', 'Café ngày');
    const result = decodeBytesExplained(bytes, { kind: 'xml' });
    expect(result).toMatchObject({ encoding: 'utf-8', source: 'sniffed', overruled: 'ISO-8859-1' });
    expect(result.text).toContain('Café ngày');
  });

  it('falls back to windows-1252 when UTF-8 is declared but the bytes are Latin-1', () => {
    const bytes = xml('utf-8', Buffer.from([0x4a, 0xfc, 0x72, 0x67, 0x65, 0x6e]));
    const result = decodeBytesExplained(bytes, { kind: 'xml' });
    expect(result).toMatchObject({ encoding: 'windows-1252', overruled: 'utf-8' });
    expect(result.text).toContain('Jürgen');
  });

  it('lets the prolog correct a blanket UTF-8 header that the bytes contradict', () => {
    const bytes = xml('windows-1251', Buffer.from([0xcf, 0xf0, 0xe8]));
    const result = decodeBytesExplained(bytes, {
      kind: 'xml',
      contentType: 'text/xml; charset=utf-8',
    });
    expect(result).toMatchObject({ encoding: 'windows-1251', source: 'declaration' });
    expect(result.text).toContain('<title>При</title>');
  });

  it('keeps UTF-8 with a replacement character when mostly valid UTF-8 has one bad byte', () => {
    const bytes = Buffer.concat([
      Buffer.from('<a>Việt '),
      Buffer.from([0xff]),
      Buffer.from('</a>'),
    ]);
    const result = decodeBytes(bytes, { kind: 'xml', contentType: 'text/xml; charset=utf-8' });
    expect(result.encoding).toBe('utf-8');
    expect(result.text).toBe('<a>Việt \ufffd</a>');
  });

  it('ignores an unknown charset label and sniffs instead', () => {
    expect(decodeBytes(xml('no-such-charset', 'Đà Nẵng'), { kind: 'xml' })).toMatchObject({
      encoding: 'utf-8',
    });
    expect(decodeBytes(xml('no-such-charset', Buffer.from([0xe9])), { kind: 'xml' })).toMatchObject(
      {
        encoding: 'windows-1252',
      },
    );
  });

  it('reads <meta charset> and <meta http-equiv> in HTML, within the first 1024 bytes only', () => {
    const meta = Buffer.from(
      '<html><head><meta charset="windows-1251"><title>\xcf</title>',
      'latin1',
    );
    expect(decodeBytes(meta, { kind: 'html' })).toMatchObject({ encoding: 'windows-1251' });
    const equiv = Buffer.from(
      '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"><p>\xb1</p>',
      'latin1',
    );
    expect(decodeBytes(equiv, { kind: 'html' }).text).toContain('<p>ą</p>');
    const late = Buffer.concat([
      Buffer.from(`<html><!--${' '.repeat(1100)}--><meta charset="windows-1251">`),
      Buffer.from([0xcf]),
    ]);
    expect(decodeBytes(late, { kind: 'html' })).toMatchObject({ encoding: 'windows-1252' });
  });

  it('reads JSON as UTF-8 whatever it contains, unless the header says otherwise', () => {
    expect(decodeBytes(Buffer.from('{"t":"Huế"}'), { kind: 'json' })).toEqual({
      text: '{"t":"Huế"}',
      encoding: 'utf-8',
    });
  });

  it('handles empty input', () => {
    expect(decodeBytes(Buffer.alloc(0), { kind: 'xml' })).toEqual({ text: '', encoding: 'utf-8' });
  });
});

describe('canonicalEncoding', () => {
  it.each([
    ['UTF8', 'utf-8'],
    ['windows-1258', 'windows-1258'],
    ['cp1251', 'windows-1251'],
    ['koi8-r', 'koi8-r'],
    ['iso8859-2', 'iso-8859-2'],
    ['ISO_8859-15', 'iso-8859-15'],
    ['gb2312', 'gbk'],
    ['GB18030', 'gb18030'],
    ['Shift_JIS', 'shift_jis'],
    ['nonsense', null],
    ['', null],
  ])('%s → %s', (label, expected) => {
    expect(canonicalEncoding(label)).toBe(expected);
  });
});

// Charset edge cases from miniflux's test data (Apache-2.0), read in place.
const miniflux = join(process.cwd(), '../shared/data/feeds/miniflux/internal/reader');
const hasShared = existsSync(miniflux);
if (!hasShared) console.log(`skipping miniflux charset fixtures: ${miniflux} is absent`);

describe.skipIf(!hasShared)('decodeBytes on miniflux fixtures', () => {
  const read = (path: string) => readFileSync(join(miniflux, path));
  it.each([
    ['encoding/testdata/utf8.xml', 'xml', 'utf-8', 'Café'],
    ['encoding/testdata/invalid-prolog.xml', 'xml', 'utf-8', '테스트 피드'],
    ['encoding/testdata/utf8-incorrect-prolog.xml', 'xml', 'utf-8', '테스트 피드'],
    ['encoding/testdata/windows-1252.xml', 'xml', 'windows-1252', 'Euro €'],
    ['encoding/testdata/windows-1252-incorrect-prolog.xml', 'xml', 'utf-8', 'Euro €'],
    ['encoding/testdata/iso-8859-1.xml', 'xml', 'windows-1252', 'Présentation'],
    ['encoding/testdata/koi8r.xml', 'xml', 'koi8-r', 'Пример RSS ленты'],
    ['encoding/testdata/utf8.html', 'html', 'utf-8', 'Café'],
    ['encoding/testdata/iso-8859-1.html', 'html', 'windows-1252', 'Frédéric'],
    ['encoding/testdata/utf8-meta-after-1024.html', 'html', 'utf-8', 'Café'],
    ['encoding/testdata/iso-8859-1-meta-after-1024.html', 'html', 'windows-1252', 'Café'],
    ['xml/testdata/iso88591.xml', 'xml', 'windows-1252', 'Jürgen'],
    ['xml/testdata/iso88591_utf8_mismatch.xml', 'xml', 'windows-1252', 'Anaïs'],
    ['parser/testdata/encoding_WINDOWS-1251.xml', 'xml', 'windows-1251', 'iBash.Org.Ru'],
    ['parser/testdata/no_encoding_ISO-8859-1.xml', 'xml', 'windows-1252', 'é'],
  ] as const)('%s → %s', (path, kind, encoding, sample) => {
    const result = decodeBytes(read(path), { kind });
    expect(result.encoding).toBe(encoding);
    expect(result.text).toContain(sample);
    expect(result.text).not.toContain('\ufffd');
  });
});
