// Compiles a query tree into a predicate over prepared documents: the definition of what a
// query means. The stores' full-text compilers (src/store/sqlite/compile-fts5.ts,
// src/store/postgres/compile-tsquery.ts) are held to it, so search and live topic matching
// agree: a word or phrase matches consecutive words inside one field (title or body), never across.
import { domainToASCII } from 'node:url';
import { foldDiacritics, lowerNfc } from '../text/fold.js';
import type { AndNode, LeafNode, MetaField, NotNode, OrNode, QueryNode, TextField } from './ast.js';
import { placeCodesOfQuery, sectorOfQuery } from './place-sector-values.js';
import {
  type FieldWords,
  type MatchDocument,
  type PreparedDocument,
  prepareDocument,
} from './prepare.js';
import type { SharedLeaves } from './shared-leaves.js';
import { tokenize, type WordToken } from './tokenize.js';

export type { MatchDocument, PreparedDocument } from './prepare.js';

export type PreparedMatcher = (doc: PreparedDocument) => boolean;

/** A predicate over raw documents; prepare once and use compilePreparedMatcher for many queries. */
export function compileMatcher(ast: QueryNode): (doc: MatchDocument) => boolean {
  const matcher = compilePreparedMatcher(ast);
  return (doc) => matcher(prepareDocument(doc));
}

/**
 * A predicate over prepared documents. Matchers compiled with the same `shared` evaluate each
 * distinct word, phrase or field value once per document (see SharedLeaves).
 */
export function compilePreparedMatcher(ast: QueryNode, shared?: SharedLeaves): PreparedMatcher {
  return compileText(ast, ALL_TEXT_FIELDS, shared);
}

function leaf(
  shared: SharedLeaves | undefined,
  key: () => string,
  build: () => PreparedMatcher,
): PreparedMatcher {
  return shared ? shared.intern(key(), build) : build();
}

const ALL_TEXT_FIELDS: readonly TextField[] = ['title', 'text'];

/** Words of a term or phrase, each compared folded or exact; `prefix` applies to the last. */
export interface WordPattern {
  words: { word: string; exact: boolean }[];
  prefix: boolean;
}

export function leafPatterns(node: LeafNode): WordPattern[] {
  const words = tokenize(node.text).map((token) => ({
    word: node.exact ? token.exact : token.folded,
    exact: node.exact,
  }));
  if (node.kind === 'phrase' && node.proximity !== null) {
    return words.map((word, i) => ({
      words: [word],
      prefix: node.prefix && i === words.length - 1,
    }));
  }
  return [{ words, prefix: node.prefix }];
}

function compileText(
  node: QueryNode,
  fields: readonly TextField[],
  shared: SharedLeaves | undefined,
): PreparedMatcher {
  const key = () => `${fields.join(',')}|${JSON.stringify(node)}`;
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return leaf(shared, key, () => {
        const patterns = leafPatterns(node);
        const proximity = node.kind === 'phrase' ? node.proximity : null;
        return proximity === null
          ? phraseMatcher(patterns[0]!, fields)
          : nearMatcher(patterns, proximity, fields);
      });
    case 'near':
      return leaf(shared, key, () =>
        nearMatcher(
          node.operands.map((operand) => leafPatterns(operand)[0]!),
          node.distance,
          fields,
        ),
      );
    case 'field':
      return node.field === 'title' || node.field === 'text'
        ? compileText(node.child, [node.field], shared)
        : compileMeta(node.child, node.field, shared);
    case 'not':
    case 'and':
    case 'or':
      return combine(node, (child) => compileText(child, fields, shared));
  }
}

/** A not/and/or node over its children, each compiled by `compileChild`. */
function combine(
  node: NotNode | AndNode | OrNode,
  compileChild: (child: QueryNode) => PreparedMatcher,
): PreparedMatcher {
  if (node.kind === 'not') {
    const child = compileChild(node.child);
    return (doc) => !child(doc);
  }
  const children = node.children.map(compileChild);
  return node.kind === 'and' ? allOf(children) : anyOf(children);
}

// Loops rather than every()/some() with arrow functions: these run for every candidate topic of
// every mention, and a closure per call shows up as garbage-collection time.
function allOf(children: PreparedMatcher[]): PreparedMatcher {
  return (doc) => {
    for (const child of children) if (!child(doc)) return false;
    return true;
  };
}

function anyOf(children: PreparedMatcher[]): PreparedMatcher {
  return (doc) => {
    for (const child of children) if (child(doc)) return true;
    return false;
  };
}

function phraseMatcher(pattern: WordPattern, fields: readonly TextField[]): PreparedMatcher {
  const [first, second] = fields as [TextField, TextField | undefined];
  const only = pattern.words[0]!;
  if (pattern.words.length === 1) {
    // The common cases, kept free of allocations: one word, or one word prefix.
    const { word, exact } = only;
    if (pattern.prefix) {
      if (second === undefined) return (doc) => doc[first].hasPrefix(word, exact);
      return (doc) => doc[first].hasPrefix(word, exact) || doc[second].hasPrefix(word, exact);
    }
    if (second === undefined) return (doc) => doc[first].has(word, exact);
    return (doc) => doc[first].has(word, exact) || doc[second].has(word, exact);
  }
  if (second === undefined) return (doc) => hasPhrase(doc[first], pattern);
  return (doc) => hasPhrase(doc[first], pattern) || hasPhrase(doc[second], pattern);
}

function hasPhrase(field: FieldWords, pattern: WordPattern): boolean {
  const { words, prefix } = pattern;
  const last = words.length - 1;
  // Cheap rejection first: every word must occur somewhere in the field.
  for (let i = 0; i <= last; i++) {
    const word = words[i]!;
    const found =
      prefix && i === last
        ? field.hasPrefix(word.word, word.exact)
        : field.has(word.word, word.exact);
    if (!found) return false;
  }
  const first = words[0]!;
  next: for (const start of field.positions(first.word, first.exact, prefix && last === 0)) {
    for (let i = 1; i <= last; i++) {
      const word = words[i]!;
      const list = field.positions(word.word, word.exact, prefix && i === last);
      if (!containsSorted(list, start + i)) continue next;
    }
    return true;
  }
  return false;
}

/** Start positions where the pattern's words occur consecutively. */
export function phraseStarts(field: FieldWords, pattern: WordPattern): readonly number[] {
  const last = pattern.words.length - 1;
  if (last === 0) {
    const only = pattern.words[0]!;
    return field.positions(only.word, only.exact, pattern.prefix);
  }
  const lists = pattern.words.map((word, i) =>
    field.positions(word.word, word.exact, pattern.prefix && i === last),
  );
  const first = lists[0];
  if (!first || lists.some((list) => list.length === 0)) return [];
  if (lists.length === 1) return first;
  return first.filter((start) => lists.every((list, i) => containsSorted(list, start + i)));
}

function nearMatcher(
  patterns: WordPattern[],
  distance: number,
  fields: readonly TextField[],
): PreparedMatcher {
  const count = patterns.length;
  const lengths = patterns.map((pattern) => pattern.words.length);
  // Start positions of each operand in the field being looked at; a matcher runs to completion
  // before it runs again, so one list serves every call.
  const starts: (readonly number[])[] = [];
  const inField = (field: FieldWords): boolean => {
    for (let i = 0; i < count; i++) {
      const list = phraseStarts(field, patterns[i]!);
      if (list.length === 0) return false;
      starts[i] = list;
    }
    for (let i = 0; i < count; i++) {
      const list = starts[i]!;
      for (let j = 0; j < list.length; j++) {
        if (withinWindow(starts, lengths, list[j]!, distance)) return true;
      }
    }
    return false;
  };
  const [first, second] = fields as [TextField, TextField | undefined];
  if (second === undefined) return (doc) => inField(doc[first]);
  return (doc) => inField(doc[first]) || inField(doc[second]);
}

// FTS5's NEAR rule: with `end` the latest start, each operand must start at or before it and
// finish at most `distance` words before it.
function withinWindow(
  starts: readonly (readonly number[])[],
  lengths: readonly number[],
  end: number,
  distance: number,
): boolean {
  for (let i = 0; i < lengths.length; i++) {
    const latest = latestAtOrBefore(starts[i]!, end);
    if (latest === null || end - latest - lengths[i]! > distance) return false;
  }
  return true;
}

function compileMeta(
  node: QueryNode,
  field: MetaField,
  shared: SharedLeaves | undefined,
): PreparedMatcher {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return leaf(
        shared,
        () => `${field}:|${JSON.stringify(node)}`,
        () => metaValueMatcher(node, field),
      );
    case 'not':
    case 'and':
    case 'or':
      return combine(node, (child) => compileMeta(child, field, shared));
    case 'near':
    case 'field':
      // The parser refuses these inside a meta field.
      throw new Error(`${node.kind} cannot be used inside ${field}:`);
  }
}

function metaValueMatcher(node: LeafNode, field: MetaField): PreparedMatcher {
  const normalise = node.exact ? lowerNfc : foldDiacritics;
  const value = normalise(node.text.trim());
  // Documents repeat a few platforms and sentiments: the last one normalised is remembered.
  let lastActual: string | null = null;
  let lastNormalised = '';
  const equals = (actual: string | null): boolean => {
    if (actual === null) return false;
    if (actual !== lastActual) {
      lastNormalised = normalise(actual);
      lastActual = actual;
    }
    return node.prefix ? lastNormalised.startsWith(value) : lastNormalised === value;
  };
  switch (field) {
    case 'platform':
      return (doc) => equals(doc.platform);
    case 'sentiment':
      return (doc) => equals(doc.sentiment);
    case 'lang': {
      const tag = value.replace(/_/g, '-');
      return (doc) =>
        doc.lang !== null &&
        (node.prefix
          ? doc.lang.startsWith(tag)
          : doc.lang === tag || doc.lang.startsWith(`${tag}-`));
    }
    case 'site': {
      const host = siteHost(node.text);
      return (doc) => doc.host !== null && (doc.host === host || doc.host.endsWith(`.${host}`));
    }
    case 'source': {
      if (/^\d+$/.test(value)) {
        const id = Number(value);
        return (doc) => doc.sourceIds.includes(id);
      }
      const pattern = namePattern(node);
      return (doc) => doc.sourceNames.some((name) => containsWords(name, pattern));
    }
    case 'place': {
      const codes = placeCodesOfQuery(node.text);
      return (doc) => codes.some((code) => doc.places.has(code));
    }
    case 'sector': {
      const id = sectorOfQuery(node.text);
      return (doc) => doc.sectors.has(id);
    }
  }
}

/** `site:` accepts a bare host or a pasted URL; the match is on the host and its subdomains. */
export function siteHost(text: string): string {
  const trimmed = text
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const host = trimmed.replace(/[/?#].*$/, '').replace(/\.$/, '');
  // URLs carry non-ASCII hosts in punycode; compare in that form.
  return domainToASCII(host) || host;
}

function namePattern(node: LeafNode): WordPattern {
  return leafPatterns({ ...node, kind: 'term' })[0]!;
}

/** Whether a short name (a source's) holds the pattern's words consecutively. */
function containsWords(name: readonly WordToken[], pattern: WordPattern): boolean {
  const count = pattern.words.length;
  if (count === 0) return false;
  for (let start = 0; start + count <= name.length; start++) {
    const all = pattern.words.every((word, i) => {
      const token = name[start + i]!;
      const actual = word.exact ? token.exact : token.folded;
      return pattern.prefix && i === count - 1
        ? actual.startsWith(word.word)
        : actual === word.word;
    });
    if (all) return true;
  }
  return false;
}

function containsSorted(list: readonly number[], value: number): boolean {
  const at = latestAtOrBefore(list, value);
  return at === value;
}

function latestAtOrBefore(list: readonly number[], value: number): number | null {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low === 0 ? null : list[low - 1]!;
}
