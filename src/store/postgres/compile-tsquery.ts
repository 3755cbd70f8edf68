// Turns a query tree into a PostgreSQL tsquery over the vector full-text.ts builds, plus the
// part a tsquery cannot express exactly. Contract for the caller:
//
//   rows WHERE fts @@ :tsquery::tsquery      -- skip when tsquery is null (cannot narrow)
//   then, when residual is not null, keep the rows the in-memory matcher accepts for the
//   whole query (src/query/match.ts is the definition; the tsquery only narrows)
//
// The vector holds folded words (tokenize().folded) with their positions, title words with
// weight A and body words with weight B. So a word is `'w'`, a prefix `'w':*`, a field `:A`/`:B`.
// Phrases are `<->` chains. Word positions are only compared within one field, so wherever
// positions matter over both fields the expression is written once per weight and ORed.
// NEAR (and `"a b"~N`) follows SQLite FTS5's rule (see nearMatcher in src/query/match.ts): with
// single-word operands `a NEAR/N b` is exactly `a <k> b | b <k> a` for k = 0 … N + 1; with more
// operands, or phrases as operands, it narrows by all operands present and the residual decides.
// Exact-diacritics words (`=đường`) narrow by their folded form; the residual checks accents.
import type { LeafNode, QueryNode, TextField } from '../../query/ast.js';
import { leafPatterns, type WordPattern } from '../../query/match.js';

export interface TsQuery {
  /** tsquery text, or null when nothing can be narrowed in the index. */
  tsquery: string | null;
  /** What the tsquery does not decide exactly; null when it is exact. */
  residual: QueryNode | null;
}

interface Compiled {
  /** Null: cannot narrow (every row is a candidate). */
  expr: string | null;
  /** True when expr matches exactly the rows the matcher accepts; else it is a superset. */
  exact: boolean;
}

const UNRESTRICTED: Compiled = { expr: null, exact: false };
const ALL_TEXT: readonly TextField[] = ['title', 'text'];
/** Widest NEAR written out exactly; wider ones narrow by their operands. */
const MAX_EXACT_NEAR = 32;
/** PostgreSQL refuses longer lexemes (in bytes); full-text.ts leaves such words out. */
export const MAX_LEXEME_BYTES = 2046;

export function compileToTsQuery(ast: QueryNode): TsQuery {
  const parts = ast.kind === 'and' ? ast.children : [ast];
  const positive: string[] = [];
  const negative: string[] = [];
  const residual: QueryNode[] = [];
  for (const part of parts) {
    if (part.kind === 'not') {
      const inner = compile(part.child, ALL_TEXT);
      if (inner.exact && inner.expr !== null) negative.push(`!${inner.expr}`);
      else residual.push(part);
      continue;
    }
    const compiled = compile(part, ALL_TEXT);
    if (compiled.expr !== null) positive.push(compiled.expr);
    if (!compiled.exact) residual.push(part);
  }
  // A tsquery has a unary NOT, but one that finds nothing to look for reads every row; the
  // caller scans then anyway, so only a query with something positive is narrowed.
  const tsquery = positive.length > 0 ? [...positive, ...negative].join(' & ') : null;
  if (tsquery === null) residual.push(...parts.filter((part) => part.kind === 'not'));
  const unique = [...new Set(residual)];
  return {
    tsquery,
    residual:
      unique.length === 0
        ? null
        : unique.length === 1
          ? unique[0]!
          : { kind: 'and', children: unique },
  };
}

function compile(node: QueryNode, fields: readonly TextField[]): Compiled {
  switch (node.kind) {
    case 'term':
    case 'phrase': {
      const patterns = foldedPatterns(node);
      if (patterns.some((pattern) => pattern.words.length === 0)) return UNRESTRICTED;
      const proximity = node.kind === 'phrase' ? node.proximity : null;
      const exact = !node.exact;
      if (proximity === null) return { expr: phrase(patterns[0]!, fields), exact };
      return near(patterns, proximity, fields, exact);
    }
    case 'near': {
      const patterns = node.operands.map((operand) => foldedPatterns(operand)[0]!);
      if (patterns.some((pattern) => pattern.words.length === 0)) return UNRESTRICTED;
      return near(
        patterns,
        node.distance,
        fields,
        node.operands.every((operand) => !operand.exact),
      );
    }
    case 'field':
      return node.field === 'title' || node.field === 'text'
        ? compile(node.child, [node.field])
        : UNRESTRICTED;
    case 'not': {
      const inner = compile(node.child, fields);
      // Excluding a superset would drop matches: only an exact child can be negated.
      return inner.exact && inner.expr !== null
        ? { expr: `!${inner.expr}`, exact: true }
        : UNRESTRICTED;
    }
    case 'and': {
      const parts: string[] = [];
      let exact = true;
      for (const child of node.children) {
        const compiled = compile(child, fields);
        if (compiled.expr !== null) parts.push(compiled.expr);
        exact &&= compiled.exact;
      }
      // Only negations left: true for most rows, nothing to look for.
      if (parts.length === 0 || parts.every((part) => part.startsWith('!'))) return UNRESTRICTED;
      return { expr: group(parts, '&'), exact };
    }
    case 'or': {
      const parts: string[] = [];
      let exact = true;
      for (const child of node.children) {
        const compiled = compile(child, fields);
        if (compiled.expr === null) return UNRESTRICTED;
        parts.push(compiled.expr);
        exact &&= compiled.exact;
      }
      return { expr: group(parts, '|'), exact };
    }
  }
}

/** The folded words of a leaf, also for `=exact` ones: the index holds folded words only. */
function foldedPatterns(node: LeafNode): WordPattern[] {
  return leafPatterns(node.exact ? { ...node, exact: false } : node);
}

function group(parts: string[], operator: '&' | '|'): string {
  return parts.length === 1 ? parts[0]! : `(${parts.join(` ${operator} `)})`;
}

function weightOf(field: TextField): string {
  return field === 'title' ? 'A' : 'B';
}

/** A lexeme in tsquery syntax: quoted, with its prefix and weight marks. */
function lexeme(word: string, prefix: boolean, weight: string): string {
  const quoted = `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  const marks = `${prefix ? '*' : ''}${weight}`;
  return marks === '' ? quoted : `${quoted}:${marks}`;
}

/** Consecutive words in one field: `a <-> b <-> c`. */
function chain(pattern: WordPattern, weight: string): string {
  const last = pattern.words.length - 1;
  const words = pattern.words.map((w, i) => lexeme(w.word, pattern.prefix && i === last, weight));
  return words.length === 1 ? words[0]! : `(${words.join(' <-> ')})`;
}

/** An expression per field, ORed; one unweighted lexeme when positions play no part. */
function perField(fields: readonly TextField[], build: (weight: string) => string): string {
  if (fields.length === 1) return build(weightOf(fields[0]!));
  return group(
    fields.map((field) => build(weightOf(field))),
    '|',
  );
}

function phrase(pattern: WordPattern, fields: readonly TextField[]): string {
  if (pattern.words.length === 1 && fields.length === ALL_TEXT.length) return chain(pattern, '');
  return perField(fields, (weight) => chain(pattern, weight));
}

function near(
  patterns: WordPattern[],
  distance: number,
  fields: readonly TextField[],
  foldedOnly: boolean,
): Compiled {
  const singleWords = patterns.every((pattern) => pattern.words.length === 1);
  if (patterns.length === 2 && singleWords && distance <= MAX_EXACT_NEAR) {
    const [a, b] = patterns as [WordPattern, WordPattern];
    const expr = perField(fields, (weight) => {
      const left = chain(a, weight);
      const right = chain(b, weight);
      const options: string[] = [];
      for (let k = 0; k <= distance + 1; k++) {
        options.push(`${left} <${k}> ${right}`, `${right} <${k}> ${left}`);
      }
      return group(options, '|');
    });
    return { expr, exact: foldedOnly };
  }
  // Every operand occurs in the same field: a superset.
  const expr = perField(fields, (weight) =>
    group(
      patterns.map((pattern) => chain(pattern, weight)),
      '&',
    ),
  );
  return { expr, exact: false };
}
