// JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/). Values of the wrong type are
// ignored rather than trusted.
import type { FeedItem } from '../../model.js';
import { parseDate } from '../../text/dates.js';
import type { FeedBody } from './feed-body.js';
import {
  authorName,
  CategoryList,
  cleanLine,
  EnclosureList,
  parseLength,
  plainLine,
  plainText,
  resolveUrl,
  safeHtml,
  textAsHtml,
} from './feed-fields.js';
import { NotAFeedError } from './not-a-feed-error.js';

type JsonObject = Record<string, unknown>;

const VERSION = /^https?:\/\/(?:www\.)?jsonfeed\.org\/version\/(\d+(?:\.\d+)?)\/?$/i;

export function readJsonFeed(text: string, documentUrl: string | null): FeedBody {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new NotAFeedError(`invalid JSON (${(error as Error).message})`);
  }
  if (!isObject(data)) throw new NotAFeedError('JSON document is not an object');
  const versionMatch = VERSION.exec(str(data.version) ?? '');
  if (!versionMatch) throw new NotAFeedError('JSON without a JSON Feed version');

  const home = resolveUrl(str(data.home_page_url), documentUrl);
  const base = documentUrl ?? home;
  const feedAuthor = personName(data);
  const items = Array.isArray(data.items) ? data.items.filter(isObject) : [];
  return {
    format: 'json',
    version: versionMatch[1] === '1' ? '1.0' : (versionMatch[1] ?? null),
    title: plainLine(str(data.title)),
    link: home,
    description: plainText(str(data.description)),
    language: cleanLine(str(data.language)),
    items: items.map((item) => readItem(item, base, feedAuthor)),
  };
}

function readItem(item: JsonObject, base: string | null, feedAuthor: string | null): FeedItem {
  const contentHtml = str(item.content_html);
  const contentText = str(item.content_text);
  const summary = str(item.summary);

  const categories = new CategoryList();
  if (Array.isArray(item.tags)) for (const tag of item.tags) categories.add(str(tag));

  const enclosures = new EnclosureList();
  if (Array.isArray(item.attachments)) {
    for (const attachment of item.attachments.filter(isObject)) {
      enclosures.add(
        resolveUrl(str(attachment.url), base),
        str(attachment.mime_type),
        parseLength(num(attachment.size_in_bytes)),
      );
    }
  }
  enclosures.add(resolveUrl(str(item.image), base), null, null);

  const id = item.id;
  return {
    // 1.0 allowed numbers; both are the feed's own id.
    id: typeof id === 'number' && Number.isFinite(id) ? String(id) : cleanLine(str(id)),
    title: plainLine(str(item.title)),
    link: resolveUrl(str(item.url), base),
    published: parseDate(str(item.date_published)),
    updated: parseDate(str(item.date_modified)),
    author: personName(item) ?? feedAuthor,
    summary: summary !== null ? cleanLine(summary) : null,
    content:
      contentHtml !== null
        ? safeHtml(contentHtml, base)
        : contentText !== null
          ? safeHtml(textAsHtml(contentText), base)
          : null,
    categories: categories.items,
    enclosures: enclosures.items,
  };
}

/** `authors` (1.1) first, then `author` (1.0). */
function personName(holder: JsonObject): string | null {
  if (Array.isArray(holder.authors)) {
    for (const author of holder.authors) {
      if (isObject(author)) {
        const name = authorName(str(author.name));
        if (name) return name;
      }
    }
  }
  return isObject(holder.author) ? authorName(str(holder.author.name)) : null;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}
