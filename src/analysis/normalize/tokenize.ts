// Tokenizer for news and social text: one compiled regular expression, first match wins, so the
// order of the alternatives below is the priority (URL before e-mail before phone before word...).

import { type WordRunDictionary, type WordRunIds, WordValues } from '../../text/word-ids.js';
import { type EmoFeature, emojiLexicon, emoticonLexicon, teencodeLexicon } from './lexicons.js';
import { normalizeWord } from './normalize-text.js';
import { mayExpandTeencode, type TextRegister } from './register.js';

export type TokenKind =
  | 'word'
  | 'number'
  | 'url'
  | 'mention'
  | 'hashtag'
  | 'email'
  | 'phone'
  | 'emoji'
  | 'emoticon'
  | 'punct';

export interface Token {
  /** The token as written (NFC). */
  text: string;
  kind: TokenKind;
  /**
   * Canonical form: words normalised and, where the register allows, teencode-expanded (may
   * hold spaces: "mn" -> "mọi người"); emoji and emoticons an EmoFeature; phones digits only with a leading 0; others
   * lower-cased text.
   */
  norm: string;
}

const URL_SRC =
  String.raw`(?:https?:\/\/|www\.)[^\s<>"'\u0060]+` +
  String.raw`|(?<![\p{L}\p{N}@.])(?:[a-zA-Z0-9-]+\.)+(?:[Cc]om|[Nn]et|[Oo]rg|[Vv][Nn]|[Ii]o|[Ii]nfo|[Gg]ov|[Ee]du)(?:\.[Vv][Nn])?(?![\p{L}\p{N}])(?:\/[^\s<>"']*)?`;
const EMAIL_SRC = String.raw`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`;
const PHONE_SRC =
  String.raw`(?<![\p{N}+])(?:(?:\+84|0084|\(\+84\))[ .-]?(?:\(0\))?|0)(?:[ .-]?\d){8,10}(?![\p{N}])` +
  String.raw`|\(0\d{2,3}\)[ .-]?\d{3,4}[ .-]?\d{3,4}(?![\p{N}])` +
  String.raw`|(?<![\p{N}])1[89]00(?:[ .-]?\d){4,6}(?![\p{N}])`;
/** Dotted abbreviations of single letters: "v.v.", "U.S.", "T.Ư.". */
const DOTTED_SRC = String.raw`(?<![\p{L}\p{N}])(?:\p{L}\.){2,}(?![\p{L}\p{N}])`;
const WORD_SRC = String.raw`\p{L}[\p{L}\p{M}\p{N}]*(?:['’\-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*`;
const NUMBER_SRC = String.raw`\p{N}+(?:[.,:\/]\p{N}+)*(?:%|[\p{L}\p{M}\p{N}]+)?`;
const MENTION_SRC = String.raw`@[\p{L}\p{N}_](?:[\p{L}\p{M}\p{N}_.]*[\p{L}\p{M}\p{N}_])?`;
const HASHTAG_SRC = String.raw`#[\p{L}\p{M}\p{N}_]+`;
const EMOJI_PART = String.raw`\p{Extended_Pictographic}(?:\uFE0F|\p{EMod})*`;
const EMOJI_SRC = String.raw`\p{RI}\p{RI}|[0-9#*]\uFE0F?\u20E3|${EMOJI_PART}(?:\u200D${EMOJI_PART})*`;
const PUNCT_SRC = String.raw`(?<p>[^\s\p{L}\p{N}])\k<p>*`;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const ALNUM = /[\p{L}\p{N}]/u;

/** Emoticon patterns, longest first; the last character may repeat (":)))" , "<333"). */
function emoticonSources(): { lettered: string; symbolic: string } {
  const lettered = new Set<string>();
  const symbolic = new Set<string>();
  for (const e of emoticonLexicon().keys()) {
    const chars = Array.from(e);
    const lastChar = chars.pop()!;
    let src = `${chars.map(escapeRe).join('')}${escapeRe(lastChar)}+`;
    if (ALNUM.test(lastChar)) src += String.raw`(?![\p{L}\p{N}])`;
    if (ALNUM.test(chars[0] ?? '')) lettered.add(String.raw`(?<![\p{L}\p{N}])${src}`);
    else symbolic.add(src);
  }
  const byLength = (a: string, b: string): number => b.length - a.length;
  return {
    lettered: [...lettered].sort(byLength).join('|'),
    symbolic: [...symbolic].sort(byLength).join('|'),
  };
}

// Group numbers, in alternation order.
const KINDS: TokenKind[] = [
  'url',
  'email',
  'phone',
  'emoticon',
  'emoji',
  'word',
  'word',
  'number',
  'mention',
  'hashtag',
  'emoticon',
];

/** Capture group of DOTTED_SRC (1-based, as KINDS is listed). */
const DOTTED_GROUP = 6;

let tokenRe: RegExp | undefined;
/** Lettered emoticons made of letters only ("xD"): a plain letter run that is not a word. */
let letterEmoticonRe: RegExp | undefined;

function compiledTokenRe(): RegExp {
  if (tokenRe === undefined) {
    const emo = emoticonSources();
    const letterOnly = [...emoticonLexicon().keys()].filter((e) => /^\p{L}+$/u.test(e));
    letterEmoticonRe =
      letterOnly.length > 0
        ? new RegExp(`^(?:${letterOnly.map((e) => `${escapeRe(e)}+`).join('|')})$`, 'u')
        : /(?!)/;
    const parts = [
      URL_SRC,
      EMAIL_SRC,
      PHONE_SRC,
      emo.lettered || '(?!)',
      EMOJI_SRC,
      DOTTED_SRC,
      WORD_SRC,
      NUMBER_SRC,
      MENTION_SRC,
      HASHTAG_SRC,
      emo.symbolic || '(?!)',
    ];
    // Inner groups are non-capturing except the punctuation back-reference, placed last.
    tokenRe = new RegExp(`${parts.map((p) => `(${p})`).join('|')}|${PUNCT_SRC}`, 'gu');
  }
  return tokenRe;
}

const URL_TRAILING = /[.,;:!?)\]}'"’”»…]+$/u;
const HAS_LETTER = /\p{L}/u;
const NUMBER_WITH_UNIT = /^[\p{N}.,:/]+\p{L}{1,3}$/u;
const EMOJI_STRIP = /[\uFE0F\u{1F3FB}-\u{1F3FF}]/gu;

function emoticonFeature(text: string): EmoFeature {
  const lex = emoticonLexicon();
  const exact = lex.get(text);
  if (exact !== undefined) return exact;
  // Collapse a repeated last character to two, then to one: ":))))" -> ":))" -> ":)".
  const last = text.slice(-1);
  let stem = text;
  while (stem.endsWith(last.repeat(3))) stem = stem.slice(0, -1);
  const two = lex.get(stem);
  if (two !== undefined) return two;
  while (stem.endsWith(last + last)) stem = stem.slice(0, -1);
  return lex.get(stem) ?? 'EMO_NEU';
}

function emojiFeature(text: string): EmoFeature {
  const lex = emojiLexicon();
  const bare = text.replace(EMOJI_STRIP, '');
  const hit = lex.get(bare);
  if (hit !== undefined) return hit;
  // ZWJ sequences (family, "face exhaling") fall back to their first pictograph.
  const first = bare.split('\u200D')[0] ?? bare;
  return lex.get(first) ?? lex.get(Array.from(first)[0] ?? '') ?? 'EMO_NEU';
}

function phoneNorm(text: string): string {
  const digits = text.replace(/\D/g, '');
  if (/^\(?\+84/.test(text)) return `0${digits.slice(2).replace(/^0/, '')}`;
  if (text.startsWith('0084')) return `0${digits.slice(4).replace(/^0/, '')}`;
  return digits;
}

const WORD_NORM_CACHE_LIMIT = 200_000;
/**
 * Word as written -> wordNorm, one cache per register (news, social, unknown); social text
 * repeats a few thousand spellings.
 */
const wordNormCaches = [
  new Map<string, string>(),
  new Map<string, string>(),
  new Map<string, string>(),
];

function registerIndex(register: TextRegister | undefined): number {
  return register === 'news' ? 0 : register === 'social' ? 1 : 2;
}

/**
 * Normalised form of one word token, teencode expanded where the register allows it for the
 * word as written (see mayExpandTeencode). No register: the conservative default.
 */
export function wordNorm(text: string, register?: TextRegister): string {
  const cache = wordNormCaches[registerIndex(register)]!;
  let norm = cache.get(text);
  if (norm === undefined) {
    const canonical = normalizeWord(text.toLowerCase());
    const expanded = mayExpandTeencode(text, register)
      ? teencodeLexicon().get(canonical)
      : undefined;
    norm = expanded ?? canonical;
    if (cache.size >= WORD_NORM_CACHE_LIMIT) cache.clear();
    cache.set(text, norm);
  }
  return norm;
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || (c >= 0x2000 && c <= 0x200a);
}

/** Letters of the Latin blocks Vietnamese and most European text use (all \p{L}). */
function isLatinLetter(c: number): boolean {
  return (
    ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ||
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
    (c >= 0x1e00 && c <= 0x1eff)
  );
}

/**
 * Characters that may stand right before or after a plain word without joining a longer token:
 * whitespace and , ! ? ( ) ; ". Not '.', ':', '@', '-', '_', '/' and the like, which can make a
 * URL, e-mail, emoticon, dotted abbreviation or hyphenated word.
 */
function isWordEdge(c: number): boolean {
  return (
    isSpace(c) ||
    c === 0x2c ||
    c === 0x21 ||
    c === 0x3f ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0x3b ||
    c === 0x22
  );
}

/**
 * End of a run of Latin letters starting at `start` with a word edge on both sides, or -1.
 * Such a run can only be one word token (or a letter emoticon, checked by the caller): every
 * earlier alternative of the token pattern needs a digit, '.', '@', ':' or a symbol. Most words
 * of social text take this path and skip the full pattern.
 */
function plainWordEnd(input: string, start: number): number {
  if (start > 0 && !isWordEdge(input.charCodeAt(start - 1))) return -1;
  let i = start;
  while (i < input.length && isLatinLetter(input.charCodeAt(i))) i++;
  if (i === start || (i < input.length && !isWordEdge(input.charCodeAt(i)))) return -1;
  return i;
}

/** The word runs of the text being tokenised, as the caller made them (text/word-ids.ts). */
export interface TokenizeRuns {
  dictionary: WordRunDictionary;
  runs: WordRunIds;
}

/**
 * Per word-run id and register: the word token a run of Latin letters alone is, when standing
 * between word edges (see plainWordEnd); null for any other run (digits, marks, other scripts,
 * a letter emoticon). Tokens are shared between texts and never changed.
 */
const runTokens = [0, 1, 2].map(
  (r) =>
    new WordValues<Token | null>((word) => {
      for (let i = 0; i < word.length; i++) if (!isLatinLetter(word.charCodeAt(i))) return null;
      compiledTokenRe();
      if (letterEmoticonRe!.test(word)) return null;
      const register = r === 0 ? 'news' : r === 1 ? 'social' : undefined;
      return { text: word, kind: 'word', norm: wordNorm(word, register) };
    }),
);

/**
 * Split text into typed tokens. Whitespace separates tokens and is dropped. `register` says
 * where the text was written, which decides teencode expansion (see mayExpandTeencode).
 * `runs`: the text's word runs, already made; plain words are then read from their ids.
 */
export function tokenize(text: string, register?: TextRegister, runs?: TokenizeRuns): Token[] {
  const re = compiledTokenRe();
  const known = runs !== undefined && runs.runs.plain ? runs.runs : undefined;
  const input = known !== undefined ? text : text.normalize('NFC');
  const tokens: Token[] = [];
  const cache = known !== undefined ? runTokens[registerIndex(register)]! : undefined;
  let run = 0;
  let pos = 0;
  for (;;) {
    while (pos < input.length && isSpace(input.charCodeAt(pos))) pos++;
    if (pos >= input.length) break;
    if (known !== undefined) {
      // The run at `pos`, if one starts there: a plain word when it is all Latin letters
      // with word edges on both sides, which is what plainWordEnd asks.
      while (run < known.length && known.ends[run]! <= pos) run++;
      if (run < known.length && known.starts[run] === pos) {
        const end = known.ends[run]!;
        const token = cache!.of(runs!.dictionary, known.ids[run]!);
        if (
          token !== null &&
          (pos === 0 || isWordEdge(input.charCodeAt(pos - 1))) &&
          (end === input.length || isWordEdge(input.charCodeAt(end)))
        ) {
          tokens.push(token);
          pos = end;
          continue;
        }
      }
    } else {
      const end = plainWordEnd(input, pos);
      if (end !== -1) {
        const word = input.slice(pos, end);
        if (!letterEmoticonRe!.test(word)) {
          tokens.push({ text: word, kind: 'word', norm: wordNorm(word, register) });
          pos = end;
          continue;
        }
      }
    }
    re.lastIndex = pos;
    const m = re.exec(input);
    if (m === null) break;
    pos = re.lastIndex;
    let group = 1;
    while (group <= KINDS.length && m[group] === undefined) group++;
    const kind: TokenKind = KINDS[group - 1] ?? 'punct';
    let tokenText = m[0];
    switch (kind) {
      case 'word':
        tokens.push({
          text: tokenText,
          kind,
          norm: group === DOTTED_GROUP ? tokenText.toLowerCase() : wordNorm(tokenText, register),
        });
        break;
      case 'number':
        // Amounts with a short unit stay numbers ("500k", "1.500.000đ", "9h", "20%"); digits
        // glued to a longer word are words ("3ngày").
        if (HAS_LETTER.test(tokenText) && !NUMBER_WITH_UNIT.test(tokenText)) {
          tokens.push({ text: tokenText, kind: 'word', norm: wordNorm(tokenText, register) });
        } else tokens.push({ text: tokenText, kind, norm: tokenText.toLowerCase() });
        break;
      case 'url': {
        const trailing = URL_TRAILING.exec(tokenText);
        if (trailing !== null) {
          tokenText = tokenText.slice(0, trailing.index);
          pos = m.index + tokenText.length;
        }
        tokens.push({ text: tokenText, kind, norm: tokenText.toLowerCase() });
        break;
      }
      case 'phone':
        tokens.push({ text: tokenText, kind, norm: phoneNorm(tokenText) });
        break;
      case 'emoji':
        tokens.push({ text: tokenText, kind, norm: emojiFeature(tokenText) });
        break;
      case 'emoticon':
        tokens.push({ text: tokenText, kind, norm: emoticonFeature(tokenText) });
        break;
      case 'hashtag':
        tokens.push({
          text: tokenText,
          kind,
          norm: `#${normalizeWord(tokenText.slice(1).toLowerCase())}`,
        });
        break;
      default:
        tokens.push({ text: tokenText, kind, norm: tokenText.toLowerCase() });
    }
  }
  return tokens;
}
