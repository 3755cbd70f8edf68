// The coverage statement as a PDF section: the same in every report.
import type { CoverageStatement } from '../coverage.js';
import type { PdfCanvas } from './pdf-canvas.js';
import type { Labels } from './pdf-labels.js';

export function renderCoverage(pdf: PdfCanvas, coverage: CoverageStatement, t: Labels): void {
  pdf.heading(t.coverage);
  pdf.rows([
    [
      t.window,
      `${coverage.from.slice(0, 16).replace('T', ' ')} – ${coverage.to.slice(0, 16).replace('T', ' ')} UTC`,
    ],
    [t.mentions, coverage.mentions.toLocaleString('vi-VN')],
    [t.collected, coverage.collected.toLocaleString('vi-VN')],
    [t.sources, String(coverage.sources.length)],
  ]);
  pdf.subheading(t.platforms);
  for (const p of coverage.platforms) {
    pdf.bullet(
      `${p.platform}: ${p.mentions.toLocaleString('vi-VN')} · ${p.sources} ${t.sources.toLowerCase()}`,
    );
    pdf.paragraph(`${t.cannotSee}: ${p.cannotSee}`, { muted: true, size: 8 });
  }
  if (coverage.problems.length > 0) {
    pdf.subheading(t.problems);
    for (const p of coverage.problems) {
      pdf.bullet(
        `${p.title}: ${p.problem}${p.since ? ` (${p.since.slice(0, 16).replace('T', ' ')})` : ''}`,
      );
    }
  }
  pdf.subheading(t.gaps);
  if (coverage.gaps.length === 0) {
    pdf.paragraph(`${t.noGaps} ${coverage.gapHours} ${t.hours}.`, { muted: true });
  } else {
    for (const g of coverage.gaps) {
      pdf.bullet(
        `${g.from.slice(0, 16).replace('T', ' ')} – ${g.to.slice(0, 16).replace('T', ' ')} UTC (${g.hours} ${t.hours})`,
      );
    }
  }
}
