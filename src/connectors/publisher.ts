// Whose words a source carries. A feed or an article page is written by people unless it is an
// outlet's or a page's own (a newspaper's feed, an organisation's news page): only then are its
// bylines public by nature and kept by name. Sources say so with the `publisher` setting.
import type { AuthorKind, RawAuthor, Source } from '../model.js';

export const PUBLISHERS = ['outlet', 'page'] as const;
export type Publisher = (typeof PUBLISHERS)[number];

export function isPublisher(value: unknown): value is Publisher {
  return (PUBLISHERS as readonly unknown[]).includes(value);
}

/** The kind of the authors a source publishes: its `publisher` setting, else `fallback`. */
export function bylineKind(
  source: Pick<Source, 'settings'>,
  fallback: AuthorKind = 'person',
): AuthorKind {
  const publisher = source.settings.publisher;
  return isPublisher(publisher) ? publisher : fallback;
}

/** A byline as an author of that kind: a person keeps only the byline as an id, no name. */
export function bylineAuthor(byline: string | null, kind: AuthorKind): RawAuthor | null {
  if (!byline) return null;
  return { nativeId: byline, name: kind === 'person' ? null : byline, kind };
}
