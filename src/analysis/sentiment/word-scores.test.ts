import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../seeded-random.js';
import { segmentText } from '../segment/index.js';
import {
  DEFAULT_FEATURE_CONFIG,
  extractFeatures,
  FeatureBuffer,
  type FeatureConfig,
} from './features.js';
import { LinearModel } from './linear-model.js';
import { RegisterModel } from './register-model.js';
import { loadDefaultVietnameseSentimentModel } from './sentiment-model.js';
import { tokensFromWords } from './vi-tokens.js';
import { WordScores } from './word-scores.js';

/** Weights as model files hold them: int16 multiples of one scale, stored as float32. */
function quantised(length: number, scale: number, next: () => number): Float32Array {
  return Float32Array.from({ length }, () =>
    next() < 0.3 ? 0 : Math.round((next() * 2 - 1) * 32767) * scale,
  );
}

/** What the feature buffer path gives: class sums, register sum, feature count. */
function reference(
  tokens: readonly string[],
  linear: LinearModel,
  registers: RegisterModel,
): { z: number[]; reg: number; length: number } {
  const buffer = new FeatureBuffer();
  extractFeatures(tokens, linear.config, buffer);
  const z = [0, 0, 0];
  let reg = 0;
  for (let i = 0; i < buffer.length; i++) {
    const index = buffer.indices[i]!;
    for (let c = 0; c < 3; c++) z[c]! += linear.weights[index * 3 + c]!;
    reg += registers.weights[index & ((1 << registers.bits) - 1)]!;
  }
  return { z, reg, length: buffer.length };
}

const VOCABULARY = [
  'không',
  'tốt',
  'rất',
  'a',
  'đẹp_quá',
  'không_thể',
  'ok',
  'EMO_POS',
  'EMO_NEG',
  'nhưng',
  'mà',
  '.',
  ',',
  '!',
  '?',
  'x',
  'giao_hàng',
  'chán',
  'ko',
  'sp',
  '100k',
  'b',
];

describe('word-memoised linear scores', () => {
  const configs: FeatureConfig[] = [
    { ...DEFAULT_FEATURE_CONFIG, bits: 12 },
    {
      ...DEFAULT_FEATURE_CONFIG,
      bits: 12,
      wordTrigrams: true,
      wordRepeat: 3,
      charMin: 1,
      charMax: 5,
    },
    { ...DEFAULT_FEATURE_CONFIG, bits: 12, charDiacritics: true, foldedWords: false },
    { ...DEFAULT_FEATURE_CONFIG, bits: 12, charMax: 0, shape: false },
  ];

  it('sums exactly what the feature buffer and the two models sum, for any token list', () => {
    const next = seededRandom(7);
    for (const config of configs) {
      const scale = 0.000123;
      const linear = new LinearModel(
        ['negative', 'neutral', 'positive'],
        config,
        quantised(3 << config.bits, scale, next),
        Float32Array.from([0.1, -0.2, 0.05]),
      );
      const registers = new RegisterModel(10, quantised(1 << 10, 0.00031, next), -0.3);
      const scores = new WordScores(linear, registers);
      const z = new Float64Array(3);
      for (let doc = 0; doc < 300; doc++) {
        const length = Math.floor(next() * 25);
        const tokens = Array.from(
          { length },
          () => VOCABULARY[Math.floor(next() * VOCABULARY.length)]!,
        );
        const want = reference(tokens, linear, registers);
        const got = scores.sum(tokens, z);
        expect(got.length, tokens.join(' ')).toBe(want.length);
        expect([...z], tokens.join(' ')).toEqual(want.z);
        expect(got.registerSum, tokens.join(' ')).toBe(want.reg);
      }
    }
  });

  it('gives the shipped model the scores and register of the feature buffer path', () => {
    const model = loadDefaultVietnameseSentimentModel();
    const texts = [
      'Sản phẩm dùng tốt, giao hàng nhanh, shop tư vấn nhiệt tình 👍',
      'ko biet nói gì luôn, chán thật sự :((',
      'Giá hơi cao so với chất lượng nhưng cũng tạm được',
      'giảng viên không nhiệt tình. Mà cũng ok',
      'a',
      '',
    ];
    for (const text of texts) {
      const tokens = tokensFromWords(segmentText(text));
      const buffer = new FeatureBuffer();
      extractFeatures(tokens, model.linear.config, buffer);
      const want = model.linear.scores(buffer.indices, buffer.length, new Float64Array(3));
      expect([...model.scores(tokens)], text).toEqual([...want]);
      const register = model.registers?.register(buffer.indices, buffer.length);
      expect(model.predictTokens(tokens).register, text).toBe(register);
    }
  });
});
