// A topic's full evaluation inside the topic index, as a small program in an Int32Array run by
// one interpreter. Words, word prefixes and two-word phrases are exactly what the index's
// anchors are (see anchors.ts), and the index has already looked every anchor up in the
// document, so those leaves are one typed-array read. Every other leaf (longer phrases, exact
// diacritics, NEAR, proximity, metadata fields) is the plain matcher's, so the semantics are
// match.ts's throughout. With thousands of topics, a tree of closures per topic is mostly cold
// code and scattered memory; one hot interpreter over compact arrays is several times faster.
import type { Anchor } from './anchors.js';
import type { LeafNode, QueryNode, TextField } from './ast.js';
import { compilePreparedMatcher, type PreparedMatcher } from './match.js';
import type { PreparedDocument } from './prepare.js';
import type { SharedLeaves } from './shared-leaves.js';
import { tokenize } from './tokenize.js';

/** Every instruction is [op, size, ...operands]; size counts the instruction and its children. */
const ANCHOR = 0; // [ANCHOR, 3, anchor id in the index's AnchorSpace]
const PLAIN = 1; // [PLAIN, 3, index into plains]
const NOT = 2; // [NOT, size, child]
const AND = 3; // [AND, size, ...children]
const OR = 4; // [OR, size, ...children]

export interface TopicProgram {
  code: Int32Array;
  plains: PreparedMatcher[];
}

/**
 * Which anchors the current document holds: `seen[id] === generation` (see AnchorSpace in
 * topic-index-anchors.ts).
 */
export interface AnchorHits {
  readonly seen: Int32Array;
  readonly generation: number;
}

/** Registers an anchor in the table for `field` (null: either field); its id in the space. */
export type AnchorSlot = (anchor: Anchor, field: TextField | null) => number;

export function compileTopicProgram(
  ast: QueryNode,
  shared: SharedLeaves,
  anchorSlot: AnchorSlot,
): TopicProgram {
  const code: number[] = [];
  const plains: PreparedMatcher[] = [];
  const emit = (node: QueryNode, field: TextField | null): void => {
    const plain = (matcher: PreparedMatcher): void => {
      code.push(PLAIN, 3, plains.length);
      plains.push(matcher);
    };
    switch (node.kind) {
      case 'term':
      case 'phrase': {
        const anchor = leafAnchor(node);
        if (anchor === null) {
          plain(plainMatcher(node, field, shared));
        } else {
          code.push(ANCHOR, 3, anchorSlot(anchor, field));
        }
        return;
      }
      case 'near':
        plain(plainMatcher(node, field, shared));
        return;
      case 'field':
        if (node.field === 'title' || node.field === 'text') emit(node.child, node.field);
        else plain(compilePreparedMatcher(node, shared));
        return;
      case 'not':
      case 'and':
      case 'or': {
        const at = code.length;
        code.push(node.kind === 'not' ? NOT : node.kind === 'and' ? AND : OR, 0);
        for (const child of node.kind === 'not' ? [node.child] : node.children) emit(child, field);
        code[at + 1] = code.length - at;
      }
    }
  };
  emit(ast, null);
  return { code: Int32Array.from(code), plains };
}

/**
 * Runs the program that starts at `at` in `code` against the document the anchor hits belong
 * to; `plains` are the matchers its PLAIN instructions name.
 */
export function runProgram(
  code: Int32Array,
  at: number,
  plains: PreparedMatcher[],
  doc: PreparedDocument,
  hits: AnchorHits,
): boolean {
  switch (code[at]) {
    case ANCHOR:
      return hits.seen[code[at + 2]!] === hits.generation;
    case PLAIN:
      return plains[code[at + 2]!]!(doc);
    case NOT:
      return !runProgram(code, at + 2, plains, doc, hits);
    case AND: {
      const end = at + code[at + 1]!;
      for (let child = at + 2; child < end; child += code[child + 1]!) {
        if (!runProgram(code, child, plains, doc, hits)) return false;
      }
      return true;
    }
    default: {
      const end = at + code[at + 1]!;
      for (let child = at + 2; child < end; child += code[child + 1]!) {
        if (runProgram(code, child, plains, doc, hits)) return true;
      }
      return false;
    }
  }
}

/** The plain matcher of a node, searched in `field` only when one is given. */
function plainMatcher(
  node: QueryNode,
  field: TextField | null,
  shared: SharedLeaves,
): PreparedMatcher {
  return compilePreparedMatcher(
    field === null ? node : { kind: 'field', field, child: node },
    shared,
  );
}

/**
 * The single anchor whose presence is exactly the leaf's match: one folded word, one folded
 * word prefix, or two consecutive folded words. Null for anything else.
 */
export function leafAnchor(node: LeafNode): Anchor | null {
  if (node.exact || (node.kind === 'phrase' && node.proximity !== null)) return null;
  const tokens = tokenize(node.text);
  if (tokens.length === 1) return { word: tokens[0]!.folded, prefix: node.prefix };
  if (tokens.length === 2 && !node.prefix) {
    return { word: `${tokens[0]!.folded} ${tokens[1]!.folded}`, prefix: false };
  }
  return null;
}
