// The tsquery compiler held to the in-memory matcher on a real PostgreSQL table laid out as the
// store lays it out, as compile-fts5.test.ts holds the FTS5 compiler on SQLite.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryNode } from '../../query/ast.js';
import { randomDocument, randomQuery, seededRandom } from '../../query/fixtures/random-corpus.js';
import { formatQuery } from '../../query/format.js';
import { compilePreparedMatcher } from '../../query/match.js';
import { parseQuery, QuerySyntaxError } from '../../query/parse.js';
import { type MatchDocument, type PreparedDocument, prepareDocument } from '../../query/prepare.js';
import { compileToTsQuery } from './compile-tsquery.js';
import { tsvectorText } from './full-text.js';
import { createTestSchema, describePostgres, type TestSchema } from './test-database.js';

interface Corpus {
  docs: MatchDocument[];
  prepared: PreparedDocument[];
  table: string;
}

let schema: TestSchema;
let client: pg.Client;
let tables = 0;

async function buildCorpus(docs: MatchDocument[]): Promise<Corpus> {
  const table = `docs_${++tables}`;
  await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, fts tsvector NOT NULL)`);
  await client.query(
    `INSERT INTO ${table} (id, fts)
     SELECT ord, v::tsvector FROM unnest($1::text[]) WITH ORDINALITY AS t(v, ord)`,
    [docs.map((doc) => tsvectorText(doc.title, doc.text))],
  );
  return { docs, prepared: docs.map(prepareDocument), table };
}

async function searchWithPostgres(corpus: Corpus, ast: QueryNode): Promise<number[]> {
  const { tsquery, residual } = compileToTsQuery(ast);
  const candidates =
    tsquery === null
      ? corpus.docs.map((_, i) => i + 1)
      : (
          await client.query<{ id: number }>(
            `SELECT id FROM ${corpus.table} WHERE fts @@ $1::tsquery ORDER BY id`,
            [tsquery],
          )
        ).rows.map((row) => row.id);
  const check = residual === null ? null : compilePreparedMatcher(ast);
  return candidates.filter((id) => check === null || check(corpus.prepared[id - 1]!));
}

function expectedOf(corpus: Corpus, ast: QueryNode): number[] {
  const matcher = compilePreparedMatcher(ast);
  return corpus.prepared.flatMap((doc, i) => (matcher(doc) ? [i + 1] : []));
}

describe('compileToTsQuery: shape of the output', () => {
  it('writes words, prefixes, phrases per field and exclusions', () => {
    expect(compileToTsQuery(parseQuery('ngập* -"quảng cáo" title:"thủ đức"'))).toEqual({
      tsquery:
        "'ngap':* & ('thu':A <-> 'duc':A) & !(('quang':A <-> 'cao':A) | ('quang':B <-> 'cao':B))",
      residual: null,
    });
  });
  it('writes a two-word NEAR as both orders at every allowed distance', () => {
    const { tsquery, residual } = compileToTsQuery(parseQuery('text:(mưa NEAR/1 ngập)'));
    expect(tsquery).toBe(
      "('mua':B <0> 'ngap':B | 'ngap':B <0> 'mua':B | 'mua':B <1> 'ngap':B | 'ngap':B <1> 'mua':B | 'mua':B <2> 'ngap':B | 'ngap':B <2> 'mua':B)",
    );
    expect(residual).toBeNull();
  });
  it('leaves exact diacritics, meta fields and pure exclusions to the residual', () => {
    const exact = parseQuery('=đường');
    expect(compileToTsQuery(exact)).toEqual({ tsquery: "'duong'", residual: exact });
    const meta = parseQuery('platform:web OR x');
    expect(compileToTsQuery(meta)).toEqual({ tsquery: null, residual: meta });
    const negative = parseQuery('platform:web -bão');
    expect(compileToTsQuery(negative)).toEqual({
      tsquery: null,
      residual: { kind: 'and', children: negative.kind === 'and' ? negative.children : [] },
    });
  });
});

describePostgres('compileToTsQuery on PostgreSQL', () => {
  beforeAll(async () => {
    schema = await createTestSchema();
    client = new pg.Client({ connectionString: schema.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await schema?.drop();
  });

  it('keeps hostile input as data and agrees with the matcher', async () => {
    const corpus = await buildCorpus(
      [
        'rock and roll: NEAR the end',
        'a "quoted" word* ^caret {title}: body it\'s & | ! <-> :*',
        'AND OR NOT near',
        'Thủ Đức ngập nặng',
      ].map((text) => ({
        title: null,
        text,
        platform: 'web',
        lang: null,
        sentiment: null,
        url: null,
      })),
    );
    for (const input of [
      '"rock AND roll"',
      '"NEAR the"',
      "it's",
      '"quoted" word*',
      "'single' ;--DROP",
      '"a OR b" NOT "c"',
      'thủ* ĐỨC',
      'x:y:z',
    ]) {
      const ast = parseQuery(input);
      expect(await searchWithPostgres(corpus, ast), input).toEqual(expectedOf(corpus, ast));
    }
  });

  it("either refuses fuzzed text with a QuerySyntaxError or runs it with the matcher's answer", async () => {
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
      'ngập',
      'Hà',
      'nội',
      'xe',
      'ab',
      '5',
      'đ',
    ];
    const docs = Array.from({ length: 60 }, (_, i) => randomDocument(seededRandom(i)));
    const corpus = await buildCorpus(docs);
    const random = seededRandom(11);
    let parsed = 0;
    for (let i = 0; i < 1500; i++) {
      const input = Array.from(
        { length: 1 + Math.floor(random() * 9) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
      let ast: QueryNode;
      try {
        ast = parseQuery(input);
      } catch (error) {
        expect(error, input).toBeInstanceOf(QuerySyntaxError);
        continue;
      }
      parsed++;
      expect(await searchWithPostgres(corpus, ast), input).toEqual(expectedOf(corpus, ast));
    }
    expect(parsed).toBeGreaterThan(300);
  });

  it('agrees with the in-memory matcher on random queries over a random corpus', async () => {
    const random = seededRandom(2026);
    const corpus = await buildCorpus(Array.from({ length: 300 }, () => randomDocument(random)));
    const queries: QueryNode[] = [];
    const queryRandom = seededRandom(7);
    while (queries.length < 400) {
      try {
        queries.push(
          parseQuery(formatQuery(randomQuery(queryRandom, { metaFields: true, maxDepth: 3 }))),
        );
      } catch {
        // pure-negative or nested fields: the parser refuses them
      }
    }
    let nonEmpty = 0;
    let narrowed = 0;
    let exactNear = 0;
    for (const ast of queries) {
      const expected = expectedOf(corpus, ast);
      expect(await searchWithPostgres(corpus, ast), formatQuery(ast)).toEqual(expected);
      if (expected.length > 0 && expected.length < corpus.docs.length) nonEmpty++;
      const compiled = compileToTsQuery(ast);
      if (compiled.tsquery !== null) narrowed++;
      if (compiled.tsquery?.includes('<1>') && compiled.residual === null) exactNear++;
    }
    expect(nonEmpty).toBeGreaterThan(queries.length / 4);
    expect(narrowed).toBeGreaterThan(queries.length / 2);
    expect(exactNear).toBeGreaterThan(0);
  });
});
