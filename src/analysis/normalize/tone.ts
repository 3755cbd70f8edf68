// One tone-mark placement for every syllable. nghe uses the traditional ("old style") rule that
// most Vietnamese newsrooms and dictionaries follow: hòa, hòe, thúy (not hoà, hoè, thuý).
// Input from the web mixes both styles, so words are compared only after this step.

const TONE_MARKS = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'] as const;
const BASE_VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'] as const;
/** Vowels that carry a shape mark; when present, the tone sits on (the last of) them. */
const SHAPED = new Set(['ă', 'â', 'ê', 'ô', 'ơ', 'ư']);
const FINAL_CONSONANT_LETTERS = new Set(['c', 'g', 'h', 'm', 'n', 'p', 't']);

interface VowelInfo {
  base: string;
  tone: number;
  upper: boolean;
}

const VOWELS = new Map<string, VowelInfo>();
/** `${base}${tone}${upper ? 'U' : ''}` -> composed character. */
const COMPOSE = new Map<string, string>();

for (const base of BASE_VOWELS) {
  for (let tone = 0; tone < TONE_MARKS.length; tone++) {
    const lower = (base + TONE_MARKS[tone]).normalize('NFC');
    const upper = lower.toUpperCase();
    VOWELS.set(lower, { base, tone, upper: false });
    VOWELS.set(upper, { base, tone, upper: true });
    COMPOSE.set(`${base}${tone}`, lower);
    COMPOSE.set(`${base}${tone}U`, upper);
  }
}

function compose(base: string, tone: number, upper: boolean): string {
  return COMPOSE.get(`${base}${tone}${upper ? 'U' : ''}`) ?? base;
}

/** True when the character is a Vietnamese vowel letter, with or without marks, any case. */
export function isVietnameseVowel(ch: string): boolean {
  return VOWELS.has(ch);
}

/** The tone (0 none, 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng) carried by a vowel character. */
export function toneOf(ch: string): number {
  return VOWELS.get(ch)?.tone ?? 0;
}

/**
 * Move the tone mark of one NFC syllable to its canonical vowel. Anything that does not look
 * like a Vietnamese syllable (two vowel groups, odd final letters, two tone marks) is returned
 * unchanged, so English words and names pass through.
 */
export function placeTone(syllable: string): string {
  const chars = Array.from(syllable);
  let first = -1;
  let last = -1;
  let tone = 0;
  let tonePos = -1;
  for (let i = 0; i < chars.length; i++) {
    const info = VOWELS.get(chars[i]!);
    if (info === undefined) continue;
    if (first === -1) first = i;
    else if (last !== i - 1) return syllable; // a second vowel group: not one syllable
    last = i;
    if (info.tone !== 0) {
      if (tonePos !== -1) return syllable;
      tone = info.tone;
      tonePos = i;
    }
  }
  if (tonePos === -1 || first === last) return syllable;
  for (let i = last + 1; i < chars.length; i++) {
    if (!FINAL_CONSONANT_LETTERS.has(chars[i]!.toLowerCase())) return syllable;
  }

  // "qu" and "gi" (before another vowel) are onsets: their u / i never take the tone.
  let start = first;
  const onset = first > 0 ? chars[first - 1]!.toLowerCase() : '';
  const firstBase = VOWELS.get(chars[first]!)!.base;
  if ((onset === 'q' && firstBase === 'u') || (onset === 'g' && firstBase === 'i')) start++;

  let target = -1;
  for (let i = start; i <= last; i++) {
    if (SHAPED.has(VOWELS.get(chars[i]!)!.base)) target = i;
  }
  if (target === -1) {
    const size = last - start + 1;
    if (last < chars.length - 1)
      target = last; // closed syllable: hoàn, toán, huỳnh
    else if (size >= 3)
      target = start + 1; // hoài, ngoáy, khuỷu
    else target = start; // open two-vowel nucleus, old style: hòa, thúy, múa
  }
  if (target === tonePos) return syllable;

  const from = VOWELS.get(chars[tonePos]!)!;
  chars[tonePos] = compose(from.base, 0, from.upper);
  const to = VOWELS.get(chars[target]!)!;
  chars[target] = compose(to.base, tone, to.upper);
  return chars.join('');
}
