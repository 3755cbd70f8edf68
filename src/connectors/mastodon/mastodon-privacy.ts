// The raw status kept for re-processing, without what identifies a person: account names,
// handles, profile and avatar links, bios and profile fields, mention handles, and the status
// links that embed the author's handle. Ids and counts stay. Group accounts are public pages
// and keep their names.
import { isObject, type JsonObject, str } from '../social/json-fields.js';
import { maskedContentHtml } from './mastodon-content.js';

const PERSON_ACCOUNT_FIELDS = [
  'id',
  'locked',
  'bot',
  'group',
  'discoverable',
  'indexable',
  'noindex',
  'created_at',
  'last_status_at',
  'statuses_count',
  'followers_count',
  'following_count',
  'suspended',
  'limited',
  'memorial',
];

export function isGroupAccount(account: unknown): boolean {
  return isObject(account) && account.group === true;
}

/** An account as kept: a group keeps everything, a person only ids, flags, dates and counts. */
export function scrubAccount(account: unknown): unknown {
  if (!isObject(account)) return account;
  if (isGroupAccount(account)) return account;
  const kept: JsonObject = {};
  for (const key of PERSON_ACCOUNT_FIELDS) if (key in account) kept[key] = account[key];
  return kept;
}

/** Profile links of the accounts a status mentions, to find them in its content. */
export function mentionUrls(status: JsonObject): Set<string> {
  const urls = new Set<string>();
  if (!Array.isArray(status.mentions)) return urls;
  for (const mention of status.mentions) {
    const url = str(isObject(mention) ? mention.url : undefined);
    if (url !== null) urls.add(url);
  }
  return urls;
}

function scrubCard(card: unknown): unknown {
  if (!isObject(card)) return card;
  const { author_name: _name, author_url: _url, authors, ...rest } = card;
  if (Array.isArray(authors)) {
    rest.authors = authors.map((author) =>
      isObject(author) && isObject(author.account) ? { account: scrubAccount(author.account) } : {},
    );
  }
  return rest;
}

function scrubQuote(quote: unknown): unknown {
  if (!isObject(quote)) return quote;
  const kept: JsonObject = { ...quote };
  if (isObject(quote.quoted_status)) kept.quoted_status = scrubStatus(quote.quoted_status);
  return kept;
}

/** A Status (or a boost wrapping one), recursively, as it may be kept. */
export function scrubStatus(status: JsonObject): JsonObject {
  const person = !isGroupAccount(status.account);
  const kept: JsonObject = { ...status };
  kept.account = scrubAccount(status.account);
  if (Array.isArray(status.mentions)) {
    kept.mentions = status.mentions.map((m) => (isObject(m) ? { id: m.id } : m));
  }
  if (typeof status.content === 'string') {
    kept.content = maskedContentHtml(status.content, mentionUrls(status));
  }
  // The source text of one's own statuses types mentions as plain "@handle".
  delete kept.text;
  if (person) {
    delete kept.uri;
    delete kept.url;
  }
  if ('card' in status) kept.card = scrubCard(status.card);
  if ('quote' in status) kept.quote = scrubQuote(status.quote);
  if (isObject(status.reblog)) kept.reblog = scrubStatus(status.reblog);
  return kept;
}
