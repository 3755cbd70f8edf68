// One spelling per article: the same story reached through a feed, a share link and the mobile
// site must dedupe to one URL. Only rewrites that cannot change what the server returns are
// made, plus two product rules: tracking parameters go, and mobile hosts map to the main host.

/** Exact query keys (lower-cased) that only identify a click or campaign, never content. */
const TRACKING_KEYS = new Set([
  // Ad and social click identifiers
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'igsh',
  'epik',
  // Mail campaign tags (Mailchimp, HubSpot, Marketo, Vero)
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  '__hstc',
  '__hssc',
  '__hsfp',
  'mkt_tok',
  'vero_id',
  'vero_conv',
  // Analytics cross-domain linkers
  '_ga',
  '_gl',
  // Share-source tags: X/Twitter, Zalo (common on Vietnamese share links)
  'ref_src',
  'ref_url',
  'zarsrc',
  'gidzl',
  // Campaign ids
  'cmpid',
  'oly_anon_id',
  'oly_enc_id',
  'rb_clickid',
]);

/** Key prefixes for families of tracking keys. */
const TRACKING_PREFIXES = ['utm_'];

/** Host prefixes of mobile editions that serve the same articles as the main host. */
const MOBILE_HOST_PREFIXES = ['m.', 'mobile.'];

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Percent-escapes upper-cased, and escapes of unreserved characters decoded (RFC 3986 §6.2.2):
 * both are equivalent spellings of the same URI.
 */
function normalizePercentEncoding(text: string): string {
  return text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

export function isTrackingParameter(key: string): boolean {
  const lower = key.toLowerCase();
  return TRACKING_KEYS.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
}

function canonicalHost(hostname: string): string {
  let host = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  for (const prefix of MOBILE_HOST_PREFIXES) {
    const rest = host.slice(prefix.length);
    // Keep "m.com"-like hosts: the remainder must still be a registrable-looking name.
    if (host.startsWith(prefix) && rest.includes('.') && !/^[\d.]+$/.test(host)) {
      host = rest;
      break;
    }
  }
  return host;
}

/** Query pairs kept raw (so `+` and escapes keep their meaning), minus tracking, sorted by key. */
function canonicalQuery(search: string): string {
  if (search.length <= 1) return '';
  const pairs = search
    .slice(1)
    .split('&')
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq >= 0 ? pair.slice(0, eq) : pair;
      return { key: decodeKey(rawKey), text: normalizePercentEncoding(pair) };
    })
    .filter((pair) => !isTrackingParameter(pair.key));
  // Stable sort by key: repeated keys keep their relative order, which can carry meaning.
  pairs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return pairs.length ? `?${pairs.map((p) => p.text).join('&')}` : '';
}

/**
 * The canonical form of an http(s) URL, resolved against `base` when relative; null when it
 * cannot be parsed or is not http(s). Lower-cases scheme and host (IDN as punycode), drops
 * credentials, default ports, fragments and tracking parameters, sorts the remaining query
 * parameters, normalises percent-encoding, and maps mobile hosts (m., mobile.) to the main host.
 */
export function canonicalizeUrl(url: string, base?: string): string | null {
  let parsed: URL;
  try {
    parsed = base === undefined ? new URL(url.trim()) : new URL(url.trim(), base);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!parsed.hostname) return null;
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  parsed.hostname = canonicalHost(parsed.hostname);
  const query = canonicalQuery(parsed.search);
  parsed.search = '';
  const path = normalizePercentEncoding(parsed.pathname);
  return `${parsed.protocol}//${parsed.host}${path}${query}`;
}
