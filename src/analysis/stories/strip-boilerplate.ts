// What outlets add around a text they publish or reprint: bylines, datelines, "Theo …" credits,
// photo captions, links and footers. Removed before fingerprinting so that a reprint with another
// outlet's wrapping still reads as the same text.

/** "(Ảnh: …)", "(Video: …)", "(Nguồn: …)", "(TTXVN)", "(Dân trí) -" and the like. */
const CREDIT_IN_PARENS =
  /[([]\s*(?:ảnh|anh|photo|video|clip|nguồn|nguon|đồ họa|do hoa|infographic|ttxvn|vna|dân trí|dan tri|pv|ctv)\b[^)\]]{0,80}[)\]]/giu;
const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
const EMAIL = /\b[\w.+-]+@[\w-]+\.[\w.]+\b/gu;
const WWW = /www\./iu;
const BRACKET = /[([]/;

/** A short dateline before a dash at the start of a paragraph: "TTO - ", "HÀ NỘI – ", "VTV.vn - ". */
const LEADING_DATELINE = /^\s*(?:\(?[\p{Lu}\p{N}.\s]{2,24}\)?|\S{2,14}\.vn)\s*[-–—]\s+/u;

/** A line that is only a credit: "Theo VnExpress", "Nguồn: Tuổi Trẻ", "Bài và ảnh: …". */
const CREDIT_LINE =
  /^\s*(?:theo|nguồn|nguon|bài và ảnh|bai va anh|bài, ảnh|ảnh|anh|video|thực hiện|thuc hien|nhóm pv|nhom pv|pv|ctv)\b[^.!?]{0,80}$/iu;

/** A trailing "Theo X." sentence of at most a few words, as a reprint credits its source. */
const TRAILING_CREDIT =
  /(?:^|[.!?…]\s+|\n)\s*(?:theo|nguồn|nguon)\s*:?\s+[^.!?\n]{1,40}[.!?]?\s*$/iu;

/** From a footer line on, nothing is the article: "Xem thêm:", "Đọc thêm", "Bản quyền …". */
const FOOTER_START =
  /^\s*(?:xem thêm|xem them|đọc thêm|doc them|tin liên quan|tin lien quan|bài liên quan|mời (?:quý )?(?:độc giả|bạn đọc)|tải ứng dụng|tai ung dung|bản quyền|ban quyen|©|copyright|chia sẻ|chia se|tags?:|từ khóa|tu khoa)/iu;

const SENTENCE_END = /[.!?…:"”')\]]\s*$/u;

const NAME_WORD = /^(?:\p{Lu}[\p{L}.]*|[-–—,&]|và)$/u;

/**
 * A byline is a short line of capitalised names with no sentence ending, at the start or end
 * of a text: "Minh Anh - Hoàng Nam", "NGỌC LINH". A short headline has lower-case words, so it
 * stays.
 */
function isBylineLike(line: string, maxWords: number): boolean {
  const words = line.split(/\s+/u).filter((w) => w !== '');
  return (
    words.length > 0 &&
    words.length <= maxWords &&
    !SENTENCE_END.test(line) &&
    words.every((w) => NAME_WORD.test(w))
  );
}

/** The text with outlet wrapping removed; words of the article itself are kept as they were. */
export function stripBoilerplate(text: string): string {
  // Each pattern is tried only on a text holding what it cannot match without ("://" or
  // "www.", "@", a bracket): most short posts hold none, and the scan costs more than the test.
  let clean = text.normalize('NFC');
  if (clean.includes('://') || WWW.test(clean)) clean = clean.replace(URL, ' ');
  if (clean.includes('@')) clean = clean.replace(EMAIL, ' ');
  if (BRACKET.test(clean)) clean = clean.replace(CREDIT_IN_PARENS, ' ');
  let lines = clean
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l !== '');

  const footer = lines.findIndex((l, i) => i > 0 && FOOTER_START.test(l));
  if (footer > 0) lines = lines.slice(0, footer);
  lines = lines.filter((l) => !CREDIT_LINE.test(l));
  if (lines.length > 1) {
    while (lines.length > 1 && isBylineLike(lines[lines.length - 1]!, 6)) lines.pop();
    while (lines.length > 1 && isBylineLike(lines[0]!, 5)) lines.shift();
  }
  let out = lines.map((l) => l.replace(LEADING_DATELINE, '')).join('\n');
  out = out.replace(TRAILING_CREDIT, (m) => (/^[.!?…]/u.test(m) ? m[0]! : ''));
  return out.trim();
}
