// Who is asking: a user with their unit and role, signed in with a session cookie or by one of
// their API tokens, and what they may do and see in this request.
import type { IdentityStore, OwnedToken, User } from '../../identity/identity-store.js';
import { type Capability, roleCapabilities, tokenCapabilities } from '../../identity/roles.js';
import type { Unit } from '../../identity/units.js';

export interface Principal {
  user: User;
  unit: Unit;
  via: 'session' | 'token';
  token: OwnedToken | null;
  capabilities: ReadonlySet<Capability>;
  /** Topics the principal's unit owns or was shared; null: every topic (they manage). */
  visibleTopics: ReadonlySet<number> | null;
  /** As the audit log shows them. */
  actor: string;
  can(capability: Capability): boolean;
  seesTopic(topicId: number): boolean;
}

export async function buildPrincipal(
  identity: IdentityStore,
  user: User,
  token: OwnedToken | null,
): Promise<Principal | null> {
  const unit = await identity.getUnit(user.unitId);
  if (!unit) return null;
  const capabilities = new Set(
    token ? tokenCapabilities(user.role, token.scopes) : roleCapabilities(user.role),
  );
  const visibleTopics = capabilities.has('manage')
    ? null
    : new Set(await identity.topicIdsVisibleTo(user.unitId));
  return {
    user,
    unit,
    via: token ? 'token' : 'session',
    token,
    capabilities,
    visibleTopics,
    // The installation's own tokens (from before users existed) keep their name in the log.
    actor: token ? (user.builtin ? token.name : `${user.username}/${token.name}`) : user.username,
    can: (capability) => capabilities.has(capability),
    seesTopic: (topicId) => visibleTopics === null || visibleTopics.has(topicId),
  };
}

/** Whether a user may act at all now: not disabled, not the built-in account signing in. */
export function userActive(user: User): boolean {
  return user.disabledAt === null;
}
