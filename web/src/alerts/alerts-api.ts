// The alert routes of the API, as the dashboard calls them.
import type { AlertDetail, AlertKind, SpikeSettings } from '../../../src/alerts/alert-types.js';
import type { ApiClient } from '../api/api-client.js';

export interface Notification {
  id: number;
  ruleId: number;
  topicId: number;
  firedAt: string;
  title: string;
  detail: AlertDetail;
  mentionIds: number[];
  readAt: string | null;
}

export interface RuleView {
  id: number;
  topicId: number;
  kind: AlertKind;
  query: string | null;
  settings: SpikeSettings;
  emails: string[];
  emailDigest: boolean;
  digestMinutes: number;
  webhookUrl: string | null;
  webhookSecretSet: boolean;
  quietStart: string | null;
  quietEnd: string | null;
  timeZone: string;
  dailyCap: number;
  enabled: boolean;
}

export type NewRule = Partial<Omit<RuleView, 'id' | 'topicId' | 'webhookSecretSet'>> & {
  kind: AlertKind;
};

const json = (body: unknown) => JSON.stringify(body);
const JSON_TYPE = 'application/json';

export function notifications(api: ApiClient) {
  return api.request<{ alerts: Notification[]; unread: number }>('GET', '/api/alerts?limit=30');
}

export function markRead(api: ApiClient, ids?: number[]) {
  return api.request<{ changed: number; unread: number }>(
    'POST',
    '/api/alerts/read',
    json(ids ? { ids } : {}),
    JSON_TYPE,
  );
}

export function rulesOf(api: ApiClient, topicId: number) {
  return api.request<{ rules: RuleView[] }>('GET', `/api/topics/${topicId}/alert-rules`);
}

export function createRule(api: ApiClient, topicId: number, rule: NewRule) {
  return api.request<RuleView & { webhookSecret: string | null }>(
    'POST',
    `/api/topics/${topicId}/alert-rules`,
    json(rule),
    JSON_TYPE,
  );
}

export function updateRule(api: ApiClient, id: number, update: Partial<NewRule>) {
  return api.request<RuleView>('PATCH', `/api/alert-rules/${id}`, json(update), JSON_TYPE);
}

export function deleteRule(api: ApiClient, id: number) {
  return api.request<null>('DELETE', `/api/alert-rules/${id}`);
}
