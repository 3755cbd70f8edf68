// The address of a Zalo Official Account (zalo.me/<oa-id>, oa.zalo.me/home?oaid=…) read as the
// OA to receive; personal accounts are addressed by phone number and are never followed.
import type { RecognisedUrl } from '../connector.js';
import type { CredentialSpec } from '../credentials.js';

const OA_ID = /^\d{10,20}$/;

export function recogniseZaloUrl(url: URL): RecognisedUrl | null {
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter(Boolean);
  let oaId: string | null = null;
  if ((host === 'zalo.me' || host === 'www.zalo.me') && parts.length === 1) oaId = parts[0]!;
  if (host === 'oa.zalo.me') oaId = url.searchParams.get('oaid') ?? url.searchParams.get('id');
  // Ten-digit ids starting with 0 are Vietnamese phone numbers: a person, not an OA.
  if (!oaId || !OA_ID.test(oaId) || oaId.startsWith('0')) return null;
  return { follow: 'oa', settings: { oaId }, url: `https://zalo.me/${oaId}` };
}

/**
 * The Zalo app connected to the OA: its id and the OA secret key that signs webhook deliveries
 * (Zalo for Developers > the app > Webhook), and optionally an OA access token to read the OA's
 * articles.
 */
export const zaloCredential: CredentialSpec = {
  fields: [
    { name: 'appId', description: 'the id of the Zalo app connected to the OA', secret: false },
    {
      name: 'oaSecretKey',
      description: 'the OA secret key that signs webhook deliveries (the app’s Webhook page)',
      secret: true,
    },
    {
      name: 'accessToken',
      description: 'an OA access token, to read the OA’s articles (optional)',
      secret: true,
      default: '',
    },
    {
      name: 'refreshToken',
      description: 'the OA refresh token, so nghe renews the access token every day (optional)',
      secret: true,
      default: '',
    },
    {
      name: 'appSecretKey',
      description: 'the Zalo app’s secret key, needed with the refresh token (optional)',
      secret: true,
      default: '',
    },
  ],
  help: 'developers.zalo.me > your app > Webhook (OA secret key) and Official Account > API Explorer (OA access token)',
};
