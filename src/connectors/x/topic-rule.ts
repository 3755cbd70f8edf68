// A topic's query as an X search query or filtered-stream rule, translated conservatively: only
// what X matches the same way is kept (words, phrases, AND, OR, negated words, `lang:`), and a
// query with anything else is refused with the reason, so X never collects for a different
// question than the topic asks. X matches words without nghe's accent folding and has no prefix,
// proximity or title search.
import type { QueryNode } from '../../query/ast.js';

/** Rules and self-serve recent-search queries are at most 512 characters. */
export const MAX_RULE_LENGTH = 512;

export type TopicRule = { rule: string } | { refused: string };

class Refusal extends Error {}

const SIMPLE_WORD = /^[\p{L}\p{N}_]+$/u;
/** X's own operators, which a bare word must not be mistaken for. */
const OPERATOR_WORDS = new Set(['OR', 'AND', 'NOT']);

function quoted(text: string): string {
  if (text.includes('"')) throw new Refusal(`X cannot match a phrase with a quote in it: ${text}`);
  return `"${text}"`;
}

function leaf(node: QueryNode): string {
  if (node.kind === 'term') {
    if (node.prefix) throw new Refusal(`X has no prefix search (${node.text}*)`);
    if (node.exact) throw new Refusal(`X cannot require the same diacritics (=${node.text})`);
    const word = node.text.trim();
    return SIMPLE_WORD.test(word) && !OPERATOR_WORDS.has(word) ? word : quoted(word);
  }
  if (node.kind === 'phrase') {
    if (node.prefix) throw new Refusal(`X has no prefix search ("${node.text}"*)`);
    if (node.exact) throw new Refusal(`X cannot require the same diacritics (="${node.text}")`);
    if (node.proximity !== null) {
      throw new Refusal(`X has no proximity search ("${node.text}"~${node.proximity})`);
    }
    return quoted(node.text.trim());
  }
  throw new Refusal('unexpected node');
}

function translate(node: QueryNode, parent: 'and' | 'or' | 'top'): string {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return leaf(node);
    case 'near':
      throw new Refusal('X has no NEAR search');
    case 'field': {
      if (node.field === 'text') return translate(node.child, parent);
      if (
        node.field === 'lang' &&
        node.child.kind === 'term' &&
        /^[a-z]{2,3}$/i.test(node.child.text)
      ) {
        return `lang:${node.child.text.toLowerCase()}`;
      }
      throw new Refusal(`X cannot match ${node.field}: as nghe does`);
    }
    case 'not': {
      const child = node.child;
      // X negates single words, phrases and operators; a negated group reads ambiguously there.
      if (child.kind === 'term' || child.kind === 'phrase') return `-${leaf(child)}`;
      if (child.kind === 'field' && child.field === 'lang') return `-${translate(child, 'and')}`;
      throw new Refusal('X cannot negate a group; negate single words or phrases');
    }
    case 'and': {
      const joined = node.children.map((c) => translate(c, 'and')).join(' ');
      return parent === 'or' ? `(${joined})` : joined;
    }
    case 'or': {
      if (node.children.some((c) => c.kind === 'not')) {
        throw new Refusal('X cannot OR a negated word');
      }
      const joined = node.children.map((c) => translate(c, 'or')).join(' OR ');
      return parent === 'and' ? `(${joined})` : joined;
    }
  }
}

/** Whether every match needs a word or phrase: `lang:` and negations alone only narrow. */
function matchesWords(node: QueryNode): boolean {
  switch (node.kind) {
    case 'term':
    case 'phrase':
    case 'near':
      return true;
    case 'field':
      return node.field !== 'lang' && matchesWords(node.child);
    case 'not':
      return false;
    case 'and':
      return node.children.some(matchesWords);
    case 'or':
      return node.children.every(matchesWords);
  }
}

/** The query as X's search syntax, or why it cannot be one. */
export function topicRule(node: QueryNode): TopicRule {
  try {
    if (!matchesWords(node)) {
      return {
        refused: 'X needs at least one word or phrase to match; lang: and negations only narrow',
      };
    }
    const rule = translate(node, 'top');
    if (rule.length > MAX_RULE_LENGTH) {
      return {
        refused: `the query is ${rule.length} characters as X syntax; X takes ${MAX_RULE_LENGTH}`,
      };
    }
    return { rule };
  } catch (error) {
    if (error instanceof Refusal) return { refused: error.message };
    throw error;
  }
}
