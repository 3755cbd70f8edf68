import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { foldDiacritics, lowerNfc } from '../text/fold.js';
import type { QueryNode } from './ast.js';
import { compileToFts5, type FieldFilter, type Fts5Columns } from './compile-fts5.js';
import { randomDocument, randomQuery, seededRandom } from './fixtures/random-corpus.js';
import { formatQuery } from './format.js';
import { compilePreparedMatcher } from './match.js';
import { parseQuery } from './parse.js';
import { type MatchDocument, type PreparedDocument, prepareDocument } from './prepare.js';

const FOLDED_ONLY: Fts5Columns = { folded: { title: 'title', body: 'body' } };
const WITH_EXACT: Fts5Columns = {
  folded: { title: 'title', body: 'body' },
  exact: { title: 'title_exact', body: 'body_exact' },
};

/** A real FTS5 table laid out as the store lays it out: folded text, optional exact copies. */
function buildIndex(docs: MatchDocument[]): Database.Database {
  const db = new Database(':memory:');
  db.exec(
    'CREATE VIRTUAL TABLE t USING fts5(title, body, title_exact, body_exact, tokenize = "unicode61 remove_diacritics 0")',
  );
  const insert = db.prepare(
    'INSERT INTO t(rowid, title, body, title_exact, body_exact) VALUES (?, ?, ?, ?, ?)',
  );
  docs.forEach((doc, i) => {
    const title = doc.title ?? '';
    insert.run(
      i + 1,
      foldDiacritics(title),
      foldDiacritics(doc.text),
      lowerNfc(title),
      lowerNfc(doc.text),
    );
  });
  return db;
}

/** The FieldFilter contract, as a store would implement it in SQL. */
function passesFilter(doc: MatchDocument, filter: FieldFilter): boolean {
  let hit: boolean;
  if (filter.field === 'sourceId') {
    hit = filter.anyOf.some((id) => (doc.sourceIds ?? []).includes(id));
  } else {
    const column =
      filter.field === 'platform'
        ? doc.platform
        : filter.field === 'lang'
          ? doc.lang
          : doc.sentiment;
    const value = column?.toLowerCase() ?? null;
    hit =
      value !== null &&
      filter.anyOf.some(
        (wanted) => value === wanted || (filter.field === 'lang' && value.startsWith(`${wanted}-`)),
      );
  }
  return filter.negated ? !hit : hit;
}

function searchWithSqlite(
  db: Database.Database,
  docs: MatchDocument[],
  prepared: PreparedDocument[],
  ast: QueryNode,
  columns: Fts5Columns,
): number[] {
  const { match, filters, residual } = compileToFts5(ast, columns);
  const candidates =
    match === null
      ? docs.map((_, i) => i + 1)
      : (
          db.prepare('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid').all(match) as {
            rowid: number;
          }[]
        ).map((row) => row.rowid);
  const check = residual === null ? null : compilePreparedMatcher(residual);
  return candidates.filter((id) => {
    const doc = docs[id - 1]!;
    return (
      filters.every((filter) => passesFilter(doc, filter)) &&
      (check === null || check(prepared[id - 1]!))
    );
  });
}

function randomValidQueries(seed: number, count: number): QueryNode[] {
  const random = seededRandom(seed);
  const queries: QueryNode[] = [];
  while (queries.length < count) {
    try {
      queries.push(parseQuery(formatQuery(randomQuery(random, { metaFields: true, maxDepth: 3 }))));
    } catch {
      // pure-negative or nested fields: the parser refuses them, as it should
    }
  }
  return queries;
}

describe('compileToFts5 agrees with the in-memory matcher on a real FTS5 index', () => {
  const random = seededRandom(2026);
  const docs = Array.from({ length: 400 }, () => randomDocument(random));
  const prepared = docs.map(prepareDocument);
  const db = buildIndex(docs);
  const queries = randomValidQueries(7, 600);

  for (const [name, columns] of [
    ['folded index only', FOLDED_ONLY],
    ['folded and exact index', WITH_EXACT],
  ] as const) {
    it(`${name}: ${queries.length} random queries`, () => {
      let nonEmpty = 0;
      let narrowed = 0;
      for (const ast of queries) {
        const matcher = compilePreparedMatcher(ast);
        const expected = prepared.flatMap((doc, i) => (matcher(doc) ? [i + 1] : []));
        const actual = searchWithSqlite(db, docs, prepared, ast, columns);
        expect(actual, formatQuery(ast)).toEqual(expected);
        if (expected.length > 0 && expected.length < docs.length) nonEmpty++;
        if (compileToFts5(ast, columns).match !== null) narrowed++;
      }
      // The corpus must make queries discriminate, and most must be narrowed by FTS5.
      expect(nonEmpty).toBeGreaterThan(queries.length / 4);
      expect(narrowed).toBeGreaterThan(queries.length / 2);
    });
  }
});
