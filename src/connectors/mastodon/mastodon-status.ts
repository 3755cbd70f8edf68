// One Mastodon Status as a collected mention. Ids are those of the instance that served the
// body (what a later fetch from it returns, and what `in_reply_to_id` points to); the global
// `uri` embeds the author's handle, so it is neither the id nor kept. A person's permalink is
// the instance's handle-free `/statuses/<id>` route.
import type { AuthorKind, CollectedMention, Engagement, RawAuthor } from '../../model.js';
import { deletedMention } from '../social/deleted-mention.js';
import { count, isObject, isoDate, type JsonObject, str, text } from '../social/json-fields.js';
import { statusText } from './mastodon-content.js';
import { isGroupAccount, scrubStatus } from './mastodon-privacy.js';

function author(account: unknown): RawAuthor | null {
  if (!isObject(account)) return null;
  const nativeId = text(str(account.id));
  if (nativeId === null) return null;
  const kind: AuthorKind = isGroupAccount(account) ? 'page' : 'person';
  const name = text(account.display_name) ?? text(account.username);
  return { nativeId, name: name?.trim().normalize('NFC') ?? null, kind };
}

function engagement(status: JsonObject): Engagement {
  const result: Engagement = {};
  const likes = count(status.favourites_count);
  const comments = count(status.replies_count);
  const reblogs = count(status.reblogs_count);
  const quotes = count(status.quotes_count);
  if (likes !== null) result.likes = likes;
  if (comments !== null) result.comments = comments;
  if (reblogs !== null || quotes !== null) result.shares = (reblogs ?? 0) + (quotes ?? 0);
  return result;
}

function originOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** The web origin of the instance a local status lives on (its acct has no domain part). */
export function localOrigin(status: JsonObject): string | null {
  const acct = str(isObject(status.account) ? status.account.acct : undefined);
  if (acct === null || acct.includes('@')) return null;
  return originOf(text(status.url) ?? text(status.uri));
}

function permalink(status: JsonObject, id: string, instanceOrigin: string | null): string | null {
  if (isGroupAccount(status.account)) return text(status.url) ?? text(status.uri);
  const origin = localOrigin(status) ?? instanceOrigin;
  return origin === null ? null : statusPage(origin, id);
}

/** The instance's own page of a status, by the id it gave it. */
export function statusPage(origin: string, id: string): string {
  return `${origin}/statuses/${encodeURIComponent(id)}`;
}

/** The instance's web origin from the address a body came from; streaming hosts serve no pages. */
export function instanceOriginFrom(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    const parsed = new URL(url);
    if (parsed.pathname.includes('/streaming') || parsed.hostname.startsWith('streaming.')) {
      return null;
    }
    if (parsed.protocol === 'wss:' || parsed.protocol === 'ws:') return null;
    return originOf(parsed.href);
  } catch {
    return null;
  }
}

/** The status a boost carries, or the status itself. */
export function unwrapBoost(status: JsonObject): JsonObject {
  return isObject(status.reblog) ? status.reblog : status;
}

export function statusToMention(
  status: JsonObject,
  instanceOrigin: string | null,
): CollectedMention | null {
  const id = text(str(status.id));
  if (id === null) return null;
  const raw = scrubStatus(status);
  // The kept content is already masked.
  const content = typeof raw.content === 'string' ? raw.content : '';
  return {
    platform: 'mastodon',
    externalId: id,
    url: permalink(status, id, instanceOrigin),
    author: author(status.account),
    publishedAt: isoDate(status.created_at),
    updatedAt: isoDate(status.edited_at),
    language: text(status.language),
    title: null,
    text: statusText(text(status.spoiler_text), content),
    html: null,
    categories: [],
    engagement: engagement(status),
    parentExternalId: text(str(status.in_reply_to_id)),
    raw,
  };
}

/** A status the platform reports deleted (a streaming `delete` event): only its id is known. */
export function deletedStatus(id: string): CollectedMention {
  return deletedMention('mastodon', id, { event: 'delete', id });
}
