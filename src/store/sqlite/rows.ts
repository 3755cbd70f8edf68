// Row <-> model mapping for the SQLite tables. JSON columns are parsed here and nowhere else.
import {
  type AuthorKind,
  type Engagement,
  emptySourceHealth,
  type Mention,
  type MentionAnalysis,
  type Platform,
  type Sentiment,
  type Source,
  type SourceHealth,
  type SourceKind,
} from '../../model.js';
import { LABELS_ONLY_GROUP } from '../share-input.js';

export interface SourceRow {
  id: number;
  kind: string;
  url: string;
  title: string | null;
  enabled: number;
  settings: string;
  interval_seconds: number;
  next_fetch_at: string;
  etag: string | null;
  last_modified: string | null;
  cursor: string | null;
  health: string;
  created_at: string;
}

export interface MentionRow {
  id: number;
  platform: string;
  external_id: string;
  canonical_url: string | null;
  author_key: string | null;
  author_name: string | null;
  author_kind: string | null;
  published_at: string | null;
  collected_at: string;
  language: string | null;
  title: string | null;
  text: string;
  html: string | null;
  categories: string;
  engagement: string;
  parent_id: number | null;
  thread_root_id: number | null;
  updated_at: string | null;
  deleted_at: string | null;
  lang: string | null;
  sentiment: string | null;
  sentiment_confidence: number | null;
  keywords: string | null;
  search_key: number;
  prob_negative: number | null;
  prob_neutral: number | null;
  prob_positive: number | null;
  share_group: string | null;
}

/** The columns a mention is read with; raw stays in the table until someone asks for it. */
export const MENTION_COLUMNS = `id, platform, external_id, canonical_url, author_key, author_name,
  author_kind, published_at, collected_at, language, title, text, html, categories, engagement,
  parent_id, thread_root_id, updated_at, deleted_at, lang, sentiment, sentiment_confidence,
  keywords, search_key, prob_negative, prob_neutral, prob_positive, share_group`;

function parseObject(json: string): Record<string, unknown> {
  const value: unknown = JSON.parse(json);
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function parseStrings(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function sourceFromRow(row: SourceRow): Source {
  return {
    id: row.id,
    kind: row.kind as SourceKind,
    url: row.url,
    title: row.title,
    enabled: row.enabled === 1,
    settings: parseObject(row.settings),
    schedule: { intervalSeconds: row.interval_seconds, nextFetchAt: row.next_fetch_at },
    validators: { etag: row.etag, lastModified: row.last_modified },
    cursor: row.cursor,
    health: { ...emptySourceHealth(), ...(parseObject(row.health) as Partial<SourceHealth>) },
    createdAt: row.created_at,
  };
}

function analysisFromRow(row: MentionRow): MentionAnalysis | null {
  if (row.keywords === null) return null;
  return {
    lang: row.lang,
    sentiment: row.sentiment as Sentiment | null,
    sentimentConfidence: row.sentiment_confidence,
    // Probabilities rebuilt from a label (LABELS_ONLY_GROUP) were never the model's: not shown.
    ...(row.share_group === null || row.share_group === LABELS_ONLY_GROUP
      ? {}
      : {
          sentimentProbabilities: {
            negative: row.prob_negative ?? 0,
            neutral: row.prob_neutral ?? 0,
            positive: row.prob_positive ?? 0,
          },
          shareGroup: row.share_group,
        }),
    keywords: parseStrings(row.keywords),
  };
}

/** Source ids per mention id, from `mention_sources` rows ordered by mention and source id. */
export function sourceIdsByMention(
  links: { mention_id: number; source_id: number }[],
): Map<number, number[]> {
  const byMention = new Map<number, number[]>();
  for (const link of links) {
    const list = byMention.get(link.mention_id);
    if (list) list.push(link.source_id);
    else byMention.set(link.mention_id, [link.source_id]);
  }
  return byMention;
}

export function mentionFromRow(row: MentionRow, sourceIds: number[]): Mention {
  return {
    id: row.id,
    platform: row.platform as Platform,
    canonicalUrl: row.canonical_url,
    externalId: row.external_id,
    author:
      row.author_key === null
        ? null
        : {
            key: row.author_key,
            // A person is never named, whatever a row written by an older version holds.
            displayName: row.author_kind === 'person' ? null : row.author_name,
            kind: (row.author_kind ?? 'person') as AuthorKind,
          },
    publishedAt: row.published_at,
    collectedAt: row.collected_at,
    language: row.language,
    title: row.title,
    text: row.text,
    html: row.html,
    categories: parseStrings(row.categories),
    engagement: parseObject(row.engagement) as Engagement,
    parentId: row.parent_id,
    threadRootId: row.thread_root_id,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    sourceIds,
    analysis: analysisFromRow(row),
  };
}
