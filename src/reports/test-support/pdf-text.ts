// The text layer of a PDF through poppler's pdftotext, for tests; null when pdftotext is not
// installed (the caller skips its text checks and says so).
import { spawnSync } from 'node:child_process';

let available: boolean | undefined;

export function hasPdftotext(): boolean {
  available ??= spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error === undefined;
  return available;
}

export function pdfText(pdf: Buffer): string | null {
  if (!hasPdftotext()) return null;
  const result = spawnSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr.toString()}`);
  return result.stdout.toString('utf8');
}
