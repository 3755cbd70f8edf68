// Request schemas. The validators and the OpenAPI document are both built from these, so what
// the docs promise is what the server checks.
import { z } from 'zod';
import { SOURCE_KINDS } from '../connectors/source-kinds.js';
import { PLATFORMS, type Sentiment } from '../model.js';

export { PLATFORMS };

export const SENTIMENTS = [
  'positive',
  'negative',
  'neutral',
] as const satisfies readonly Sentiment[];

export const MAX_PAGE_LIMIT = 200;
export const DEFAULT_PAGE_LIMIT = 50;

const id = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** A comma-separated query value checked item by item, e.g. `platform=web,x`. */
function commaList<T extends z.ZodType>(item: T, description: string) {
  return z
    .string()
    .max(2000)
    .transform((text) => text.split(',').map((part) => part.trim()))
    .pipe(z.array(item).min(1) as unknown as z.ZodType<z.output<T>[], string[]>)
    .describe(description);
}

function isoTime(description: string) {
  return z
    .union([z.iso.datetime({ offset: true }), z.iso.date()])
    .transform((text) => new Date(text).toISOString())
    .describe(description);
}

export const idParams = z.object({ id: id.describe('numeric id') });

export const filterQuery = z.object({
  topic: id.optional().describe('topic id'),
  from: isoTime('start, inclusive (ISO 8601 date or date-time)').optional(),
  to: isoTime('end, exclusive (ISO 8601 date or date-time)').optional(),
  platform: commaList(z.enum(PLATFORMS), 'platforms, comma-separated').optional(),
  lang: commaList(
    z.string().regex(/^[a-z]{2,3}$/),
    'ISO 639-1 language codes, comma-separated',
  ).optional(),
  sentiment: commaList(z.enum(SENTIMENTS), 'sentiments, comma-separated').optional(),
  source: commaList(id, 'source ids, comma-separated').optional(),
  place: commaList(
    z.string().min(1).max(200),
    'places, comma-separated: province, former district or ward names, aliases or codes (a province covers its wards)',
  ).optional(),
  sector: commaList(
    z.string().min(1).max(100),
    'sectors, comma-separated: ids (traffic, flooding …) or Vietnamese or English names',
  ).optional(),
});

export type FilterQuery = z.output<typeof filterQuery>;

const limit = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(`1..${max}`);

export const mentionsQuery = filterQuery.extend({
  q: z.string().max(4000).optional().describe('query-language text the mentions must match'),
  sort: z
    .enum(['newest', 'oldest', 'engagement'])
    .default('newest')
    .describe('engagement: most interactions first, among the newest 20,000 matches'),
  limit: limit(DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT),
  cursor: z.string().min(1).max(1000).optional().describe('nextCursor of the previous page'),
});

export const intervalSchema = z.enum(['hour', 'day', 'week']);

const timeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, 'not an IANA time zone')
  .describe('IANA time zone buckets align to (default Asia/Ho_Chi_Minh)');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const seriesQuery = filterQuery.extend({
  interval: intervalSchema.default('day'),
  tz: timeZone.optional(),
});

export const breakdownQuery = filterQuery.extend({
  by: z.enum(['platform', 'lang', 'sentiment', 'source', 'province', 'ward', 'sector']),
  limit: limit(20, MAX_PAGE_LIMIT),
});

export const termsQuery = filterQuery.extend({ limit: limit(30, MAX_PAGE_LIMIT) });

export const spikesQuery = filterQuery.extend({
  interval: intervalSchema.default('hour'),
  metric: z.enum(['volume', 'negative']).default('volume'),
  tz: timeZone.optional(),
});

export const shareOfVoiceQuery = z.object({
  topics: commaList(id, 'topic ids, comma-separated'),
  from: filterQuery.shape.from,
  to: filterQuery.shape.to,
});

export const auditQuery = z.object({
  limit: limit(DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT),
  before: id.optional().describe('entries with a smaller id than this (the nextBefore of a page)'),
});

const httpUrl = z
  .string()
  .max(2000)
  .refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

export const newSourceBody = z.strictObject({
  url: httpUrl,
  kind: z
    .enum(SOURCE_KINDS)
    .optional()
    .describe('read from the URL when absent: platform pages are recognised, others are feeds'),
  title: z.string().trim().min(1).max(300).optional(),
});

export const sourceUpdateBody = z.strictObject({
  enabled: z.boolean().optional(),
  title: z.string().trim().min(1).max(300).nullable().optional(),
});

const topicFields = {
  name: z.string().trim().min(1).max(200),
  query: z.string().trim().min(1).max(4000).describe('in the query language'),
  description: z.string().max(2000).nullable().optional(),
  langs: z
    .array(z.string().regex(/^[a-z]{2,3}$/))
    .max(50)
    .nullable()
    .optional(),
  platforms: z.array(z.enum(PLATFORMS)).max(PLATFORMS.length).nullable().optional(),
  sourceIds: z.array(z.number().int().min(1)).max(10_000).nullable().optional(),
};

export const newTopicBody = z.strictObject(topicFields);

export const topicUpdateBody = z.strictObject({
  name: topicFields.name.optional(),
  query: topicFields.query.optional(),
  description: topicFields.description,
  langs: topicFields.langs,
  platforms: topicFields.platforms,
  sourceIds: topicFields.sourceIds,
  status: z.enum(['active', 'paused']).optional(),
});

export const queryCheckBody = z.strictObject({ query: z.string().max(10_000) });
