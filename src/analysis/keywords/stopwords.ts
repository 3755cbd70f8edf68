// Stopword sets for keyword extraction, loaded once from resources/lexicons/.

import { readResource } from '../../package-root.js';
import { normalizeText } from '../normalize/normalize-text.js';

function loadList(path: string): Set<string> {
  const set = new Set<string>();
  for (const line of readResource(path).split('\n')) {
    const entry = normalizeText(line.replace(/\r$/, ''));
    if (entry !== '' && !entry.startsWith('#')) set.add(entry);
  }
  return set;
}

let vi: Set<string> | undefined;
let en: Set<string> | undefined;

/** Vietnamese stopwords (stopwords-iso list + number words), syllables separated by spaces. */
export function vietnameseStopwords(): Set<string> {
  vi ??= new Set([
    ...loadList('resources/lexicons/stopwords-vi.txt'),
    ...loadList('resources/lexicons/stopwords-vi-extra.txt'),
  ]);
  return vi;
}

export function englishStopwords(): Set<string> {
  en ??= loadList('resources/lexicons/stopwords-en.txt');
  return en;
}
