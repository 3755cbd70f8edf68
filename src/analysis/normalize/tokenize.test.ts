import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../seeded-random.js';
import { WordRunDictionary, WordRunIds } from '../../text/word-ids.js';
import { type TokenKind, tokenize } from './tokenize.js';

const kinds = (text: string): [string, TokenKind][] => tokenize(text).map((t) => [t.text, t.kind]);
const norms = (text: string): string[] => tokenize(text).map((t) => t.norm);

describe('tokenize', () => {
  it('splits words and punctuation and normalises words', () => {
    expect(kinds('Hoà Bình, vui!!!')).toEqual([
      ['Hoà', 'word'],
      ['Bình', 'word'],
      [',', 'punct'],
      ['vui', 'word'],
      ['!!!', 'punct'],
    ]);
    expect(norms('HOÀ Thuý điiiii')).toEqual(['hòa', 'thúy', 'đi']);
  });

  it('expands teencode in word tokens only', () => {
    expect(norms('ko dc j vs mn bt')).toEqual([
      'không',
      'được',
      'gì',
      'với',
      'mọi người',
      'bình thường',
    ]);
    expect(norms('#ko @dc')).toEqual(['#ko', '@dc']);
  });

  it('leaves capital letters and news text as written, and expands slang in social text', () => {
    const social = (text: string): string[] => tokenize(text, 'social').map((t) => t.norm);
    const news = (text: string): string[] => tokenize(text, 'news').map((t) => t.norm);
    // A lone capital is a company, an initial or a name in any register.
    for (const register of ['news', 'social', undefined] as const) {
      const norms = tokenize('công ty K và ông V ký hợp đồng', register).map((t) => t.norm);
      expect(norms, String(register)).toEqual([
        'công',
        'ty',
        'k',
        'và',
        'ông',
        'v',
        'ký',
        'hợp',
        'đồng',
      ]);
    }
    expect(news('giá 500 k, h mới về')).not.toContain('không');
    expect(news('ko dc')).toEqual(['ko', 'dc']);
    // Social: lower-case slang and a capitalised slang word opening a sentence.
    expect(social('Ko biết j luôn, k dc đâu')).toEqual([
      'không',
      'biết',
      'gì',
      'luôn',
      ',',
      'không',
      'được',
      'đâu',
    ]);
    expect(social('KO')).toEqual(['ko']);
    // Unknown register: lower-case slang only.
    expect(norms('Ko biết j')).toEqual(['ko', 'biết', 'gì']);
  });

  it('keeps URLs with Vietnamese slugs whole and drops trailing punctuation', () => {
    const url = 'https://vnexpress.net/thanh-pho-ho-chi-minh-ngap-nang-4791234.html';
    expect(kinds(`Xem ${url}.`)).toEqual([
      ['Xem', 'word'],
      [url, 'url'],
      ['.', 'punct'],
    ]);
    expect(kinds('(tuoitre.vn)')[1]).toEqual(['tuoitre.vn', 'url']);
    expect(kinds('theo VnExpress.net, chinhphu.gov.vn/tin')).toEqual([
      ['theo', 'word'],
      ['VnExpress.net', 'url'],
      [',', 'punct'],
      ['chinhphu.gov.vn/tin', 'url'],
    ]);
    // A sentence ending glued to the next one is not a domain.
    expect(kinds('đẹp.Mai')).toEqual([
      ['đẹp', 'word'],
      ['.', 'punct'],
      ['Mai', 'word'],
    ]);
    expect(kinds('https://vi.wikipedia.org/wiki/Hà_Nội')[0]?.[1]).toBe('url');
  });

  it('recognises Vietnamese phone numbers and normalises them to 0xxxxxxxxx', () => {
    for (const phone of ['0912 345 678', '0912.345.678', '+84 912 345 678', '+84912345678']) {
      const tokens = tokenize(`gọi ${phone} nhé`);
      expect(tokens[1]).toEqual({ text: phone, kind: 'phone', norm: '0912345678' });
    }
    expect(tokenize('(028) 3822 1234')[0]?.kind).toBe('phone');
    expect(tokenize('(+84)912345678')[0]).toMatchObject({ kind: 'phone', norm: '0912345678' });
    expect(tokenize('0912-345-678')[0]?.kind).toBe('phone');
    expect(tokenize('1900 1234')[0]?.kind).toBe('phone');
    expect(tokenize('1.500.000')[0]?.kind).toBe('number');
  });

  it('separates e-mails, mentions, hashtags and numbers', () => {
    expect(kinds('a.b@gmail.com @nguyen_van.a #TPHCM 20% 10:30 3,5')).toEqual([
      ['a.b@gmail.com', 'email'],
      ['@nguyen_van.a', 'mention'],
      ['#TPHCM', 'hashtag'],
      ['20%', 'number'],
      ['10:30', 'number'],
      ['3,5', 'number'],
    ]);
    expect(tokenize('#TPHCM')[0]?.norm).toBe('#tphcm');
    expect(kinds('covid-19 u23 3ngày')).toEqual([
      ['covid-19', 'word'],
      ['u23', 'word'],
      ['3ngày', 'word'],
    ]);
    expect(kinds('giá 1.500.000đ, 500k, 9h tối 16/3/2024')).toEqual([
      ['giá', 'word'],
      ['1.500.000đ', 'number'],
      [',', 'punct'],
      ['500k', 'number'],
      [',', 'punct'],
      ['9h', 'number'],
      ['tối', 'word'],
      ['16/3/2024', 'number'],
    ]);
  });

  it('maps emoji, skin tones and ZWJ sequences to one token with a feature', () => {
    const tokens = tokenize('đẹp 😍👍🏽 👨‍👩‍👧 😭 🇻🇳');
    expect(tokens.map((t) => t.kind)).toEqual([
      'word',
      'emoji',
      'emoji',
      'emoji',
      'emoji',
      'emoji',
    ]);
    expect(tokens[1]?.norm).toBe('EMO_POS');
    expect(tokens[2]).toMatchObject({ text: '👍🏽', norm: 'EMO_POS' });
    expect(tokens[3]?.text).toBe('👨‍👩‍👧');
    expect(tokens[4]?.norm).toBe('EMO_NEG');
  });

  it('maps emoticons, including stretched ones, to features', () => {
    const tokens = tokenize('vui:))) =)) :( :(((( <333 :v ^^ T_T xD :)');
    expect(tokens.map((t) => [t.kind, t.norm])).toEqual([
      ['word', 'vui'],
      ['emoticon', 'EMO_LAUGH'],
      ['emoticon', 'EMO_LAUGH'],
      ['emoticon', 'EMO_NEG'],
      ['emoticon', 'EMO_NEG'],
      ['emoticon', 'EMO_POS'],
      ['emoticon', 'EMO_LAUGH'],
      ['emoticon', 'EMO_POS'],
      ['emoticon', 'EMO_NEG'],
      ['emoticon', 'EMO_LAUGH'],
      ['emoticon', 'EMO_POS'],
    ]);
    // Letters inside words are not emoticons.
    expect(kinds('xDang')[0]).toEqual(['xDang', 'word']);
  });

  it('keeps dotted abbreviations and keycaps whole', () => {
    expect(tokenize('v.v. U.S. 1️⃣')).toEqual([
      { text: 'v.v.', kind: 'word', norm: 'v.v.' },
      { text: 'U.S.', kind: 'word', norm: 'u.s.' },
      { text: '1️⃣', kind: 'emoji', norm: 'EMO_NEU' },
    ]);
  });

  it('tokenises a word between spaces as it does next to punctuation', () => {
    // Space-delimited letter runs take a shortcut past the full token pattern.
    const words = [
      'Điiiii',
      'HOÀ',
      'Thuý',
      'ko',
      'mn',
      'xDang',
      'Ðà',
      'naïve',
      'NGONNNN',
      'coffee',
    ];
    const spaced = tokenize(words.join(' '));
    const packed = tokenize(words.join(',')).filter((t) => t.kind !== 'punct');
    expect(spaced).toEqual(packed);
    expect(spaced.map((t) => t.kind)).toEqual(words.map(() => 'word'));
    expect(kinds('xD xDDD XD')).toEqual([
      ['xD', 'emoticon'],
      ['xDDD', 'emoticon'],
      ['XD', 'emoticon'],
    ]);
  });

  it('never loses non-space characters', () => {
    const text = 'Giá 1.500.000đ (giảm 20%)!! 😂 :)) k@ x.y #a_b ~~ «trích»';
    const joined = tokenize(text)
      .map((t) => t.text)
      .join('');
    expect(joined).toBe(text.replace(/\s+/g, ''));
  });
});

describe('tokenize from word runs', () => {
  // Words, teencode, emoticons made of letters, URLs, e-mails, numbers with units, hyphens and
  // apostrophes, dotted abbreviations, emoji, decomposed marks, and the edges around them.
  const PIECES = [
    'ko',
    'K',
    'mn',
    'ok',
    'Ok',
    'xD',
    'XD',
    'xDDD',
    'Hoà',
    'bình',
    'Việt',
    'NAM',
    'quá',
    'e\u0301',
    "don't",
    'co-op',
    'v.v.',
    'U.S.',
    'https://vnexpress.net/a-b.html',
    'www.abc.vn',
    'a@b.com',
    '@minh',
    '#giải_trí',
    '500k',
    '3ngày',
    '1.500.000đ',
    '0912345678',
    ':)))',
    ':D',
    '=))',
    '<3',
    '😂',
    '👍🏻',
    'ạ',
    'Đ',
    'ß',
    'ñ',
    'ç',
    'ω',
    'русский',
    'T_T',
    'o.O',
  ];
  const EDGES = [
    ' ',
    ' ',
    ', ',
    '!',
    '?',
    '(',
    ')',
    ';',
    '"',
    '.',
    ':',
    '-',
    '_',
    '/',
    "'",
    '',
    '\n',
  ];

  it('gives the tokens of the text, for every register', () => {
    const random = seededRandom(3);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const dictionary = new WordRunDictionary();
    const runs = new WordRunIds();
    let plain = 0;
    for (let t = 0; t < 6000; t++) {
      const parts: string[] = [];
      for (let i = Math.floor(random() * 10); i > 0; i--) parts.push(pick(PIECES), pick(EDGES));
      const text = parts.join('');
      dictionary.tokenize(text, runs);
      if (runs.plain) plain++;
      for (const register of ['news', 'social', undefined] as const) {
        expect(tokenize(text, register, { dictionary, runs })).toEqual(tokenize(text, register));
      }
    }
    expect(plain).toBeGreaterThan(2000);
  });
});
