import { describe, expect, it } from 'vitest';
import { anchorsOf } from './anchors.js';
import type { QueryNode } from './ast.js';
import { pick, randomDocument, randomQuery, seededRandom } from './fixtures/random-corpus.js';
import { formatQuery } from './format.js';
import { compilePreparedMatcher } from './match.js';
import { parseQuery } from './parse.js';
import { prepareDocument } from './prepare.js';
import { type TopicId, TopicIndex, type TopicLimits } from './topic-index.js';
import { WordStatistics } from './word-statistics.js';

function doc(title: string, text = '', extra: Partial<Parameters<typeof prepareDocument>[0]> = {}) {
  return prepareDocument({
    title,
    text,
    platform: 'web',
    lang: 'vi',
    sentiment: null,
    url: null,
    ...extra,
  });
}

describe('anchorsOf', () => {
  it('takes the union of OR branches and the cheapest AND child', () => {
    const union = anchorsOf(parseQuery('(ngập OR "triều cường") AND của -quảng'));
    expect(union?.map((a) => a.word).sort()).toEqual(['ngap', 'trieu cuong']);
    const single = anchorsOf(parseQuery('(ngập OR "triều cường") AND Vinamilk -quảng'));
    expect(single).toEqual([{ word: 'vinamilk', prefix: false }]);
  });
  it('gives no anchor when a branch can match on metadata or a negation alone', () => {
    expect(anchorsOf(parseQuery('platform:x OR ngập'))).toBeNull();
    expect(anchorsOf(parseQuery('platform:x -ngập'))).toBeNull();
  });
  it('anchors a wildcard by its folded prefix', () => {
    expect(anchorsOf(parseQuery('ngập*'))).toEqual([{ word: 'ngap', prefix: true }]);
  });
  it('avoids very frequent words and prefers word pairs of phrases', () => {
    expect(anchorsOf(parseQuery('của bão'))).toEqual([{ word: 'bao', prefix: false }]);
    expect(anchorsOf(parseQuery('"mất điện" nội'))).toEqual([{ word: 'mat dien', prefix: false }]);
    expect(anchorsOf(parseQuery('"tp thủ đức"*'))).toEqual([{ word: 'tp thu', prefix: false }]);
    expect(anchorsOf(parseQuery('="mất điện"'))).toEqual([{ word: 'dien', prefix: false }]);
  });
});

describe('TopicIndex', () => {
  it('matches, replaces and removes topics', () => {
    const index = new TopicIndex();
    index.add('flood', parseQuery('ngập* OR "triều cường"'));
    index.add(2, parseQuery('platform:x'));
    index.add('traffic', parseQuery('"kẹt xe"~3'), { langs: ['vi'] });
    const mention = doc('Triều cường, kẹt xe', 'Nhiều xe cộ', { lang: 'vi-VN' });
    expect(index.match(mention)).toEqual(['flood', 'traffic']);
    expect(index.match(doc('Ngập nặng', '', { platform: 'x' }))).toEqual(['flood', 2]);
    expect(index.match(doc('kẹt xe', '', { lang: 'en' }))).toEqual([]);

    index.add('flood', parseQuery('lũ'));
    expect(index.match(mention)).toEqual(['traffic']);
    expect(index.remove('traffic')).toBe(true);
    expect(index.remove('traffic')).toBe(false);
    expect(index.match(mention)).toEqual([]);
    expect(index.size).toBe(2);
    index.remove('flood');
    index.remove(2);
    expect(index.isEmpty).toBe(true);
  });

  for (const anchoring of ['guessed', 'learned'] as const) {
    it(`returns exactly the topics whose matcher accepts the document (${anchoring} anchors)`, () => {
      const random = seededRandom(99);
      const statistics = new WordStatistics();
      const index = new TopicIndex(anchoring === 'learned' ? { statistics } : {});
      const topics: { id: TopicId; ast: QueryNode; limits: TopicLimits | undefined }[] = [];
      while (topics.length < 500) {
        let ast: QueryNode;
        try {
          ast = parseQuery(formatQuery(randomQuery(random, { metaFields: true, maxDepth: 3 })));
        } catch {
          continue;
        }
        const roll = random();
        const limits: TopicLimits | undefined =
          roll < 0.1
            ? { langs: [pick(random, ['vi', 'en'])] }
            : roll < 0.2
              ? { platforms: [pick(random, ['web', 'x'])], sourceIds: [1, 2] }
              : undefined;
        const id = topics.length % 3 === 0 ? `t${topics.length}` : topics.length;
        topics.push({ id, ast, limits });
        index.add(id, ast, limits);
      }
      // Remove a few so removal is covered by the same comparison.
      const removed = new Set(topics.filter((_, i) => i % 17 === 0).map((topic) => topic.id));
      for (const id of removed) index.remove(id);
      if (anchoring === 'learned') {
        for (let i = 0; i < 300; i++) statistics.observe(prepareDocument(randomDocument(random)));
        index.refreshAnchors();
      }

      const live = topics
        .filter((topic) => !removed.has(topic.id))
        .map((topic) => ({ ...topic, matcher: compilePreparedMatcher(topic.ast) }));
      let matches = 0;
      for (let i = 0; i < 200; i++) {
        const mention = prepareDocument(randomDocument(random));
        const expected = live
          .filter(({ matcher, limits }) => {
            if (!matcher(mention)) return false;
            if (limits?.langs && !(mention.lang ?? '').startsWith(limits.langs[0]!)) return false;
            if (limits?.platforms && !limits.platforms.includes(mention.platform)) return false;
            if (
              limits?.sourceIds &&
              !mention.sourceIds.some((id) => limits.sourceIds!.includes(id))
            )
              return false;
            return true;
          })
          .map((topic) => topic.id);
        expect(index.match(mention)).toEqual(expected);
        matches += expected.length;
      }
      expect(matches).toBeGreaterThan(400);
    });
  }
});

describe('WordStatistics', () => {
  it('estimates document shares of words, pairs and prefixes once it has seen enough', () => {
    const statistics = new WordStatistics();
    const docs = ['ngập nặng ở Thủ Đức', 'ngập sâu', 'kẹt xe ở Thủ Đức', 'nắng nóng'];
    expect(statistics.share({ word: 'ngap', prefix: false }, 1)).toBeCloseTo(0.02);
    for (const text of docs) statistics.observe(doc(text));
    expect(statistics.observed).toBe(4);
    expect(statistics.share({ word: 'ngap', prefix: false }, 1)).toBeCloseTo(2.5 / 5);
    expect(statistics.share({ word: 'thu duc', prefix: false }, 1)).toBeCloseTo(2.5 / 5);
    expect(statistics.share({ word: 'bao', prefix: false }, 1)).toBeCloseTo(0.5 / 5);
    expect(statistics.share({ word: 'na', prefix: true }, 1)).toBeCloseTo(2.5 / 5);
    expect(statistics.share({ word: 'n', prefix: true }, 1)).toBeCloseTo(Math.min(1, 6.5 / 5));
  });
  it('lets the index anchor on the rarest required word', () => {
    const statistics = new WordStatistics();
    for (let i = 0; i < 10; i++)
      statistics.observe(doc(`bão số ${i}`, 'tin bão ở Hà Tĩnh, nội dung mới'));
    statistics.observe(doc('Hà Nội', 'mưa'));
    const weigh = (anchor: { word: string; prefix: boolean }) => statistics.share(anchor, 1);
    expect(anchorsOf(parseQuery('bão (mưa OR "hà nội")'), weigh)?.map((a) => a.word)).toEqual([
      'mua',
      'ha noi',
    ]);
    expect(anchorsOf(parseQuery('bão (mưa OR "hà nội")'))?.map((a) => a.word)).toEqual(['bao']);
  });
});
