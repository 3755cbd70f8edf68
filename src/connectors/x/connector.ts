// X through the API v2 with an app's bearer token: recent search (the last 7 days) for a query,
// a hashtag, a topic's query where X's syntax can say it, or the conversation under one post,
// newest first, paged with `next_token` and polled with `since_id` from the newest post stored. Authors and referenced posts are expanded,
// so replies and quotes arrive with what they answer and become threads. X bills every post
// read: each page is sized so that what it returns fits the credential's monthly read budget,
// the reads a response returned are counted, and collection stops at the budget with its reason.
import type { CollectedMention, Source } from '../../model.js';
import type { FetchResponse } from '../../net/types.js';
import { parseQuery } from '../../query/parse.js';
import { readOrQuarantine } from '../api-call.js';
import { MissingCredentialError, QuarantinedResponseError } from '../collect-errors.js';
import { type CollectContext, type CollectResult, notModifiedResult } from '../connector.js';
import { isObject, type JsonObject, parseJsonBody, text } from '../social/json-fields.js';
import type { StreamingConnector } from '../stream-connector.js';
import { followFilteredStream } from './filtered-stream.js';
import { parseX } from './parse-x.js';
import { MIN_PAGE, planPage, postReads } from './read-budget.js';
import { xCredential } from './recognise-url.js';
import { topicRule } from './topic-rule.js';
import { API_BASE_URL, budgetSpent, request, type Session, TWEET_FIELDS } from './x-api.js';

/** Pages one collection reads at most; the rest waits for the next collection. */
const MAX_PAGES = 5;

/** Where a search resumes: the newest post stored, and an unfinished backlog's page. */
interface XCursor {
  /** `since_id`: the newest post of the last finished read. */
  since: string | null;
  /** `next_token` of a read that stopped before its end. */
  next: string | null;
  /** The newest post of that unfinished read, which becomes `since` when it ends. */
  pending: string | null;
}

function readCursor(source: Source): XCursor {
  try {
    const value = source.cursor ? (JSON.parse(source.cursor) as Partial<XCursor>) : {};
    return { since: value.since ?? null, next: value.next ?? null, pending: value.pending ?? null };
  } catch {
    return { since: null, next: null, pending: null };
  }
}

/** The larger of two post ids (snowflakes, compared as integers). */
function newerId(a: string | null, b: string | null): string | null {
  if (a === null || !/^\d+$/.test(a)) return b;
  if (b === null || !/^\d+$/.test(b)) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}

interface SearchResult {
  mentions: CollectedMention[];
  cursor: XCursor;
  warnings: string[];
}

async function search(session: Session, query: string, cursor: XCursor): Promise<SearchResult> {
  const { lease, context } = session;
  const mentions: CollectedMention[] = [];
  const warnings: string[] = [];
  let since = cursor.since;
  let next = cursor.next;
  let pending = cursor.pending;
  let finished = false;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const left = lease.left?.('reads') ?? Number.POSITIVE_INFINITY;
    const plan = planPage(left);
    if (!plan) {
      if (pages === 0) throw budgetSpent(lease, context.now(), `${left} reads left`);
      warnings.push(
        `X read budget reached: stopped with ${left} reads left, fewer than a page of ${MIN_PAGE}`,
      );
      break;
    }
    const url = new URL(`${session.base}/tweets/search/recent`);
    url.searchParams.set('query', query);
    url.searchParams.set('max_results', String(plan.maxResults));
    url.searchParams.set('tweet.fields', TWEET_FIELDS);
    url.searchParams.set('user.fields', 'verified_type');
    url.searchParams.set(
      'expansions',
      plan.withReferences
        ? 'author_id,referenced_tweets.id,referenced_tweets.id.author_id'
        : 'author_id',
    );
    if (since) url.searchParams.set('since_id', since);
    if (next) url.searchParams.set('next_token', next);
    let response: FetchResponse;
    try {
      response = await request(session, url.href);
    } catch (error) {
      // A since_id older than the 7 days recent search covers: start again from the newest.
      if (since && !next && error instanceof Error && /since_id/.test(error.message)) {
        warnings.push(`since_id ${since} is older than recent search reaches; read from the top`);
        since = null;
        pages--;
        continue;
      }
      throw error;
    }
    const body = response.body.toString('utf8');
    const json = readOrQuarantine(url.href, body, (b) => parseJsonBody('x', b));
    if (!isObject(json) || !isObject(json.meta)) {
      throw new QuarantinedResponseError('x: search answer without "meta"', url.href, body);
    }
    const read = readOrQuarantine(url.href, body, parseX);
    const reads = postReads(json as JsonObject);
    if (reads > 0) lease.spend('reads', reads);
    mentions.push(...read);
    if (!next) pending = newerId(pending, text(json.meta.newest_id));
    next = text(json.meta.next_token);
    if (!next) {
      finished = true;
      break;
    }
  }
  const done = finished ? { since: newerId(since, pending), next: null, pending: null } : null;
  return { mentions, warnings, cursor: done ?? { since, next, pending } };
}

function queryOf(source: Source): string {
  const { follow, query, postId, topicQuery } = source.settings;
  const live = follow === 'stream';
  if ((follow === 'search' || live) && typeof query === 'string' && query.trim() !== '') {
    return query;
  }
  if ((follow === 'topic' || live) && typeof topicQuery === 'string') {
    // A topic's query in nghe's language, followed only where X matches it the same way.
    const translated = topicRule(parseQuery(topicQuery));
    if ('refused' in translated) {
      throw new Error(`X cannot follow the topic query "${topicQuery}": ${translated.refused}`);
    }
    return translated.rule;
  }
  if (follow === 'conversation' && typeof postId === 'string' && /^\d+$/.test(postId)) {
    return `conversation_id:${postId}`;
  }
  throw new Error(
    `X source #${source.id} follows nothing nghe reads (settings.follow "${String(follow)}")`,
  );
}

export const xConnector: StreamingConnector = {
  kind: 'x',
  description:
    'X API v2 (app bearer token): recent search of a query, hashtag or conversation, and the filtered stream',
  endpoints: { apiBaseUrl: API_BASE_URL },
  credential: xCredential,
  streams: (source) => source.settings.follow === 'stream' || source.settings.follow === 'topics',
  stream: (source, context) =>
    followFilteredStream(
      source,
      context,
      source.settings.follow === 'topics' ? null : queryOf(source),
    ),
  async collect(source: Source, context: CollectContext): Promise<CollectResult> {
    if (source.settings.follow === 'stream' || source.settings.follow === 'topics') {
      // Followed live by the stream runner; a poll has nothing to add.
      return { ...notModifiedResult(source), notModified: false };
    }
    if (!context.credentials) {
      throw new MissingCredentialError('X needs an app bearer token: nghe credentials add x');
    }
    const query = queryOf(source);
    const lease = context.credentials.acquire({ bucket: 'reads', units: MIN_PAGE });
    const session: Session = {
      context,
      lease,
      base: (context.endpoints?.apiBaseUrl ?? API_BASE_URL).replace(/\/+$/, ''),
    };
    const result = await search(session, query, readCursor(source));
    return {
      title: null,
      notModified: false,
      validators: source.validators,
      mentions: result.mentions,
      warnings: result.warnings,
      cursor: JSON.stringify(result.cursor),
    };
  },
};
