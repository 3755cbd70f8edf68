import type { MentionPlace, MentionSector } from '../model.js';
import type { WordRunDictionary } from '../text/word-ids.js';
import type { DetectedLanguage } from './language/index.js';
import type { TextRegister, Token } from './normalize/index.js';
import type { SentimentPrediction } from './sentiment/index.js';

/** One text moving through the analysis stages; each stage fills in its own fields. */
export interface AnalysisDoc {
  id: string;
  text: string;
  /** News or social text (teencode is expanded in social text only); undefined when unknown. */
  register?: TextRegister;
  /**
   * Typed tokens of `text`, each with its normalised form; made once by the normalise stage so
   * that later stages do not tokenise or normalise again.
   */
  tokens: Token[];
  /**
   * The word runs of `text` as ids of one dictionary (text/word-ids.ts), made once by the
   * normalise stage for the stages that judge a text word by word; absent until then.
   */
  runs?: DocWordRuns;
  language: DetectedLanguage;
  /** Normalised words; Vietnamese syllables joined by `_` into words. */
  words: string[];
  sentiment: SentimentPrediction | null;
  keywords: string[];
  /** When the text was published and its source's home province: context for place tagging. */
  publishedAt?: string | null;
  homeProvince?: string | null;
  places?: MentionPlace[];
  sectors?: MentionSector[];
}

export interface DocWordRuns {
  dictionary: WordRunDictionary;
  ids: Int32Array;
  /** The text is its own NFC form and lower-cases run by run (WordRunIds.plain). */
  plain: boolean;
}

/** A step of the pipeline over a batch of documents. */
export interface AnalysisStage {
  readonly name: string;
  run(docs: AnalysisDoc[]): void;
}
