// Alerts: rules per topic, the notifications they fired (with an unread count) and each
// notification's delivery log. Every call is written to the audit log.
import { z } from 'zod';
import { alertStoreFor } from '../../alerts/alert-store-for.js';
import {
  ALERT_KINDS,
  type AlertRule,
  type AlertRuleInput,
  type AlertStore,
} from '../../alerts/alert-types.js';
import {
  newRuleBody,
  type RuleShape,
  ruleProblem,
  ruleUpdateBody,
} from '../../alerts/rule-input.js';
import { newWebhookSecret } from '../../alerts/webhook-signature.js';
import type { ApiDeps } from '../api-deps.js';
import { HttpError, notFound } from '../api-error.js';
import type { Principal } from '../auth/principal.js';
import { requireValidQuery } from '../query-check.js';
import { defineRoute, type Route } from '../route.js';
import { idParams } from '../schemas.js';

const ruleSchema = z.object({
  id: z.number(),
  topicId: z.number(),
  kind: z.enum(ALERT_KINDS),
  query: z.string().nullable(),
  settings: z.record(z.string(), z.number()),
  emails: z.array(z.string()),
  emailDigest: z.boolean(),
  digestMinutes: z.number(),
  webhookUrl: z.string().nullable(),
  webhookSecretSet: z.boolean(),
  quietStart: z.string().nullable(),
  quietEnd: z.string().nullable(),
  timeZone: z.string(),
  dailyCap: z.number(),
  enabled: z.boolean(),
  createdAt: z.string(),
});

const alertSchema = z.object({
  id: z.number(),
  ruleId: z.number(),
  topicId: z.number(),
  firedAt: z.string(),
  title: z.string(),
  detail: z.object({
    metric: z.enum(['volume', 'negative_share', 'story_size', 'match']),
    from: z.string(),
    to: z.string(),
    value: z.number(),
    baseline: z.number().nullable(),
    threshold: z.number().nullable(),
    method: z.string(),
    storyId: z.number().optional(),
    mentions: z.number().optional(),
    copies: z.number().optional(),
  }),
  mentionIds: z.array(z.number()),
  readAt: z.string().nullable(),
});

const deliverySchema = z.object({
  id: z.number(),
  channel: z.enum(['email', 'digest', 'webhook']),
  target: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  log: z.array(z.object({ at: z.string(), ok: z.boolean(), message: z.string() })),
  sentAt: z.string().nullable(),
});

const alertsQuery = z
  .object({
    topic: z.coerce.number().int().min(1).optional(),
    before: z.coerce.number().int().min(1).optional().describe('alerts older than this id'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const readBody = z
  .object({ ids: z.array(z.number().int().min(1)).max(1000).optional() })
  .strict()
  .describe('the alerts to mark read; all when `ids` is omitted');

/** A rule as the API shows it: the webhook secret is never read back, only whether it is set. */
function publicRule(rule: AlertRule) {
  const { webhookSecret, afterMentionId: _after, ...rest } = rule;
  return { ...rest, webhookSecretSet: webhookSecret !== null };
}

/** Unread alerts of the topics the principal sees: others' topics are not even counted. */
async function unreadSeenBy(store: AlertStore, principal: Principal | null): Promise<number> {
  let unread = 0;
  for (const [topicId, n] of await store.unreadByTopic()) {
    if (principal?.seesTopic(topicId)) unread += n;
  }
  return unread;
}

/** Checks what a rule's fields mean together, as the final rule will have them. */
function checkRule(rule: RuleShape) {
  if (rule.kind === 'match' && rule.query) requireValidQuery(rule.query, 'query');
  const problem = ruleProblem(rule);
  if (problem)
    throw new HttpError(400, `${problem.field}: ${problem.message}`, { field: problem.field });
}

export function alertRoutes(deps: ApiDeps): Route[] {
  const { store } = deps;
  const alerts = () => {
    const found = alertStoreFor(store);
    if (!found) throw new HttpError(503, 'alerts are not available with this store');
    return found;
  };
  const ruleOr404 = async (id: number) => {
    const rule = await alerts().getRule(id);
    if (!rule) throw notFound('alert rule');
    return rule;
  };
  return [
    defineRoute({
      id: 'listAlertRules',
      method: 'get',
      path: '/api/topics/:id/alert-rules',
      summary: 'The alert rules of a topic',
      tag: 'alerts',
      access: { allow: 'read', resource: 'topic' },
      params: idParams,
      responses: {
        200: { description: 'rules', schema: z.object({ rules: z.array(ruleSchema) }) },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, audit }) {
        if (!(await store.getTopic(params.id))) throw notFound('topic');
        const rules = (await alerts().listRules(params.id)).map(publicRule);
        await audit({ topic: params.id }, rules.length);
        return c.json({ rules });
      },
    }),
    defineRoute({
      id: 'createAlertRule',
      method: 'post',
      path: '/api/topics/:id/alert-rules',
      summary:
        'Add an alert rule: volume spike, negative-share spike, a new story reaching `settings.size` distinct authors, or any new mention matching a sub-query',
      tag: 'alerts',
      access: { allow: 'write', resource: 'topic' },
      params: idParams,
      body: newRuleBody,
      responses: {
        201: {
          description: 'the rule; `webhookSecret` is shown here once, never again',
          schema: ruleSchema.extend({ webhookSecret: z.string().nullable() }),
        },
        400: { description: 'ApiError' },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, body, audit }) {
        if (!(await store.getTopic(params.id))) throw notFound('topic');
        const input: AlertRuleInput = { ...body };
        if (input.webhookUrl && !input.webhookSecret) input.webhookSecret = newWebhookSecret();
        checkRule({
          kind: input.kind,
          query: input.query ?? null,
          quietStart: input.quietStart ?? null,
          quietEnd: input.quietEnd ?? null,
          emailDigest: input.emailDigest ?? false,
          emails: input.emails ?? [],
        });
        const store_ = alerts();
        const rule = await store_.createRule(params.id, input, await store_.lastMentionId());
        await audit({ topic: params.id, kind: rule.kind, rule: rule.id }, 1);
        return c.json({ ...publicRule(rule), webhookSecret: rule.webhookSecret }, 201);
      },
    }),
    defineRoute({
      id: 'updateAlertRule',
      method: 'patch',
      path: '/api/alert-rules/:id',
      summary: 'Edit, pause (enabled: false) or resume an alert rule',
      tag: 'alerts',
      access: { allow: 'write', resource: 'alertRule' },
      params: idParams,
      body: ruleUpdateBody,
      responses: {
        200: { description: 'the rule', schema: ruleSchema },
        400: { description: 'ApiError' },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, body, audit }) {
        const before = await ruleOr404(params.id);
        const input: Partial<AlertRuleInput> = { ...body };
        const url = input.webhookUrl === undefined ? before.webhookUrl : input.webhookUrl;
        const secret =
          input.webhookSecret === undefined ? before.webhookSecret : input.webhookSecret;
        if (url && !secret) input.webhookSecret = newWebhookSecret();
        checkRule({ ...before, ...input });
        const rule = await alerts().updateRule(params.id, input);
        if (!rule) throw notFound('alert rule');
        await audit({ rule: rule.id, fields: Object.keys(body) }, 1);
        return c.json(publicRule(rule));
      },
    }),
    defineRoute({
      id: 'deleteAlertRule',
      method: 'delete',
      path: '/api/alert-rules/:id',
      summary: 'Remove an alert rule with its alerts',
      tag: 'alerts',
      access: { allow: 'write', resource: 'alertRule' },
      params: idParams,
      responses: { 204: { description: 'deleted' }, 404: { description: 'ApiError' } },
      async handle({ c, params, audit }) {
        if (!(await alerts().deleteRule(params.id))) throw notFound('alert rule');
        await audit({ rule: params.id }, 1);
        return c.body(null, 204);
      },
    }),
    defineRoute({
      id: 'listAlerts',
      method: 'get',
      path: '/api/alerts',
      summary: 'Notifications, newest first, with the unread count',
      tag: 'alerts',
      access: { allow: 'read', resource: 'topic', idParam: 'query:topic' },
      query: alertsQuery,
      responses: {
        200: {
          description: 'alerts with the figure, baseline and threshold that fired them',
          schema: z.object({ alerts: z.array(alertSchema), unread: z.number() }),
        },
      },
      async handle({ c, query, audit, principal }) {
        const store_ = alerts();
        const list = (
          await store_.listAlerts({
            topicId: query.topic,
            beforeId: query.before,
            limit: query.limit,
          })
        ).filter((a) => principal?.seesTopic(a.topicId));
        await audit(query, list.length);
        return c.json({
          alerts: list.map(({ suppressed: _s, localDay: _d, windowKey: _w, ...a }) => a),
          unread: await unreadSeenBy(store_, principal),
        });
      },
    }),
    defineRoute({
      id: 'markAlertsRead',
      method: 'post',
      path: '/api/alerts/read',
      summary: 'Mark notifications read',
      tag: 'alerts',
      access: { allow: 'read', resource: 'none' },
      body: readBody,
      responses: {
        200: {
          description: 'how many changed and the unread count left',
          schema: z.object({ changed: z.number(), unread: z.number() }),
        },
      },
      async handle({ c, body, audit, principal }) {
        const store_ = alerts();
        // Outside administrators, only alerts of the unit's own and shared topics.
        let ids = body.ids;
        if (!principal?.can('manage')) {
          const asked = body.ids ?? (await store_.listAlerts({ limit: 10_000 })).map((a) => a.id);
          const found = await Promise.all(asked.map((id) => store_.getAlert(id)));
          ids = asked.filter((_, index) => {
            const alert = found[index];
            return alert != null && principal?.seesTopic(alert.topicId);
          });
        }
        const changed = await store_.markRead(deps.now().toISOString(), ids);
        await audit(body, changed);
        return c.json({ changed, unread: await unreadSeenBy(store_, principal) });
      },
    }),
    defineRoute({
      id: 'listAlertDeliveries',
      method: 'get',
      path: '/api/alerts/:id/deliveries',
      summary: 'The e-mail and webhook deliveries of an alert with every attempt',
      tag: 'alerts',
      access: { allow: 'read', resource: 'alert' },
      params: idParams,
      responses: {
        200: {
          description: 'delivery log',
          schema: z.object({ deliveries: z.array(deliverySchema) }),
        },
        404: { description: 'ApiError' },
      },
      async handle({ c, params, audit }) {
        const store_ = alerts();
        if (!(await store_.getAlert(params.id))) throw notFound('alert');
        const deliveries = await store_.listDeliveries({ alertId: params.id });
        await audit({ alert: params.id }, deliveries.length);
        return c.json({ deliveries });
      },
    }),
  ];
}
