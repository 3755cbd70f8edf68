// Urdu and Arabic share the Arabic script, so the script alone says Arabic. Urdu writes letters
// Arabic lacks (ٹ ڈ ڑ for retroflex sounds, ں for nasal vowels, ے ۓ, and ہ ھ for h and
// aspiration) and spells its yeh and kaf with the forms ی ک where Arabic writes ي ك ة ى; its
// most frequent words (ہے، کے، میں، اور …) and Arabic's (في، من، على …) settle short texts.

const URDU_LETTERS = /[\u0679\u0688\u0691\u06BA\u06BE\u06C1\u06D2\u06D3]/g;
/** ي ك ة ى: forms Arabic writes and Urdu does not. */
const ARABIC_LETTERS = /[\u064A\u0643\u0629\u0649]/g;

const URDU_WORDS = new Set(
  'ہے ہیں کے کی کا میں اور سے کو نہیں یہ وہ پر بھی تھا تھی تھے ہو گا گی گے کہ جو کر رہا رہی ہوں آپ ہم'.split(
    ' ',
  ),
);
const ARABIC_WORDS = new Set(
  'في من على إلى عن مع هذا هذه التي الذي أن إن كان لا ما هو هي قد كل بعد ذلك'.split(' '),
);

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/** True when a text in Arabic script reads as Urdu rather than Arabic. */
export function readsAsUrdu(text: string): boolean {
  let urdu = count(text, URDU_LETTERS);
  let arabic = count(text, ARABIC_LETTERS);
  for (const word of text.split(/[\s\p{P}]+/u)) {
    if (URDU_WORDS.has(word)) urdu += 2;
    else if (ARABIC_WORDS.has(word)) arabic += 2;
  }
  return urdu > arabic;
}
