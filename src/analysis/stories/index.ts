// Public surface of near-duplicate detection and story clustering.
export { DecayingFrequency } from './decaying-frequency.js';
export {
  estimateJaccard,
  fingerprintWords,
  MinHasher,
  numbersAgreement,
  numbersOf,
  shingleHashes,
} from './minhash.js';
export {
  type CopyLink,
  DEFAULT_DUPLICATE_OPTIONS,
  type DuplicateInput,
  type DuplicateOptions,
  type DuplicateResult,
  NearDuplicateIndex,
} from './near-duplicate-index.js';
export {
  DEFAULT_STORY_OPTIONS,
  type StoryAssignment,
  StoryClusterer,
  type StoryInput,
  type StoryOptions,
  type StorySummary,
} from './story-clusterer.js';
export { NAMED_WEIGHT, storyTerms, strippedStoryTerms } from './story-terms.js';
export { StoryTracker, type TrackedText, type TrackOptions } from './story-tracker.js';
export { stripBoilerplate } from './strip-boilerplate.js';
export { changesStory, RESTORY_BELOW, shingleSimilarity } from './text-change.js';
