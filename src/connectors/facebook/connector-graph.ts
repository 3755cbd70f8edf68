// One Graph API call as the Facebook and Instagram connectors make it: a call is counted
// against the credential's call budget before it is made, the token goes in the Authorization
// header (with `appsecret_proof` when the app requires it), and the usage the answer reports
// (X-App-Usage, X-Business-Use-Case-Usage, percentages of the window) stops collection at
// THROTTLE_AT, before Meta throttles. Error bodies become what the collector acts on: throttling
// codes stop with the reason, an expired or revoked token marks the credential invalid, an
// object that no longer exists is told apart.
import { createHmac } from 'node:crypto';
import { FetchError } from '../../net/types.js';
import { readOrQuarantine } from '../api-call.js';
import { CredentialNeedsReplacingError, QuotaPause } from '../collect-errors.js';
import type { CollectContext } from '../connector.js';
import type { CredentialLease } from '../credentials.js';
import {
  isObject,
  type JsonObject,
  parseJsonBody,
  path,
  str,
  text,
} from '../social/json-fields.js';
import type { GraphPlatform } from './graph-body.js';

/** Usage (percent of the window) at which collection stops, leaving the rest of the window. */
export const THROTTLE_AT = 90;
/** Usage windows are a rolling hour; without an estimate, wait that long. */
const DEFAULT_REGAIN_MINUTES = 60;
/** Throttling codes: app (4), user (17), Page (32), action (613), Business Use Case (80000–80014). */
const THROTTLE_CODES = new Set([4, 17, 32, 613]);
const isThrottleCode = (code: number) =>
  THROTTLE_CODES.has(code) || (code >= 80000 && code <= 80014);
/** Token errors: an invalid, expired or revoked token (190) and an expired session (102). */
const TOKEN_CODES = new Set([190, 102]);

/** Collection must stop here: a spent budget, usage at the threshold or a throttling error. */
export class GraphStop extends Error {
  constructor(
    reason: string,
    readonly until: Date,
  ) {
    super(reason);
    this.name = 'GraphStop';
  }
}

/** The object asked for no longer exists (a deleted post): code 100, subcode 33. */
export class GraphGoneError extends Error {
  override name = 'GraphGoneError';
}

export interface GraphSession {
  platform: GraphPlatform;
  context: CollectContext;
  lease: CredentialLease;
  /** The API's base, version included: `https://graph.facebook.com/v25.0`. */
  base: string;
  /** Set once collection must stop; every later call is refused with it. */
  stop: GraphStop | null;
  /** Calls made in this collection. */
  calls: number;
}

export interface GraphAnswer {
  url: string;
  body: string;
  json: JsonObject;
}

const NAMES: Record<GraphPlatform, string> = { facebook: 'Facebook', instagram: 'Instagram' };

export function openGraphSession(
  platform: GraphPlatform,
  context: CollectContext,
  lease: CredentialLease,
  defaultBase: string,
): GraphSession {
  const base = (context.endpoints?.apiBaseUrl ?? defaultBase).replace(/\/+$/, '');
  return { platform, context, lease, base, stop: null, calls: 0 };
}

/** GET `{base}/{path}` with `params`; the body read as JSON, or quarantined when it is not. */
export async function graphGet(
  session: GraphSession,
  nodePath: string,
  params: Record<string, string>,
): Promise<GraphAnswer> {
  const { context, lease, platform } = session;
  if (session.stop) throw session.stop;
  try {
    lease.spend('calls', 1);
  } catch (error) {
    if (!(error instanceof QuotaPause)) throw error;
    session.stop = new GraphStop(`${NAMES[platform]} call budget: ${error.message}`, error.until);
    throw session.stop;
  }
  const url = new URL(`${session.base}/${nodePath}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const token = lease.secrets.accessToken ?? '';
  const appSecret = lease.secrets.appSecret ?? '';
  if (appSecret !== '') {
    url.searchParams.set(
      'appsecret_proof',
      createHmac('sha256', appSecret).update(token).digest('hex'),
    );
  }
  session.calls++;
  let headers: Record<string, string>;
  let body: string;
  try {
    const response = await context.http.request({
      url: url.href,
      headers: { authorization: `Bearer ${token}` },
      accept: 'application/json',
      signal: context.signal,
      api: { rateLimitKey: `${platform}:${lease.id}` },
    });
    headers = response.headers;
    body = response.body.toString('utf8');
  } catch (error) {
    throw graphFailure(session, error);
  }
  readUsage(session, headers);
  const json = readOrQuarantine(url.href, body, (b) => parseJsonBody(platform, b));
  if (!isObject(json)) {
    throw graphFailure(
      session,
      new Error(`${NAMES[platform]} answered something other than an object`),
    );
  }
  return { url: url.href, body, json };
}

interface GraphError {
  code: number | null;
  subcode: number | null;
  reason: string;
}

function graphError(body: string | null): GraphError {
  try {
    const error = path(JSON.parse(body ?? ''), 'error');
    if (isObject(error)) {
      const code = Number(str(error.code) ?? Number.NaN);
      const subcode = Number(str(error.error_subcode) ?? Number.NaN);
      const message = text(error.error_user_msg) ?? text(error.message) ?? 'no message';
      return {
        code: Number.isFinite(code) ? code : null,
        subcode: Number.isFinite(subcode) ? subcode : null,
        reason: message.slice(0, 200),
      };
    }
  } catch {
    // not JSON: a proxy's page
  }
  return {
    code: null,
    subcode: null,
    reason: body?.trim().split('\n')[0]?.slice(0, 200) || 'no reason given',
  };
}

/** What a failed Graph call means for collection: a stop, a refused token, a gone object. */
export function graphFailure(session: GraphSession, error: unknown): unknown {
  if (!(error instanceof FetchError)) return error;
  const { lease, platform } = session;
  const name = NAMES[platform];
  const said = graphError(error.body);
  const code =
    said.code === null
      ? ''
      : ` (code ${said.code}${said.subcode === null ? '' : `/${said.subcode}`})`;
  if (error.code === 'rate-limited' || (said.code !== null && isThrottleCode(said.code))) {
    const minutes = error.retryAfterSeconds ? error.retryAfterSeconds / 60 : DEFAULT_REGAIN_MINUTES;
    return throttle(
      session,
      `${name} throttled credential #${lease.id} "${lease.label}"${code}: ${said.reason}`,
      minutes,
    );
  }
  if ((said.code !== null && TOKEN_CODES.has(said.code)) || error.status === 401) {
    const reason = `${said.reason}${code}`;
    lease.invalid(`the token expired or was revoked: ${reason}`);
    return new CredentialNeedsReplacingError(
      `${name} token of credential #${lease.id} "${lease.label}" expired or was revoked (${reason}); its sources wait until a new token is added with \`nghe credentials add ${platform}\``,
    );
  }
  if (said.code === 100 && said.subcode === 33)
    return new GraphGoneError(`${name}: ${said.reason}`);
  if (error.code !== 'http-status') return new Error(`${name}: ${error.message}`);
  return new Error(`${name} answered HTTP ${error.status}${code}: ${said.reason}`);
}

/** Stops the session for `minutes`, telling the credential so the next collection waits too. */
function throttle(session: GraphSession, reason: string, minutes: number): GraphStop {
  const until = new Date(session.context.now().getTime() + Math.max(1, minutes) * 60_000);
  session.lease.observeRateLimit({ remaining: 0, limit: 100, resetAt: until });
  session.stop ??= new GraphStop(`${reason}; collection resumes at ${until.toISOString()}`, until);
  return session.stop;
}

/** The highest usage a response reports, with Meta's estimate of when access returns. */
export interface GraphUsage {
  percent: number;
  /** Which header and figure, e.g. `X-App-Usage call_count`. */
  what: string;
  regainMinutes: number;
}

/** Reads X-App-Usage and X-Business-Use-Case-Usage; null when neither is there or readable. */
export function graphUsage(headers: Readonly<Record<string, string>>): GraphUsage | null {
  let highest: GraphUsage | null = null;
  const consider = (source: unknown, header: string, regain: number) => {
    if (!isObject(source)) return;
    for (const key of ['call_count', 'total_cputime', 'total_time']) {
      const value = Number(source[key]);
      if (Number.isFinite(value) && (highest === null || value > highest.percent)) {
        highest = { percent: value, what: `${header} ${key}`, regainMinutes: regain };
      }
    }
  };
  const app = parseHeader(headers['x-app-usage']);
  consider(app, 'X-App-Usage', 0);
  const business = parseHeader(headers['x-business-use-case-usage']);
  if (isObject(business)) {
    for (const entries of Object.values(business)) {
      for (const entry of Array.isArray(entries) ? entries : []) {
        if (!isObject(entry)) continue;
        const regain = Number(entry.estimated_time_to_regain_access);
        consider(
          entry,
          `X-Business-Use-Case-Usage ${str(entry.type) ?? ''}`.trim(),
          Number.isFinite(regain) ? regain : 0,
        );
      }
    }
  }
  return highest;
}

function parseHeader(value: string | undefined): unknown {
  if (!value) return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

function readUsage(session: GraphSession, headers: Readonly<Record<string, string>>): void {
  const usage = graphUsage(headers);
  if (!usage || usage.percent < THROTTLE_AT) return;
  throttle(
    session,
    `${NAMES[session.platform]} usage of credential #${session.lease.id} "${session.lease.label}" at ${usage.percent} % (${usage.what}), stopped at ${THROTTLE_AT} % before Meta throttles`,
    usage.regainMinutes > 0 ? usage.regainMinutes : DEFAULT_REGAIN_MINUTES,
  );
}

/** The `after` cursor of a page that has a next one; null on the last page. */
export function nextCursor(json: JsonObject): string | null {
  if (str(path(json, 'paging', 'next')) === null) return null;
  return str(path(json, 'paging', 'cursors', 'after'));
}
