// Response shapes for the OpenAPI description. Each is checked at compile time against the
// TypeScript type in api-types.ts, so the docs cannot drift from what handlers return.
import { z } from 'zod';
import { SOURCE_KINDS } from '../connectors/source-kinds.js';
import { AUTHOR_KINDS } from '../model.js';
import type { EstimatedSeriesPoint, SentimentEstimate } from '../store/listening-store.js';
import type {
  AuditEntry,
  AuditPage,
  CountRow,
  EngagementSeries,
  Health,
  ImportResult,
  Mention,
  MentionPage,
  QueryCheck,
  SentimentShare,
  ShareOfVoiceRow,
  Source,
  Spike,
  TermRow,
  Thread,
  ThreadNode,
  Topic,
  TrendingTerm,
} from './api-types.js';
import { PLATFORMS, SENTIMENTS } from './schemas.js';

/** Compiles only when the schema's output and the declared type are the same shape. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export function sameShape<T>() {
  return <S extends z.ZodType>(
    schema: S,
    ..._check: Same<z.output<S>, T> extends true ? [] : [never]
  ) => schema;
}

const time = z.string().describe('ISO 8601 UTC');
const nullableTime = time.nullable();

export const healthSchema = sameShape<Health>()(
  z.object({
    status: z.literal('ok'),
    version: z.string(),
    mentions: z.number().int(),
    sources: z.number().int(),
    failingSources: z.number().int(),
  }),
);

export const sourceSchema = sameShape<Source>()(
  z.object({
    id: z.number().int(),
    kind: z.enum(SOURCE_KINDS),
    url: z.string(),
    title: z.string().nullable(),
    enabled: z.boolean(),
    settings: z.record(z.string(), z.unknown()),
    schedule: z.object({ intervalSeconds: z.number(), nextFetchAt: time }),
    validators: z.object({ etag: z.string().nullable(), lastModified: z.string().nullable() }),
    cursor: z.string().nullable().describe('where the connector resumes; opaque'),
    health: z.object({
      lastAttemptAt: nullableTime,
      lastSuccessAt: nullableTime,
      lastErrorAt: nullableTime,
      lastError: z.string().nullable(),
      consecutiveFailures: z.number().int(),
      lastItemCount: z.number().int(),
      lastNewCount: z.number().int(),
      lastWarnings: z.array(z.string()),
      paused: z
        .object({ reason: z.string(), until: nullableTime })
        .nullable()
        .optional()
        .describe('collection waits for a quota to renew or a credential to be added'),
      credential: z
        .object({
          id: z.number().int(),
          label: z.string(),
          status: z.enum(['ok', 'exhausted', 'invalid']),
          remaining: z.number().nullable(),
          limit: z.number().nullable(),
          resetAt: nullableTime,
          lastError: z.string().nullable(),
        })
        .nullable()
        .optional()
        .describe('the credential used last: quota left and last error (never its secret)'),
      quarantine: z
        .object({ at: time, reason: z.string(), url: z.string().nullable() })
        .nullable()
        .optional()
        .describe('the last response that could not be read; the raw body is kept server-side'),
    }),
    createdAt: time,
  }),
);

export const importResultSchema = sameShape<ImportResult>()(
  z.object({
    added: z.number().int(),
    existing: z.number().int(),
    rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  }),
);

const sentiment = z.enum(SENTIMENTS);
const bounds = z.tuple([z.number(), z.number()]).describe('[low, high]');
const bySentiment = <T extends z.ZodType>(value: T) =>
  z.object({ positive: value, neutral: value, negative: value });

export const mentionSchema = sameShape<Mention>()(
  z.object({
    id: z.number().int(),
    platform: z.enum(PLATFORMS),
    canonicalUrl: z.string().nullable(),
    externalId: z.string(),
    author: z
      .object({
        key: z.string().describe('pseudonymous key; never the platform id'),
        displayName: z.string().nullable().describe('null for a person: persons are never named'),
        kind: z.enum(AUTHOR_KINDS),
      })
      .nullable(),
    publishedAt: nullableTime,
    collectedAt: time,
    language: z.string().nullable(),
    title: z.string().nullable(),
    text: z.string(),
    html: z.string().nullable(),
    categories: z.array(z.string()),
    engagement: z.object({
      likes: z.number().optional(),
      shares: z.number().optional(),
      comments: z.number().optional(),
      views: z.number().optional(),
    }),
    parentId: z.number().int().nullable(),
    threadRootId: z
      .number()
      .int()
      .nullable()
      .describe('the post that starts the conversation; null for a post that starts one'),
    updatedAt: nullableTime.describe('the last edit the platform reported'),
    deletedAt: nullableTime.describe('when the platform reported it deleted; its text is gone'),
    sourceIds: z.array(z.number().int()),
    analysis: z
      .object({
        lang: z.string().nullable(),
        sentiment: sentiment.nullable(),
        sentimentConfidence: z.number().nullable(),
        sentimentProbabilities: bySentiment(z.number())
          .nullable()
          .optional()
          .describe('calibrated class probabilities; absent for analyses stored before them'),
        shareGroup: z.string().nullable().optional(),
        keywords: z.array(z.string()),
      })
      .nullable(),
  }),
);

const threadNodeSchema: z.ZodType<ThreadNode> = z
  .object({
    mention: mentionSchema,
    get replies() {
      return z.array(threadNodeSchema);
    },
  })
  .meta({ id: 'ThreadNode' });

export const threadSchema = sameShape<Thread>()(
  z.object({
    rootExternalId: z.string().describe('platform id of the post that starts the conversation'),
    root: threadNodeSchema.nullable().describe('null while that post is not stored'),
    unattached: z
      .array(threadNodeSchema)
      .describe('comments and replies whose parent is not in the tree, with their replies'),
    total: z.number().int().describe('comments and replies stored in the thread'),
    truncated: z.boolean().describe('true when the tree holds fewer than total (see limit)'),
  }),
);

export const engagementSeriesSchema = sameShape<EngagementSeries>()(
  z.object({
    mentionId: z.number().int(),
    points: z.array(
      z.object({
        observedAt: time,
        likes: z.number().nullable(),
        comments: z.number().nullable(),
        shares: z.number().nullable(),
        views: z.number().nullable(),
      }),
    ),
  }),
);

export const mentionPageSchema = sameShape<MentionPage>()(
  z.object({ mentions: z.array(mentionSchema), nextCursor: z.string().nullable() }),
);

export const topicSchema = sameShape<Topic>()(
  z.object({
    id: z.number().int(),
    name: z.string(),
    query: z.string(),
    description: z.string().nullable(),
    status: z.enum(['active', 'paused']),
    langs: z.array(z.string()).nullable(),
    platforms: z.array(z.enum(PLATFORMS)).nullable(),
    sourceIds: z.array(z.number().int()).nullable(),
    createdAt: time,
    updatedAt: time,
    backfill: z.object({
      state: z.enum(['idle', 'running', 'done', 'failed']),
      processed: z.number().int(),
      total: z.number().int(),
      matched: z.number().int(),
      startedAt: nullableTime,
      finishedAt: nullableTime,
      error: z.string().nullable(),
      afterId: z.number().int().optional(),
    }),
  }),
);

const sentimentEstimateFields = {
  n: z.number().int().describe('mentions with a sentiment: the sample the shares are of'),
  shares: bySentiment(z.number())
    .nullable()
    .describe(
      'estimated shares (fractions of 1), corrected for the classifier’s measured confusions; null when there are too few posts',
    ),
  intervals: bySentiment(bounds).nullable().describe('central intervals at `level`'),
  net: z.number().nullable().describe('positive share minus negative share'),
  netInterval: bounds.nullable(),
  level: z.number().describe('coverage of the intervals, e.g. 0.9'),
  method: z.string().describe('how the shares were estimated, per group of posts'),
  sufficient: z
    .boolean()
    .describe('false when too few posts (or too wide an interval) to rely on the shares'),
  labelsOnly: z
    .number()
    .int()
    .describe('of n, mentions analysed before class probabilities were kept: uncorrected'),
};

export const sentimentEstimateSchema = sameShape<SentimentEstimate>()(
  z.object(sentimentEstimateFields),
);

export const sentimentShareSchema = sameShape<SentimentShare>()(
  z.object({
    total: z.number().int(),
    unknown: z.number().int().describe('mentions without a sentiment'),
    classifiedCounts: bySentiment(z.number().int()).describe(
      'mentions by predicted label; counts, not estimates of opinion',
    ),
    ...sentimentEstimateFields,
  }),
);

export const seriesPointSchema = sameShape<EstimatedSeriesPoint>()(
  z.object({
    t: time,
    total: z.number().int(),
    positive: z.number().int().describe('classified count'),
    neutral: z.number().int().describe('classified count'),
    negative: z.number().int().describe('classified count'),
    unknown: z.number().int(),
    sentiment: sentimentEstimateSchema,
  }),
);

export const countRowSchema = sameShape<CountRow>()(
  z.object({ key: z.string(), label: z.string().nullable(), count: z.number().int() }),
);

export const termRowSchema = sameShape<TermRow>()(
  z.object({ term: z.string(), count: z.number().int() }),
);

export const trendingTermSchema = sameShape<TrendingTerm>()(
  z.object({ term: z.string(), current: z.number(), baseline: z.number(), score: z.number() }),
);

export const spikeSchema = sameShape<Spike>()(
  z.object({
    t: time,
    metric: z.enum(['volume', 'negative']),
    value: z.number(),
    baseline: z.number(),
    threshold: z.number(),
  }),
);

export const shareOfVoiceRowSchema = sameShape<ShareOfVoiceRow>()(
  z.object({
    topicId: z.number().int(),
    name: z.string(),
    count: z.number().int(),
    share: z.number(),
  }),
);

export const queryCheckSchema = sameShape<QueryCheck>()(
  z.union([
    z.object({ ok: z.literal(true), normalized: z.string() }),
    z.object({
      ok: z.literal(false),
      message: z.string(),
      position: z.number().int(),
      expected: z.string(),
    }),
  ]),
);

const auditEntrySchema = sameShape<AuditEntry>()(
  z.object({
    id: z.number().int(),
    at: time,
    actor: z.string(),
    action: z.string().describe('route id'),
    detail: z.string().describe('the filters or query as asked, JSON'),
    resultCount: z.number().int().nullable(),
  }),
);

export const auditPageSchema = sameShape<AuditPage>()(
  z.object({ entries: z.array(auditEntrySchema), nextBefore: z.number().int().nullable() }),
);

const window = z.object({ from: time, to: time });

export const trendingSchema = z.object({
  terms: z.array(trendingTermSchema),
  baseline: window,
  current: window,
});
