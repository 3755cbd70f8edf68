// Zalo Official Account webhook deliveries to collected mentions. A delivery is one event:
// `{"app_id", "event_name", "sender": {"id"}, "recipient": {"id"}, "message": {"msg_id",
// "text", "attachments"}, "timestamp": "<ms>"}`. A follower's message (`user_send_*`) is a
// person's; the OA's own messages (`oa_send_*`) are the OA's, a page. Events that carry no
// words (follows, reactions, delivery and seen receipts) yield nothing, and neither does a
// follower's submitted contact form or a shared business card: they hold names and phone
// numbers. Locations keep no coordinates. A list of deliveries (a capture) is read item by item.
import type { CollectedMention } from '../../model.js';
import {
  array,
  isObject,
  isoDate,
  type JsonObject,
  parseJsonBody,
  path,
  str,
  text,
} from '../social/json-fields.js';
import { PersonMasker } from '../social/person-privacy.js';
import { UnreadableBodyError } from '../social/platform-module.js';

/** Message events whose words are kept; anything after `user_send_` / `oa_send_` is a kind. */
const MESSAGE_EVENT = /^(user|oa)_send_([a-z_]+)$/;
/** Message kinds that carry a person's details rather than words to listen to. */
const PERSONAL_KINDS = new Set(['business_card', 'contact']);
/** Events known to carry no words: nothing to store. */
const SILENT_EVENTS = new Set([
  'follow',
  'unfollow',
  'user_received_message',
  'user_seen_message',
  'oa_send_consent',
  'user_reply_consent',
  'user_submit_info',
  'user_reacted_message',
  'oa_reacted_message',
  'user_click_chatnow',
  'add_user_to_tag',
  'change_oa_daily_quota',
  'change_oa_template_tags',
  'change_template_quality',
  'change_template_quota',
  'change_template_status',
  'update_user_info',
  'user_asking_product',
  'shop_has_order',
  'widget_interaction_accepted',
  'widget_failed_to_sync_user_external_id',
  'permission_revoked',
  'extension_purchased',
  'anonymous_send_text',
  'anonymous_send_image',
  'anonymous_send_file',
  'anonymous_send_sticker',
]);
/** An `@name` typed into a message. */
const AT_NAME = /(?<![\p{L}\p{N}_.@])@(?<handle>[\p{L}\p{N}_.]{2,40})/gu;

function unreadable(reason: string): UnreadableBodyError {
  return new UnreadableBodyError('zalo', reason);
}

/** The event name of a delivery, or null when the value is not one. */
export function zaloEventName(value: unknown): string | null {
  return isObject(value) ? text(value.event_name) : null;
}

export function parseZalo(body: string): CollectedMention[] {
  const json = parseJsonBody('zalo', body);
  const deliveries = Array.isArray(json) ? json : [json];
  const masker = new PersonMasker({
    dropKey: () => false,
    mentions: [{ pattern: AT_NAME, replacement: 'user' }],
  });
  const mentions: CollectedMention[] = [];
  for (const delivery of deliveries) {
    if (!isObject(delivery)) throw unreadable('a delivery that is not a JSON object');
    const mention = readDelivery(delivery);
    if (mention) mentions.push(mention);
  }
  return masker.apply(mentions);
}

function readDelivery(delivery: JsonObject): CollectedMention | null {
  const event = zaloEventName(delivery);
  if (event === null) {
    const error = text(path(delivery, 'message')) ?? text(delivery.error);
    throw unreadable(
      error ? `an error body: ${error}` : 'not a Zalo OA webhook delivery (no "event_name")',
    );
  }
  const kind = MESSAGE_EVENT.exec(event);
  if (!kind) {
    if (SILENT_EVENTS.has(event) || event.startsWith('anonymous_')) return null;
    throw unreadable(`an event nghe does not know: "${event.slice(0, 60)}"`);
  }
  const [, who, what] = kind as unknown as [string, 'user' | 'oa', string];
  if (PERSONAL_KINDS.has(what)) return null;
  const message = isObject(delivery.message) ? delivery.message : null;
  const id = str(message?.msg_id);
  if (id === null) throw unreadable(`a "${event}" delivery without "message.msg_id"`);
  const senderId = str(path(delivery, 'sender', 'id'));
  const time = Number(str(delivery.timestamp));
  const attachments = array(message?.attachments)
    .filter(isObject)
    .map((a) => ({ type: text(a.type) ?? 'unknown' }));
  return {
    platform: 'zalo',
    externalId: id,
    url: null,
    title: null,
    text: (text(message?.text) ?? '').normalize('NFC'),
    html: null,
    publishedAt: Number.isFinite(time) ? isoDate(time, 'ms') : null,
    updatedAt: null,
    language: null,
    categories: [],
    author: senderId
      ? { nativeId: senderId, name: null, kind: who === 'oa' ? 'page' : 'person' }
      : null,
    engagement: {},
    parentExternalId: null,
    threadRootExternalId: null,
    // What was received, without who sent it, their attachments' addresses or a location.
    raw: { event_name: event, ...(attachments.length > 0 ? { attachments } : {}) },
  };
}
