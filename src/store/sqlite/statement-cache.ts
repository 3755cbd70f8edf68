// Statements whose SQL is put together per call (from a filter's shape) are prepared once per
// distinct text and reused: preparing costs more than many of these queries take to run.
import type Database from 'better-sqlite3';

export type StatementCache = (sql: string) => Database.Statement;

export function statementCache(db: Database.Database): StatementCache {
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
