// Keeps persons' names and handles out of what a platform normaliser yields: out of texts and
// titles (the platform's mention syntax, and the body's own authors named in other items) and out
// of the raw item kept for re-processing. Only `author.name` may still hold a person's name; the
// store drops it there.
import type { CollectedMention } from '../../model.js';

export interface MentionSyntax {
  /** Global pattern ending with a named group `handle`, e.g. /@(?<handle>\w+)/g. */
  pattern: RegExp;
  /** What a person's handle becomes inside the mention (`@nguyenvana` → `@user`). */
  replacement: string;
}

export interface PersonPrivacyRules {
  /** Keys holding a name, handle, profile link or picture: dropped from `raw` at any depth. */
  dropKey(key: string): boolean;
  /** The platform's ways of naming an account in text. */
  mentions: readonly MentionSyntax[];
}

/** What a person named outside the platform's mention syntax becomes. */
const NAMED_PERSON = '[user]';
const LETTER_BEFORE = '(?<![\\p{L}\\p{N}_])';
const LETTER_AFTER = '(?![\\p{L}\\p{N}_])';

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Collects the persons of one body while it is read, then masks every mention's texts and raw.
 * Public accounts (pages, channels) named with `keepPublic` keep their mentions.
 */
export class PersonMasker {
  /** Lower-cased handles and names, each with whether it is masked without an `@` before it. */
  private readonly persons = new Map<string, boolean>();
  private readonly publicHandles = new Set<string>();
  private knownPattern: RegExp | null | undefined;

  constructor(private readonly rules: PersonPrivacyRules) {}

  /** A person of the body, by handle and display name (either may be null). */
  addPerson(handle: string | null, name: string | null): void {
    // A bare handle is masked only when it cannot be an ordinary word ("hanoi" can).
    const cleanHandle = handle?.replace(/^@/, '').trim().normalize('NFC');
    if (cleanHandle && cleanHandle.length >= 3 && !/^\d+$/.test(cleanHandle)) {
      this.remember(cleanHandle, /[\d_.-]/.test(cleanHandle));
    }
    // A bare name is masked when it is a full name; a single word only after an `@`.
    const cleanName = name?.replace(/\s+/g, ' ').trim().normalize('NFC');
    if (cleanName && cleanName.length >= 2 && !/^\d+$/.test(cleanName)) {
      this.remember(cleanName, cleanName.includes(' '));
    }
  }

  /** An account known to be public (a page, a channel): its `@handle` stays in texts. */
  keepPublic(handle: string): void {
    this.publicHandles.add(handle.replace(/^@/, '').toLowerCase());
  }

  text(value: string): string {
    let masked = value.normalize('NFC');
    const known = this.knownNames();
    if (known) {
      // After a mention prefix (`u/`, a link's `/`) only the name itself is replaced.
      masked = masked.replace(known, (m: string, offset: number, whole: string) =>
        m.startsWith('@') ? '@user' : whole[offset - 1] === '/' ? 'user' : NAMED_PERSON,
      );
    }
    for (const { pattern, replacement } of this.rules.mentions) {
      masked = masked.replace(pattern, (match, ...args) => {
        const groups = args.at(-1) as Record<string, string | undefined> | undefined;
        const handle = groups?.handle;
        if (handle === undefined || this.publicHandles.has(handle.toLowerCase())) return match;
        return match.slice(0, match.length - handle.length) + replacement;
      });
    }
    return masked;
  }

  /** A copy of a raw item without person keys, every string masked like a text. */
  raw(value: unknown): unknown {
    if (typeof value === 'string') {
      // A field that is exactly a person's handle or name, whatever its form.
      if (this.persons.has(value.trim().replace(/^@/, '').normalize('NFC').toLowerCase())) {
        return NAMED_PERSON;
      }
      return this.text(value);
    }
    if (Array.isArray(value)) return value.map((v) => this.raw(v));
    if (typeof value === 'object' && value !== null) {
      const copy: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        if (!this.rules.dropKey(key)) copy[key] = this.raw(v);
      }
      return copy;
    }
    return value;
  }

  /** Masks title, text and raw of every mention, once the whole body has been read. */
  apply(mentions: CollectedMention[]): CollectedMention[] {
    for (const mention of mentions) {
      mention.text = this.text(mention.text);
      if (mention.title !== null) mention.title = this.text(mention.title);
      mention.raw = this.raw(mention.raw);
    }
    return mentions;
  }

  private remember(value: string, bare: boolean): void {
    const key = value.toLowerCase();
    if (this.publicHandles.has(key)) return;
    this.persons.set(key, bare || (this.persons.get(key) ?? false));
    this.knownPattern = undefined;
  }

  private knownNames(): RegExp | null {
    if (this.knownPattern !== undefined) return this.knownPattern;
    const byLength = [...this.persons].sort(([a], [b]) => b.length - a.length);
    const all = byLength.map(([name]) => escapeRegExp(name));
    const bare = byLength.filter(([, isBare]) => isBare).map(([name]) => escapeRegExp(name));
    const alternatives = [`@(?:${all.join('|')})`];
    if (bare.length > 0) alternatives.push(`(?:${bare.join('|')})`);
    this.knownPattern =
      all.length === 0
        ? null
        : new RegExp(`${LETTER_BEFORE}(?:${alternatives.join('|')})${LETTER_AFTER}`, 'giu');
    return this.knownPattern;
  }
}
