// The parsed form of a standing query ("topic"). Plain data: the parser builds it, the matcher,
// the topic index and the FTS5 compiler read it. Nodes keep the user's raw text; tokenisation
// into words happens where a node is compiled, with the same rules as document preparation.

/** Fields whose value is searched as text, word by word. `text` is the body. */
export type TextField = 'title' | 'text';

/** Fields whose value is compared whole (platform, language …) rather than searched as text. */
export type MetaField = 'source' | 'platform' | 'lang' | 'sentiment' | 'site' | 'place' | 'sector';

export type FieldName = TextField | MetaField;

export const TEXT_FIELDS: readonly TextField[] = ['title', 'text'];
export const META_FIELDS: readonly MetaField[] = [
  'source',
  'platform',
  'lang',
  'sentiment',
  'site',
  'place',
  'sector',
];

/**
 * A bare word as typed, e.g. `ngập`, `covid-19`, `ngập*`. A term whose text holds several words
 * (`covid-19` is `covid` `19`) matches them as a phrase.
 */
export interface TermNode {
  kind: 'term';
  text: string;
  /** `ngập*`: the last word matches any word that starts with it. */
  prefix: boolean;
  /** `=đường`: diacritics must match exactly instead of being folded away. */
  exact: boolean;
}

/** `"triều cường"`: consecutive words; `"kẹt xe"~5`: the words within a window, any order. */
export interface PhraseNode {
  kind: 'phrase';
  text: string;
  prefix: boolean;
  exact: boolean;
  /** Set by `~N`: the words may appear in any order, near each other (see NearNode). */
  proximity: number | null;
}

export type LeafNode = TermNode | PhraseNode;

/**
 * `a NEAR/5 b`: every operand occurs, in any order, with at most `distance` words between the
 * end of the earlier operands and the start of the last one (SQLite FTS5's NEAR rule).
 */
export interface NearNode {
  kind: 'near';
  operands: LeafNode[];
  distance: number;
}

/** `title:x`, `platform:(web OR x)`: the child is matched against one field only. */
export interface FieldNode {
  kind: 'field';
  field: FieldName;
  child: QueryNode;
}

export interface NotNode {
  kind: 'not';
  child: QueryNode;
}

export interface AndNode {
  kind: 'and';
  children: QueryNode[];
}

export interface OrNode {
  kind: 'or';
  children: QueryNode[];
}

export type QueryNode = TermNode | PhraseNode | NearNode | FieldNode | NotNode | AndNode | OrNode;

export function isTextField(field: FieldName): field is TextField {
  return field === 'title' || field === 'text';
}
