// Assertions parser tests share: finding a mention by id, and proving that no person's name or
// handle leaves the parser anywhere but as `author.name`.
import { expect } from 'vitest';
import type { CollectedMention } from '../../model.js';

export function mentionById(mentions: CollectedMention[], id: string): CollectedMention {
  const found = mentions.find((m) => m.externalId === id);
  if (!found) throw new Error(`no mention ${id}`);
  return found;
}

/** The mentions as JSON with author names blanked, and their raw records as JSON. */
export interface PersonTraceViews {
  visible: string;
  raws: string;
}

/**
 * Asserts that none of `persons` appears in the mentions (author names blanked) nor in their raw
 * records; returns what it searched, for further checks. `ignoreCase` compares lower-cased.
 */
export function expectNoPersonOutsideAuthorName(
  mentions: CollectedMention[],
  persons: readonly string[],
  { ignoreCase = false }: { ignoreCase?: boolean } = {},
): PersonTraceViews {
  const fold = (value: string) => (ignoreCase ? value.toLowerCase() : value);
  const visible = fold(
    JSON.stringify(
      mentions.map((m) => ({ ...m, author: m.author ? { ...m.author, name: null } : null })),
    ),
  );
  const raws = fold(JSON.stringify(mentions.map((m) => m.raw)));
  for (const person of persons) {
    expect(visible).not.toContain(fold(person));
    expect(raws).not.toContain(fold(person));
  }
  return { visible, raws };
}
