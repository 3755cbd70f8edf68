// Runs the analysis pipeline over mentions before they are stored, so every stored mention
// carries its language, sentiment and keywords from the moment it is searchable.
import type { AnalysisInput, AnalysisResult } from '../analysis/pipeline.js';
import type { AnalysisWorkerPool } from '../analysis/worker-pool.js';
import type { MentionAnalysis, MentionInput } from '../model.js';

/** What analyses texts: the pipeline on this thread, or a pool of worker threads. */
export interface TextAnalyzer {
  analyze(texts: readonly AnalysisInput[]): AnalysisResult[] | Promise<AnalysisResult[]>;
}

/** Long articles: the opening carries the tone and the key terms; the rest costs time only. */
export const ANALYSIS_MAX_CHARS = 4000;

export function analysisText(mention: Pick<MentionInput, 'title' | 'text'>): string {
  const text =
    mention.title && !mention.text.startsWith(mention.title)
      ? `${mention.title}\n${mention.text}`
      : mention.text;
  return text.length > ANALYSIS_MAX_CHARS ? text.slice(0, ANALYSIS_MAX_CHARS) : text;
}

export function createMentionAnalyzer(pipeline?: TextAnalyzer) {
  let loaded = pipeline;
  return async (mentions: MentionInput[]): Promise<(MentionAnalysis | null)[]> => {
    // Loaded on first use: the models take a moment, and many commands never analyse.
    const { createAnalysisPipeline, toMentionAnalysis } = await import('../analysis/pipeline.js');
    loaded ??= createAnalysisPipeline();
    const results = await loaded.analyze(
      mentions.map((m, i) => ({
        id: String(i),
        text: analysisText(m),
        platform: m.platform,
        publishedAt: m.publishedAt,
        homeProvince: m.homeProvince ?? null,
      })),
    );
    return results.map(toMentionAnalysis);
  };
}

/**
 * An analyser on one worker thread, started on first use: the calling thread stores and tags
 * while the thread analyses the next batch. `close` stops the thread.
 */
export function createThreadedMentionAnalyzer() {
  let pool: Promise<AnalysisWorkerPool> | undefined;
  const started = () => {
    pool ??= import('../analysis/worker-pool.js').then(
      (module) => new module.AnalysisWorkerPool({ size: 1, offThread: true }),
    );
    return pool;
  };
  return {
    analyze: createMentionAnalyzer({ analyze: async (texts) => (await started()).analyze(texts) }),
    close: async () => {
      if (pool) await (await pool).close();
    },
  };
}
