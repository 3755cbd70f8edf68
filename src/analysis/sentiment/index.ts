export {
  type Calibration,
  calibratedProbabilities,
  expectedCalibrationError,
  fitCalibration,
  identityCalibration,
} from './calibration.js';
export { englishLexicon, englishTokens } from './english-lexicon.js';
export { LexiconScorer, loadVietSentiWordNet } from './lexicon-scorer.js';
export { LinearModel } from './linear-model.js';
export { type ClassScore, type Scores, scoreClassification } from './metrics.js';
export { NaiveBayes } from './naive-bayes.js';
export {
  EnglishSentimentModel,
  loadDefaultSentimentModel,
  loadVietnameseSentimentModel,
  MultilingualSentimentModel,
  type SentimentInput,
  type SentimentModel,
  type SentimentPrediction,
  type SentimentProbabilities,
  VietnameseSentimentModel,
} from './sentiment-model.js';
export { type TokenScheme, tokensFromWords, viSentimentTokens } from './vi-tokens.js';
