import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { QueryNode } from '../../query/ast.js';
import { randomDocument, randomQuery, seededRandom } from '../../query/fixtures/random-corpus.js';
import { formatQuery } from '../../query/format.js';
import { compilePreparedMatcher } from '../../query/match.js';
import { parseQuery, QuerySyntaxError } from '../../query/parse.js';
import { type MatchDocument, type PreparedDocument, prepareDocument } from '../../query/prepare.js';
import { indexForm } from '../search-terms.js';
import { compileToFts5 } from './compile-fts5.js';

/** A real FTS5 table laid out as the store lays out mentions_fts. */
function buildIndex(docs: MatchDocument[]): Database.Database {
  const db = new Database(':memory:');
  db.exec(
    'CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize = "unicode61 remove_diacritics 0")',
  );
  const insert = db.prepare('INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)');
  docs.forEach((doc, i) => {
    insert.run(i + 1, indexForm(doc.title ?? ''), indexForm(doc.text));
  });
  return db;
}

function searchWithSqlite(
  db: Database.Database,
  docs: MatchDocument[],
  prepared: PreparedDocument[],
  ast: QueryNode,
): number[] {
  const { match, residual } = compileToFts5(ast);
  const candidates =
    match === null
      ? docs.map((_, i) => i + 1)
      : (
          db.prepare('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid').all(match) as {
            rowid: number;
          }[]
        ).map((row) => row.rowid);
  // The whole query decides where the match is not exact, as the store does.
  const check = residual === null ? null : compilePreparedMatcher(ast);
  return candidates.filter((id) => check === null || check(prepared[id - 1]!));
}

describe('compileToFts5: shape of the output', () => {
  it('leaves fields other than title and text to the residual', () => {
    const ast = parseQuery('ngập* platform:(web OR x) -lang:en -"quảng cáo"');
    const compiled = compileToFts5(ast);
    expect(compiled.match).toBe('{title body} : "ngap"* NOT {title body} : "quang cao"');
    expect(compiled.residual).toEqual({
      kind: 'and',
      children: ast.kind === 'and' ? ast.children.slice(1, 3) : [],
    });
  });
  it('narrows exact diacritics by the folded form', () => {
    const ast = parseQuery('title:=đường "kẹt xe"~3');
    expect(compileToFts5(ast)).toEqual({
      match: '({title} : "duong" AND {title body} : NEAR("ket" "xe", 3))',
      residual: {
        kind: 'field',
        field: 'title',
        child: { kind: 'term', text: 'đường', prefix: false, exact: true },
      },
    });
  });
  it('leaves a negation inside OR to the residual, with nothing to narrow by', () => {
    const ast = parseQuery('(ngập OR -bão) lũ');
    expect(compileToFts5(ast)).toEqual({
      match: '{title body} : "lu"',
      residual: ast.kind === 'and' ? ast.children[0] : 'not an AND',
    });
    const alone = parseQuery('site:vnexpress.net OR platform:x');
    expect(compileToFts5(alone)).toEqual({ match: null, residual: alone });
  });
});

describe('compileToFts5: hostile input stays data', () => {
  const docs: MatchDocument[] = [
    'rock and roll: NEAR the end',
    'a "quoted" word* ^caret {title}: body',
    'AND OR NOT near',
    'Thủ Đức ngập nặng',
  ].map((text) => ({ title: null, text, platform: 'web', lang: null, sentiment: null, url: null }));
  const prepared = docs.map(prepareDocument);
  const db = buildIndex(docs);
  const hostile = [
    '"rock AND roll"',
    '"NEAR the"',
    '"NEAR(x"',
    '"{title}: body"',
    '{title}:body',
    'body:x OR title',
    '^caret',
    'word^',
    '"quoted" word*',
    "'single' ;--DROP",
    '"a OR b" NOT "c"',
    'x:y:z',
    '"a*b" OR "x:yz"*',
    'thủ* ĐỨC',
  ];
  for (const input of hostile) {
    it(`runs ${JSON.stringify(input)} without FTS5 errors and agrees with the matcher`, () => {
      const ast = parseQuery(input);
      const matcher = compilePreparedMatcher(ast);
      const expected = prepared.flatMap((doc, i) => (matcher(doc) ? [i + 1] : []));
      expect(searchWithSqlite(db, docs, prepared, ast)).toEqual(expected);
    });
  }
});

describe('query text fuzzing', () => {
  const pieces = [
    '(',
    ')',
    '"',
    '-',
    '=',
    '*',
    '~',
    '~3',
    ':',
    '/',
    ' ',
    ' ',
    ' ',
    'AND',
    'OR',
    'NOT',
    'NEAR',
    'NEAR/2',
    'title:',
    'text:',
    'platform:',
    'site:',
    'lang:',
    'ngập',
    'Hà',
    'nội',
    'xe',
    'ab',
    '{',
    '^',
    '5',
    'đ',
  ];
  const docs = Array.from({ length: 60 }, (_, i) => randomDocument(seededRandom(i)));
  const prepared = docs.map(prepareDocument);
  const db = buildIndex(docs);

  it("either refuses input with a QuerySyntaxError or runs it on FTS5 with the matcher's answer", () => {
    const random = seededRandom(11);
    let parsed = 0;
    for (let i = 0; i < 3000; i++) {
      const input = Array.from(
        { length: 1 + Math.floor(random() * 9) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
      let ast: QueryNode;
      try {
        ast = parseQuery(input);
      } catch (error) {
        expect(error, input).toBeInstanceOf(QuerySyntaxError);
        const { position } = error as QuerySyntaxError;
        expect(position, input).toBeGreaterThanOrEqual(0);
        expect(position, input).toBeLessThanOrEqual(input.length);
        continue;
      }
      parsed++;
      const matcher = compilePreparedMatcher(ast);
      const expected = prepared.flatMap((doc, j) => (matcher(doc) ? [j + 1] : []));
      expect(searchWithSqlite(db, docs, prepared, ast), input).toEqual(expected);
    }
    expect(parsed).toBeGreaterThan(500);
  });
});

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
  const docs = Array.from({ length: 300 }, () => randomDocument(random));
  const prepared = docs.map(prepareDocument);
  const db = buildIndex(docs);
  const queries = randomValidQueries(7, 400);

  it(`${queries.length} random queries`, () => {
    let nonEmpty = 0;
    let narrowed = 0;
    for (const ast of queries) {
      const matcher = compilePreparedMatcher(ast);
      const expected = prepared.flatMap((doc, i) => (matcher(doc) ? [i + 1] : []));
      const actual = searchWithSqlite(db, docs, prepared, ast);
      expect(actual, formatQuery(ast)).toEqual(expected);
      if (expected.length > 0 && expected.length < docs.length) nonEmpty++;
      if (compileToFts5(ast).match !== null) narrowed++;
    }
    // The corpus must make queries discriminate, and most must be narrowed by FTS5.
    expect(nonEmpty).toBeGreaterThan(queries.length / 4);
    expect(narrowed).toBeGreaterThan(queries.length / 2);
  });
});
