// Required words of a query, for the topic index: a set of folded words (or word prefixes) at
// least one of which occurs in every document the query matches. Documents without any of them
// need not be checked at all.
import type { LeafNode, QueryNode } from './ast.js';
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

/**
 * Anchors of a query, or null when it has none (it can match on metadata alone or through a
 * negation, e.g. `platform:x OR ngập`); such queries are checked against every document.
 */
export function anchorsOf(node: QueryNode): Anchor[] | null {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return [bestWord(leafAnchors(node))];
    case 'near':
      return [bestWord(node.operands.flatMap(leafAnchors))];
    case 'field':
      return node.field === 'title' || node.field === 'text' ? anchorsOf(node.child) : null;
    case 'not':
      return null;
    case 'and': {
      // Every child is required, so the cheapest child's anchors suffice.
      let best: Anchor[] | null = null;
      for (const child of node.children) {
        const anchors = anchorsOf(child);
        if (anchors && (best === null || cost(anchors) < cost(best))) best = anchors;
      }
      return best;
    }
    case 'or': {
      const union: Anchor[] = [];
      for (const child of node.children) {
        const anchors = anchorsOf(child);
        if (anchors === null) return null;
        union.push(...anchors);
      }
      return dedupe(union);
    }
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

/** Rough chance that a document contains the anchor: short, frequent and prefix words are likely. */
function weight(anchor: Anchor): number {
  const space = anchor.word.indexOf(' ');
  if (space >= 0) {
    const pairOfFrequent =
      FREQUENT.has(anchor.word.slice(0, space)) && FREQUENT.has(anchor.word.slice(space + 1));
    return pairOfFrequent ? 2 : 0.25;
  }
  const frequent = FREQUENT.has(anchor.word) ? 20 : 1;
  const prefix = anchor.prefix ? 3 : 1;
  return frequent * prefix * (1 + 4 / [...anchor.word].length);
}

function cost(anchors: Anchor[]): number {
  return anchors.reduce((sum, anchor) => sum + weight(anchor), 0);
}

function bestWord(candidates: Anchor[]): Anchor {
  let best = candidates[0]!;
  for (const candidate of candidates) if (weight(candidate) < weight(best)) best = candidate;
  return best;
}

function dedupe(anchors: Anchor[]): Anchor[] {
  const seen = new Map<string, Anchor>();
  for (const anchor of anchors) seen.set(`${anchor.prefix ? '*' : '='}${anchor.word}`, anchor);
  return [...seen.values()];
}
