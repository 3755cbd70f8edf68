// Who may do what. A role grants capabilities; an API token carries scopes, and what a token may
// do is what its owner's role grants AND its scopes allow, so a token never outgrows its owner.

export const ROLES = ['admin', 'lead', 'analyst', 'viewer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/**
 * - read: the topics of one's unit (and those shared with it), their figures and mentions
 * - search: ad-hoc search and figures over every stored mention, without naming a topic
 * - write: create and edit topics and alert rules of one's unit
 * - manage: sources, credentials, units, users and every topic (administrators)
 * - audit: the usage log (auditors, administrators)
 */
export const CAPABILITIES = ['read', 'search', 'write', 'manage', 'audit'] as const;
export type Capability = (typeof CAPABILITIES)[number];

const ROLE_CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  admin: CAPABILITIES,
  lead: ['read', 'search', 'write'],
  analyst: ['read', 'search', 'write'],
  viewer: ['read'],
  auditor: ['audit'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value);
}

export function roleCapabilities(role: Role): readonly Capability[] {
  return ROLE_CAPABILITIES[role];
}

/** What a token may do: its owner's capabilities narrowed to its scopes ('*' = all of them). */
export function tokenCapabilities(role: Role, scopes: readonly string[]): Capability[] {
  const granted = roleCapabilities(role);
  if (scopes.includes('*')) return [...granted];
  return granted.filter((capability) => scopes.includes(capability));
}

/** Scopes as typed (`read,search`): each a capability, or `*`; a clear error otherwise. */
export function parseScopes(text: string): string[] {
  const scopes = [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
  if (scopes.length === 0) throw new Error('scopes: give at least one');
  for (const scope of scopes) {
    if (scope !== '*' && !isCapability(scope)) {
      throw new Error(`scopes: unknown scope ${scope} (one of ${CAPABILITIES.join(', ')} or *)`);
    }
  }
  return scopes;
}
