// The routes behind the analyst's tools, as the dashboard calls them.
import type { Mention, Source, Topic, TopicUpdateBody } from '../../../src/http/api-types.js';
import type { ProtectedComparison as PeriodComparison } from '../../../src/http/protected-comparison.js';
import type { PublicVoice } from '../../../src/store/public-voices.js';
import { type ApiClient, type FilterParams, queryString } from '../api/api-client.js';

const JSON_TYPE = 'application/json';
const json = (body: unknown) => JSON.stringify(body);

export interface TopicPreview {
  total: number;
  exact: boolean;
  mentions: Mention[];
}

export interface TopicScope {
  query: string;
  langs?: string[] | null;
  platforms?: string[] | null;
}

export type { PeriodComparison, PublicVoice };

export function analystApi(api: ApiClient) {
  return {
    previewTopic: (scope: TopicScope, limit = 5) =>
      api.request<TopicPreview>(
        'POST',
        '/api/topics/preview',
        json({ ...withoutNulls(scope), limit }),
        JSON_TYPE,
      ),
    updateTopic: (id: number, body: TopicUpdateBody) =>
      api.request<Topic>('PATCH', `/api/topics/${id}`, json(body), JSON_TYPE),
    deleteTopic: (id: number) => api.request<void>('DELETE', `/api/topics/${id}`),
    compare: (filter: FilterParams & { from: string; to: string }, limit = 8) =>
      api.request<PeriodComparison>(
        'GET',
        `/api/analytics/compare${queryString({ ...filter, limit })}`,
      ),
    voices: (filter: FilterParams, limit = 10) =>
      api
        .request<{ voices: PublicVoice[] }>(
          'GET',
          `/api/analytics/voices${queryString({ ...filter, limit })}`,
        )
        .then((r) => r.voices),
    mentionCount: (params: Record<string, string | number | undefined>) =>
      api.request<{ total: number; exact: boolean }>(
        'GET',
        `/api/mentions/count${queryString(params)}`,
      ),
    setSourceEnabled: (id: number, enabled: boolean) =>
      api.request<Source>('PATCH', `/api/sources/${id}`, json({ enabled }), JSON_TYPE),
    retrySource: (id: number) => api.request<Source>('POST', `/api/sources/${id}/retry`),
    removeSource: (id: number) => api.request<void>('DELETE', `/api/sources/${id}`),
    /** Fetches an export with the token and hands it to the browser as a download. */
    async download(path: string, params: Record<string, string | number | undefined>) {
      const response = await api.open(
        `${path}${queryString(params)}`,
        new AbortController().signal,
      );
      const blob = await response.blob();
      const name =
        /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ??
        'nghe-export';
      saveBlob(blob, name);
    },
    logImage: (chart: string, filter: FilterParams) =>
      api.request<void>(
        'POST',
        '/api/exports/image',
        json({
          chart,
          format: 'png',
          ...(filter.topic === undefined ? {} : { topic: filter.topic }),
          ...(filter.from === undefined ? {} : { from: filter.from }),
          ...(filter.to === undefined ? {} : { to: filter.to }),
        }),
        JSON_TYPE,
      ),
  };
}

export type AnalystApi = ReturnType<typeof analystApi>;

function withoutNulls(scope: TopicScope): Record<string, unknown> {
  return Object.fromEntries(Object.entries(scope).filter(([, value]) => value != null));
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
