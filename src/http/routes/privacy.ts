// The installation's small-group rule as the dashboard needs it: figures from fewer than k
// distinct persons come back null, and the dashboard says "fewer than k people" for them.
import { z } from 'zod';
import { MIN_GROUP_FLOOR } from '../../privacy/privacy-settings.js';
import { smallGroupRuleFor } from '../../privacy/small-group-rule-for.js';
import type { ApiDeps } from '../api-deps.js';
import { defineRoute, type Route } from '../route.js';

export const privacyRuleSchema = z.object({
  minGroupSize: z
    .number()
    .int()
    .min(MIN_GROUP_FLOOR)
    .describe('k: a figure from fewer distinct persons is null (or merged into `other`)'),
});

export function privacyRoutes({ store }: ApiDeps): Route[] {
  return [
    defineRoute({
      id: 'privacyRule',
      method: 'get',
      path: '/api/privacy',
      summary: 'The small-group rule: the fewest distinct persons a figure may come from',
      tag: 'system',
      access: { allow: 'signedIn', resource: 'none' },
      responses: { 200: { description: 'the rule', schema: privacyRuleSchema } },
      handle({ c }) {
        return c.json({ minGroupSize: smallGroupRuleFor(store).minGroupSize });
      },
    }),
  ];
}
