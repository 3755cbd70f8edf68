// A Zalo OA webhook delivery as it arrives: signed with `X-ZEvent-Signature: mac=<hex>`, where
// the hex is SHA-256 of the app id, the body exactly as sent, the body's `timestamp` and the OA
// secret key, concatenated (Zalo for Developers, "Webhook" overview). The body must be checked
// as received, before any JSON parsing re-serialises it.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isObject, str } from '../social/json-fields.js';

export interface ZaloSigning {
  appId: string;
  oaSecretKey: string;
}

/** The mac Zalo sends for `body`, as lower-case hex. */
export function zaloMac(body: string, timestamp: string, signing: ZaloSigning): string {
  return createHash('sha256')
    .update(`${signing.appId}${body}${timestamp}${signing.oaSecretKey}`, 'utf8')
    .digest('hex');
}

/** The delivery's `timestamp` field (milliseconds, as text), or null when it has none. */
export function zaloTimestamp(body: string): string | null {
  try {
    const json = JSON.parse(body) as unknown;
    return isObject(json) ? str(json.timestamp) : null;
  } catch {
    return null;
  }
}

/** Whether the header is the mac of `body` under `signing`; compared in constant time. */
export function verifyZaloSignature(
  body: string,
  header: string | undefined,
  signing: ZaloSigning,
): boolean {
  const given =
    header
      ?.trim()
      .replace(/^mac\s*=\s*/i, '')
      .toLowerCase() ?? '';
  const timestamp = zaloTimestamp(body);
  if (!/^[0-9a-f]{64}$/.test(given) || timestamp === null || signing.oaSecretKey === '') {
    return false;
  }
  const expected = Buffer.from(zaloMac(body, timestamp, signing), 'hex');
  return timingSafeEqual(Buffer.from(given, 'hex'), expected);
}
