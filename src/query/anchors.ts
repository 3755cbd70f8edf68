// Required words of a query, for the topic index: a set of folded words (or word prefixes) at
// least one of which occurs in every document the query matches. Documents without any of them
// need not be checked at all.
import type { LeafNode, QueryNode, TextField } from './ast.js';
import { tokenize } from './tokenize.js';

export interface Anchor {
  /**
   * Folded word, or folded start of a word when `prefix`, or two consecutive folded words
   * joined by a space (a pair). Pairs matter for Vietnamese, where single syllables such as
   * "nội" or "điện" are common but "hà nội" or "mất điện" are not.
   */
  word: string;
  prefix: boolean;
}

/** Estimated share of documents that contain an anchor (0..1); lower makes a better anchor. */
export type AnchorWeight = (anchor: Anchor) => number;

/**
 * Anchors of a query, or null when it has none (it can match on metadata alone or through a
 * negation, e.g. `platform:x OR ngập`); such queries are checked against every document.
 * `weigh` ranks candidate anchors; without observed statistics a guess from word shape is used.
 */
export function anchorsOf(node: QueryNode, weigh: AnchorWeight = guessShare): Anchor[] | null {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return [lightest(leafAnchors(node), weigh)];
    case 'near':
      return [lightest(node.operands.flatMap(leafAnchors), weigh)];
    case 'field':
      return node.field === 'title' || node.field === 'text' ? anchorsOf(node.child, weigh) : null;
    case 'not':
      return null;
    case 'and': {
      // Every child is required, so the lightest child's anchors suffice.
      let best: Anchor[] | null = null;
      let bestWeight = Number.POSITIVE_INFINITY;
      for (const child of node.children) {
        const anchors = anchorsOf(child, weigh);
        if (anchors === null) continue;
        const weight = anchors.reduce((sum, anchor) => sum + weigh(anchor), 0);
        if (weight < bestWeight) {
          best = anchors;
          bestWeight = weight;
        }
      }
      return best;
    }
    case 'or': {
      const union: Anchor[] = [];
      for (const child of node.children) {
        const anchors = anchorsOf(child, weigh);
        if (anchors === null) return null;
        union.push(...anchors);
      }
      return dedupe(union);
    }
  }
}

/**
 * Anchor sets of the query's required parts, lightest first: the first is where the topic index
 * files the query, the others are cheap checks before the full evaluation. A query that is not
 * an AND has one required part, itself.
 */
export function requiredAnchorSets(node: QueryNode, weigh: AnchorWeight = guessShare): Anchor[][] {
  const parts = node.kind === 'and' ? node.children : [node];
  const sets: { anchors: Anchor[]; weight: number }[] = [];
  for (const part of parts) {
    const anchors = anchorsOf(part, weigh);
    if (anchors === null) continue;
    sets.push({ anchors, weight: anchors.reduce((sum, anchor) => sum + weigh(anchor), 0) });
  }
  return sets.sort((a, b) => a.weight - b.weight).map((set) => set.anchors);
}

/** A required part of a query: its anchors, and the one text field they must occur in, if any. */
export interface RequiredPart {
  anchors: Anchor[];
  field: TextField | null;
}

/**
 * Every required part of the query with its anchor set: the children of an AND (through nested
 * ANDs and title:/text: fields) and each operand of a NEAR, since a match needs all of them. A
 * document can only match when it holds one anchor of every part (in the part's field, when the
 * part sits under title: or text:), so the topic index counts parts per topic and evaluates only
 * topics whose count is complete. Parts that can match without words (negations, metadata) are
 * left out; an empty list means no anchor at all.
 */
export function requiredParts(
  node: QueryNode,
  weigh: AnchorWeight = guessShare,
  field: TextField | null = null,
): RequiredPart[] {
  switch (node.kind) {
    case 'and':
      return node.children.flatMap((child) => requiredParts(child, weigh, field));
    case 'near':
      return node.operands.map((operand) => ({
        anchors: [lightest(leafAnchors(operand), weigh)],
        field,
      }));
    case 'field':
      // A field inside another one searches nothing the outer one does not (match.ts narrows
      // to the innermost field), so the innermost decides.
      return node.field === 'title' || node.field === 'text'
        ? requiredParts(node.child, weigh, node.field)
        : [];
    default: {
      const anchors = anchorsOf(node, weigh);
      // anchorsOf does not follow fields: a title:/text: inside this part may search the other
      // field, so such a part is looked for in both.
      return anchors === null ? [] : [{ anchors, field: hasTextField(node) ? null : field }];
    }
  }
}

function hasTextField(node: QueryNode): boolean {
  switch (node.kind) {
    case 'field':
      return node.field === 'title' || node.field === 'text';
    case 'not':
      return hasTextField(node.child);
    case 'and':
    case 'or':
      return node.children.some(hasTextField);
    default:
      return false;
  }
}

function leafAnchors(node: LeafNode): Anchor[] {
  const tokens = tokenize(node.text);
  const last = tokens.length - 1;
  const anchors = tokens.map((token, i) => ({
    word: token.folded,
    prefix: node.prefix && i === last,
  }));
  const consecutive = node.kind === 'term' || node.proximity === null;
  // Exact words that fold into several words do not keep their folded neighbours, so exact
  // phrases are anchored by single words only.
  if (consecutive && !node.exact) {
    const pairsEnd = node.prefix ? last - 1 : last;
    for (let i = 0; i < pairsEnd; i++) {
      anchors.push({ word: `${tokens[i]!.folded} ${tokens[i + 1]!.folded}`, prefix: false });
    }
  }
  return anchors;
}

// Very frequent words make poor anchors: almost every document would be checked.
const FREQUENT = new Set([
  'va',
  'cua',
  'la',
  'co',
  'duoc',
  'cho',
  'khong',
  'nguoi',
  'nay',
  'nhung',
  'cac',
  'voi',
  'mot',
  'trong',
  'da',
  'thi',
  'de',
  'khi',
  'den',
  'tu',
  'nam',
  'ngay',
  'se',
  'ra',
  'o',
  'tai',
  've',
  'the',
  'a',
  'an',
  'of',
  'to',
  'and',
  'in',
  'is',
  'for',
  'on',
  'that',
  'with',
  'at',
  'by',
]);

/**
 * A guess at an anchor's document share from its shape: pairs of words are rarer than single
 * words, short words and wildcards are common, and a few function words are everywhere.
 */
export function guessShare(anchor: Anchor): number {
  const space = anchor.word.indexOf(' ');
  if (space >= 0) {
    const bothFrequent =
      FREQUENT.has(anchor.word.slice(0, space)) && FREQUENT.has(anchor.word.slice(space + 1));
    return bothFrequent ? 0.2 : 0.005;
  }
  if (FREQUENT.has(anchor.word)) return 0.5;
  const share = 0.01 * (1 + 4 / [...anchor.word].length);
  return anchor.prefix ? Math.min(1, share * 3) : share;
}

function lightest(candidates: Anchor[], weigh: AnchorWeight): Anchor {
  let best = candidates[0]!;
  let bestWeight = weigh(best);
  for (const candidate of candidates.slice(1)) {
    const weight = weigh(candidate);
    if (weight < bestWeight) {
      best = candidate;
      bestWeight = weight;
    }
  }
  return best;
}

function dedupe(anchors: Anchor[]): Anchor[] {
  const seen = new Map<string, Anchor>();
  for (const anchor of anchors) seen.set(`${anchor.prefix ? '*' : '='}${anchor.word}`, anchor);
  return [...seen.values()];
}
