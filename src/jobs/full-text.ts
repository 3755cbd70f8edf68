// Many outlets' feeds carry a title and a one-line summary. For those, the collector fetches the
// article page and keeps its main text, but only for items not stored yet, a bounded number per
// run, so a busy feed never turns into hundreds of page fetches per poll.
import { fetchArticle } from '../connectors/article/article-connector.js';
import type { CollectContext } from '../connectors/connector.js';
import { bylineAuthor, bylineKind } from '../connectors/publisher.js';
import type { CollectedMention, Source } from '../model.js';

/** Summaries shorter than this are taken for teasers, not the article. */
export const TEASER_MAX_CHARS = 400;
export const DEFAULT_MAX_PAGES_PER_RUN = 30;

export interface FullTextSettings {
  /** true: always fetch pages; false: never; 'auto' (default): only for teaser feeds. */
  mode: boolean | 'auto';
  maxPagesPerRun: number;
}

export function fullTextSettings(source: Source): FullTextSettings {
  const raw = source.settings.fullText;
  const max = source.settings.maxFullTextPerRun;
  return {
    mode: raw === true || raw === false ? raw : 'auto',
    maxPagesPerRun:
      typeof max === 'number' && max >= 0 ? Math.floor(max) : DEFAULT_MAX_PAGES_PER_RUN,
  };
}

/** A feed is a teaser feed when most of its items are short. */
export function isTeaserFeed(mentions: CollectedMention[]): boolean {
  if (mentions.length === 0) return false;
  const short = mentions.filter((m) => m.text.length < TEASER_MAX_CHARS).length;
  return short / mentions.length >= 0.5;
}

export interface FullTextOutcome {
  fetched: number;
  failed: number;
  warnings: string[];
}

/**
 * Replaces teaser text with the article's main text, in place. URLs already in the store (their
 * text was fetched on an earlier run) are skipped.
 */
export async function completeFullText(
  source: Source,
  mentions: CollectedMention[],
  context: CollectContext,
): Promise<FullTextOutcome> {
  const outcome: FullTextOutcome = { fetched: 0, failed: 0, warnings: [] };
  const settings = fullTextSettings(source);
  if (settings.mode === false || settings.maxPagesPerRun === 0) return outcome;
  if (settings.mode === 'auto' && !isTeaserFeed(mentions)) return outcome;
  const candidates = mentions.filter((m) => m.url && m.text.length < TEASER_MAX_CHARS);
  if (candidates.length === 0) return outcome;
  const stored = context.alreadyStored
    ? await context.alreadyStored(candidates.map((m) => m.url!))
    : new Set<string>();
  // A stored teaser already has its article's text: a re-dated feed entry must not count as an
  // edit that puts the teaser back in its place.
  for (const mention of candidates) if (stored.has(mention.url!)) mention.updatedAt = null;
  const wanted = candidates
    .filter((m) => !stored.has(m.url!))
    .sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''))
    .slice(0, settings.maxPagesPerRun);
  // The HTTP client paces requests per host; fetching them together lets it do so.
  await Promise.all(
    wanted.map(async (mention) => {
      try {
        const article = await fetchArticle(mention.url!, context);
        if (!article || article.text.length <= mention.text.length) return;
        mention.text = article.text;
        mention.html = article.html;
        mention.author ??= bylineAuthor(article.author, bylineKind(source));
        mention.language ??= article.language;
        if (article.section && !mention.categories.includes(article.section)) {
          mention.categories.push(article.section);
        }
        outcome.fetched++;
      } catch (error) {
        if (context.signal?.aborted) return;
        outcome.failed++;
        if (outcome.warnings.length < 3) {
          outcome.warnings.push(`full text of ${mention.url}: ${(error as Error).message}`);
        }
      }
    }),
  );
  return outcome;
}
