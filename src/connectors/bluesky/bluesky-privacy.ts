// The raw item kept for re-processing, without what identifies a person: every profile
// (post author, repost "by", reply grandparent author, quoted post author) keeps only its DID,
// labels, creation date and counts, never the handle, display name, avatar or bio; every post
// record's text has its mentions masked. Bluesky has no organisation accounts to keep named.
import { isObject, type JsonObject } from '../social/json-fields.js';
import { maskMentions } from './mention-facets.js';

const PROFILE_FIELDS = ['did', 'associated', 'labels', 'createdAt'];
const PROFILE_MARKERS = ['handle', 'displayName', 'avatar', 'description', 'banner'];

function isProfile(value: JsonObject): boolean {
  return typeof value.did === 'string' && PROFILE_MARKERS.some((key) => key in value);
}

export function scrubRaw(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubRaw);
  if (!isObject(value)) return value;
  if (isProfile(value)) {
    const kept: JsonObject = {};
    for (const key of PROFILE_FIELDS) if (key in value) kept[key] = value[key];
    return kept;
  }
  const kept: JsonObject = {};
  for (const [key, item] of Object.entries(value)) kept[key] = scrubRaw(item);
  if (typeof kept.text === 'string' && Array.isArray(kept.facets)) {
    const masked = maskMentions(kept.text, kept.facets);
    kept.text = masked.text;
    kept.facets = masked.facets;
  }
  return kept;
}
