// One notification in words: the figure that fired it, with its baseline and threshold.
import type { Locale } from '../i18n/locale.js';
import { alertText } from './alert-messages.js';
import type { Notification } from './alerts-api.js';

export function notificationText(n: Notification, locale: Locale): string {
  const d = n.detail;
  const fmt = (value: number | null, share: boolean) =>
    value === null
      ? '–'
      : share
        ? locale.percent(value)
        : locale.number(Math.round(value * 10) / 10);
  if (d.metric === 'match') return alertText(locale.lang, 'metricMatch', { value: d.value });
  if (d.metric === 'story_size') {
    return alertText(locale.lang, 'metricStory', {
      value: locale.number(d.value),
      mentions: locale.number(d.mentions ?? d.value),
      copies: locale.number(d.copies ?? 0),
      threshold: fmt(d.threshold, false),
    });
  }
  const share = d.metric === 'negative_share';
  return alertText(locale.lang, share ? 'metricNegative' : 'metricVolume', {
    value: fmt(d.value, share),
    baseline: fmt(d.baseline, share),
    threshold: fmt(d.threshold, share),
  });
}
