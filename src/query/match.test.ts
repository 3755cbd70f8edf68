import { describe, expect, it } from 'vitest';
import { compileMatcher } from './match.js';
import { parseQuery } from './parse.js';
import type { MatchDocument } from './prepare.js';

const base: MatchDocument = {
  title: 'Triều cường gây ngập nặng ở TP Thủ Đức',
  text: 'Nhiều tuyến đường bị kẹt xe kéo dài. Người dân phải dắt xe qua đoạn ngập sâu.',
  platform: 'web',
  lang: 'vi-VN',
  sentiment: 'negative',
  url: 'https://www.vnexpress.net/trieu-cuong-123.html',
  sourceIds: [3],
  sourceNames: ['VnExpress - Tin nhanh'],
  // Ho Chi Minh City and a ward of the former Thủ Đức city (placeCodesOf of its tags).
  places: ['79', '26800'],
  sectors: ['flooding', 'traffic'],
};

function matches(query: string, doc: Partial<MatchDocument> = {}): boolean {
  return compileMatcher(parseQuery(query))({ ...base, ...doc });
}

describe('compileMatcher: words and phrases', () => {
  it('ignores case and diacritics by default, in both directions', () => {
    expect(matches('trieu cuong')).toBe(true);
    expect(matches('TRIỀU')).toBe(true);
    expect(matches('thu duc')).toBe(true);
    expect(matches('ngap')).toBe(true);
    expect(matches('đuong')).toBe(true);
    expect(matches('bão')).toBe(false);
  });
  it('treats decomposed input like composed input', () => {
    expect(matches('"thủ đức"'.normalize('NFD'))).toBe(true);
    expect(matches('=ngập', { title: 'ngập'.normalize('NFD'), text: '' })).toBe(true);
  });
  it('requires exact diacritics with a leading =', () => {
    expect(matches('=đường')).toBe(true);
    expect(matches('=duong')).toBe(false);
    expect(matches('=dương')).toBe(false);
    expect(matches('="thủ đức"')).toBe(true);
    expect(matches('="thu đức"')).toBe(false);
    expect(matches('=ĐƯỜNG')).toBe(true);
  });
  it('matches phrases as consecutive words, across punctuation but not across fields', () => {
    expect(matches('"tp thủ đức"')).toBe(true);
    expect(matches('"kéo dài người dân"')).toBe(true);
    expect(matches('"đức nhiều"')).toBe(false);
    expect(matches('"xe kẹt"')).toBe(false);
  });
  it('splits hyphenated and dotted words into phrases', () => {
    expect(matches('covid-19', { text: 'ca COVID 19 mới' })).toBe(true);
    expect(matches('covid-19', { text: 'covid và 19 ca' })).toBe(false);
    expect(matches('tp.hcm', { text: 'ở TP HCM' })).toBe(true);
  });
  it('matches word prefixes, folded or exact', () => {
    expect(matches('ngậ*')).toBe(true);
    expect(matches('ngap*')).toBe(true);
    expect(matches('=ngậ*')).toBe(true);
    expect(matches('=nga*')).toBe(false);
    expect(matches('"tp thủ"*')).toBe(true);
    expect(matches('"tp thu du"*', { title: 'tp thu', text: 'đường' })).toBe(false);
    expect(matches('xyz*')).toBe(false);
  });
});

describe('compileMatcher: logic and proximity', () => {
  it('combines AND, OR and NOT', () => {
    expect(matches('(ngập OR "triều cường") AND (thủ đức OR "tp thủ đức") -"quảng cáo"')).toBe(
      true,
    );
    expect(matches('(ngập OR "triều cường") -"quảng cáo"', { text: 'cáo quảng' })).toBe(true);
    expect(matches('ngập -"quảng cáo"', { text: 'Quảng cáo: ngập' })).toBe(false);
    expect(matches('bão OR lũ OR ngập')).toBe(true);
    expect(matches('bão OR lũ')).toBe(false);
  });
  it('applies NEAR/N as at most N words between, in any order', () => {
    // "kẹt xe kéo dài": kẹt at 4, dài at 7 in the text; 2 words between.
    expect(matches('kẹt NEAR/2 dài')).toBe(true);
    expect(matches('kẹt NEAR/1 dài')).toBe(false);
    expect(matches('dài NEAR/2 kẹt')).toBe(true);
    expect(matches('"kẹt xe" NEAR/1 dài')).toBe(true);
    expect(matches('"kẹt xe" NEAR/0 dài')).toBe(false);
    expect(matches('triều NEAR/20 nhiều')).toBe(false);
  });
  it('applies "phrase"~N as the phrase words near each other', () => {
    expect(matches('"xe kẹt"~0')).toBe(true);
    expect(matches('"kẹt dài"~1')).toBe(false);
    expect(matches('"kẹt dài"~2')).toBe(true);
  });
});

describe('compileMatcher: fields', () => {
  it('limits words to the title or the body', () => {
    expect(matches('title:ngập')).toBe(true);
    expect(matches('title:kẹt')).toBe(false);
    expect(matches('text:kẹt')).toBe(true);
    expect(matches('text:"triều cường"')).toBe(false);
    expect(matches('title:(bão OR cường)')).toBe(true);
    expect(matches('title:ngập', { title: null })).toBe(false);
  });
  it('compares platform, language and sentiment', () => {
    expect(matches('ngập platform:web')).toBe(true);
    expect(matches('ngập platform:(x OR facebook)')).toBe(false);
    expect(matches('ngập lang:vi')).toBe(true);
    expect(matches('ngập lang:vi-vn')).toBe(true);
    expect(matches('ngập lang:v')).toBe(false);
    expect(matches('ngập lang:en')).toBe(false);
    expect(matches('ngập lang:vi', { lang: null })).toBe(false);
    expect(matches('ngập sentiment:negative')).toBe(true);
    expect(matches('ngập -sentiment:negative')).toBe(false);
    expect(matches('ngập sentiment:neg*')).toBe(true);
  });
  it('matches site: on the host and its subdomains', () => {
    expect(matches('ngập site:vnexpress.net')).toBe(true);
    expect(matches('ngập site:https://vnexpress.net/')).toBe(true);
    expect(matches('ngập site:express.net')).toBe(false);
    expect(matches('ngập site:vnexpress.net', { url: null })).toBe(false);
    expect(matches('ngập site:tuoitre.vn', { url: 'https://m.tuoitre.vn/x' })).toBe(true);
    expect(matches('ngập site:báo.vn', { url: 'https://www.báo.vn/x' })).toBe(true);
  });
  it('matches source: by id or by words of the source name', () => {
    expect(matches('ngập source:3')).toBe(true);
    expect(matches('ngập source:4')).toBe(false);
    expect(matches('ngập source:vnexpress')).toBe(true);
    expect(matches('ngập source:"tin nhanh"')).toBe(true);
    expect(matches('ngập source:tuoitre')).toBe(false);
  });
  it('matches place: by gazetteer name, alias or code; a province covers its wards', () => {
    expect(matches('ngập place:"thu duc"')).toBe(true);
    expect(matches('ngập place:("hà nội" OR "hồ chí minh")')).toBe(true);
    expect(matches('ngập place:"hà nội"')).toBe(false);
    expect(matches('place:TP.HCM')).toBe(true);
    expect(matches('place:"Sài Gòn"')).toBe(true);
    expect(matches('place:hcmc')).toBe(true);
    expect(matches('place:79')).toBe(true);
    expect(matches('place:"quận 1"')).toBe(false);
    expect(matches('place:"quận 1"', { places: ['79', '760'] })).toBe(true);
    expect(matches('ngập place:"thủ đức"', { places: undefined })).toBe(false);
  });
  it('matches sector: by id or by its Vietnamese or English name', () => {
    expect(matches('sector:flooding')).toBe(true);
    expect(matches('sector:"thoát nước"')).toBe(true);
    expect(matches('sector:"giao thong"')).toBe(true);
    expect(matches('sector:"Traffic and transport"')).toBe(true);
    expect(matches('sector:health')).toBe(false);
    expect(matches('sector:(health OR "y tế")')).toBe(false);
    expect(matches('sector:flooding', { sectors: undefined })).toBe(false);
  });
  it('refuses a place or sector that names nothing, with the position', () => {
    expect(() => parseQuery('ngập place:atlantis')).toThrow(/at position 11.*place: no province/);
    expect(() => parseQuery('sector:weather')).toThrow(/sector: no sector is called "weather"/);
    expect(() => parseQuery('place:thu*')).toThrow(/'\*' cannot be used/);
  });
});
