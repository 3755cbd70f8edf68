// The bounds of a topic's charter, shared by the API and the dashboard's topic forms.

/** Longest a topic may run before it is renewed, unless an administrator sets it. */
export const MAX_TOPIC_DAYS = 366;
/** Expiry given when none is asked for. */
export const DEFAULT_TOPIC_DAYS = 180;
/** Shortest justification the dashboard accepts: a sentence, not a word. */
export const MIN_JUSTIFICATION_LENGTH = 20;
/** Longest justification the API accepts. */
export const MAX_JUSTIFICATION_LENGTH = 2000;
