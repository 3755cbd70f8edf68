// Recursive-descent parser for the topic query language (grammar and examples in SYNTAX.md).
// Precedence, tightest first: field:value, NEAR, NOT / -, AND (also implicit), OR.
import {
  type FieldName,
  isTextField,
  type LeafNode,
  type NearNode,
  type QueryNode,
} from './ast.js';
import { describeAt, lex, type Token } from './lex.js';
import { placeSectorProblem } from './place-sector-values.js';
import type { QuerySyntaxCode, QuerySyntaxParams } from './syntax-codes.js';
import { QuerySyntaxError } from './syntax-error.js';
import { tokenize } from './tokenize.js';

export { QuerySyntaxError } from './syntax-error.js';

export const MAX_QUERY_LENGTH = 4000;
export const MAX_QUERY_DEPTH = 32;
export const MAX_QUERY_TERMS = 500;
/** `ab*` at the least: one-letter prefixes match most of the vocabulary. */
export const MIN_PREFIX_LENGTH = 2;

const OPERAND = "a term, phrase or '('";

/** What `sentiment:` can match: the analysed classes. */
const SENTIMENT_VALUES = ['positive', 'neutral', 'negative'] as const;

function isSentimentValue(text: string): boolean {
  return (SENTIMENT_VALUES as readonly string[]).includes(text.trim().toLowerCase());
}

type Context = { kind: 'top' } | { kind: 'text' } | { kind: 'meta'; field: FieldName };

export function parseQuery(input: string): QueryNode {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new QuerySyntaxError(MAX_QUERY_LENGTH, 'end of query', 'query_too_long', {
      length: input.length,
      maximum: MAX_QUERY_LENGTH,
    });
  }
  return new Parser(input).parse();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;
  private terms = 0;

  constructor(private readonly input: string) {
    this.tokens = lex(input);
  }

  parse(): QueryNode {
    const node = this.parseOr({ kind: 'top' });
    const next = this.peek();
    if (next.type !== 'eof') {
      if (next.type === 'rparen') {
        throw this.error(next, 'end of query', 'query_unmatched_paren', {});
      }
      throw this.error(next, 'end of query', 'query_unexpected_token', {
        expected: 'end of query',
        found: this.found(next),
      });
    }
    if (matchesEmptyDocument(node)) {
      throw new QuerySyntaxError(0, 'a term to look for', 'query_only_excludes', {});
    }
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.type !== 'eof') this.index++;
    return token;
  }

  private parseOr(context: Context): QueryNode {
    const children = [this.parseAnd(context)];
    while (this.peek().type === 'or') {
      this.next();
      children.push(this.parseAnd(context));
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }

  private parseAnd(context: Context): QueryNode {
    const children = [this.parseUnary(context)];
    for (;;) {
      const token = this.peek();
      if (token.type === 'and') {
        this.next();
      } else if (!startsOperand(token)) {
        break;
      }
      children.push(this.parseUnary(context));
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }

  private parseUnary(context: Context): QueryNode {
    const token = this.peek();
    if (token.type === 'not' || token.type === 'minus') {
      this.next();
      this.enter(token);
      const child = this.parseUnary(context);
      this.depth--;
      return { kind: 'not', child };
    }
    return this.parseNear(context);
  }

  private parseNear(context: Context): QueryNode {
    const firstToken = this.peek();
    const first = this.parsePrimary(context);
    if (this.peek().type !== 'near') return first;
    const operands: LeafNode[] = [this.nearOperand(first, firstToken)];
    let distance: number | null = null;
    while (this.peek().type === 'near') {
      const near = this.next() as Extract<Token, { type: 'near' }>;
      if (context.kind === 'meta') {
        throw this.error(near, 'a value', 'query_near_in_field', { queryField: context.field });
      }
      if (distance !== null && distance !== near.distance) {
        throw this.error(near, `NEAR/${distance}`, 'query_near_mixed_distance', {
          first: distance,
          second: near.distance,
        });
      }
      distance = near.distance;
      const operandToken = this.peek();
      operands.push(this.nearOperand(this.parsePrimary(context), operandToken));
    }
    const node: NearNode = { kind: 'near', operands, distance: distance! };
    return node;
  }

  private nearOperand(node: QueryNode, at: Token): LeafNode {
    if (
      (node.kind === 'term' || node.kind === 'phrase') &&
      !('proximity' in node && node.proximity !== null)
    ) {
      return node;
    }
    throw this.error(at, 'a term or phrase', 'query_near_operand', {});
  }

  private parsePrimary(context: Context): QueryNode {
    const token = this.next();
    switch (token.type) {
      case 'lparen': {
        this.enter(token);
        const node = this.parseOr(context);
        const close = this.next();
        if (close.type !== 'rparen') {
          throw this.error(close, "')'", 'query_unexpected_token', {
            expected: "')'",
            found: this.found(close),
          });
        }
        this.depth--;
        return node;
      }
      case 'field':
        return this.parseField(token, context);
      case 'term':
      case 'phrase':
        return this.leaf(token, context);
      default:
        throw this.error(token, OPERAND, 'query_unexpected_token', {
          expected: OPERAND,
          found: this.found(token),
        });
    }
  }

  private parseField(token: Extract<Token, { type: 'field' }>, context: Context): QueryNode {
    if (context.kind !== 'top') {
      throw this.error(token, OPERAND, 'query_nested_field', { queryField: token.field });
    }
    const value = this.peek();
    if (
      value.position !== token.end ||
      !(value.type === 'term' || value.type === 'phrase' || value.type === 'lparen')
    ) {
      throw new QuerySyntaxError(token.end, OPERAND, 'query_missing_value', {
        queryField: token.field,
        found: describeAt(this.input, token.end),
      });
    }
    const inner: Context = isTextField(token.field)
      ? { kind: 'text' }
      : { kind: 'meta', field: token.field };
    const child = this.parsePrimary(inner);
    return { kind: 'field', field: token.field, child };
  }

  private leaf(token: Extract<Token, { type: 'term' | 'phrase' }>, context: Context): LeafNode {
    this.terms++;
    if (this.terms > MAX_QUERY_TERMS) {
      throw this.error(token, 'end of query', 'query_too_many_terms', {
        maximum: MAX_QUERY_TERMS,
      });
    }
    const proximity = token.type === 'phrase' ? token.proximity : null;
    if (context.kind === 'meta') {
      this.checkMetaValue(token, context.field, proximity);
    } else {
      this.checkTextValue(token, proximity);
    }
    if (token.type === 'term') {
      return { kind: 'term', text: token.text, prefix: token.prefix, exact: token.exact };
    }
    return {
      kind: 'phrase',
      text: token.text,
      prefix: token.prefix,
      exact: token.exact,
      proximity,
    };
  }

  private checkTextValue(
    token: Extract<Token, { type: 'term' | 'phrase' }>,
    proximity: number | null,
  ): void {
    const words = tokenize(token.text);
    const last = words[words.length - 1];
    if (!last) {
      if (token.type === 'phrase') {
        throw this.error(token, 'a word with letters or digits', 'query_phrase_no_letters', {});
      }
      throw this.error(token, 'a word with letters or digits', 'query_no_letters', {
        token: token.text,
      });
    }
    if (token.prefix && [...last.folded].length < MIN_PREFIX_LENGTH) {
      throw this.error(
        token,
        `at least ${MIN_PREFIX_LENGTH} letters before '*'`,
        'query_short_prefix',
        { minimum: MIN_PREFIX_LENGTH },
      );
    }
    if (proximity !== null && words.length < 2) {
      throw this.error(token, 'a phrase of two or more words', 'query_proximity_one_word', {});
    }
  }

  private checkMetaValue(
    token: Extract<Token, { type: 'term' | 'phrase' }>,
    field: FieldName,
    proximity: number | null,
  ): void {
    if (proximity !== null) {
      throw this.error(token, 'a value', 'query_proximity_in_field', { queryField: field });
    }
    if (token.text.trim() === '') {
      throw this.error(token, 'a value', 'query_empty_value', { queryField: field });
    }
    if (field === 'sentiment' && !token.prefix && !isSentimentValue(token.text)) {
      const value = token.text.trim();
      const allowed = SENTIMENT_VALUES.join(', ');
      throw this.error(token, `one of ${allowed}`, 'query_unknown_value', {
        queryField: 'sentiment',
        value,
        allowed,
      });
    }
    if (field === 'place' || field === 'sector') {
      const problem = placeSectorProblem(field, token.text, token.prefix);
      if (problem !== null) {
        // The union of codes defeats inference; each code's params were checked where made.
        throw new QuerySyntaxError(
          token.position,
          problem.expected,
          problem.code as QuerySyntaxCode,
          problem.params as never,
        );
      }
    }
    if (token.prefix && field === 'site') {
      throw this.error(token, 'a host name', 'query_site_wildcard', {});
    }
    if (token.prefix && [...token.text].length < MIN_PREFIX_LENGTH) {
      throw this.error(
        token,
        `at least ${MIN_PREFIX_LENGTH} letters before '*'`,
        'query_short_prefix',
        { minimum: MIN_PREFIX_LENGTH },
      );
    }
  }

  private enter(token: Token): void {
    this.depth++;
    if (this.depth > MAX_QUERY_DEPTH) {
      throw this.error(token, 'a flatter query', 'query_too_deep', { maximum: MAX_QUERY_DEPTH });
    }
  }

  private found(token: Token): string {
    return describeAt(this.input, token.position);
  }

  private error<C extends QuerySyntaxCode>(
    token: Token,
    expected: string,
    code: C,
    params: QuerySyntaxParams<C>,
  ): QuerySyntaxError<C> {
    return new QuerySyntaxError(token.position, expected, code, params);
  }
}

function startsOperand(token: Token): boolean {
  return (
    token.type === 'term' ||
    token.type === 'phrase' ||
    token.type === 'lparen' ||
    token.type === 'field' ||
    token.type === 'not' ||
    token.type === 'minus'
  );
}

/**
 * Whether the query would match a document with no text and no metadata: then it only excludes
 * things, and as a standing query it would match nearly everything.
 */
export function matchesEmptyDocument(node: QueryNode): boolean {
  switch (node.kind) {
    case 'term':
    case 'phrase':
    case 'near':
      return false;
    case 'field':
      return matchesEmptyDocument(node.child);
    case 'not':
      return !matchesEmptyDocument(node.child);
    case 'and':
      return node.children.every(matchesEmptyDocument);
    case 'or':
      return node.children.some(matchesEmptyDocument);
  }
}
