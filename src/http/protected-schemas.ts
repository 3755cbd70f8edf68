// Response schemas of figures after small-group suppression (src/privacy/small-groups.ts): a
// count is null where it would single out fewer than k persons, and flags say so.
import { z } from 'zod';
import type { TopicSummary } from './api-types.js';
import {
  countRowSchema,
  sameShape,
  sentimentShareSchema,
  seriesPointSchema,
  topicSchema,
} from './response-schemas.js';

const hiddenCount = z.number().int().nullable().describe('null: from fewer than k persons');

export const protectedSeriesPointSchema = seriesPointSchema.extend({
  total: hiddenCount,
  positive: hiddenCount,
  neutral: hiddenCount,
  negative: hiddenCount,
  unknown: hiddenCount,
  suppressed: z.boolean().describe('the bucket comes from fewer than k persons: nothing shown'),
  splitSuppressed: z
    .boolean()
    .describe('a sentiment class in the bucket comes from fewer than k persons: no split shown'),
});

export const protectedShareSchema = sentimentShareSchema.extend({
  total: hiddenCount,
  unknown: hiddenCount,
  classifiedCounts: z.object({
    positive: hiddenCount,
    neutral: hiddenCount,
    negative: hiddenCount,
  }),
  suppressed: z.boolean().describe('the mentions come from fewer than k persons: nothing shown'),
});

/** A topic on the overview: its week's figures under the same rule. */
export const topicSummarySchema = sameShape<TopicSummary>()(
  z.object({
    topic: topicSchema,
    volume: hiddenCount.describe('mentions in the last 7 days; null: from fewer than k persons'),
    sentiment: protectedShareSchema,
    sparkline: z
      .array(hiddenCount)
      .describe('daily totals, oldest first; null: that day comes from fewer than k persons'),
    suppressed: z
      .boolean()
      .describe('the week comes from fewer than k persons: volume and sentiment are null'),
    activeSpikes: z.number().int(),
  }),
);

export const protectedBreakdownSchema = z.object({
  rows: z
    .array(countRowSchema)
    .describe('rows from fewer than k persons each are merged into one `other` row'),
  suppressed: z.number().int().describe('rows merged into `other` (or left out with it)'),
  sentiment: protectedShareSchema.optional(),
});
