// What an alert says outside the dashboard: the webhook's JSON and the e-mail text, each with
// the figure, its baseline and threshold, and links to the mentions behind it.
import type { Alert } from './alert-types.js';

export interface AlertLinks {
  /** The topic page in the dashboard. */
  topic: string;
  /** Each mention behind the alert, in the dashboard. */
  mentions: string[];
}

export function alertLinks(alert: Alert, publicUrl: string): AlertLinks {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    topic: `${base}/#/topics/${alert.topicId}`,
    mentions: alert.mentionIds.map((id) => `${base}/#/mentions/${id}/thread`),
  };
}

export function webhookPayload(alert: Alert, publicUrl: string): string {
  return JSON.stringify({
    type: 'alert',
    alert: {
      id: alert.id,
      ruleId: alert.ruleId,
      topicId: alert.topicId,
      firedAt: alert.firedAt,
      title: alert.title,
      ...alert.detail,
      mentionIds: alert.mentionIds,
      links: alertLinks(alert, publicUrl),
    },
  });
}

function figureLine(alert: Alert): string {
  const d = alert.detail;
  const parts = [`value ${d.value}`];
  if (d.baseline !== null) parts.push(`baseline ${d.baseline}`);
  if (d.threshold !== null) parts.push(`threshold ${d.threshold}`);
  return `${parts.join(', ')} (${d.from} to ${d.to}); ${d.method}`;
}

/** Plain-text block of one alert, used alone or in a digest. */
export function alertText(alert: Alert, publicUrl: string): string {
  const links = alertLinks(alert, publicUrl);
  return [
    alert.title,
    figureLine(alert),
    `Topic: ${links.topic}`,
    'Mentions:',
    ...links.mentions.map((url) => `  ${url}`),
  ].join('\n');
}

export function digestText(alerts: Alert[], publicUrl: string): string {
  return alerts.map((a) => alertText(a, publicUrl)).join('\n\n');
}
