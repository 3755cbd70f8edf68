import { describe, expect, it } from 'vitest';
import type { Source } from '../../../src/http/api-types.js';
import { emptySourceHealth } from '../../../src/model.js';
import { createLocale } from '../i18n/locale.js';
import { describeFollow, sourceFollows, sourceStatus } from './source-health.js';

const vi = createLocale('vi', 'Asia/Ho_Chi_Minh');
const en = createLocale('en', 'UTC');

function source(overrides: Partial<Source> = {}, health: Partial<Source['health']> = {}): Source {
  return {
    id: 1,
    kind: 'youtube',
    url: 'https://www.youtube.com/@vtv24',
    title: null,
    enabled: true,
    settings: { follow: 'channel', handle: 'vtv24' },
    schedule: { intervalSeconds: 900, nextFetchAt: '2026-01-01T00:00:00.000Z' },
    validators: { etag: null, lastModified: null },
    cursor: null,
    health: { ...emptySourceHealth(), lastAttemptAt: '2026-01-01T00:00:00.000Z', ...health },
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('source health in plain words', () => {
  it('says what a source follows', () => {
    expect(sourceFollows(source(), en)).toBe('channel @vtv24');
    expect(sourceFollows(source(), vi)).toBe('kênh @vtv24');
    expect(sourceFollows(source({ kind: 'feed', settings: {} }), en)).toBe('RSS/Atom feed');
    expect(describeFollow('telegram', 'channel', { channel: 'tuoitre' }, en)).toBe(
      'channel tuoitre',
    );
  });

  it('tells a spent quota from a missing or refused credential', () => {
    const until = '2026-01-02T08:00:00.000Z';
    const quota = sourceStatus(
      source({}, { paused: { reason: 'youtube credential #1 has 0 of 10000 units left', until } }),
      en,
    );
    expect(quota).toMatchObject({ className: 'status-wait', label: 'Paused' });
    expect(quota.reason).toContain(en.dateTime(until));
    expect(quota.detail).toContain('10000 units');
    const missing = sourceStatus(
      source({}, { paused: { reason: 'no youtube credential', until: null } }),
      vi,
    );
    expect(missing.reason).toContain('nghe credentials add youtube');
    const refused = sourceStatus(
      source(
        {},
        {
          consecutiveFailures: 2,
          lastError: 'every youtube credential was refused',
          credential: {
            id: 1,
            label: 'k',
            status: 'invalid',
            remaining: null,
            limit: null,
            resetAt: null,
            lastError: 'API key not valid',
          },
        },
      ),
      en,
    );
    expect(refused).toMatchObject({
      className: 'status-bad',
      detail: 'every youtube credential was refused',
    });
    expect(refused.reason).toMatch(/refused the credential/);
    expect(sourceStatus(source({ enabled: false }), en).className).toBe('status-off');
    expect(sourceStatus(source({}, { lastAttemptAt: null }), en).label).toBe(en.t('notFetched'));
    expect(sourceStatus(source(), en)).toMatchObject({ className: 'status-ok', reason: null });
  });
});
