// Columns of a stored mention's row that both dialects hold under the same names, in one order:
// what was collected, what analysis wrote, and the classifier's probabilities with the share cell
// they count in. Each writer puts its own keys (search key, sort time, full text) between them.

export const MENTION_COLLECTED_COLUMNS = [
  'id',
  'platform',
  'external_id',
  'canonical_url',
  'author_key',
  'author_name',
  'author_kind',
  'published_at',
  'collected_at',
  'language',
  'title',
  'text',
  'html',
  'categories',
  'engagement',
  'parent_id',
  'parent_external_id',
  'thread_root_id',
  'thread_root_external_id',
  'updated_at',
  'deleted_at',
  'raw',
] as const;

export const MENTION_ANALYSIS_COLUMNS = [
  'lang',
  'sentiment',
  'sentiment_confidence',
  'keywords',
] as const;

export const MENTION_SHARE_COLUMNS = [
  'prob_negative',
  'prob_neutral',
  'prob_positive',
  'share_group',
  'share_cell',
] as const;
