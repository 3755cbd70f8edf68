// Webhook bodies are signed with HMAC-SHA256 over the exact bytes sent, so a receiver holding
// the rule's secret can tell the body came from this installation and was not altered.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Nghe-Signature';

/** `sha256=<hex>` of the body under the secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Constant-time check of a received signature header. */
export function verifySignature(body: string, secret: string, header: string | null): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}
