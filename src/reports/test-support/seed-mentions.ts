// Seeds a store with synthetic analysed mentions for report tests: per day a number of posts
// with a known negative/positive mix, distinct authors, keywords and publication times.
import type { MentionAnalysis, MentionInput, MentionPlace, Sentiment } from '../../model.js';
import { type Random, seededRandom } from '../../seeded-random.js';

let serial = 0;

export interface SyntheticDay {
  /** ISO 8601 UTC of some moment in the day; posts are spread over the next 20 hours. */
  start: string;
  posts: number;
  /** True share of negative and positive posts. */
  negative: number;
  positive: number;
  /** Keywords put on negative and positive posts. */
  negativeTerms?: string[];
  positiveTerms?: string[];
  /** The text, or a text per post (its index in the day). */
  text?: string | ((i: number) => string);
  /** Authors drawn from this many (persons); default one per post. */
  authors?: number;
  /** Places and sectors the analysis gives every post. */
  places?: MentionPlace[];
  sectors?: string[];
  /** Prefix of external ids and author keys, to keep issues apart. */
  tag?: string;
}

/** Calibrated-looking probabilities: 0.75 on the true class, the rest split. */
function analysisOf(sentiment: Sentiment, keywords: string[]): MentionAnalysis {
  const p: Record<Sentiment, number> = { negative: 0.125, neutral: 0.125, positive: 0.125 };
  p[sentiment] = 0.75;
  return {
    lang: 'vi',
    sentiment,
    sentimentConfidence: 0.75,
    sentimentProbabilities: p,
    shareGroup: 'vi:feedback',
    keywords,
  };
}

export function syntheticDayMentions(
  day: SyntheticDay,
  random: Random = seededRandom(1),
): MentionInput[] {
  const out: MentionInput[] = [];
  const start = Date.parse(day.start);
  for (let i = 0; i < day.posts; i++) {
    serial++;
    const u = random();
    const sentiment: Sentiment =
      u < day.negative ? 'negative' : u < day.negative + day.positive ? 'positive' : 'neutral';
    const keywords =
      sentiment === 'negative'
        ? (day.negativeTerms ?? [])
        : sentiment === 'positive'
          ? (day.positiveTerms ?? [])
          : [];
    const at = new Date(start + Math.floor((i / day.posts) * 20 * 3_600_000)).toISOString();
    const author = `${day.tag ?? 'person'}-${day.authors ? Math.floor(random() * day.authors) : serial}`;
    const analysis = analysisOf(sentiment, keywords);
    if (day.places) analysis.places = day.places;
    if (day.sectors) analysis.sectors = day.sectors.map((sector) => ({ sector, confidence: 0.9 }));
    out.push({
      platform: 'facebook',
      canonicalUrl: null,
      externalId: `synthetic-${serial}`,
      author: { key: author, displayName: null, kind: 'person' },
      publishedAt: at,
      collectedAt: at,
      language: 'vi',
      title: null,
      text:
        typeof day.text === 'function'
          ? day.text(i)
          : `${day.text ?? 'phí gửi xe'} ${keywords.join(' ')} #${serial}`,
      html: null,
      categories: [],
      engagement: { likes: Math.floor(random() * 50) },
      parentExternalId: null,
      raw: null,
      analysis,
    });
  }
  return out;
}
