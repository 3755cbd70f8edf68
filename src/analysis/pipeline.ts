import type { MentionAnalysis, MentionPlace, MentionSector, Sentiment } from '../model.js';
import { DIGIT, hasCharIn, LETTER } from '../text/word-chars.js';
import { currentWordRuns, WordRunIds } from '../text/word-ids.js';
import { extractKeywords } from './keywords/index.js';
import { detectLanguage } from './language/index.js';
import { registerOfPlatform, type Token, tokenize } from './normalize/index.js';
import { shareGroup } from './quantify/index.js';
import { loadDefaultSegmenter, segmentTokens, type WordSegmenter } from './segment/index.js';
import {
  loadDefaultSentimentModel,
  type SentimentModel,
  type SentimentProbabilities,
} from './sentiment/index.js';
import { loadDefaultNewsSentiment, type NewsSentiment } from './sentiment/news-sentiment.js';
import type { AnalysisDoc, AnalysisStage } from './stage.js';
import { tagStages } from './tag-stages.js';

// normalise -> language -> segment -> sentiment -> keywords, over batches of texts.

export interface AnalysisInput {
  id: string;
  text: string;
  /**
   * Where the text was published ('web' for news, or a social platform): decides whether
   * teencode is expanded. Absent: only lower-case slang is expanded.
   */
  platform?: string | null;
  /** ISO 8601: a name reads in the structure in force then (places before 1 July 2025). */
  publishedAt?: string | null;
  /** The source's home province (code or name): helps place names shared by many units. */
  homeProvince?: string | null;
}

export interface AnalysisResult {
  id: string;
  /** ISO 639-1, or 'und'. */
  lang: string;
  sentiment: Sentiment | null;
  /** Confidence of `sentiment`; null when there is no sentiment. */
  confidence: number | null;
  /** Every class's probability (what share estimates add up); null when there is no sentiment. */
  probabilities: SentimentProbabilities | null;
  /**
   * Vietnamese sentiment only: which measured register ('feedback', 'forum') the model's share
   * corrections treat the post as; else null. Not the text register that drives teencode.
   */
  sentimentRegister: string | null;
  keywords: string[];
  /** Normalised words the analysis saw. */
  tokens: string[];
  /** Places and sectors; absent when the pipeline was made with `tags: false`. */
  places?: MentionPlace[];
  sectors?: MentionSector[];
}

export interface AnalysisPipeline {
  readonly stages: readonly AnalysisStage[];
  analyze(texts: readonly AnalysisInput[]): AnalysisResult[];
  /** Milliseconds spent in each stage since creation (for benchmarks). */
  stageTimings(): Record<string, number>;
}

export interface PipelineOptions {
  sentiment?: SentimentModel;
  segmenter?: WordSegmenter;
  keywordLimit?: number;
  /**
   * Reads Vietnamese news sentence by sentence (sentiment/news-sentiment.ts); null scores news
   * as one text like any other. Default: the shipped model's, loaded on the first news text,
   * unless `sentiment` is given.
   */
  news?: NewsSentiment | null;
  /** Tag places and sectors (default true); false leaves them out, for benchmarks. */
  tags?: boolean;
}

/** The stored form of a result. */
export function toMentionAnalysis(result: AnalysisResult): MentionAnalysis {
  return {
    lang: result.lang === 'und' ? null : result.lang,
    sentiment: result.sentiment,
    sentimentConfidence: result.confidence,
    sentimentProbabilities: result.probabilities,
    shareGroup:
      result.probabilities === null ? null : shareGroup(result.lang, result.sentimentRegister),
    keywords: result.keywords,
    ...(result.places === undefined ? {} : { places: result.places }),
    ...(result.sectors === undefined ? {} : { sectors: result.sectors }),
  };
}

/** A word that can hold a keyword has a letter or digit; emoji and emoticon markers do not. */
const isKeywordWord = (w: string): boolean => hasCharIn(w, LETTER | DIGIT) && !w.startsWith('EMO_');

const SKIPPED_KINDS = new Set(['url', 'mention', 'email', 'phone', 'punct']);

/** Words of a non-Vietnamese text: normalised word-like tokens, no segmentation. */
function plainWords(tokens: readonly Token[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    if (!SKIPPED_KINDS.has(token.kind)) out.push(token.norm);
  }
  return out;
}

export function createStages(options: PipelineOptions = {}): AnalysisStage[] {
  const segmenter = options.segmenter ?? loadDefaultSegmenter();
  const sentiment = options.sentiment ?? loadDefaultSentimentModel();
  const limit = options.keywordLimit;
  let news = options.news !== undefined ? options.news : options.sentiment ? null : undefined;
  const newsWords = (sentence: string) => segmentTokens(tokenize(sentence, 'news'), segmenter);
  const runs = new WordRunIds();
  const stages: AnalysisStage[] = [
    {
      name: 'normalize',
      run(docs) {
        const dictionary = currentWordRuns();
        const known = { dictionary, runs };
        for (const d of docs) {
          dictionary.tokenize(d.text, runs);
          d.tokens = tokenize(d.text, d.register, known);
          d.runs = { dictionary, ids: runs.copy(), plain: runs.plain };
        }
      },
    },
    {
      name: 'language',
      run(docs) {
        for (const d of docs) d.language = detectLanguage(d.text);
      },
    },
    {
      name: 'segment',
      run(docs) {
        for (const d of docs) {
          d.words =
            d.language.lang === 'vi' ? segmentTokens(d.tokens, segmenter) : plainWords(d.tokens);
        }
      },
    },
    {
      name: 'sentiment',
      run(docs) {
        for (const d of docs) {
          if (d.register === 'news' && d.language.lang === 'vi' && news !== null) {
            news ??= loadDefaultNewsSentiment();
            d.sentiment = news.predict(d.text, newsWords);
            if (d.sentiment) continue;
          }
          d.sentiment = sentiment.predict({ text: d.text, lang: d.language.lang, words: d.words });
        }
      },
    },
    {
      name: 'keywords',
      run(docs) {
        for (const d of docs) {
          const lang = d.language.lang === 'und' ? null : d.language.lang;
          // Keywords come from word tokens only: punctuation and emoji markers are not topics.
          const words = d.words.filter(isKeywordWord);
          d.keywords = extractKeywords(words, lang, limit);
        }
      },
    },
  ];
  if (options.tags !== false) stages.push(...tagStages());
  return stages;
}

export function createAnalysisPipeline(options: PipelineOptions = {}): AnalysisPipeline {
  const stages = createStages(options);
  const timings: Record<string, number> = Object.fromEntries(stages.map((s) => [s.name, 0]));
  return {
    stages,
    stageTimings: () => ({ ...timings }),
    analyze(texts) {
      const docs: AnalysisDoc[] = texts.map(
        ({ id, text, platform, publishedAt, homeProvince }) => ({
          id,
          text,
          publishedAt: publishedAt ?? null,
          homeProvince: homeProvince ?? null,
          register: registerOfPlatform(platform),
          tokens: [],
          language: { lang: 'und', confidence: 0 },
          words: [],
          sentiment: null,
          keywords: [],
        }),
      );
      for (const stage of stages) {
        const start = performance.now();
        stage.run(docs);
        timings[stage.name] = (timings[stage.name] ?? 0) + performance.now() - start;
      }
      return docs.map((d) => ({
        id: d.id,
        lang: d.language.lang,
        sentiment: d.sentiment?.label ?? null,
        confidence: d.sentiment?.confidence ?? null,
        probabilities: d.sentiment?.probabilities ?? null,
        sentimentRegister: d.sentiment?.register ?? null,
        keywords: d.keywords,
        tokens: d.words,
        ...(d.places === undefined ? {} : { places: d.places }),
        ...(d.sectors === undefined ? {} : { sectors: d.sectors }),
      }));
    },
  };
}
