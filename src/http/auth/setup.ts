// Builds what sign-in and the access layer share, for one HTTP app over one store.

import { identityStoreFor } from '../../store/identity-store-for.js';
import { resourceLookupFor } from '../../store/resource-lookup-for.js';
import { createRevocationSignal, type ResourceLookup } from './access.js';
import { createOidcSignIn, type OidcOptions } from './oidc.js';
import type { AuthServices } from './services.js';
import { createSignInGuard, type SignInLimits } from './sign-in-guard.js';

export interface AuthOptions {
  oidc?: OidcOptions | null;
  signInLimits?: Partial<SignInLimits>;
  /** How often an open event stream re-checks its credentials; default the heartbeat. */
  streamRecheckMs?: number;
}

export function createAuthServices(
  store: object,
  options: AuthOptions = {},
): AuthServices & { lookup: ResourceLookup } {
  const identity = identityStoreFor(store);
  return {
    identity,
    lookup: resourceLookupFor(store),
    revocations: createRevocationSignal(),
    signIn: createSignInGuard(options.signInLimits),
    oidc: options.oidc ? createOidcSignIn(options.oidc, identity) : null,
  };
}
