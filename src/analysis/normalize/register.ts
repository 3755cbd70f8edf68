// Where a text was written decides whether teencode is expanded: edited news keeps its single
// capital letters ("công ty K", "& V") and abbreviations as written, while social comments use
// "ko", "dc", "j" for không, được, gì.

/** 'news': edited publications (feeds, article pages); 'social': comments and posts. */
export type TextRegister = 'news' | 'social';

/**
 * Register of a mention's platform: 'web' (news feeds, sitemaps, article pages) is news, every
 * social platform social; imported or unknown text gives undefined (the conservative default).
 */
export function registerOfPlatform(platform: string | null | undefined): TextRegister | undefined {
  if (platform === undefined || platform === null || platform === '' || platform === 'import') {
    return undefined;
  }
  return platform === 'web' ? 'news' : 'social';
}

/**
 * Abbreviations of place names ("TP", "TPHCM", "HN", "VN"): edited news writes them too,
 * in capitals, and expanding them never changes what a sentence says.
 */
const PLACE_ABBREVIATIONS = new Set(['tp', 'tphcm', 'hcm', 'hcmc', 'sg', 'hn', 'vn', 'đn']);

const NO_CAPITAL = /^[^\p{Lu}]+$/u;
const CAPITALISED = /^\p{Lu}[^\p{Lu}]+$/u;

/**
 * True when a word as written may be expanded as teencode in this register. Place
 * abbreviations: always. Otherwise news: never.
 * Social: lower case, or capitalised at two letters or more ("Ko", "Dc" opening a sentence).
 * Unknown: lower case only. A lone capital ("K", "V") or an all-capital word is a name, an
 * initial or an acronym in every register.
 */
export function mayExpandTeencode(written: string, register: TextRegister | undefined): boolean {
  if (PLACE_ABBREVIATIONS.has(written.toLowerCase())) return true;
  if (register === 'news') return false;
  if (NO_CAPITAL.test(written)) return true;
  return register === 'social' && CAPITALISED.test(written);
}
