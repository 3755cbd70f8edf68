/** The bytes are not a feed this parser reads; the message is one line a user can act on. */
export class NotAFeedError extends Error {
  constructor(reason: string) {
    super(`not a feed: ${reason}`);
    this.name = 'NotAFeedError';
  }
}
