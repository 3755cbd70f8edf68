// The overview's empty message sits above the first-run guide, so it points there and at the
// "New topic" form, not at another page.
import { describe, expect, it } from 'vitest';
import { analystText } from '../analyst/analyst-messages.js';
import { createLocale, LANGS } from './locale.js';

describe('the overview without topics', () => {
  it('points at the guide below and the form above, in each language', () => {
    for (const lang of LANGS) {
      const text = createLocale(lang, 'UTC').t('noTopics');
      expect(text, lang).toContain(`“${analystText(lang)('newTopic')}”`);
      expect(text, lang).not.toMatch(/Search page|trang Tìm kiếm/);
    }
  });
});
