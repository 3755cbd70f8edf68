// Bot API bodies: getUpdates ({ok, result: [Update]}), a webhook's single Update, or a method
// result that is a Message or a list of them. Messages of channels, groups and private chats
// are posts; deleted_business_messages report deletions. Other updates (callbacks, polls,
// member changes) and service messages (a member joined, a title changed) are not posts.
//
// A message's id is `<chat username>/<message_id>` for a public channel or group, as the
// t.me/s preview and t.me links name it, so both interfaces give the same post one id;
// otherwise `<chat id>/<message_id>`. A private chat's username is a person's and is never used.
import type { CollectedMention, RawAuthor } from '../../model.js';
import { deletedMention } from '../social/deleted-mention.js';
import { array, isObject, isoDate, type JsonObject, str, text } from '../social/json-fields.js';
import { UnreadableBodyError } from '../social/platform-module.js';
import { scrubBotApi } from './bot-api-privacy.js';
import { maskMentions } from './message-entities.js';

const MESSAGE_UPDATES = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'business_message',
  'edited_business_message',
];

const SERVICE_FIELDS = [
  'new_chat_members',
  'left_chat_member',
  'new_chat_title',
  'new_chat_photo',
  'delete_chat_photo',
  'group_chat_created',
  'supergroup_chat_created',
  'channel_chat_created',
  'message_auto_delete_timer_changed',
  'migrate_to_chat_id',
  'migrate_from_chat_id',
  'pinned_message',
  'forum_topic_created',
  'forum_topic_edited',
  'forum_topic_closed',
  'forum_topic_reopened',
  'general_forum_topic_hidden',
  'general_forum_topic_unhidden',
  'video_chat_scheduled',
  'video_chat_started',
  'video_chat_ended',
  'video_chat_participants_invited',
  'users_shared',
  'chat_shared',
  'write_access_allowed',
  'proximity_alert_triggered',
  'boost_added',
  'chat_background_set',
  'successful_payment',
  'refunded_payment',
];

function unreadable(reason: string): never {
  throw new UnreadableBodyError('telegram', reason);
}

function isPublicChat(chat: JsonObject): boolean {
  return chat.type !== 'private' && text(chat.username) !== null;
}

/** How a chat names its messages: the public username, else the numeric id. */
function chatKey(chat: JsonObject): string | null {
  return isPublicChat(chat) ? text(chat.username) : text(str(chat.id));
}

function messageId(chat: JsonObject, id: unknown): string | null {
  const key = chatKey(chat);
  const number = text(str(id));
  return key === null || number === null ? null : `${key}/${number}`;
}

function chatAuthor(chat: JsonObject): RawAuthor | null {
  const nativeId = text(str(chat.id)) ?? text(chat.username);
  if (nativeId === null) return null;
  const kind = chat.type === 'channel' ? 'channel' : 'page';
  return { nativeId, name: text(chat.title)?.normalize('NFC') ?? null, kind };
}

function messageAuthor(message: JsonObject, chat: JsonObject): RawAuthor | null {
  if (chat.type === 'channel') {
    return chatAuthor(isObject(message.sender_chat) ? message.sender_chat : chat);
  }
  // A group message sent as a channel, or by an anonymous admin as the group itself.
  if (isObject(message.sender_chat)) return chatAuthor(message.sender_chat);
  if (!isObject(message.from)) return null;
  const nativeId = text(str(message.from.id));
  if (nativeId === null) return null;
  const name = [text(message.from.first_name), text(message.from.last_name)]
    .filter((part) => part !== null)
    .join(' ')
    .normalize('NFC');
  return { nativeId, name: name || null, kind: 'person' };
}

function parentOf(message: JsonObject, chat: JsonObject): string | null {
  if (isObject(message.reply_to_message)) {
    return messageId(chat, message.reply_to_message.message_id);
  }
  const external = message.external_reply;
  if (isObject(external) && isObject(external.chat)) {
    return messageId(external.chat, external.message_id);
  }
  return null;
}

/** Replies in a supergroup thread carry the thread's top message id. */
function rootOf(
  message: JsonObject,
  chat: JsonObject,
  parent: string | null,
): string | null | undefined {
  if (parent === null) return null;
  const thread = text(str(message.message_thread_id));
  if (thread === null || thread === text(str(message.message_id))) return undefined;
  return messageId(chat, thread) ?? undefined;
}

function messageMention(message: JsonObject): CollectedMention | null {
  if (!isObject(message.chat)) return null;
  const chat = message.chat;
  const id = messageId(chat, message.message_id);
  if (id === null) return null;
  const body = typeof message.text === 'string' ? message.text : message.caption;
  const entities = typeof message.text === 'string' ? message.entities : message.caption_entities;
  const parent = parentOf(message, chat);
  return {
    platform: 'telegram',
    externalId: id,
    url: isPublicChat(chat) ? `https://t.me/${id}` : null,
    author: messageAuthor(message, chat),
    publishedAt: isoDate(message.date, 's'),
    updatedAt: isoDate(message.edit_date, 's'),
    language: null,
    title: null,
    text: typeof body === 'string' ? maskMentions(body, entities).text : '',
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: parent,
    threadRootExternalId: rootOf(message, chat, parent),
    raw: scrubBotApi(message),
  };
}

function deletedMessage(chat: JsonObject, id: unknown, raw: unknown): CollectedMention | null {
  const externalId = messageId(chat, id);
  return externalId === null ? null : deletedMention('telegram', externalId, scrubBotApi(raw));
}

class Collector {
  readonly mentions: CollectedMention[] = [];
  private readonly seen = new Set<string>();

  private add(mention: CollectedMention | null, repeatable = false): void {
    if (mention === null) return;
    if (!repeatable && this.seen.has(mention.externalId!)) return;
    this.seen.add(mention.externalId!);
    this.mentions.push(mention);
  }

  /** A message, after the message it replies to (which a reply carries in full). */
  message(value: unknown, edited = false): void {
    if (!isObject(value)) return;
    if (isObject(value.reply_to_message)) this.message(value.reply_to_message);
    if (SERVICE_FIELDS.some((key) => key in value)) return;
    // An edit is news about a post already seen: it is yielded again.
    this.add(messageMention(value), edited);
  }

  update(update: JsonObject): void {
    for (const key of MESSAGE_UPDATES) {
      if (key in update) this.message(update[key], key.startsWith('edited_'));
    }
    const deleted = update.deleted_business_messages;
    if (isObject(deleted) && isObject(deleted.chat)) {
      for (const id of array(deleted.message_ids)) {
        this.add(deletedMessage(deleted.chat, id, { chat: deleted.chat, message_id: id }), true);
      }
    }
  }
}

const isUpdate = (value: unknown): value is JsonObject => isObject(value) && 'update_id' in value;
const isMessage = (value: unknown): value is JsonObject =>
  isObject(value) && 'message_id' in value && isObject(value.chat);

/** Mentions of a parsed Bot API JSON body. */
export function botApiMentions(value: unknown): CollectedMention[] {
  const collector = new Collector();
  if (!isObject(value)) unreadable('the body is JSON but not a Bot API response');
  if (value.ok === false) {
    const code = str(value.error_code);
    const description = text(value.description) ?? 'error';
    unreadable(code === null ? description : `${code} ${description}`);
  }
  if (value.ok !== true) {
    if (isUpdate(value)) collector.update(value);
    else if (isMessage(value)) collector.message(value);
    else unreadable('a JSON object that is not a Bot API response');
    return collector.mentions;
  }
  const result = value.result;
  if (Array.isArray(result)) {
    if (result.length > 0 && !result.some((item) => isUpdate(item) || isMessage(item))) {
      unreadable('a Bot API result that is neither updates nor messages');
    }
    for (const item of result) {
      if (isUpdate(item)) collector.update(item);
      else collector.message(item);
    }
    return collector.mentions;
  }
  if (isMessage(result)) {
    collector.message(result);
    return collector.mentions;
  }
  return unreadable('a Bot API result that is neither updates nor messages');
}
