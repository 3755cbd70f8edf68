// Writes a generated report where a report command was asked to: the PDF to a file, the
// figures and the mentions behind them as CSV (and JSON) files in a folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { figuresCsv, mentionsCsv, reportMentions } from '../reports/export/report-export.js';
import type { GeneratedReport } from '../reports/report-service.js';

export function writeReportFiles(
  report: GeneratedReport,
  options: { pdf?: string; csv?: string },
): string[] {
  const written: string[] = [];
  if (options.pdf) {
    writeFileSync(options.pdf, report.pdf);
    written.push(options.pdf);
  }
  if (options.csv) {
    mkdirSync(options.csv, { recursive: true });
    const files: [string, string][] = [
      ['figures.csv', figuresCsv(report.body)],
      ['mentions.csv', mentionsCsv(reportMentions(report.body))],
      ['report.json', `${JSON.stringify(report.body, null, 2)}\n`],
    ];
    for (const [name, content] of files) {
      writeFileSync(join(options.csv, name), content);
      written.push(join(options.csv, name));
    }
  }
  return written;
}
