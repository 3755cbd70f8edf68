// The second line of defence for persons' names in stored raw payloads. Connectors remove a
// person's name, handle and profile links from `raw` themselves; this drops whatever field
// still equals the person's name or native id (or points at their profile) before the store
// sees it, so a connector that forgets leaves nothing to find.
import type { RawAuthor } from '../model.js';

/** The forms a name or handle is written in: case, composition and a leading @ or u/ aside. */
function identityForm(value: string): string {
  return value
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/^(?:@|\/?u\/|\/?user\/)/, '');
}

/** Identities of a person author, as compared; empty for anyone else. */
export function personIdentities(author: RawAuthor | null): Set<string> {
  if (author?.kind !== 'person') return new Set();
  const forms = [author.nativeId, author.name]
    .filter((value): value is string => typeof value === 'string')
    .map(identityForm)
    .filter((form) => form.length > 0);
  return new Set(forms);
}

/** True when `value` names the person or links to a profile page of theirs. */
function namesPerson(value: string, identities: ReadonlySet<string>): boolean {
  if (identities.has(identityForm(value))) return true;
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const segments = new URL(value).pathname.split('/').map((s) => decodeURIComponent(s));
    return segments.some((segment) => segment !== '' && identities.has(identityForm(segment)));
  } catch {
    return false;
  }
}

/**
 * `raw` without any string field (at any depth, in objects and arrays) that names the person
 * who wrote it. Returns `raw` itself when the author is not a person or nothing matched.
 */
export function withoutPersonFields(raw: unknown, author: RawAuthor | null): unknown {
  const identities = personIdentities(author);
  if (identities.size === 0) return raw;
  const scrub = (value: unknown): unknown => {
    if (typeof value === 'string') return namesPerson(value, identities) ? undefined : value;
    if (Array.isArray(value)) {
      return value.map(scrub).filter((item) => item !== undefined);
    }
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        const kept = scrub(child);
        if (kept !== undefined) out[key] = kept;
      }
      return out;
    }
    return value;
  };
  return scrub(raw) ?? null;
}
