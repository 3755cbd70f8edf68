// A Bot API message as kept for re-processing, without what identifies a person: users keep
// their id and bot flag (no names, username or language), private chats their id, forward
// and signature names go, shared contacts keep only the user id, and text has its mentions
// masked. Channels and groups are public by nature and keep their title and username.
import { isObject, type JsonObject } from '../social/json-fields.js';
import { maskMentions } from './message-entities.js';

const NAME_FIELDS = new Set([
  'author_signature',
  'forward_signature',
  'forward_sender_name',
  'sender_user_name',
]);

function isUser(value: JsonObject): boolean {
  return 'first_name' in value && (!('type' in value) || 'is_bot' in value);
}

function isPrivateChat(value: JsonObject): boolean {
  return value.type === 'private' && 'id' in value;
}

function masked(kept: JsonObject, textKey: string, entitiesKey: string): void {
  if (typeof kept[textKey] !== 'string') return;
  const result = maskMentions(kept[textKey] as string, kept[entitiesKey]);
  kept[textKey] = result.text;
  if (entitiesKey in kept) kept[entitiesKey] = result.entities;
}

export function scrubBotApi(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubBotApi);
  if (!isObject(value)) return value;
  if (isUser(value))
    return 'is_bot' in value ? { id: value.id, is_bot: value.is_bot } : { id: value.id };
  if (isPrivateChat(value)) return { id: value.id, type: value.type };
  const kept: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (NAME_FIELDS.has(key)) continue;
    if (key === 'contact') {
      kept.contact = isObject(item) && 'user_id' in item ? { user_id: item.user_id } : {};
      continue;
    }
    kept[key] = scrubBotApi(item);
  }
  masked(kept, 'text', 'entities');
  masked(kept, 'caption', 'caption_entities');
  return kept;
}
