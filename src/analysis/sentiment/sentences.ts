// Splits Vietnamese (and English) prose into sentences for sentence-level sentiment. A full
// stop ends a sentence only when space and a capital, digit or opening quote follow, so
// "TP.HCM", "Q.1", "1.000" and "21.11.2022" never split; abbreviations written with a space
// after their dot ("TP. HCM", "PGS. TS. Lê", "Q. 1") and single initials ("Nguyễn V. An")
// do not either. Line breaks and the " | " outlets put between bulletin headlines always split.

/** Lower-cased abbreviations that take a full stop and are followed by a name or number. */
const ABBREVIATIONS = new Set([
  'tp',
  'tx',
  'tt',
  'q',
  'p',
  'h',
  'x',
  'ts',
  'ths',
  'pgs',
  'gs',
  'bs',
  'ks',
  'ls',
  'nsnd',
  'nsưt',
  'ct',
  'cty',
  'đ/c',
  'nxb',
  'st',
  'mr',
  'mrs',
  'ms',
  'dr',
  'no',
  'vs',
  'tr',
  'sđd',
]);

const TERMINATORS = new Set(['.', '!', '?', '…']);
/** Closing marks that stay with the sentence they close: `…tốt hơn".` */
const CLOSERS = /["'”’»)\]]/u;
/** What may open a new sentence after a terminator and a space. */
const OPENER = /["'“‘«([\p{Lu}\p{N}]/u;

/** The word (letters, digits, `/`) that ends just before `end` in `text`. */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && /[\p{L}\p{M}\p{N}/]/u.test(text[start - 1]!)) start--;
  return text.slice(start, end);
}

function endsSentence(text: string, dot: number): boolean {
  if (text[dot] !== '.') return true;
  // "..." is an ellipsis; handled like "…" by the caller's run of terminators.
  if (dot > 0 && text[dot - 1] === '.') return true;
  const word = wordBefore(text, dot);
  if (word === '') return true;
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  // A single capital letter is an initial ("V. An"), not a sentence's last word.
  return !/^\p{Lu}$/u.test(word);
}

/** Sentences of `text`, trimmed, in order; empty pieces dropped. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const push = (piece: string) => {
    const trimmed = piece.trim();
    if (trimmed !== '') out.push(trimmed);
  };
  for (const block of text.split(/\r?\n|\s\|\s/u)) {
    let start = 0;
    let i = 0;
    while (i < block.length) {
      if (!TERMINATORS.has(block[i]!)) {
        i++;
        continue;
      }
      let end = i;
      while (end < block.length && TERMINATORS.has(block[end]!)) end++;
      while (end < block.length && CLOSERS.test(block[end]!)) end++;
      const lastTerminator =
        end - 1 - (block.slice(i, end).match(/["'”’»)\]]+$/u)?.[0].length ?? 0);
      let next = end;
      while (next < block.length && /\s/u.test(block[next]!)) next++;
      const spaced = next > end;
      const atEnd = next >= block.length;
      if ((atEnd || (spaced && OPENER.test(block[next]!))) && endsSentence(block, lastTerminator)) {
        push(block.slice(start, end));
        start = next;
      }
      i = end;
    }
    push(block.slice(start));
  }
  return out;
}
