// The credential fields and call budget every Graph API token has, Facebook's and Instagram's.
import type { CredentialField, QuotaBucket } from '../credentials.js';

/** With the app secret, lets nghe read the token's expiry and renew it before it ends. */
export const GRAPH_APP_ID_FIELD: CredentialField = {
  name: 'appId',
  description: 'the app id, so nghe can renew a long-lived token before it expires (optional)',
  secret: false,
  default: '',
};

/** Signs each call with `appsecret_proof` when the app requires it. */
export const GRAPH_APP_SECRET_FIELD: CredentialField = {
  name: 'appSecret',
  description:
    'the app secret: signs calls with appsecret_proof and, with the app id, renews the token (optional)',
  secret: true,
  default: '',
};

export const GRAPH_CALL_BUDGET_FIELD: CredentialField = {
  name: 'dailyCallBudget',
  description: 'Graph API calls this credential may make per rolling 24 hours; default 4800',
  secret: false,
  default: '',
};

/** Business Use Case limits: 4,800 calls per rolling 24 hours, unless the budget field says less. */
export const GRAPH_CALLS_QUOTA: QuotaBucket = {
  limit: 4800,
  window: { kind: 'rolling', seconds: 86_400 },
  limitField: 'dailyCallBudget',
};
