// What every X API v2 call shares: the bearer token, the rate-limit window reported to the
// lease, and X's answers read as what they mean for collection (a refused token, a rate limit,
// the monthly usage cap, a problem body's reason).
import { FetchError, type FetchResponse } from '../../net/types.js';
import { InvalidCredentialError, QuotaPause } from '../collect-errors.js';
import type { CollectContext } from '../connector.js';
import type { CredentialLease } from '../credentials.js';
import { nextMonthStart } from '../quota-window.js';
import { path, text } from '../social/json-fields.js';

export const API_BASE_URL = 'https://api.x.com/2';

export const TWEET_FIELDS = [
  'created_at',
  'author_id',
  'conversation_id',
  'lang',
  'public_metrics',
  'referenced_tweets',
  'edit_history_tweet_ids',
  'entities',
  'note_tweet',
].join(',');

/** The problem body's reason: `title: detail`, else the first `errors[].message`. */
export function problemReason(body: string): { type: string; reason: string } {
  const describe = (problem: unknown): string | null => {
    const title = text(path(problem, 'title'));
    const detail = text(path(problem, 'detail'));
    return title && detail && detail !== title ? `${title}: ${detail}` : (title ?? detail);
  };
  try {
    const json = JSON.parse(body) as unknown;
    const errors = path(json, 'errors');
    const first = Array.isArray(errors) ? errors[0] : undefined;
    const inner = text(path(first, 'message')) ?? describe(first);
    const type = text(path(json, 'type')) ?? text(path(first, 'type')) ?? '';
    const reason = [describe(json), inner].filter(Boolean).join(' — ');
    return { type, reason: reason || 'no reason given' };
  } catch {
    return { type: '', reason: body.trim().split('\n')[0]?.slice(0, 200) || 'no reason given' };
  }
}

export function budgetSpent(lease: CredentialLease, now: Date, used: string): QuotaPause {
  const until = nextMonthStart(now, 'UTC');
  return new QuotaPause(
    `X monthly read budget of credential #${lease.id} "${lease.label}" is spent (${used}); collection resumes on ${until.toISOString().slice(0, 10)} or when the budget is raised`,
    until,
  );
}

export interface Session {
  context: CollectContext;
  lease: CredentialLease;
  base: string;
}

export async function request(
  session: Session,
  url: string,
  body?: unknown,
): Promise<FetchResponse> {
  const { context, lease } = session;
  try {
    const response = await context.http.request({
      url,
      ...(body === undefined ? {} : { method: 'POST' as const, body: { json: body } }),
      headers: { authorization: `Bearer ${lease.secrets.bearerToken ?? ''}` },
      signal: context.signal,
      api: { rateLimitKey: `x:${lease.id}` },
    });
    if (response.rateLimit) lease.observeRateLimit(response.rateLimit);
    return response;
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    const { type, reason } = problemReason(error.body ?? '');
    if (type.endsWith('/usage-capped')) {
      // The app's monthly cap, as X counts it: nothing more until the month renews.
      const until = nextMonthStart(context.now(), 'UTC');
      lease.exhausted(`usage cap reached: ${reason}`, until);
      throw new QuotaPause(
        `X usage cap of credential #${lease.id} "${lease.label}" reached (${reason}); collection resumes on ${until.toISOString().slice(0, 10)}`,
        until,
      );
    }
    if (error.code === 'rate-limited') {
      const until = new Date(context.now().getTime() + (error.retryAfterSeconds ?? 900) * 1000);
      lease.observeRateLimit({ remaining: 0, limit: null, resetAt: until });
      throw new QuotaPause(
        `X rate limit reached for credential #${lease.id} "${lease.label}" (${reason}); collection resumes at ${until.toISOString()}`,
        until,
      );
    }
    if (error.code !== 'http-status' || error.status === null) {
      throw new Error(`X: ${error.message}`);
    }
    if (error.status === 401 || error.status === 403) {
      lease.invalid(`HTTP ${error.status} ${reason}`);
      throw new InvalidCredentialError(
        `X refused credential #${lease.id} "${lease.label}": HTTP ${error.status} ${reason}`,
      );
    }
    throw new Error(`X answered HTTP ${error.status}: ${reason}`);
  }
}
