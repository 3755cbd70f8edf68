// X's filtered stream for one source: its rule is kept on the app's rule list under a tag that
// names the source (added when missing, replaced when the source's query changed), then the
// stream is read line by line and the posts matching that rule go to ingest. X bills each post
// the stream delivers, so each is counted against the credential's monthly read budget and the
// connection is closed when the budget is spent; the stream asks for no referenced posts, so
// each delivery is one read and the budget is spent exactly. The stream has no resume point:
// posts delivered while disconnected are not seen (recent search can fill such gaps).

import type { Source } from '../../model.js';
import { InvalidCredentialError, MissingCredentialError, QuotaPause } from '../collect-errors.js';
import { nextMonthStart } from '../quota-window.js';
import { array, isObject, path, text } from '../social/json-fields.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import type { StreamContext } from '../stream-connector.js';
import { parseX } from './parse-x.js';
import { postReads } from './read-budget.js';
import {
  API_BASE_URL,
  budgetSpent,
  problemReason,
  request,
  type Session,
  TWEET_FIELDS,
} from './x-api.js';

/** Keep-alives come every 20 seconds; a connection silent for longer is dead. */
const IDLE_MS = 30_000;

/** The tag that marks a source's rule on the app's rule list. */
export const ruleTag = (source: Source) => `nghe source #${source.id}`;

interface Rule {
  id: string;
  value: string;
  tag: string | null;
}

async function rulesOf(session: Session): Promise<Rule[]> {
  const response = await request(session, `${session.base}/tweets/search/stream/rules`);
  const json = readJson(response.body.toString('utf8'), 'rules list');
  return array(path(json, 'data'))
    .filter(isObject)
    .flatMap((r) => {
      const id = text(r.id);
      const value = text(r.value);
      return id && value ? [{ id, value, tag: text(r.tag) }] : [];
    });
}

function readJson(body: string, what: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new Error(`X answered its ${what} with something other than JSON`);
  }
}

/** X's reason for a rule it did not create, from `errors` of a 200 rules answer. */
function ruleRefusal(body: string): string | null {
  const json = readJson(body, 'rule change');
  const invalid = Number(path(json, 'meta', 'summary', 'invalid') ?? 0);
  const notCreated = Number(path(json, 'meta', 'summary', 'not_created') ?? 0);
  const first = array(path(json, 'errors'))[0];
  if (invalid === 0 && notCreated === 0 && first === undefined) return null;
  const details = array(path(first, 'details')).map(text).filter(Boolean).join('; ');
  return (
    [text(path(first, 'title')), details || text(path(first, 'message'))]
      .filter(Boolean)
      .join(': ') || 'the rule was not created'
  );
}

/** Makes the app's rule list hold exactly one rule of this source, with `value`. */
export async function syncRule(session: Session, source: Source, value: string): Promise<void> {
  const { base } = session;
  const tag = ruleTag(source);
  const mine = (await rulesOf(session)).filter((r) => r.tag === tag);
  const stale = mine.filter((r) => r.value !== value).map((r) => r.id);
  if (stale.length > 0) {
    await request(session, `${base}/tweets/search/stream/rules`, { delete: { ids: stale } });
  }
  if (mine.some((r) => r.value === value)) return;
  const added = await request(session, `${base}/tweets/search/stream/rules`, {
    add: [{ value, tag }],
  });
  const refusal = ruleRefusal(added.body.toString('utf8'));
  if (refusal) throw new Error(`X refused the stream rule "${value}": ${refusal}`);
}

/** Tags of the topic rules (topic-rules-sync.ts), all read by a source following topics. */
const TOPIC_TAG = /^nghe topic #\d+$/;

/** Whether a stream line is for this source: its rule (or a topic rule) among those matched. */
function matchesSource(json: unknown, tag: string | null): boolean {
  const rules = array(path(json, 'matching_rules'));
  const mine = (t: string | null) => (tag === null ? TOPIC_TAG.test(t ?? '') : t === tag);
  return rules.length === 0 || rules.some((r) => mine(text(path(r, 'tag'))));
}

/**
 * Follows the stream for `source`: with `value`, its own rule, synced here; with null, the
 * rules the topics keep (synced by the topic rules job), whatever they are now.
 */
export async function followFilteredStream(
  source: Source,
  context: StreamContext,
  value: string | null,
): Promise<void> {
  if (!context.credentials) {
    throw new MissingCredentialError('X needs an app bearer token: nghe credentials add x');
  }
  if (!context.openLineStream) {
    throw new Error('this installation cannot open streaming HTTP connections');
  }
  const lease = context.credentials.acquire({ bucket: 'reads', units: 1 });
  const left = () => lease.left?.('reads') ?? Number.POSITIVE_INFINITY;
  if (left() < 1) throw budgetSpent(lease, context.now(), 'no reads left');
  const base = (context.endpoints?.apiBaseUrl ?? API_BASE_URL).replace(/\/+$/, '');
  const session: Session = { context, lease, base };
  if (value !== null) await syncRule(session, source, value);

  const url = new URL(`${base}/tweets/search/stream`);
  url.searchParams.set('tweet.fields', TWEET_FIELDS);
  url.searchParams.set('expansions', 'author_id');
  url.searchParams.set('user.fields', 'verified_type');
  let lines: AsyncIterable<string>;
  try {
    lines = await context.openLineStream(url.href, {
      headers: { authorization: `Bearer ${lease.secrets.bearerToken ?? ''}` },
      signal: context.signal,
      idleMs: IDLE_MS,
    });
  } catch (error) {
    throw refusal(error, session);
  }
  context.connected();
  const tag = value === null ? null : ruleTag(source);
  for await (const line of lines) {
    if (line.trim() === '') continue; // keep-alive
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue; // a line cut short by a disconnect
    }
    if (!isObject(json)) continue;
    if (json.data === undefined) {
      // An operational disconnect or another error line: X closes the stream after it.
      throw new Error(`X stream: ${problemReason(line).reason}`);
    }
    const reads = postReads(json);
    if (reads > 0) lease.spend('reads', reads);
    if (matchesSource(json, tag)) {
      try {
        await context.emit({ mentions: parseX(line) });
      } catch (error) {
        if (!(error instanceof UnreadableBodyError)) throw error;
      }
    }
    if (left() < 1) throw budgetSpent(lease, context.now(), 'the stream spent its last read');
  }
}

/** A refused stream connection as what it means for the credential and the source. */
function refusal(error: unknown, session: Session): unknown {
  const { lease, context } = session;
  const status = (error as { status?: number | null }).status ?? null;
  const body = (error as { body?: string | null }).body ?? '';
  if (status === null) return error;
  const { type, reason } = problemReason(body);
  if (status === 401 || status === 403) {
    lease.invalid(`HTTP ${status} ${reason}`);
    return new InvalidCredentialError(
      `X refused credential #${lease.id} "${lease.label}": HTTP ${status} ${reason}`,
    );
  }
  if (type.endsWith('/usage-capped')) {
    const until = nextMonthStart(context.now(), 'UTC');
    lease.exhausted(`usage cap reached: ${reason}`, until);
    return new QuotaPause(`X usage cap reached (${reason})`, until);
  }
  return new Error(`X stream refused: HTTP ${status} ${reason}`);
}
