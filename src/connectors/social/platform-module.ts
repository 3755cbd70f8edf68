// The contract every social platform folder implements beside its connector: a normaliser from
// one raw response body, exactly as the official interface returned it, to collected mentions.
// It knows the platform's wire format and nothing about storage, HTTP serving or config.
import type { CollectedMention, Platform } from '../../model.js';

export interface ParseBodyOptions {
  /** The address the body was fetched from, when known: resolves relative links. */
  url?: string;
}

export interface PlatformModule {
  platform: Platform;
  /** What the official interface lets a self-hosted user see, in one paragraph, for docs and UI. */
  eligibility: string;
  /**
   * Every post, comment and reply in the body, in the order the body lists them, persons with
   * `kind: 'person'` and `raw` stripped of their names, handles and profile links. Throws
   * UnreadableBodyError for an error body, a quota message or a shape it cannot read.
   */
  parse(body: string, options?: ParseBodyOptions): CollectedMention[];
}

/** The body is not one this platform's normaliser reads; the message is one line a user can act on. */
export class UnreadableBodyError extends Error {
  constructor(
    readonly platform: Platform,
    reason: string,
  ) {
    super(`${platform}: ${reason.split('\n')[0]}`);
    this.name = 'UnreadableBodyError';
  }
}
