// What an alert rule may hold, checked the same way for the API and the command line.
import { z } from 'zod';
import { ALERT_KINDS, type AlertRule } from './alert-types.js';
import { isClockTime, isTimeZone } from './local-time.js';

const clock = z.string().refine(isClockTime, 'expected a time of day HH:MM');

const ruleFields = {
  kind: z.enum(ALERT_KINDS),
  query: z.string().max(4000).nullable().describe('sub-query for `match` rules'),
  settings: z
    .object({
      k: z.number().min(0.5).max(20).optional(),
      minCount: z.number().int().min(1).max(1_000_000).optional(),
      baselineHours: z
        .number()
        .int()
        .min(6)
        .max(24 * 28)
        .optional(),
      size: z
        .number()
        .int()
        .min(2)
        .max(1_000_000)
        .optional()
        .describe('new_story: distinct authors of one story within the topic (default 5)'),
    })
    .strict(),
  emails: z.array(z.email()).max(20),
  emailDigest: z.boolean(),
  digestMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  webhookUrl: z.url({ protocol: /^https?$/ }).nullable(),
  webhookSecret: z.string().min(16).max(200).nullable(),
  quietStart: clock.nullable().describe('local HH:MM; deliveries wait until quietEnd'),
  quietEnd: clock.nullable(),
  timeZone: z.string().refine(isTimeZone, 'unknown time zone').describe('IANA zone'),
  dailyCap: z.number().int().min(1).max(1000).describe('alerts per local day'),
  enabled: z.boolean(),
};

export const newRuleBody = z.object(ruleFields).partial().required({ kind: true }).strict();
export const ruleUpdateBody = z.object(ruleFields).partial().strict();

export type RuleShape = Pick<
  AlertRule,
  'kind' | 'query' | 'quietStart' | 'quietEnd' | 'emailDigest' | 'emails'
>;

/** The first field at fault when the fields are read together (query syntax aside). */
export function ruleProblem(rule: RuleShape): { field: string; message: string } | null {
  if (rule.kind === 'match' && !rule.query) {
    return { field: 'query', message: 'a match rule needs a query' };
  }
  if ((rule.quietStart === null) !== (rule.quietEnd === null)) {
    const field = rule.quietStart === null ? 'quietStart' : 'quietEnd';
    return { field, message: 'quiet hours need both a start and an end' };
  }
  if (rule.emailDigest && rule.emails.length === 0) {
    return { field: 'emails', message: 'an e-mail digest needs at least one address' };
  }
  return null;
}
