import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../../package-root.js';
import type { QuantifierParams } from './estimate-shares.js';
import { SHARE_CLASSES } from './share-statistics.js';

// The committed parameters of the share estimator, written by scripts/train-quantifier.ts.
// Groups without parameters (English) are estimated by plain probability averaging.

export const DEFAULT_QUANTIFIER_PATH = 'models/sentiment/quantifier.json';

const C = SHARE_CLASSES.length;
const matrix = z.array(z.array(z.number().finite().nonnegative()).length(C)).min(C);
const correction = z.object({ point: matrix, replicates: z.array(matrix) });
const group = z.object({
  method: z.enum(['cc', 'pcc', 'acc', 'pacc', 'cells']),
  spread: z.number().positive(),
  corrections: z.object({
    acc: correction.optional(),
    pacc: correction.optional(),
    cells: correction.optional(),
  }),
  trainingPrior: z.array(z.number().nonnegative()).length(C),
});
const schema = z.object({
  level: z.number().gt(0).lt(1),
  minPosts: z.number().int().nonnegative(),
  maxIntervalWidth: z.number().positive(),
  groups: z.record(z.string(), group),
});

export function parseQuantifierParams(
  value: unknown,
  origin = 'quantifier parameters',
): QuantifierParams {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${origin}: ${issue.path.join('.') || 'value'}: ${issue.message}`);
  }
  for (const [key, g] of Object.entries(parsed.data.groups)) {
    if (
      (g.method === 'acc' || g.method === 'pacc' || g.method === 'cells') &&
      !g.corrections[g.method]
    ) {
      throw new Error(`${origin}: group ${key} uses ${g.method} but has no ${g.method} matrix`);
    }
  }
  return parsed.data as QuantifierParams;
}

let cached: QuantifierParams | undefined;

/** The committed Vietnamese parameters; read once per process. */
export function loadQuantifierParams(
  path: string = join(packageRoot(), DEFAULT_QUANTIFIER_PATH),
): QuantifierParams {
  if (path !== join(packageRoot(), DEFAULT_QUANTIFIER_PATH)) {
    return parseQuantifierParams(JSON.parse(readFileSync(path, 'utf8')), path);
  }
  cached ??= parseQuantifierParams(JSON.parse(readFileSync(path, 'utf8')), path);
  return cached;
}
