// Accent folding for Vietnamese search: "Thành phố Đà Nẵng" -> "thanh pho da nang".
// `đ`/`Đ` is a letter of its own in Unicode, not d + a combining mark, so NFD alone leaves it.

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lower-case and strip every diacritic, including the bar of đ. */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC');
}

/** Lower-case, keep diacritics, Unicode NFC: the form exact-diacritics search compares. */
export function lowerNfc(text: string): string {
  return text.normalize('NFC').toLowerCase();
}
