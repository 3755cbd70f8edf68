import { describe, expect, it } from 'vitest';
import { SOURCE_KINDS } from '../../../src/connectors/source-kinds.js';
import { createLocale } from '../i18n/locale.js';
import { sourceKindName } from './source-kind-names.js';

describe('source kind names', () => {
  const vi = createLocale('vi', 'UTC');
  const en = createLocale('en', 'UTC');

  it('names every kind of the registry in both languages, never as its raw id', () => {
    for (const kind of SOURCE_KINDS) {
      for (const locale of [vi, en]) {
        const name = sourceKindName(kind, locale.t);
        expect(name.trim(), `${locale.lang} ${kind}`).not.toBe('');
        expect(name, `${locale.lang} ${kind}`).not.toBe(kind);
      }
    }
  });

  it('translates the web kinds and keeps brand names alike in both languages', () => {
    expect(sourceKindName('feed', vi.t)).not.toBe(sourceKindName('feed', en.t));
    expect(sourceKindName('sitemap', vi.t)).not.toBe(sourceKindName('sitemap', en.t));
    expect(sourceKindName('youtube', vi.t)).toBe(sourceKindName('youtube', en.t));
  });

  it('shows a kind it does not know as the server sent it', () => {
    expect(sourceKindName('threads', en.t)).toBe('threads');
  });
});
