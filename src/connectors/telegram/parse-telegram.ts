// `nghe social parse --platform telegram`: a Bot API JSON body (getUpdates, a webhook Update,
// a Message result) or the HTML of a public channel preview (t.me/s/<channel>, also as the
// JSON-quoted HTML its "load more" requests return) to mentions.
import type { CollectedMention } from '../../model.js';
import { parseJsonBody } from '../social/json-fields.js';
import { type ParseBodyOptions, UnreadableBodyError } from '../social/platform-module.js';
import { botApiMentions } from './bot-api.js';
import { channelPreviewMentions } from './channel-preview.js';

export function parseTelegram(body: string, _options: ParseBodyOptions = {}): CollectedMention[] {
  const trimmed = body.trim();
  if (trimmed.startsWith('<')) return channelPreviewMentions(trimmed);
  const value = parseJsonBody('telegram', body);
  if (typeof value === 'string') {
    if (!value.trim().startsWith('<')) {
      throw new UnreadableBodyError('telegram', 'a JSON string that is not preview HTML');
    }
    return channelPreviewMentions(value);
  }
  return botApiMentions(value);
}
