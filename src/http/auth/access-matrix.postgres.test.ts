// The access matrix in server mode: mentions, topics, tags, users, units, sessions, tokens and
// charters in PostgreSQL, the rest in the SQLite file beside it (the cases:
// access-matrix.cases.ts). Alert rules and alerts are left
// out: their store is SQLite-only and its rows refer to topics in the same file, which in
// server mode are in PostgreSQL, so no alert rule can be created there yet.
import {
  createTestSchema,
  describePostgres,
  type TestSchema,
} from '../../store/postgres/test-database.js';
import { accessMatrixCases } from './access-matrix.cases.js';
import { openAuthHarness } from './test-support.js';

describePostgres('access matrix on PostgreSQL', () => {
  let schema: TestSchema;
  accessMatrixCases(async () => {
    schema = await createTestSchema();
    const harness = await openAuthHarness({}, schema.url);
    const close = harness.close;
    harness.close = async () => {
      await close();
      await schema.drop();
    };
    return harness;
  }, ['alertRule', 'alert']);
});
