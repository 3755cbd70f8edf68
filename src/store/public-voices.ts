// The public accounts (pages, channels, outlets) that drive a set of mentions. Persons are never
// among them: they are pseudonymised and have no name to show.
import type { AuthorKind, Platform } from '../model.js';
import type { MentionFilter } from './listening-store.js';

export type PublicAuthorKind = Exclude<AuthorKind, 'person'>;

export interface PublicVoice {
  name: string;
  kind: PublicAuthorKind;
  platform: Platform;
  mentions: number;
  likes: number;
  comments: number;
  shares: number;
  views: number;
  /** Interactions the platforms reported (likes + comments + shares): how far it carried. */
  reach: number;
  /** Classified counts (predicted labels) of its mentions. */
  positive: number;
  neutral: number;
  negative: number;
}

export interface PublicVoicesReader {
  /** Most mentions first, then most reach. */
  publicVoices(filter: MentionFilter, limit: number): PublicVoice[];
}
