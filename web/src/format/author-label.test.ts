import { describe, expect, it } from 'vitest';
import type { Mention } from '../../../src/http/api-types.js';
import { createLocale } from '../i18n/locale.js';
import { authorLabel, hasThread } from './author-label.js';

describe('author labels', () => {
  const vi = createLocale('vi', 'UTC');
  const en = createLocale('en', 'UTC');

  it('never shows a person by name or key, and names pages, channels and outlets', () => {
    const person = { key: 'k-7f3a', displayName: 'Should Not Show', kind: 'person' as const };
    expect(authorLabel(person, vi.t)).toBe('một người');
    expect(authorLabel(person, en.t)).toBe('a person');
    expect(authorLabel({ key: 'k', displayName: 'VTV24', kind: 'channel' }, en.t)).toBe(
      'VTV24 (channel)',
    );
    expect(authorLabel({ key: 'k', displayName: null, kind: 'page' }, vi.t)).toBe('trang');
    expect(authorLabel(null, en.t)).toBeNull();
  });

  it('offers a conversation for social mentions and threaded imports only', () => {
    const base = { platform: 'web', parentId: null, threadRootId: null } as Mention;
    expect(hasThread(base)).toBe(false);
    expect(hasThread({ ...base, platform: 'youtube' })).toBe(true);
    expect(hasThread({ ...base, platform: 'import' })).toBe(false);
    expect(hasThread({ ...base, platform: 'import', parentId: 4 })).toBe(true);
  });
});
