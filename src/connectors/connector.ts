// The contract every connector folder implements. A connector turns one Source into collected
// mentions; it knows its platform's wire format and nothing about storage, HTTP serving or config.
import type { CollectedMention, Source, SourceKind, SourceValidators } from '../model.js';
import type { HttpClient } from '../net/types.js';

export interface CollectContext {
  http: HttpClient;
  /** Clock, injectable for tests. */
  now: () => Date;
  /** Stops long collections (e.g. full-text fetches) when the collector shuts down. */
  signal?: AbortSignal;
  /** The subset of `urls` whose mention is already stored, so pages are not fetched twice. */
  alreadyStored?: (urls: string[]) => Promise<Set<string>>;
}

export interface CollectResult {
  /** Title the source gives itself (feed title), to show in source lists. */
  title: string | null;
  /** True when the server answered 304: nothing changed since the last fetch. */
  notModified: boolean;
  validators: SourceValidators;
  mentions: CollectedMention[];
  /** Ill-formed but recovered input, one line each. */
  warnings: string[];
}

export interface Connector {
  kind: SourceKind;
  /** One line for `nghe sources list` and the docs. */
  description: string;
  collect(source: Source, context: CollectContext): Promise<CollectResult>;
}

/** The server answered 304: nothing new, and the source keeps the title it has. */
export function notModifiedResult(
  source: Source,
  validators: SourceValidators = source.validators,
): CollectResult {
  return { title: source.title, notModified: true, validators, mentions: [], warnings: [] };
}
