// A post or message the platform reports deleted, when only its id is known: every field empty,
// the platform's own report kept as `raw`.
import type { CollectedMention, Platform } from '../../model.js';

export function deletedMention(
  platform: Platform,
  externalId: string,
  raw: unknown,
): CollectedMention {
  return {
    platform,
    externalId,
    url: null,
    author: null,
    publishedAt: null,
    updatedAt: null,
    language: null,
    title: null,
    text: '',
    html: null,
    categories: [],
    engagement: {},
    parentExternalId: null,
    deleted: true,
    raw,
  };
}
