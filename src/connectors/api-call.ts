// One API call as platform connectors make it: through the shared HTTP client in API mode,
// paced by the credential's own rate-limit window, whose headers are reported to the lease; a
// rate limit becomes a pause, a body the normaliser cannot read is set aside, and an error body
// reaches the connector to say what went wrong.
import type { Platform } from '../model.js';
import { FetchError, type FetchRequest, type FetchResponse } from '../net/types.js';
import { QuarantinedResponseError, QuotaPause } from './collect-errors.js';
import type { CollectContext } from './connector.js';
import type { CredentialLease } from './credentials.js';
import { UnreadableBodyError } from './social/platform-module.js';

/** A failed call with the platform's error body, for the connector to read. */
export class ApiStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
  ) {
    super(`HTTP ${status} from ${new URL(url).pathname}`);
    this.name = 'ApiStatusError';
  }
}

export interface ApiCall {
  context: CollectContext;
  lease: CredentialLease;
  platform: Platform;
}

/**
 * The response of one call. Throws QuotaPause on a 429 or a spent window, ApiStatusError for
 * another non-2xx answer with a body, and FetchError for network failures.
 */
export async function callApi(call: ApiCall, request: FetchRequest): Promise<FetchResponse> {
  const { context, lease, platform } = call;
  try {
    const response = await context.http.request({
      ...request,
      signal: context.signal,
      api: { rateLimitKey: `${platform}:${lease.id}` },
    });
    if (response.rateLimit) lease.observeRateLimit(response.rateLimit);
    return response;
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    if (error.code === 'rate-limited') {
      const seconds = error.retryAfterSeconds ?? 60;
      const until = new Date(context.now().getTime() + seconds * 1000);
      lease.observeRateLimit({ remaining: 0, limit: null, resetAt: until });
      throw new QuotaPause(
        `${platform} rate limit reached for credential #${lease.id} "${lease.label}" (${error.message}); collection resumes at ${until.toISOString()}`,
        until,
      );
    }
    if (error.code === 'http-status' && error.status !== null && error.body !== null) {
      throw new ApiStatusError(error.status, error.url, error.body);
    }
    throw error;
  }
}

/** Runs a normaliser over a body; a body it cannot read is set aside with the reason. */
export function readOrQuarantine<T>(url: string, body: string, parse: (body: string) => T): T {
  try {
    return parse(body);
  } catch (error) {
    if (error instanceof UnreadableBodyError)
      throw new QuarantinedResponseError(error.message, url, body);
    throw error;
  }
}
