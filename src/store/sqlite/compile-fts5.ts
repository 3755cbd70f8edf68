// Turns a query tree into an SQLite FTS5 MATCH expression for the store's search, plus the
// part FTS5 cannot express exactly. Contract for the caller:
//
//   rows WHERE rowid IN (SELECT rowid FROM fts WHERE fts MATCH :match)   -- skip if null
//   then, when residual is not null, keep the rows compileMatcher(query) accepts
//
// `match` null means FTS5 cannot narrow the search (e.g. `platform:web`, or `a OR -b` where a
// pure NOT sits inside an OR): the caller scans and checks. Fields other than title and text,
// exact diacritics (`=word`, narrowed by its folded form) and exclusions of a superset are left
// to the residual.
//
// The FTS5 table (mentions_fts) indexes `indexForm(title)` and `indexForm(text)` as columns
// `title` and `body` with `tokenize = "unicode61 remove_diacritics 0"` (folding is done before
// indexing).
import type { LeafNode, QueryNode, TextField } from '../../query/ast.js';
import { leafPatterns, type WordPattern } from '../../query/match.js';

export interface Fts5Query {
  match: string | null;
  residual: QueryNode | null;
}

/** An FTS5 expression for a node, or null for "cannot narrow"; `exact` when it is not a superset. */
interface Compiled {
  expr: string | null;
  exact: boolean;
}

const UNRESTRICTED: Compiled = { expr: null, exact: false };
const COLUMNS = { title: 'title', body: 'body' };

export function compileToFts5(ast: QueryNode): Fts5Query {
  const compiler = new Fts5Compiler();
  const parts = ast.kind === 'and' ? ast.children : [ast];
  const positive: string[] = [];
  const negative: string[] = [];
  const residual: QueryNode[] = [];
  const negatedExact: QueryNode[] = [];

  for (const part of parts) {
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
  return { match, residual: combineAnd(residual) };
}

const ALL_TEXT: readonly TextField[] = ['title', 'text'];

class Fts5Compiler {
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
    // The folded form narrows the search and the residual checks accents.
    const folded = exactDiacritics ? patterns.map(foldPattern) : patterns;
    const phrases = folded.map(quotePattern);
    const body = proximity === null ? phrases[0]! : `NEAR(${phrases.join(' ')}, ${proximity})`;
    return { expr: `${columnFilter(fields)} : ${body}`, exact: !exactDiacritics };
  }

  private near(operands: LeafNode[], distance: number, fields: readonly TextField[]): Compiled {
    const noneExact = operands.every((operand) => !operand.exact);
    const phrases = operands.map((operand) => {
      const pattern = leafPatterns(operand)[0]!;
      return quotePattern(operand.exact ? foldPattern(pattern) : pattern);
    });
    return {
      expr: `${columnFilter(fields)} : NEAR(${phrases.join(' ')}, ${distance})`,
      exact: noneExact,
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
}

function columnFilter(fields: readonly TextField[]): string {
  return `{${fields.map((field) => (field === 'title' ? COLUMNS.title : COLUMNS.body)).join(' ')}}`;
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
