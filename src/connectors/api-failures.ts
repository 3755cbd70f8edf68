// What a failed platform API call means for collection, for connectors that may call without a
// credential (public timelines, channel previews) as well as with one: a spent rate limit pauses
// the source, a refused credential is marked invalid, a refusal without one asks for one.
import type { Platform } from '../model.js';
import { FetchError } from '../net/types.js';
import { InvalidCredentialError, MissingCredentialError, QuotaPause } from './collect-errors.js';
import type { CredentialLease } from './credentials.js';

/** Seconds a 429 without Retry-After or reset header pauses a source. */
const DEFAULT_PAUSE_SECONDS = 60;

export interface FailureContext {
  platform: Platform;
  now: Date;
  /** The credential the request was made with, if any: a refusal marks it invalid. */
  lease?: CredentialLease;
  /** The error body names the reason (Telegram's "description", Mastodon's "error"). */
  describeBody?: (body: string) => string | null;
}

/** The reason an error body gives, in one short line; JSON bodies by their usual fields. */
export function bodyReason(body: string | null): string | null {
  if (!body) return null;
  try {
    const value = JSON.parse(body) as Record<string, unknown>;
    for (const key of ['description', 'error_description', 'message', 'error']) {
      const said = value?.[key];
      if (typeof said === 'string' && said.trim() !== '') return said.trim().slice(0, 200);
    }
  } catch {
    // not JSON: an HTML page or plain text
  }
  const line = body.trim().split('\n')[0]?.trim();
  return line && !line.startsWith('<') ? line.slice(0, 200) : null;
}

/**
 * The error the collector should see for `error`, thrown by a request of the platform's API.
 * 429 (and 503 with Retry-After) pauses; 401 is a refused credential, or a missing one when
 * none was sent; other errors pass through with the body's reason appended.
 */
export function apiFailure(error: unknown, context: FailureContext): unknown {
  if (!(error instanceof FetchError)) return error;
  const said = (context.describeBody ?? bodyReason)(error.body ?? '') ?? bodyReason(error.body);
  const detail = said ? `: ${said}` : '';
  if (error.code === 'rate-limited') {
    const seconds = error.retryAfterSeconds ?? DEFAULT_PAUSE_SECONDS;
    const until = new Date(context.now.getTime() + seconds * 1000);
    return new QuotaPause(
      `${context.platform} rate limit reached (${error.message})${detail}; resumes at ${until.toISOString()}`,
      until,
    );
  }
  if (error.code === 'http-status' && error.status === 401) {
    if (!context.lease) {
      return new MissingCredentialError(
        `${context.platform} asks for an access token (${error.message}${detail}): add one with \`nghe credentials add ${context.platform}\``,
      );
    }
    const reason = `${error.message}${detail}`;
    context.lease.invalid(reason);
    return new InvalidCredentialError(
      `${context.platform} refused credential "${context.lease.label}": ${reason}`,
    );
  }
  if (said) return new FetchError(error.code, `${error.message}${detail}`, error.url, error.status);
  return error;
}
