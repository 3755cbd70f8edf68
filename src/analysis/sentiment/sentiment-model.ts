import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Sentiment } from '../../model.js';
import { packageRoot } from '../../package-root.js';
import { BoostedTrees } from './boosted-trees.js';
import { englishLexicon, englishTokens } from './english-lexicon.js';
import { extractFeatures, FeatureBuffer } from './features.js';
import { LinearModel } from './linear-model.js';
import { STACK_FEATURES, StackFeatures } from './stack-features.js';
import { type TokenScheme, tokensFromWords, viSentimentTokens } from './vi-tokens.js';

export interface SentimentInput {
  text: string;
  /** ISO 639-1 code from language identification; null when unknown. */
  lang: string | null;
  /**
   * Segmented words of `text` (segmentText output), when the caller already has them; saves
   * segmenting twice.
   */
  words?: readonly string[];
}

export interface SentimentPrediction {
  label: Sentiment;
  /** Probability-like 0..1 for the chosen label. */
  confidence: number;
}

export interface SentimentModel {
  /** Languages this model has a real answer for. */
  readonly languages: readonly string[];
  /** null for a language without a model: never a made-up neutral. */
  predict(input: SentimentInput): SentimentPrediction | null;
}

/**
 * The trained Vietnamese model: a linear model over hashed n-grams and, when trained with one,
 * a second stage of boosted trees over the linear scores and per-word summaries.
 */
export class VietnameseSentimentModel implements SentimentModel {
  readonly languages = ['vi'] as const;
  readonly scheme: TokenScheme;
  private readonly buffer = new FeatureBuffer();
  private readonly z: Float64Array;
  private readonly stack: { trees: BoostedTrees; features: StackFeatures; x: Float64Array } | null;

  constructor(
    readonly linear: LinearModel,
    readonly trees: BoostedTrees | null = null,
  ) {
    if (trees && (trees.features !== STACK_FEATURES || trees.classes !== linear.classes)) {
      throw new Error('second-stage model does not match the stack features: retrain');
    }
    this.stack = trees
      ? { trees, features: new StackFeatures(linear), x: new Float64Array(STACK_FEATURES) }
      : null;
    const scheme = linear.meta.tokens;
    this.scheme =
      scheme === 'internal' || scheme === 'syllables' || scheme === 'segmented'
        ? scheme
        : 'internal';
    this.z = new Float64Array(linear.classes);
  }

  tokens(input: SentimentInput): string[] {
    if (this.scheme === 'segmented' && input.words) return tokensFromWords(input.words);
    return viSentimentTokens(input.text, this.scheme);
  }

  predict(input: SentimentInput): SentimentPrediction | null {
    if (input.lang !== 'vi') return null;
    return this.predictTokens(this.tokens(input));
  }

  predictTokens(tokens: readonly string[]): SentimentPrediction {
    let z: Float64Array;
    if (this.stack) {
      z = this.stack.trees.scores(this.stack.features.compute(tokens, this.stack.x), this.z);
    } else {
      this.buffer.clear();
      extractFeatures(tokens, this.linear.config, this.buffer);
      z = this.linear.scores(this.buffer.indices, this.buffer.length, this.z);
    }
    let best = 0;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < z.length; c++) {
      if (z[c]! > max) {
        max = z[c]!;
        best = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < z.length; c++) sum += Math.exp(z[c]! - max);
    return { label: this.linear.labels[best] as Sentiment, confidence: 1 / sum };
  }
}

/** English: AFINN-165 lexicon with negation and intensifiers. */
export class EnglishSentimentModel implements SentimentModel {
  readonly languages = ['en'] as const;

  predict(input: SentimentInput): SentimentPrediction | null {
    if (input.lang !== 'en') return null;
    const { score, hits } = englishLexicon().score(englishTokens(input.text));
    // AFINN valences are whole numbers from -5 to 5; a net of under 1 is no clear lean.
    if (Math.abs(score) < 1) {
      return { label: 'neutral', confidence: hits === 0 ? 0.6 : 0.5 };
    }
    const strength = Math.abs(score);
    return {
      label: score > 0 ? 'positive' : 'negative',
      confidence: Math.min(0.95, 0.5 + strength / (2 * (strength + 2))),
    };
  }
}

/** Dispatches on language; null for languages no model covers. */
export class MultilingualSentimentModel implements SentimentModel {
  readonly languages: readonly string[];

  constructor(private readonly models: readonly SentimentModel[]) {
    this.languages = models.flatMap((m) => m.languages);
  }

  predict(input: SentimentInput): SentimentPrediction | null {
    for (const m of this.models) {
      if (input.lang !== null && m.languages.includes(input.lang)) return m.predict(input);
    }
    return null;
  }
}

export const DEFAULT_VI_MODEL_PATH = 'models/sentiment/vi.bin';
/** The second stage, stored beside the linear model; named in the linear model's metadata. */
export const STACK_FILE = 'vi-stack.json';

export function loadVietnameseSentimentModel(
  path: string = join(packageRoot(), DEFAULT_VI_MODEL_PATH),
): VietnameseSentimentModel {
  const linear = LinearModel.deserialize(readFileSync(path));
  const second = linear.meta.secondStage;
  if (typeof second !== 'string') return new VietnameseSentimentModel(linear);
  // The linear model of a stacked pair keeps its raw bias: alone it would be uncalibrated, so
  // a missing second stage is an error, not a fallback.
  const stackPath = join(dirname(path), second);
  if (!existsSync(stackPath)) {
    throw new Error(
      `sentiment model ${path} needs its second stage ${stackPath}, which is missing`,
    );
  }
  const trees = BoostedTrees.fromJSON(JSON.parse(readFileSync(stackPath, 'utf8')));
  return new VietnameseSentimentModel(linear, trees);
}

let defaultModel: MultilingualSentimentModel | undefined;

/** Vietnamese (trained) and English (lexicon); loaded once per process. */
export function loadDefaultSentimentModel(): SentimentModel {
  if (!defaultModel) {
    defaultModel = new MultilingualSentimentModel([
      loadVietnameseSentimentModel(),
      new EnglishSentimentModel(),
    ]);
  }
  return defaultModel;
}
