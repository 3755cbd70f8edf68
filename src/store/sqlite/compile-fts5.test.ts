import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { QueryNode } from '../../query/ast.js';
import { randomDocument, randomQuery, seededRandom } from '../../query/fixtures/random-corpus.js';
import { formatQuery } from '../../query/format.js';
import { compilePreparedMatcher } from '../../query/match.js';
import { parseQuery, QuerySyntaxError } from '../../query/parse.js';
import { type MatchDocument, type PreparedDocument, prepareDocument } from '../../query/prepare.js';
import { foldDiacritics, lowerNfc } from '../../text/fold.js';
import { compileToFts5, type FieldFilter, type Fts5Columns } from './compile-fts5.js';

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

describe('compileToFts5: shape of the output', () => {
  it('splits text, SQL filters and the residual', () => {
    expect(
      compileToFts5(parseQuery('ngập* platform:(web OR x) -lang:en -"quảng cáo"'), FOLDED_ONLY),
    ).toEqual({
      match: '{title body} : "ngap"* NOT {title body} : "quang cao"',
      filters: [
        { field: 'platform', anyOf: ['web', 'x'], negated: false },
        { field: 'lang', anyOf: ['en'], negated: true },
      ],
      residual: null,
    });
  });
  it('narrows exact diacritics by the folded form unless exact columns exist', () => {
    const ast = parseQuery('title:=đường "kẹt xe"~3');
    expect(compileToFts5(ast, FOLDED_ONLY)).toEqual({
      match: '({title} : "duong" AND {title body} : NEAR("ket" "xe", 3))',
      filters: [],
      residual: {
        kind: 'field',
        field: 'title',
        child: { kind: 'term', text: 'đường', prefix: false, exact: true },
      },
    });
    expect(compileToFts5(ast, WITH_EXACT).match).toBe(
      '({title_exact} : "đường" AND {title body} : NEAR("ket" "xe", 3))',
    );
    expect(compileToFts5(ast, WITH_EXACT).residual).toBeNull();
  });
  it('leaves a negation inside OR to the residual, with nothing to narrow by', () => {
    const ast = parseQuery('(ngập OR -bão) lũ');
    expect(compileToFts5(ast, FOLDED_ONLY)).toEqual({
      match: '{title body} : "lu"',
      filters: [],
      residual: ast.kind === 'and' ? ast.children[0] : 'not an AND',
    });
    const alone = parseQuery('site:vnexpress.net OR platform:x');
    expect(compileToFts5(alone, FOLDED_ONLY)).toEqual({
      match: null,
      filters: [],
      residual: alone,
    });
  });
  it('refuses unsafe column names', () => {
    expect(() =>
      compileToFts5(parseQuery('a'), { folded: { title: 'title', body: 'body) OR (1' } }),
    ).toThrow(/column/);
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
      for (const columns of [FOLDED_ONLY, WITH_EXACT]) {
        expect(searchWithSqlite(db, docs, prepared, ast, columns)).toEqual(expected);
      }
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
      for (const columns of [FOLDED_ONLY, WITH_EXACT]) {
        expect(searchWithSqlite(db, docs, prepared, ast, columns), input).toEqual(expected);
      }
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
