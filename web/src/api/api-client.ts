// The dashboard's only way to the server: the public HTTP API with a bearer token.
import type {
  ApiError,
  CountRow,
  CredentialSummary,
  EngagementSeries,
  ImportResult,
  MentionPage,
  NewSourceBody,
  NewTopicBody,
  PlatformInfo,
  QueryCheck,
  RecognisedSource,
  SentimentShare,
  Source,
  Spike,
  Thread,
  Topic,
  TopicSummary,
  TrendingTerm,
} from '../../../src/http/api-types.js';
import type { EstimatedSeriesPoint } from '../../../src/store/listening-store.js';
import { apiErrorText, readerLang } from '../i18n/error-text.js';
import type { SessionCredential } from './session.js';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail: ApiError['error'] | null,
  ) {
    super(message);
  }
}

/** Query-string filter shared by analytics and the mentions list. */
export interface FilterParams {
  topic?: number;
  from?: string;
  to?: string;
  platform?: string;
  lang?: string;
  sentiment?: string;
  source?: string;
}

type Params = Record<string, string | number | undefined>;

export function queryString(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface ApiClient {
  request<T>(method: string, path: string, body?: BodyInit, contentType?: string): Promise<T>;
  /** A raw authorised request, for streams. */
  open(path: string, signal: AbortSignal): Promise<Response>;
  topics(): Promise<TopicSummary[]>;
  topic(id: number): Promise<Topic>;
  createTopic(body: NewTopicBody): Promise<Topic>;
  mentions(params: Params): Promise<MentionPage>;
  checkQuery(query: string): Promise<QueryCheck>;
  series(filter: FilterParams, interval: string, tz: string): Promise<EstimatedSeriesPoint[]>;
  sentiment(filter: FilterParams): Promise<SentimentShare>;
  breakdown(filter: FilterParams, by: string, limit?: number): Promise<CountRow[]>;
  trending(filter: FilterParams, limit?: number): Promise<TrendingTerm[]>;
  spikes(filter: FilterParams, interval: string): Promise<Spike[]>;
  sources(): Promise<Source[]>;
  addSource(body: NewSourceBody): Promise<Source>;
  importSources(text: string, contentType: string): Promise<ImportResult>;
  recogniseSource(url: string, kind?: string): Promise<RecognisedSource>;
  credentials(): Promise<CredentialSummary[]>;
  platforms(): Promise<PlatformInfo[]>;
  thread(mentionId: number): Promise<Thread>;
  engagement(mentionId: number): Promise<EngagementSeries>;
}

/**
 * `onUnauthorized` runs on any 401 so the app can return to sign-in. A token is only ever
 * sent in the Authorization header; a signed-in session rides on its cookie and sends its
 * CSRF token with every request that changes something.
 */
export function createApiClient(
  credential: string | SessionCredential,
  onUnauthorized: () => void,
): ApiClient {
  async function send(method: string, path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (typeof credential === 'string') headers.set('Authorization', `Bearer ${credential}`);
    else if (method !== 'GET') headers.set('X-CSRF-Token', credential.csrf);
    const response = await fetch(path, {
      ...init,
      method,
      headers,
      cache: 'no-store',
      credentials: 'same-origin',
    });
    if (response.status === 401) onUnauthorized();
    return response;
  }

  async function request<T>(
    method: string,
    path: string,
    body?: BodyInit,
    contentType?: string,
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (contentType) headers['Content-Type'] = contentType;
    const response = await send(method, path, { body, headers });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const detail = (parsed as ApiError | null)?.error ?? null;
      throw new ApiRequestError(
        response.status,
        // In the reader's language, from the refusal's code and parameters.
        detail ? apiErrorText(readerLang(), detail) : `HTTP ${response.status}`,
        detail,
      );
    }
    return parsed as T;
  }

  const get = <T>(path: string, params: Params = {}) =>
    request<T>('GET', `${path}${queryString(params)}`);
  const post = <T>(path: string, body: unknown) =>
    request<T>('POST', path, JSON.stringify(body), 'application/json');

  return {
    request,
    open: (path, signal) =>
      send('GET', path, { signal, headers: { Accept: 'text/event-stream' } }).then((response) => {
        if (!response.ok)
          throw new ApiRequestError(response.status, `HTTP ${response.status}`, null);
        return response;
      }),
    topics: () => get<{ topics: TopicSummary[] }>('/api/topics').then((r) => r.topics),
    topic: (id) => get<Topic>(`/api/topics/${id}`),
    createTopic: (body) => post<Topic>('/api/topics', body),
    mentions: (params) => get<MentionPage>('/api/mentions', params),
    checkQuery: (query) => post<QueryCheck>('/api/query/check', { query }),
    series: (filter, interval, tz) =>
      get<{ points: EstimatedSeriesPoint[] }>('/api/analytics/series', {
        ...filter,
        interval,
        tz,
      }).then((r) => r.points),
    sentiment: (filter) => get<SentimentShare>('/api/analytics/sentiment', { ...filter }),
    breakdown: (filter, by, limit) =>
      get<{ rows: CountRow[] }>('/api/analytics/breakdown', { ...filter, by, limit }).then(
        (r) => r.rows,
      ),
    trending: (filter, limit) =>
      get<{ terms: TrendingTerm[] }>('/api/analytics/trending', { ...filter, limit }).then(
        (r) => r.terms,
      ),
    spikes: (filter, interval) =>
      get<{ spikes: Spike[] }>('/api/analytics/spikes', { ...filter, interval }).then(
        (r) => r.spikes,
      ),
    sources: () => get<{ sources: Source[] }>('/api/sources').then((r) => r.sources),
    addSource: (body) => post<Source>('/api/sources', body),
    importSources: (text, contentType) =>
      request<ImportResult>('POST', '/api/sources/import', text, contentType),
    recogniseSource: (url, kind) =>
      get<RecognisedSource>('/api/platforms/recognise', { url, kind }),
    credentials: () =>
      get<{ credentials: CredentialSummary[] }>('/api/credentials').then((r) => r.credentials),
    platforms: () => get<{ platforms: PlatformInfo[] }>('/api/platforms').then((r) => r.platforms),
    thread: (mentionId) => get<Thread>(`/api/mentions/${mentionId}/thread`),
    engagement: (mentionId) => get<EngagementSeries>(`/api/mentions/${mentionId}/engagement`),
  };
}

/** Whether the server accepts `token`, asked of a cheap authorised route. */
export async function tokenAccepted(token: string): Promise<boolean> {
  try {
    await createApiClient(token, () => {}).request('GET', '/api/health');
    return true;
  } catch {
    return false;
  }
}
