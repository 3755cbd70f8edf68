// Vietnamese outlets often sign an article in its last paragraph rather than in a byline element:
// the author's name alone, bold, right-aligned (`<p style="text-align:right"><strong>Võ Hải</strong></p>`).
// Readability does not look there, so this reads it, as a last-resort guess.

/** A name: at most six words, no digits, no sentence punctuation. */
const NAME = /^[\p{L}][\p{L}\p{M}.'’ -]{1,60}$/u;
const MAX_WORDS = 6;

/** The author's name from the last right-aligned, all-bold paragraph, or null. Read-only. */
export function signedByline(document: Document): string | null {
  const paragraphs = Array.from(document.querySelectorAll('p, div')).filter(isRightAligned);
  for (let i = paragraphs.length - 1; i >= 0; i--) {
    const paragraph = paragraphs[i]!;
    const text = (paragraph.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const bold = Array.from(paragraph.querySelectorAll('strong, b'))
      .map((element) => element.textContent ?? '')
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (bold !== text || !NAME.test(text) || text.split(' ').length > MAX_WORDS) return null;
    return text.normalize('NFC');
  }
  return null;
}

function isRightAligned(element: Element): boolean {
  const style = (element.getAttribute('style') ?? '').toLowerCase().replace(/\s+/g, '');
  return (
    style.includes('text-align:right') || element.getAttribute('align')?.toLowerCase() === 'right'
  );
}
