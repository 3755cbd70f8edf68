import { describe, expect, it } from 'vitest';
import { requiredParts } from './anchors.js';
import type { LeafNode, QueryNode } from './ast.js';
import { randomDocument, randomQuery, seededRandom } from './fixtures/random-corpus.js';
import { formatQuery } from './format.js';
import { compilePreparedMatcher } from './match.js';
import { parseQuery } from './parse.js';
import { type PreparedDocument, prepareDocument } from './prepare.js';
import { type TopicId, TopicIndex } from './topic-index.js';
import { leafAnchor } from './topic-index-matcher.js';
import { WordStatistics } from './word-statistics.js';

function doc(title: string, text = ''): PreparedDocument {
  return prepareDocument({ title, text, platform: 'web', lang: 'vi', sentiment: null, url: null });
}

const words = (parts: ReturnType<typeof requiredParts>) =>
  parts.map(({ anchors, field }) => ({ words: anchors.map((a) => a.word).sort(), field }));

describe('requiredParts', () => {
  it('lists every required AND child with the field it must occur in', () => {
    const parts = requiredParts(
      parseQuery('(ngập OR "triều cường") title:"thủ đức" -quảng platform:web'),
    );
    expect(words(parts)).toEqual([
      { words: ['ngap', 'trieu cuong'], field: null },
      { words: ['thu duc'], field: 'title' },
    ]);
  });
  it('makes each NEAR operand a part and follows nested ANDs inside fields', () => {
    expect(words(requiredParts(parseQuery('bão NEAR/3 "hà nội"')))).toEqual([
      { words: ['bao'], field: null },
      { words: ['ha noi'], field: null },
    ]);
    expect(words(requiredParts(parseQuery('text:(bão lũ) mưa')))).toEqual([
      { words: ['bao'], field: 'text' },
      { words: ['lu'], field: 'text' },
      { words: ['mua'], field: null },
    ]);
  });
  it('looks for a part in both fields when another field sits inside it', () => {
    // The parser refuses a field inside a field; the tree can still be built.
    const term = (text: string): QueryNode => ({ kind: 'term', text, prefix: false, exact: false });
    const nested: QueryNode = {
      kind: 'field',
      field: 'title',
      child: {
        kind: 'or',
        children: [term('bão'), { kind: 'field', field: 'text', child: term('lũ') }],
      },
    };
    expect(words(requiredParts(nested))).toEqual([{ words: ['bao', 'lu'], field: null }]);
  });
  it('has no part for queries that can match on metadata or a negation alone', () => {
    expect(requiredParts(parseQuery('platform:x OR ngập'))).toEqual([]);
    expect(requiredParts(parseQuery('platform:x -ngập'))).toEqual([]);
  });
});

describe('leafAnchor', () => {
  const leaf = (query: string) => parseQuery(query) as LeafNode;
  it('stands for single words, word prefixes and two-word phrases only', () => {
    expect(leafAnchor(leaf('Ngập'))).toEqual({ word: 'ngap', prefix: false });
    expect(leafAnchor(leaf('ngập*'))).toEqual({ word: 'ngap', prefix: true });
    expect(leafAnchor(leaf('"Hà Nội"'))).toEqual({ word: 'ha noi', prefix: false });
    expect(leafAnchor(leaf('covid-19'))).toEqual({ word: 'covid 19', prefix: false });
    expect(leafAnchor(leaf('"hồ chí minh"'))).toBeNull();
    expect(leafAnchor(leaf('"hà nội"*'))).toBeNull();
    expect(leafAnchor(leaf('=đường'))).toBeNull();
    expect(leafAnchor(leaf('"kẹt xe"~3'))).toBeNull();
  });
});

describe('TopicIndex candidate selection', () => {
  it('keeps word pairs and field-only parts inside their field', () => {
    const index = new TopicIndex();
    index.add('pair', parseQuery('"xe ngập"'));
    index.add('title', parseQuery('title:ngập'));
    index.add('text', parseQuery('text:(ngập xe)'));
    index.add('prefix', parseQuery('title:ngậ* -xe'));
    expect(index.match(doc('kẹt xe', 'ngập sâu xe'))).toEqual(['text']);
    expect(index.match(doc('xe ngập', ''))).toEqual(['pair', 'title']);
    expect(index.match(doc('ngập', 'không có'))).toEqual(['title', 'prefix']);
    expect(index.match(doc('nhà', 'Xe, ngập!'))).toEqual(['pair', 'text']);
  });

  it('matches topics with more required parts than it files', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    const index = new TopicIndex();
    index.add('long', parseQuery(words.join(' ')));
    expect(index.match(doc('', words.join(' ')))).toEqual(['long']);
    for (const missing of [0, 20, 39]) {
      const text = words.filter((_, i) => i !== missing).join(' ');
      expect(index.match(doc('', text))).toEqual([]);
    }
  });

  it('matches topics made only of their parts without evaluating them, and evaluates the rest', () => {
    const index = new TopicIndex();
    const pure = ['(ngập OR "triều cường") title:(thủ OR đức*)', '"mất điện" bão'];
    const evaluated = ['ngập -bão', '"hồ chí minh" ngập', 'ngập platform:web', '"kẹt xe"~2 ngập'];
    for (const query of [...pure, ...evaluated]) index.add(query, parseQuery(query));
    const mentions = [
      doc('Đức Hòa', 'ngập sâu, mất điện vì bão; kẹt xe ở Hồ Chí Minh'),
      doc('Thủ Đức', 'triều cường lên, không ngập'),
      doc('', 'bão, mất nước, điện chập chờn'),
    ];
    for (const mention of mentions) {
      const before = index.stats.evaluated;
      const expected = [...pure, ...evaluated].filter((query) =>
        compilePreparedMatcher(parseQuery(query))(mention),
      );
      expect(index.match(mention)).toEqual(expected);
      const pureMatched = pure.filter((query) => expected.includes(query)).length;
      // Every woken topic is evaluated except the pure ones.
      expect(index.stats.evaluated - before).toBeLessThanOrEqual(
        expected.length - pureMatched + evaluated.length,
      );
    }
    expect(index.match(mentions[0]!)).toContain(pure[0]);
    expect(index.match(mentions[0]!)).toContain(pure[1]);
  });

  it('evaluates a phrase filed under one of its words, as learned statistics may choose', () => {
    // Every document with "mất" has "mất điện", so the word weighs as much as the pair and is
    // chosen: its presence alone no longer means the phrase is there.
    const statistics = new WordStatistics();
    for (let i = 0; i < 300; i++) statistics.observe(doc('', `mất điện lần ${i} ở khu ${i % 7}`));
    const index = new TopicIndex({ statistics });
    index.add('phrase', parseQuery('"mất điện"'));
    expect(index.match(doc('', 'điện mất rồi'))).toEqual([]);
    expect(index.match(doc('', 'lại mất điện'))).toEqual(['phrase']);
  });

  it('agrees with every matcher through adds, replacements, removals and re-anchoring', () => {
    const random = seededRandom(2024);
    const statistics = new WordStatistics();
    const index = new TopicIndex({ statistics });
    const live = new Map<TopicId, (doc: PreparedDocument) => boolean>();
    const randomTopic = (): QueryNode => {
      for (;;) {
        try {
          return parseQuery(formatQuery(randomQuery(random, { metaFields: true, maxDepth: 4 })));
        } catch {
          // Pure negations are refused by the parser; draw again.
        }
      }
    };
    let matches = 0;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 150; i++) {
        const id = Math.floor(random() * 400);
        if (random() < 0.2) {
          index.remove(id);
          live.delete(id);
        } else {
          const ast = randomTopic();
          index.add(id, ast);
          live.set(id, compilePreparedMatcher(ast));
        }
      }
      const docs = Array.from({ length: 120 }, () => prepareDocument(randomDocument(random)));
      for (const mention of docs) statistics.observe(mention);
      if (round % 2 === 1) index.refreshAnchors();
      const order = [...live.keys()];
      for (const mention of docs) {
        const expected = new Set(order.filter((id) => live.get(id)!(mention)));
        const found = index.match(mention);
        expect(new Set(found)).toEqual(expected);
        expect(found.length).toBe(expected.size);
        matches += found.length;
      }
    }
    expect(index.size).toBe(live.size);
    expect(matches).toBeGreaterThan(1000);
    for (const id of live.keys()) index.remove(id);
    expect(index.isEmpty).toBe(true);
  });

  it('looks up pairs in work linear in a long text’s anchors, with the same matches', () => {
    // Topics of two words each, filed under the first and keyed by the second, and topics that
    // share one rare word filed with many different second words under it: a long text holding
    // thousands of their anchors must not pair every anchor it holds with every other.
    const build = (topics: number) => {
      const index = new TopicIndex();
      const queries: string[] = [];
      for (let i = 0; i < topics; i++) queries.push(`qa${i} qb${i}`);
      for (let j = 0; j < topics; j++) queries.push(`chungchungchung x${j}`);
      for (const query of queries) index.add(query, parseQuery(query));
      return { index, queries };
    };
    const probesFor = (topics: number) => {
      const { index, queries } = build(topics);
      const words: string[] = ['chungchungchung'];
      for (let i = 0; i < topics; i++) {
        words.push(`qa${i}`);
        if (i % 2 === 0) words.push(`qb${i}`);
        if (i % 3 === 0) words.push(`x${i}`);
      }
      const mention = doc('', words.join(' '));
      const before = index.stats.pairProbes;
      const found = index.match(mention);
      const expected = queries.filter((query) =>
        compilePreparedMatcher(parseQuery(query))(mention),
      );
      expect(found).toEqual(expected);
      expect(found.length).toBe(Math.ceil(topics / 2) + Math.ceil(topics / 3));
      const probes = index.stats.pairProbes - before;
      // One key under each two-word topic's first word, and no more than the words of the text
      // under the shared one.
      expect(probes).toBeLessThanOrEqual(topics + words.length);
      return probes;
    };
    const small = probesFor(500);
    const large = probesFor(2000);
    // Four times the anchors: about four times the probes (sixteen times if quadratic).
    expect(large / small).toBeLessThan(5);
  });
});
