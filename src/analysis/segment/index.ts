// Public surface of Vietnamese word segmentation.
export { WordDictionary } from './dictionary.js';
export {
  type GoldSentence,
  parseGoldCorpus,
  type ScoreOptions,
  type SegmentationScore,
  scoreSegmenter,
} from './evaluate.js';
export {
  loadDefaultSegmenter,
  loadMaxMatchSegmenter,
  loadSegmenterDictionary,
} from './load-model.js';
export { segmentText, segmentTokens } from './segment-text.js';
export type { WordSegmenter } from './word-segmenter.js';
