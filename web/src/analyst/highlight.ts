// The words of a query found in a text, for marking them: accent-insensitive as search is
// (`duong` marks `đường`), prefixes (`ngập*`) mark whole words, excluded words (`-x`, NOT x)
// and field filters (`lang:vi`) mark nothing.

export interface HighlightTerm {
  /** Folded text: lower case, without diacritics, spaces collapsed. */
  folded: string;
  prefix: boolean;
}

const OPERATORS = new Set(['and', 'or', 'not']);

/** Lower case without diacritics, one character for one character. */
export function foldChar(char: string): string {
  if (char === 'đ' || char === 'Đ') return 'd';
  const base = char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return base.length === 1 ? base : char.toLowerCase();
}

function fold(text: string): string {
  return [...text].map(foldChar).join('').replace(/\s+/g, ' ').trim();
}

export function highlightTerms(query: string): HighlightTerm[] {
  const terms: HighlightTerm[] = [];
  const pattern = /(-|\bNOT\s+)?=?(?:(\w+):)?(?:"([^"]*)"(?:~\d+)?|([^\s()"]+))/giu;
  for (const match of query.matchAll(pattern)) {
    const [, negated, field, phrase, word] = match;
    if (negated || (field && !/^(title|text)$/i.test(field))) continue;
    const raw = phrase ?? word ?? '';
    if (/^NEAR\/\d+$/i.test(raw) || OPERATORS.has(raw.toLowerCase())) continue;
    const prefix = phrase === undefined && raw.endsWith('*');
    const folded = fold(prefix ? raw.slice(0, -1) : raw);
    if (folded) terms.push({ folded, prefix });
  }
  return terms;
}

const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/** Sorted, non-overlapping [start, end) ranges of `text` where a term occurs as whole words. */
export function highlightRanges(text: string, terms: HighlightTerm[]): [number, number][] {
  if (terms.length === 0) return [];
  const chars = [...text];
  // Folded text with each folded character's original index; runs of space fold to one.
  let folded = '';
  const origin: number[] = [];
  let offset = 0;
  for (const char of chars) {
    const f = /\s/.test(char) ? ' ' : foldChar(char);
    if (!(f === ' ' && folded.endsWith(' '))) {
      folded += f;
      origin.push(offset);
    }
    offset += char.length;
  }
  origin.push(offset);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    let at = folded.indexOf(term.folded);
    while (at !== -1) {
      let end = at + term.folded.length;
      if (term.prefix) while (isWordChar(folded[end])) end++;
      if (!isWordChar(folded[at - 1]) && !isWordChar(folded[end])) {
        ranges.push([origin[at] as number, origin[end] as number]);
      }
      at = folded.indexOf(term.folded, at + 1);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}
