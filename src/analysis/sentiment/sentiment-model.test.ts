import { describe, expect, it } from 'vitest';
import { englishLexicon, englishTokens } from './english-lexicon.js';
import { DEFAULT_FEATURE_CONFIG, extractFeatures, FeatureBuffer } from './features.js';
import { LinearModel } from './linear-model.js';
import { scoreClassification } from './metrics.js';
import { NaiveBayes } from './naive-bayes.js';
import { loadDefaultSentimentModel } from './sentiment-model.js';
import { sentimentTokens } from './tokens.js';
import { logits, naiveBayesScale, trainSoftmax, tuneBiasOffsets } from './train-softmax.js';

describe('default sentiment model', () => {
  const model = loadDefaultSentimentModel();

  it('reads clear Vietnamese, with and without diacritics', () => {
    const cases: [string, string][] = [
      ['Sản phẩm rất tốt, giao hàng nhanh', 'positive'],
      ['Thầy dạy rất hay và nhiệt tình', 'positive'],
      ['Chất lượng quá tệ, thất vọng', 'negative'],
      ['giảng viên dạy khó hiểu, chán', 'negative'],
      ['thay day rat hay va nhiet tinh', 'positive'],
    ];
    for (const [text, label] of cases) {
      const p = model.predict({ text, lang: 'vi' });
      expect(p?.label, text).toBe(label);
      expect(p!.confidence).toBeGreaterThan(0.33);
      expect(p!.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('flips polarity under negation', () => {
    const pos = model.predict({ text: 'giảng viên nhiệt tình', lang: 'vi' });
    const neg = model.predict({ text: 'giảng viên không nhiệt tình', lang: 'vi' });
    expect(pos?.label).toBe('positive');
    expect(neg?.label).toBe('negative');
  });

  it('answers English from the lexicon, negation and intensifiers included', () => {
    expect(model.predict({ text: 'I love this, it is great', lang: 'en' })?.label).toBe('positive');
    expect(model.predict({ text: 'This is not good at all', lang: 'en' })?.label).toBe('negative');
    expect(model.predict({ text: "I don't like it", lang: 'en' })?.label).toBe('negative');
    expect(model.predict({ text: 'The meeting is on Tuesday', lang: 'en' })?.label).toBe('neutral');
    const plain = englishLexicon().score(englishTokens('good')).score;
    const boosted = englishLexicon().score(englishTokens('very good')).score;
    expect(boosted).toBeGreaterThan(plain);
  });

  it('returns null for languages without a model, never a made-up neutral', () => {
    expect(model.predict({ text: 'Das ist sehr gut', lang: 'de' })).toBeNull();
    expect(model.predict({ text: '...', lang: 'und' })).toBeNull();
    expect(model.predict({ text: 'tốt', lang: null })).toBeNull();
  });
});

describe('sentiment tokens', () => {
  it('turns emoticons, emoji and the corpus emoticon words into polarity markers', () => {
    expect(sentimentTokens('Tuyệt vời :)) 😍')).toEqual(['tuyệt', 'vời', 'EMO_POS', 'EMO_POS']);
    expect(sentimentTokens('chán quá :( 😡')).toEqual(['chán', 'quá', 'EMO_NEG', 'EMO_NEG']);
    expect(sentimentTokens('thầy vui colonsmile')).toEqual(['thầy', 'vui', 'EMO_POS']);
    expect(sentimentTokens('đẹppppp quááá')).toEqual(['đẹp', 'quá']);
  });
});

describe('linear model', () => {
  function encode(words: string[]): Int32Array {
    const buffer = new FeatureBuffer();
    extractFeatures(words, { ...DEFAULT_FEATURE_CONFIG, bits: 12 }, buffer);
    return buffer.indices.slice(0, buffer.length);
  }

  it('learns a separable toy problem and survives quantisation', () => {
    const docs = [
      { indices: encode(['tốt', 'lắm']), label: 2 },
      { indices: encode(['rất', 'tốt']), label: 2 },
      { indices: encode(['tệ', 'quá']), label: 0 },
      { indices: encode(['rất', 'tệ']), label: 0 },
      { indices: encode(['bình', 'thường']), label: 1 },
    ];
    const config = { ...DEFAULT_FEATURE_CONFIG, bits: 12 };
    const weights = trainSoftmax(docs, {
      dims: 1 << 12,
      classes: 3,
      epochs: 30,
      learningRate: 0.3,
      l2: 0,
      classWeights: [1, 1, 1],
      seed: 1,
    });
    const model = new LinearModel(
      ['negative', 'neutral', 'positive'],
      config,
      weights.weights,
      weights.bias,
    );
    const reloaded = LinearModel.deserialize(model.serialize());
    const z = new Float64Array(3);
    for (const doc of docs) {
      reloaded.scores(doc.indices, doc.indices.length, z);
      expect(z.indexOf(Math.max(...z))).toBe(doc.label);
      const direct = logits(weights, 3, doc.indices, new Float64Array(3));
      expect(direct.indexOf(Math.max(...direct))).toBe(doc.label);
    }
  });

  it('tunes class offsets that raise the objective', () => {
    // Neutral (class 1) always scores just below the others: an offset should fix it.
    const docLogits = [
      Float64Array.of(0, -0.2, 0.1),
      Float64Array.of(1, 0, -1),
      Float64Array.of(-1, 0, 1),
    ];
    const gold = [1, 0, 2];
    const offsets = tuneBiasOffsets(docLogits, 3, (p) => p.filter((x, i) => x === gold[i]).length);
    const shifted = docLogits.map((z) => {
      const s = z.map((v, c) => v + offsets[c]!);
      return s.indexOf(Math.max(...s));
    });
    expect(shifted).toEqual(gold);
  });

  it('weights features by naive-Bayes ratios and folds them into the learnt weights', () => {
    // Bucket 1 only in positives, bucket 2 everywhere, bucket 3 only in negatives.
    const docs = [
      { indices: Int32Array.of(1, 2), label: 2 },
      { indices: Int32Array.of(1, 2), label: 2 },
      { indices: Int32Array.of(3, 2), label: 0 },
      { indices: Int32Array.of(3, 2), label: 0 },
      { indices: Int32Array.of(4, 2), label: 1 },
    ];
    const scale = naiveBayesScale(docs, 8, 3, 1, 0.1);
    expect(scale[1 * 3 + 2]!).toBeGreaterThan(scale[2 * 3 + 2]!);
    expect(scale[3 * 3 + 0]!).toBeGreaterThan(scale[2 * 3 + 0]!);
    for (const x of scale) expect(x).toBeGreaterThanOrEqual(0.1);
    const weights = trainSoftmax(docs, {
      dims: 8,
      classes: 3,
      epochs: 30,
      learningRate: 0.3,
      l2: 0,
      classWeights: [1, 1, 1],
      seed: 1,
      featureScale: scale,
    });
    // Prediction uses the plain weights: the scale must already be inside them.
    for (const doc of docs) {
      const z = logits(weights, 3, doc.indices, new Float64Array(3));
      expect(z.indexOf(Math.max(...z))).toBe(doc.label);
    }
  });
});

describe('baselines and metrics', () => {
  it('naive Bayes picks the class whose words it saw', () => {
    const nb = new NaiveBayes(['negative', 'neutral', 'positive']);
    nb.add(['tốt', 'đẹp'], 'positive');
    nb.add(['tệ', 'xấu'], 'negative');
    nb.add(['bàn', 'ghế'], 'neutral');
    expect(nb.predict(['đẹp'])).toBe('positive');
    expect(nb.predict(['xấu', 'quá'])).toBe('negative');
  });

  it('computes macro-F1 over the classes present', () => {
    const s = scoreClassification(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'], ['a', 'b', 'c']);
    expect(s.accuracy).toBe(0.75);
    const a = s.perClass.find((c) => c.label === 'a')!;
    expect(a.precision).toBe(1);
    expect(a.recall).toBe(0.5);
    const b = s.perClass.find((c) => c.label === 'b')!;
    expect(b.f1).toBeCloseTo(0.8);
    expect(s.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2);
  });
});
