import type { MentionPlace, MentionSector } from '../model.js';
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

/** A step of the pipeline over a batch of documents. */
export interface AnalysisStage {
  readonly name: string;
  run(docs: AnalysisDoc[]): void;
}
