import { describe, expect, it } from 'vitest';
import { createLocale } from '../i18n/locale.js';
import type { Notification } from './alerts-api.js';
import { notificationText } from './notification-text.js';

const base: Notification = {
  id: 1,
  ruleId: 1,
  topicId: 1,
  firedAt: '2026-03-02T03:00:00.000Z',
  title: '',
  mentionIds: [],
  readAt: null,
  detail: {
    metric: 'volume',
    from: '2026-03-02T03:00:00.000Z',
    to: '2026-03-02T04:00:00.000Z',
    value: 30,
    baseline: 2,
    threshold: 6.949747,
    method: '',
  },
};

describe('notificationText', () => {
  it('states the figure, baseline and threshold in the page language', () => {
    expect(notificationText(base, createLocale('en', 'UTC'))).toBe(
      'Volume spike: 30 mentions in an hour (baseline 2, threshold 6.9)',
    );
    expect(notificationText(base, createLocale('vi', 'UTC'))).toBe(
      'Tăng đột biến số đề cập: 30 trong một giờ (mức nền 2, ngưỡng 6,9)',
    );
  });

  it('shows shares as percentages', () => {
    const negative: Notification = {
      ...base,
      detail: {
        ...base.detail,
        metric: 'negative_share',
        value: 0.6,
        baseline: 0.2,
        threshold: 0.25,
      },
    };
    expect(notificationText(negative, createLocale('en', 'UTC'))).toMatch(
      /^Negative share spike: 60% \(baseline 20%, threshold 25%/,
    );
  });

  it('states a story’s distinct authors, mentions, copies and threshold', () => {
    const story: Notification = {
      ...base,
      detail: {
        ...base.detail,
        metric: 'story_size',
        value: 12,
        baseline: null,
        threshold: 10,
        storyId: 7,
        mentions: 1500,
        copies: 1490,
      },
    };
    expect(notificationText(story, createLocale('en', 'UTC'))).toBe(
      'New story: 12 distinct authors (1,500 mentions, 1,490 copies; threshold 10 authors)',
    );
    expect(notificationText(story, createLocale('vi', 'UTC'))).toBe(
      'Câu chuyện mới: 12 tác giả khác nhau (1.500 đề cập, 1.490 bản sao; ngưỡng 10 tác giả)',
    );
  });
});
