// Runs the analysis pipeline over mentions before they are stored, so every stored mention
// carries its language, sentiment and keywords from the moment it is searchable.
import type { AnalysisPipeline } from '../analysis/pipeline.js';
import type { MentionAnalysis, MentionInput } from '../model.js';

/** Long articles: the opening carries the tone and the key terms; the rest costs time only. */
export const ANALYSIS_MAX_CHARS = 4000;

export function analysisText(mention: Pick<MentionInput, 'title' | 'text'>): string {
  const text =
    mention.title && !mention.text.startsWith(mention.title)
      ? `${mention.title}\n${mention.text}`
      : mention.text;
  return text.length > ANALYSIS_MAX_CHARS ? text.slice(0, ANALYSIS_MAX_CHARS) : text;
}

export function createMentionAnalyzer(pipeline?: AnalysisPipeline) {
  let loaded = pipeline;
  return async (mentions: MentionInput[]): Promise<(MentionAnalysis | null)[]> => {
    // Loaded on first use: the models take a moment, and many commands never analyse.
    const { createAnalysisPipeline, toMentionAnalysis } = await import('../analysis/pipeline.js');
    loaded ??= createAnalysisPipeline();
    const results = loaded.analyze(
      mentions.map((m, i) => ({ id: String(i), text: analysisText(m), platform: m.platform })),
    );
    return results.map(toMentionAnalysis);
  };
}
