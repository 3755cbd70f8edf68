import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

// Out-of-fold class scores of the sentiment training rows: each row scored by a fold model that
// never saw it, class offsets added. Written by the sentiment trainer, read by the calibration
// and quantifier fit. Gzipped TSV, one row a line: source, gold class index, three scores.
// No text is stored, only numbers.

export const OUT_OF_FOLD_FILE = 'oof-scores.tsv.gz';

export interface OutOfFoldRow {
  /** Data set: 'uit-vsfc' or 'vlsp2016'. */
  source: string;
  /** Gold class index in the model's label order (negative, neutral, positive). */
  label: number;
  scores: ArrayLike<number>;
}

export function writeOutOfFoldScores(path: string, rows: readonly OutOfFoldRow[]): void {
  const lines = rows.map(
    (r) => `${r.source}\t${r.label}\t${Array.from(r.scores, (z) => z.toFixed(4)).join('\t')}`,
  );
  writeFileSync(path, gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
}

export function readOutOfFoldScores(path: string): OutOfFoldRow[] {
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((line, i) => {
      const [source, label, ...scores] = line.split('\t');
      const z = scores.map(Number);
      if (!source || z.length === 0 || z.some((v) => !Number.isFinite(v))) {
        throw new Error(`${path}: line ${i + 1} is not "source, label, scores"`);
      }
      return { source, label: Number(label), scores: Float64Array.from(z) };
    });
}
