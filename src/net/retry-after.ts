// Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3).

/** Seconds to wait from `now`, or null when the header is absent or unparsable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // An HTTP-date always names a day and month; bare numbers like "-5" are not dates.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
