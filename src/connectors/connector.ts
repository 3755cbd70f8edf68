// The contract every connector folder implements. A connector turns one Source into collected
// mentions; it knows its platform's wire format and nothing about storage, HTTP serving or config.
import type { CollectedMention, Source, SourceKind, SourceValidators } from '../model.js';
import type { HttpClient } from '../net/types.js';
import type { CredentialProvider, CredentialSpec } from './credentials.js';

export interface CollectContext {
  http: HttpClient;
  /** Clock, injectable for tests. */
  now: () => Date;
  /** Stops long collections (e.g. full-text fetches) when the collector shuts down. */
  signal?: AbortSignal;
  /** The subset of `urls` whose mention is already stored, so pages are not fetched twice. */
  alreadyStored?: (urls: string[]) => Promise<Set<string>>;
  /** The connector's endpoints: its `endpoints` defaults with the installation's overrides. */
  endpoints?: Readonly<Record<string, string>>;
  /** Credentials of the connector's platform, with their quotas; absent when none are set up. */
  credentials?: CredentialProvider;
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
  /**
   * Where the next collection resumes, stored in the same transaction as `mentions` and given
   * back as `source.cursor`. Undefined keeps the cursor the source has.
   */
  cursor?: string | null;
}

export interface Connector {
  kind: SourceKind;
  /** One line for `nghe sources list` and the docs. */
  description: string;
  /**
   * Base URLs of the platform's interfaces by name (e.g. `apiBaseUrl`, `tokenUrl`); an
   * installation may override each one (self-hosted instances, tests on loopback).
   */
  endpoints?: Readonly<Record<string, string>>;
  /** What a user gives for the platform's credentials; absent when it needs none. */
  credential?: CredentialSpec;
  collect(source: Source, context: CollectContext): Promise<CollectResult>;
}

/** The server answered 304: nothing new, and the source keeps the title it has. */
export function notModifiedResult(
  source: Source,
  validators: SourceValidators = source.validators,
): CollectResult {
  return { title: source.title, notModified: true, validators, mentions: [], warnings: [] };
}

/** What a URL a user sees asks to follow, as its platform reads it. */
export interface RecognisedUrl {
  /** What is followed, e.g. `channel`, `video`, `subreddit`, `post`, `search`, `hashtag`. */
  follow: string;
  /** The parameters of the follow; they become the source's settings (never secrets). */
  settings: Record<string, string>;
  /** The address stored for the source: the given URL in one canonical form. */
  url: string;
}

/** Null when the URL is not one of the platform's. */
export type UrlRecogniser = (url: URL) => RecognisedUrl | null;
