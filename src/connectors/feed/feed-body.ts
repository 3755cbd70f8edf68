import type { ParsedFeed } from '../../model.js';

/** What a format reader produces; decoding adds the encoding and the warnings. */
export type FeedBody = Omit<ParsedFeed, 'encoding' | 'warnings'>;
