// The access matrix over the embedded SQLite store (the cases: access-matrix.cases.ts).
import { accessMatrixCases } from './access-matrix.cases.js';
import { openAuthHarness } from './test-support.js';

accessMatrixCases(() => openAuthHarness());
