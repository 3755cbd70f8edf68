// Who wrote a mention, as the dashboard may say it: a person is only ever "a person" (never a
// pseudonym or a name); pages, channels and outlets are public by nature and named.
import type { Mention } from '../../../src/http/api-types.js';
import type { MessageKey } from '../i18n/vi.js';

type Author = NonNullable<Mention['author']>;

const KIND_KEYS: Record<Exclude<Author['kind'], 'person'>, MessageKey> = {
  page: 'authorPage',
  channel: 'authorChannel',
  outlet: 'authorOutlet',
};

export function authorLabel(
  author: Mention['author'],
  t: (key: MessageKey, values?: Record<string, string | number>) => string,
): string | null {
  if (!author) return null;
  if (author.kind === 'person') return t('aPerson');
  const kind = t(KIND_KEYS[author.kind]);
  return author.displayName ? `${author.displayName} (${kind})` : kind;
}

/** Mentions of social platforms, and imported ones that are part of a conversation. */
export function hasThread(mention: Mention): boolean {
  if (mention.platform === 'web') return false;
  if (mention.platform === 'import')
    return mention.parentId !== null || mention.threadRootId !== null;
  return true;
}
