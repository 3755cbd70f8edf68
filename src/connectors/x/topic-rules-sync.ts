// The app's filtered-stream rules kept in step with every topic: each topic whose query fits X's
// rule syntax is one rule tagged `nghe topic #<id>`; an edited query replaces its rule, a deleted
// or paused topic (or one limited to other platforms) loses it. Rules of other tags (a source's
// own rule, rules made by hand) are left alone but count against the access tier's limits. New
// rules are validated first with `dry_run=true`, so one bad rule never stops the others and each
// refusal is reported against its topic. Syncing twice changes nothing the second time.

import type { Platform } from '../../model.js';
import { parseQuery } from '../../query/parse.js';
import { array, isObject, path, text } from '../social/json-fields.js';
import { topicRule } from './topic-rule.js';
import { request, type Session } from './x-api.js';

/** The tag of a topic's rule. */
export const topicRuleTag = (topicId: number) => `nghe topic #${topicId}`;
const TAG = /^nghe topic #(\d+)$/;

/** What the sync needs of a topic. */
export interface RuleTopic {
  id: number;
  query: string;
  status: 'active' | 'paused';
  platforms: readonly Platform[] | null;
}

/**
 * How many rules an app may hold and how long each may be. X's filtered-stream page gives Pro
 * 1,000 rules of 1,024 characters and Enterprise 25,000 of 2,048; an X credential may set its
 * own (`streamRuleLimit`, `streamRuleLength`).
 */
export interface RuleLimits {
  rules: number;
  length: number;
}

export const DEFAULT_RULE_LIMITS: RuleLimits = { rules: 1000, length: 1024 };

export type TopicRuleOutcome =
  | { topicId: number; state: 'kept' | 'added' | 'replaced'; rule: string; ruleId: string }
  | { topicId: number; state: 'refused'; rule: string | null; reason: string }
  | { topicId: number; state: 'not-for-x'; reason: string };

export interface RulesSyncReport {
  topics: TopicRuleOutcome[];
  /** Ids of topic rules deleted: their topic is gone, paused, changed or refused. */
  deleted: string[];
  /** Rules of other tags, left as they were. */
  others: number;
}

interface Rule {
  id: string;
  value: string;
  tag: string | null;
}

const rulesUrl = (session: Session, dryRun = false) =>
  `${session.base}/tweets/search/stream/rules${dryRun ? '?dry_run=true' : ''}`;

function readJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new Error('X answered its rules endpoint with something other than JSON');
  }
}

async function listRules(session: Session): Promise<Rule[]> {
  const rules: Rule[] = [];
  let token: string | null = null;
  do {
    const url = new URL(rulesUrl(session));
    url.searchParams.set('max_results', '1000');
    if (token) url.searchParams.set('pagination_token', token);
    const json = readJson((await request(session, url.href)).body.toString('utf8'));
    for (const r of array(path(json, 'data')).filter(isObject)) {
      const id = text(r.id);
      const value = text(r.value);
      if (id && value) rules.push({ id, value, tag: text(r.tag) });
    }
    token = text(path(json, 'meta', 'next_token'));
  } while (token);
  return rules;
}

/** Each refused rule's value with X's reason, from the `errors` of a rules answer. */
function refusals(json: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const error of array(path(json, 'errors'))) {
    const value = text(path(error, 'value'));
    if (!value) continue;
    const details = array(path(error, 'details')).map(text).filter(Boolean).join('; ');
    const reason =
      [text(path(error, 'title')), details || text(path(error, 'message'))]
        .filter(Boolean)
        .join(': ') || 'X did not create the rule';
    out.set(value, reason);
  }
  return out;
}

/** Makes the app's rules match `topics`; what happened to each topic. */
export async function syncTopicRules(
  session: Session,
  topics: readonly RuleTopic[],
  limits: RuleLimits = DEFAULT_RULE_LIMITS,
): Promise<RulesSyncReport> {
  const existing = await listRules(session);
  const others = existing.filter((r) => !TAG.test(r.tag ?? ''));
  const current = new Map<number, Rule[]>();
  for (const rule of existing) {
    const id = TAG.exec(rule.tag ?? '')?.[1];
    if (id === undefined) continue;
    current.set(Number(id), [...(current.get(Number(id)) ?? []), rule]);
  }

  const outcomes: TopicRuleOutcome[] = [];
  /** Topics that want a rule, in id order, so the oldest keep theirs when the limit binds. */
  const wanted: { topicId: number; value: string }[] = [];
  for (const topic of [...topics].sort((a, b) => a.id - b.id)) {
    if (topic.status !== 'active') {
      outcomes.push({ topicId: topic.id, state: 'not-for-x', reason: 'the topic is paused' });
      continue;
    }
    if (topic.platforms !== null && !topic.platforms.includes('x')) {
      outcomes.push({
        topicId: topic.id,
        state: 'not-for-x',
        reason: 'the topic is limited to other platforms',
      });
      continue;
    }
    let translated: ReturnType<typeof topicRule>;
    try {
      translated = topicRule(parseQuery(topic.query));
    } catch (error) {
      translated = { refused: `the query does not parse: ${(error as Error).message}` };
    }
    if ('refused' in translated) {
      outcomes.push({
        topicId: topic.id,
        state: 'refused',
        rule: null,
        reason: translated.refused,
      });
      continue;
    }
    if (translated.rule.length > limits.length) {
      outcomes.push({
        topicId: topic.id,
        state: 'refused',
        rule: translated.rule,
        reason: `the rule is ${translated.rule.length} characters; the access tier takes ${limits.length}`,
      });
      continue;
    }
    wanted.push({ topicId: topic.id, value: translated.rule });
  }

  let room = limits.rules - others.length;
  const keep = new Map<number, Rule>();
  const toAdd: { topicId: number; value: string }[] = [];
  for (const want of wanted) {
    if (room <= 0) {
      outcomes.push({
        topicId: want.topicId,
        state: 'refused',
        rule: want.value,
        reason: `the access tier allows ${limits.rules} rules and all are in use (${others.length} not made from topics)`,
      });
      continue;
    }
    room--;
    const same = current.get(want.topicId)?.find((r) => r.value === want.value);
    if (same) keep.set(want.topicId, same);
    else toAdd.push(want);
  }

  // Validated first: X names each rule it would refuse, and the rest go in.
  const refused = new Map<string, string>();
  if (toAdd.length > 0) {
    const add = toAdd.map((w) => ({ value: w.value, tag: topicRuleTag(w.topicId) }));
    const checked = await request(session, rulesUrl(session, true), { add });
    for (const [value, reason] of refusals(readJson(checked.body.toString('utf8')))) {
      refused.set(value, reason);
    }
  }
  const valid = toAdd.filter((w) => !refused.has(w.value));

  const keptIds = new Set([...keep.values()].map((r) => r.id));
  const deleted = [...current.values()]
    .flat()
    .filter((r) => !keptIds.has(r.id))
    .map((r) => r.id);
  if (deleted.length > 0) {
    await request(session, rulesUrl(session), { delete: { ids: deleted } });
  }
  const created = new Map<string, string>();
  if (valid.length > 0) {
    const add = valid.map((w) => ({ value: w.value, tag: topicRuleTag(w.topicId) }));
    const answer = readJson(
      (await request(session, rulesUrl(session), { add })).body.toString('utf8'),
    );
    for (const r of array(path(answer, 'data')).filter(isObject)) {
      const id = text(r.id);
      const value = text(r.value);
      if (id && value) created.set(value, id);
    }
    for (const [value, reason] of refusals(answer)) refused.set(value, reason);
  }

  for (const [topicId, rule] of keep) {
    outcomes.push({ topicId, state: 'kept', rule: rule.value, ruleId: rule.id });
  }
  for (const want of toAdd) {
    const id = created.get(want.value);
    if (id === undefined) {
      outcomes.push({
        topicId: want.topicId,
        state: 'refused',
        rule: want.value,
        reason: refused.get(want.value) ?? 'X did not create the rule',
      });
      continue;
    }
    const state = current.has(want.topicId) ? 'replaced' : 'added';
    outcomes.push({ topicId: want.topicId, state, rule: want.value, ruleId: id });
  }
  outcomes.sort((a, b) => a.topicId - b.topicId);
  return { topics: outcomes, deleted, others: others.length };
}

/** The limits a credential sets for itself, else the defaults. */
export function ruleLimitsOf(secrets: Readonly<Record<string, string>>): RuleLimits {
  const own = (name: string, fallback: number) => {
    const value = Number(secrets[name] ?? '');
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return {
    rules: own('streamRuleLimit', DEFAULT_RULE_LIMITS.rules),
    length: own('streamRuleLength', DEFAULT_RULE_LIMITS.length),
  };
}
