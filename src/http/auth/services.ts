// What the sign-in, user, unit and token routes share with the access layer.
import type { IdentityStore, OwnedToken, User } from '../../identity/identity-store.js';
import { roleCapabilities } from '../../identity/roles.js';
import type { Unit } from '../../identity/units.js';
import type { RevocationSignal } from './access.js';
import type { OidcSignIn } from './oidc.js';
import type { SignInGuard } from './sign-in-guard.js';

export interface AuthServices {
  identity: IdentityStore;
  revocations: RevocationSignal;
  signIn: SignInGuard;
  /** Null when no OpenID Connect provider is configured. */
  oidc: OidcSignIn | null;
}

/** A user as the API shows them: never a password hash. */
export function publicUser(user: User) {
  return {
    id: user.id,
    unitId: user.unitId,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    role: user.role,
    capabilities: [...roleCapabilities(user.role)],
    oidcLinked: user.oidcSubject !== null,
    disabledAt: user.disabledAt,
    lockedUntil: user.lockedUntil,
    builtin: user.builtin,
    createdAt: user.createdAt,
  };
}

export function publicToken(token: OwnedToken) {
  return { ...token };
}

export function publicUnit(unit: Unit) {
  return { ...unit };
}
