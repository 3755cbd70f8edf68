// nghe alerts: alert rules per topic and the notifications they fired. E-mail and webhook
// delivery runs inside `nghe serve` (and any collecting command); see src/alerts/alert-jobs.ts
// for the NGHE_SMTP_URL, NGHE_ALERT_FROM and NGHE_PUBLIC_URL settings.
import type { Command } from 'commander';
import { alertStoreFor } from '../alerts/alert-store-for.js';
import {
  ALERT_KINDS,
  type AlertKind,
  type AlertRule,
  type AlertRuleInput,
} from '../alerts/alert-types.js';
import { newRuleBody, ruleProblem } from '../alerts/rule-input.js';
import { DEFAULT_STORY_SIZE } from '../alerts/story-rules.js';
import { newWebhookSecret } from '../alerts/webhook-signature.js';
import { loadConfig } from '../config/config.js';
import { createCredentialVault, webhookSecretSeal } from '../jobs/credentials-vault.js';
import { loadOrCreateSecret } from '../jobs/pseudonymise.js';
import { parseQuery, QuerySyntaxError } from '../query/parse.js';
import { CliError } from './cli-error.js';
import { parseId, resolveTopic } from './topics-command.js';
import { withStore } from './with-app.js';

interface AddOptions {
  kind: string;
  query?: string;
  email?: string;
  digest?: string | boolean;
  webhook?: string;
  quiet?: string;
  tz?: string;
  cap?: string;
  k?: string;
  minCount?: string;
  size?: string;
}

/** The rule input the options describe, checked as the API checks it. */
export function ruleInputFromOptions(options: AddOptions): AlertRuleInput {
  if (!(ALERT_KINDS as readonly string[]).includes(options.kind)) {
    throw new CliError(`--kind must be one of ${ALERT_KINDS.join(', ')}`);
  }
  const quiet = options.quiet?.split('-');
  if (options.quiet !== undefined && quiet?.length !== 2) {
    throw new CliError('--quiet takes a local range like 22:00-07:00');
  }
  const number = (value: string | undefined, flag: string) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n)) throw new CliError(`${flag} takes a number, not ${value}`);
    return n;
  };
  const settings: Record<string, number> = {};
  const k = number(options.k, '--k');
  const minCount = number(options.minCount, '--min-count');
  if (k !== undefined) settings.k = k;
  if (minCount !== undefined) settings.minCount = minCount;
  const size = number(options.size, '--size');
  if (size !== undefined) settings.size = size;
  const raw = {
    kind: options.kind as AlertKind,
    query: options.query,
    emails: options.email
      ?.split(',')
      .map((e) => e.trim())
      .filter((e) => e !== ''),
    emailDigest: options.digest === undefined ? undefined : true,
    digestMinutes:
      typeof options.digest === 'string' ? number(options.digest, '--digest') : undefined,
    webhookUrl: options.webhook,
    quietStart: quiet?.[0],
    quietEnd: quiet?.[1],
    timeZone: options.tz,
    dailyCap: number(options.cap, '--cap'),
    settings: Object.keys(settings).length > 0 ? settings : undefined,
  };
  const parsed = newRuleBody.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`${issue.path.join('.') || 'rule'}: ${issue.message}`);
  }
  const input: AlertRuleInput = parsed.data;
  if (input.kind === 'match' && input.query) {
    try {
      parseQuery(input.query);
    } catch (error) {
      if (!(error instanceof QuerySyntaxError)) throw error;
      throw new CliError(`invalid query at position ${error.position}: ${error.reason}`, 2);
    }
  }
  const problem = ruleProblem({
    kind: input.kind,
    query: input.query ?? null,
    quietStart: input.quietStart ?? null,
    quietEnd: input.quietEnd ?? null,
    emailDigest: input.emailDigest ?? false,
    emails: input.emails ?? [],
  });
  if (problem) throw new CliError(`${problem.field}: ${problem.message}`);
  if (input.webhookUrl) input.webhookSecret = newWebhookSecret();
  return input;
}

function describeRule(rule: AlertRule): string {
  const what =
    rule.kind === 'match'
      ? `match ${rule.query}`
      : rule.kind === 'new_story'
        ? `new story of ${rule.settings.size ?? DEFAULT_STORY_SIZE} distinct authors`
        : rule.kind.replace('_', ' ');
  const to = [
    'dashboard',
    ...rule.emails.map((e) => (rule.emailDigest ? `${e} (digest ${rule.digestMinutes} min)` : e)),
    ...(rule.webhookUrl ? [`webhook ${rule.webhookUrl}`] : []),
  ];
  const quiet = rule.quietStart ? `, quiet ${rule.quietStart}-${rule.quietEnd}` : '';
  return (
    `#${rule.id} topic #${rule.topicId}: ${what}${rule.enabled ? '' : ' (paused)'} → ` +
    `${to.join(', ')}; cap ${rule.dailyCap}/day${quiet} (${rule.timeZone})`
  );
}

function alertsOf(store: object) {
  const vault = createCredentialVault(loadOrCreateSecret(loadConfig().secretPath));
  const found = alertStoreFor(store, webhookSecretSeal(vault));
  if (!found) throw new CliError('alerts need a store opened from the configuration');
  return found;
}

export function registerAlertsCommand(program: Command): void {
  const alerts = program
    .command('alerts')
    .description('alert rules per topic and the notifications they fired');

  alerts
    .command('add <topic>')
    .description('add an alert rule to a topic (id or name)')
    .requiredOption('--kind <kind>', `${ALERT_KINDS.join(', ')}`)
    .option('--query <query>', 'for match rules: the sub-query a new mention must match')
    .option('--email <addresses>', 'e-mail these addresses, comma-separated')
    .option('--digest [minutes]', 'batch e-mails into one digest every N minutes (default 60)')
    .option('--webhook <url>', 'POST each alert as JSON signed with HMAC-SHA256')
    .option('--quiet <range>', 'local quiet hours, e.g. 22:00-07:00: deliveries wait')
    .option('--tz <zone>', 'IANA time zone of quiet hours and the daily cap (Asia/Ho_Chi_Minh)')
    .option('--cap <n>', 'alerts per local day (default 20)')
    .option('--k <n>', 'volume spikes: robust standard deviations above the baseline (3.5)')
    .option('--min-count <n>', 'spikes: mentions an hour needs before it can fire')
    .option('--size <n>', 'new_story: distinct authors a new story needs in the topic (5)')
    .action(async (topicArg: string, options: AddOptions) => {
      const input = ruleInputFromOptions(options);
      await withStore(async (store) => {
        const topic = await resolveTopic(store, topicArg);
        const alertStore = alertsOf(store);
        const rule = await alertStore.createRule(topic.id, input, await alertStore.lastMentionId());
        console.log(`added alert rule ${describeRule(rule)}`);
        if (rule.webhookSecret) {
          console.log(
            `webhook secret (shown once; X-Nghe-Signature is sha256=HMAC of the body): ${rule.webhookSecret}`,
          );
        }
      });
    });

  alerts
    .command('list [topic]')
    .description('list alert rules, of one topic or all')
    .action(async (topicArg: string | undefined) => {
      await withStore(async (store) => {
        const topicId =
          topicArg === undefined ? undefined : (await resolveTopic(store, topicArg)).id;
        const rules = await alertsOf(store).listRules(topicId);
        if (rules.length === 0) console.log('no alert rules');
        for (const rule of rules) console.log(describeRule(rule));
      });
    });

  alerts
    .command('remove <id>')
    .description('remove an alert rule and its notifications')
    .action(async (id: string) => {
      const ruleId = parseId(id, 'rule id');
      await withStore(async (store) => {
        if (!(await alertsOf(store).deleteRule(ruleId))) {
          throw new CliError(`no alert rule #${ruleId}`);
        }
        console.log(`removed alert rule #${ruleId}`);
      });
    });

  alerts
    .command('notifications')
    .description('list the alerts fired, newest first, with what fired them')
    .option('--topic <topic>', 'only this topic (id or name)')
    .option('--limit <n>', 'how many (default 20)', '20')
    .option('--mark-read', 'mark the listed alerts read')
    .action(async (options: { topic?: string; limit: string; markRead?: boolean }) => {
      const limit = parseId(options.limit, 'limit');
      await withStore(async (store) => {
        const alertStore = alertsOf(store);
        const topicId =
          options.topic === undefined ? undefined : (await resolveTopic(store, options.topic)).id;
        const list = await alertStore.listAlerts({ topicId, limit });
        if (list.length === 0) console.log('no alerts');
        for (const alert of list) {
          const unread = alert.readAt === null ? '*' : ' ';
          console.log(
            `${unread} #${alert.id} ${alert.firedAt} topic #${alert.topicId}: ${alert.title}`,
          );
          console.log(`    ${alert.detail.method}`);
          console.log(`    mentions: ${alert.mentionIds.join(', ')}`);
        }
        if (options.markRead && list.length > 0) {
          await alertStore.markRead(
            new Date().toISOString(),
            list.map((a) => a.id),
          );
        }
        console.log(`${await alertStore.unreadCount()} unread`);
      });
    });
}
