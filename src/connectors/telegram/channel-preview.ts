// The public web preview of a channel, https://t.me/s/<channel>: each
// `div.tgme_widget_message[data-post="<channel>/<id>"]` is a post, with its text in
// `.tgme_widget_message_text` (line breaks from <br>), its time in `time[datetime]`, its view
// count ("1.2K") in `.tgme_widget_message_views`, an "edited" mark in its meta line, and the
// post it replies to in `a.tgme_widget_message_reply`. The channel is named by the page
// header or the post's owner name; forwarded-from names and author signatures are not read.
import { DomUtils, parseDocument } from 'htmlparser2';
import type { CollectedMention, Engagement } from '../../model.js';
import { htmlToText } from '../../text/html.js';
import { isoDate } from '../social/json-fields.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import { MENTION_PLACEHOLDER } from './message-entities.js';

type Document = ReturnType<typeof parseDocument>;
type Element = Parameters<Parameters<typeof DomUtils.findAll>[0]>[0];

const MEDIA_CLASSES: Record<string, string> = {
  tgme_widget_message_photo_wrap: 'photo',
  tgme_widget_message_video_player: 'video',
  tgme_widget_message_document_wrap: 'document',
  tgme_widget_message_voice_player: 'voice',
  tgme_widget_message_poll: 'poll',
  tgme_widget_message_sticker_wrap: 'sticker',
  tgme_widget_message_location_wrap: 'location',
};

function hasClass(element: Element, name: string): boolean {
  return (element.attribs.class ?? '').split(/\s+/).includes(name);
}

function isWithin(element: Element, ancestorClass: string, stop: Element): boolean {
  for (let node = element.parent; node && node !== stop; node = node.parent) {
    if ('attribs' in node && hasClass(node as Element, ancestorClass)) return true;
  }
  return false;
}

/** The first element of a class inside a post, outside the quoted post it replies to. */
function own(post: Element, className: string): Element | null {
  return DomUtils.findOne(
    (e) => hasClass(e, className) && !isWithin(e, 'tgme_widget_message_reply', post),
    post.children,
  );
}

function textOf(element: Element | null): string | null {
  if (element === null) return null;
  const value = DomUtils.textContent(element).replace(/\s+/g, ' ').trim().normalize('NFC');
  return value === '' ? null : value;
}

/** "1.2K" → 1200, "3.4M" → 3400000, "987" → 987. */
export function viewCount(shown: string | null): number | null {
  if (shown === null) return null;
  const match = /^([\d.,]+)\s*([KMB])?$/i.exec(shown.trim());
  if (!match) return null;
  const suffix = match[2]?.toUpperCase();
  const digits = suffix ? match[1]!.replace(',', '.') : match[1]!.replace(/[.,]/g, '');
  const value = Number(digits);
  if (!Number.isFinite(value)) return null;
  const scale = suffix === 'K' ? 1e3 : suffix === 'M' ? 1e6 : suffix === 'B' ? 1e9 : 1;
  return Math.round(value * scale);
}

/** `https://t.me/<channel>/<id>` → `<channel>/<id>`. */
function postPath(href: string | undefined): string | null {
  if (href === undefined) return null;
  const match = /^https?:\/\/(?:www\.)?(?:t\.me|telegram\.me)\/(?:s\/)?([A-Za-z0-9_]+)\/(\d+)/.exec(
    href,
  );
  return match ? `${match[1]}/${match[2]}` : null;
}

/** Inner HTML of the text with links to accounts ("@name", tg://user) masked. */
function maskedTextHtml(element: Element): string {
  const links = DomUtils.findAll((e) => {
    if (e.name !== 'a') return false;
    const href = e.attribs.href ?? '';
    return href.startsWith('tg://user') || DomUtils.textContent(e).trim().startsWith('@');
  }, element.children);
  for (const link of links) {
    DomUtils.replaceElement(link, parseDocument(MENTION_PLACEHOLDER).children[0]!);
  }
  return DomUtils.getInnerHTML(element, { encodeEntities: 'utf8' });
}

function postDate(post: Element): string | null {
  const dateLink = own(post, 'tgme_widget_message_date');
  const time =
    (dateLink && DomUtils.findOne((e) => e.name === 'time', dateLink.children)) ??
    DomUtils.findOne(
      (e) =>
        e.name === 'time' &&
        'datetime' in e.attribs &&
        !isWithin(e, 'tgme_widget_message_reply', post),
      post.children,
    );
  return isoDate(time?.attribs.datetime);
}

function postMention(post: Element, channelTitle: string | null): CollectedMention | null {
  const match = /^([A-Za-z0-9_]+)\/(\d+)$/.exec(post.attribs['data-post']?.trim() ?? '');
  if (!match) return null;
  const [externalId, channel] = [match[0], match[1]!];
  const textElement = own(post, 'tgme_widget_message_text');
  const textHtml = textElement ? maskedTextHtml(textElement) : '';
  const viewsShown = textOf(own(post, 'tgme_widget_message_views'));
  const views = viewCount(viewsShown);
  const edited = /^edited\b/i.test(textOf(own(post, 'tgme_widget_message_meta')) ?? '');
  const replyLink = own(post, 'tgme_widget_message_reply');
  const parent = replyLink ? postPath(replyLink.attribs.href) : null;
  const forwardLink = own(post, 'tgme_widget_message_forwarded_from_name');
  const publishedAt = postDate(post);
  const media = Object.entries(MEDIA_CLASSES)
    .filter(([className]) => own(post, className) !== null)
    .map(([, kind]) => kind);
  const engagement: Engagement = views === null ? {} : { views };
  return {
    platform: 'telegram',
    externalId,
    url: `https://t.me/${externalId}`,
    author: {
      nativeId: channel,
      name: channelTitle ?? textOf(own(post, 'tgme_widget_message_owner_name')),
      kind: 'channel',
    },
    publishedAt,
    // The preview marks an edit but does not say when it was made.
    updatedAt: null,
    language: null,
    title: null,
    text: htmlToText(textHtml),
    html: null,
    categories: [],
    engagement,
    parentExternalId: parent,
    threadRootExternalId: parent === null ? null : undefined,
    raw: {
      post: externalId,
      datetime: publishedAt,
      views: viewsShown,
      edited,
      text: textHtml,
      replyTo: parent,
      // Only a forward from a channel post is kept: a person's forward links to their profile.
      forwardedFrom: forwardLink ? postPath(forwardLink.attribs.href) : null,
      media,
    },
  };
}

function isPreviewPage(document: Document, posts: Element[]): boolean {
  if (posts.length > 0) return true;
  return (
    DomUtils.findOne(
      (e) => hasClass(e, 'tgme_channel_history') || hasClass(e, 'tme_no_messages_found'),
      document.children,
    ) !== null
  );
}

export function channelPreviewMentions(html: string): CollectedMention[] {
  const document = parseDocument(html, { decodeEntities: true });
  const posts = DomUtils.findAll(
    (e) => hasClass(e, 'tgme_widget_message') && 'data-post' in e.attribs,
    document.children,
  );
  if (!isPreviewPage(document, posts)) {
    const title = textOf(DomUtils.findOne((e) => e.name === 'title', document.children));
    throw new UnreadableBodyError(
      'telegram',
      `the HTML is not a t.me/s channel preview${title ? ` (page title: ${title.slice(0, 120)})` : ''}`,
    );
  }
  const channelTitle = textOf(
    DomUtils.findOne((e) => hasClass(e, 'tgme_channel_info_header_title'), document.children),
  );
  const mentions: CollectedMention[] = [];
  const seen = new Set<string>();
  for (const post of posts) {
    if (hasClass(post, 'service_message')) continue;
    const mention = postMention(post, channelTitle);
    if (mention === null || seen.has(mention.externalId!)) continue;
    seen.add(mention.externalId!);
    mentions.push(mention);
  }
  return mentions;
}
