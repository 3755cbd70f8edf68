// What retention and erasure need from a store. Expiry keeps every figure (roll-ups, share
// statistics, keywords, language, sentiment, counts); erasure takes a person's mentions out of
// everything, figures included.
export interface ExpiryResult {
  /** Mentions whose text, title, HTML and raw payload were removed. */
  mentions: number;
  /** Their full-text index entries removed. */
  indexEntries: number;
}

export interface ErasureResult {
  /** Mentions removed, with their index entries, topic tags and roll-up counts. */
  mentions: number;
}

export interface RetentionStore {
  /** Removes the raw text and payload of mentions whose time is before `before` (ISO 8601). */
  expireRawText(before: string): Promise<ExpiryResult>;
  /** Removes every mention written by one of these author keys (persons' pseudonyms). */
  eraseAuthors(authorKeys: string[]): Promise<ErasureResult>;
}
