// Turns a query tree into an SQLite FTS5 MATCH expression for the store's search, plus the
// parts FTS5 cannot express exactly. Contract for the caller:
//
//   result = rows WHERE rowid IN (SELECT rowid FROM fts WHERE fts MATCH :match)  -- skip if null
//                 AND every filter in `filters`                                    -- SQL on columns
//   then keep the rows for which compileMatcher(residual) is true                 -- skip if null
//
// `match` null means FTS5 cannot narrow the search (e.g. `platform:web`, or `a OR -b` where a
// pure NOT sits inside an OR): the caller scans, with the filters, and checks the residual.
//
// The FTS5 table indexes `foldDiacritics(title)` and `foldDiacritics(text)` with
// `tokenize = "unicode61 remove_diacritics 0"` (folding is done before indexing). Optional exact
// columns index `lowerNfc(...)` of the same texts in the same table; without them, `=word`
// queries are narrowed by their folded form and checked exactly in the residual.
import type { LeafNode, QueryNode, TextField } from '../../query/ast.js';
import { leafPatterns, type WordPattern } from '../../query/match.js';

export interface Fts5Columns {
  folded: { title: string; body: string };
  exact?: { title: string; body: string };
}

/**
 * An SQL-side condition on a mention column, from a top-level field filter:
 * - platform, sentiment: the lower-cased column equals one of `anyOf`;
 * - lang: the lower-cased column equals a value or starts with value + '-' ('vi' takes 'vi-VN');
 * - sourceId: the mention was reached through one of the source ids.
 * A NULL column satisfies no value. `negated` inverts the whole condition (NULL then passes).
 */
export type FieldFilter =
  | { field: 'platform' | 'sentiment' | 'lang'; anyOf: string[]; negated: boolean }
  | { field: 'sourceId'; anyOf: number[]; negated: boolean };

export interface Fts5Query {
  match: string | null;
  filters: FieldFilter[];
  residual: QueryNode | null;
}

/** An FTS5 expression for a node, or null for "cannot narrow"; `exact` when it is not a superset. */
interface Compiled {
  expr: string | null;
  exact: boolean;
}

const UNRESTRICTED: Compiled = { expr: null, exact: false };
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function compileToFts5(ast: QueryNode, columns: Fts5Columns): Fts5Query {
  for (const name of columnNames(columns)) {
    if (!COLUMN_NAME.test(name)) throw new Error(`not a safe FTS5 column name: ${name}`);
  }
  const compiler = new Fts5Compiler(columns);
  const parts = ast.kind === 'and' ? ast.children : [ast];
  const filters: FieldFilter[] = [];
  const positive: string[] = [];
  const negative: string[] = [];
  const residual: QueryNode[] = [];
  const negatedExact: QueryNode[] = [];

  for (const part of parts) {
    const filter = fieldFilter(part);
    if (filter) {
      filters.push(filter);
      continue;
    }
    if (part.kind === 'not') {
      const inner = compiler.compile(part.child, ALL_TEXT);
      if (inner.exact && inner.expr !== null) {
        negative.push(inner.expr);
        negatedExact.push(part);
      } else {
        residual.push(part);
      }
      continue;
    }
    const compiled = compiler.compile(part, ALL_TEXT);
    if (compiled.expr !== null) positive.push(compiled.expr);
    if (!compiled.exact) residual.push(part);
  }

  let match: string | null = null;
  if (positive.length > 0) {
    match = [joinAnd(positive), ...negative].join(' NOT ');
  } else {
    // FTS5 has no unary NOT: exclusions without anything to look for are checked in memory.
    residual.push(...negatedExact);
  }
  return { match, filters, residual: combineAnd(residual) };
}

const ALL_TEXT: readonly TextField[] = ['title', 'text'];

class Fts5Compiler {
  constructor(private readonly columns: Fts5Columns) {}

  compile(node: QueryNode, fields: readonly TextField[]): Compiled {
    switch (node.kind) {
      case 'term':
      case 'phrase': {
        const proximity = node.kind === 'phrase' ? node.proximity : null;
        return this.leaf(leafPatterns(node), proximity, node.exact, fields);
      }
      case 'near':
        return this.near(node.operands, node.distance, fields);
      case 'field':
        return node.field === 'title' || node.field === 'text'
          ? this.compile(node.child, [node.field])
          : UNRESTRICTED;
      case 'not':
        // Only expressible as the right side of a binary NOT; see 'and'.
        return UNRESTRICTED;
      case 'and':
        return this.and(node.children, fields);
      case 'or':
        return this.or(node.children, fields);
    }
  }

  private leaf(
    patterns: WordPattern[],
    proximity: number | null,
    exactDiacritics: boolean,
    fields: readonly TextField[],
  ): Compiled {
    const useExact = exactDiacritics && this.columns.exact !== undefined;
    // Without exact columns the folded form narrows the search and the residual checks accents.
    const folded = exactDiacritics && !useExact ? patterns.map(foldPattern) : patterns;
    const phrases = folded.map(quotePattern);
    const body = proximity === null ? phrases[0]! : `NEAR(${phrases.join(' ')}, ${proximity})`;
    return {
      expr: `${this.columnFilter(fields, useExact)} : ${body}`,
      exact: !exactDiacritics || useExact,
    };
  }

  private near(operands: LeafNode[], distance: number, fields: readonly TextField[]): Compiled {
    const allExact = operands.every((operand) => operand.exact);
    const noneExact = operands.every((operand) => !operand.exact);
    const useExact = allExact && this.columns.exact !== undefined;
    const phrases = operands.map((operand) => {
      const pattern = leafPatterns(operand)[0]!;
      return quotePattern(useExact || !operand.exact ? pattern : foldPattern(pattern));
    });
    return {
      expr: `${this.columnFilter(fields, useExact)} : NEAR(${phrases.join(' ')}, ${distance})`,
      exact: noneExact || useExact,
    };
  }

  private and(children: QueryNode[], fields: readonly TextField[]): Compiled {
    const positive: string[] = [];
    const negative: string[] = [];
    let exact = true;
    for (const child of children) {
      if (child.kind === 'not') {
        const inner = this.compile(child.child, fields);
        // A superset cannot be subtracted: dropping the exclusion keeps a superset.
        if (inner.exact && inner.expr !== null) negative.push(inner.expr);
        else exact = false;
        continue;
      }
      const compiled = this.compile(child, fields);
      if (compiled.expr !== null) positive.push(compiled.expr);
      exact &&= compiled.exact;
    }
    if (positive.length === 0) return UNRESTRICTED;
    return { expr: `(${[joinAnd(positive), ...negative].join(' NOT ')})`, exact };
  }

  private or(children: QueryNode[], fields: readonly TextField[]): Compiled {
    const parts: string[] = [];
    let exact = true;
    for (const child of children) {
      const compiled = this.compile(child, fields);
      if (compiled.expr === null) return UNRESTRICTED;
      parts.push(compiled.expr);
      exact &&= compiled.exact;
    }
    return { expr: `(${parts.join(' OR ')})`, exact };
  }

  private columnFilter(fields: readonly TextField[], exact: boolean): string {
    const set = exact ? this.columns.exact! : this.columns.folded;
    return `{${fields.map((field) => (field === 'title' ? set.title : set.body)).join(' ')}}`;
  }
}

/** A phrase in FTS5 string syntax. Words hold only letters, digits and marks, but quote anyway. */
function quotePattern(pattern: WordPattern): string {
  const words = pattern.words.map((word) => word.word.replace(/"/g, '""')).join(' ');
  return `"${words}"${pattern.prefix ? '*' : ''}`;
}

function foldPattern(pattern: WordPattern): WordPattern {
  return {
    prefix: pattern.prefix,
    words: pattern.words.map((word) => ({
      word: word.exact ? foldedWordOf(word.word) : word.word,
      exact: false,
    })),
  };
}

// An exact word folds to one folded word except for rare scripts; join them with spaces so the
// FTS5 tokenizer splits them into consecutive words as in the index.
function foldedWordOf(exactWord: string): string {
  return leafPatterns({ kind: 'term', text: exactWord, prefix: false, exact: false })[0]!
    .words.map((word) => word.word)
    .join(' ');
}

function joinAnd(parts: string[]): string {
  return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
}

function combineAnd(nodes: QueryNode[]): QueryNode | null {
  if (nodes.length === 0) return null;
  if (nodes.length === 1) return nodes[0]!;
  return { kind: 'and', children: nodes };
}

function columnNames(columns: Fts5Columns): string[] {
  const names = [columns.folded.title, columns.folded.body];
  if (columns.exact) names.push(columns.exact.title, columns.exact.body);
  return names;
}

/** A top-level field filter the store can check on its columns, or null. */
function fieldFilter(node: QueryNode): FieldFilter | null {
  const negated = node.kind === 'not';
  const target = negated ? node.child : node;
  if (target.kind !== 'field') return null;
  const values = plainValues(target.child);
  if (values === null) return null;
  switch (target.field) {
    case 'platform':
    case 'sentiment':
      return { field: target.field, anyOf: values.map((value) => value.toLowerCase()), negated };
    case 'lang':
      return {
        field: 'lang',
        anyOf: values.map((value) => value.toLowerCase().replace(/_/g, '-')),
        negated,
      };
    case 'source':
      if (!values.every((value) => /^\d+$/.test(value))) return null;
      return { field: 'sourceId', anyOf: values.map(Number), negated };
    default:
      // site: needs the host of the URL, place: and sector: the tagged places and sectors
      // (resolved through the gazetteer); they stay in the residual.
      return null;
  }
}

/**
 * The values of `x` or `(x OR y …)` when they compare the same folded or not: plain ASCII words
 * without wildcards. Anything else stays in the residual.
 */
function plainValues(node: QueryNode): string[] | null {
  const leaves = node.kind === 'or' ? node.children : [node];
  const values: string[] = [];
  for (const leaf of leaves) {
    if (leaf.kind !== 'term' && leaf.kind !== 'phrase') return null;
    if (leaf.prefix) return null;
    const value = leaf.text.trim();
    if (!/^[A-Za-z0-9_-]+$/.test(value)) return null;
    values.push(value);
  }
  return values;
}
