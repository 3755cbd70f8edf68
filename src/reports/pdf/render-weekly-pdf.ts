// A weekly report as a PDF: the ranked issues (score and its factors, daily trend as vector
// columns, corrected sentiment share, main sources, representative mentions), the coverage
// statement and the methods.
import type { WeeklyReport } from '../weekly/weekly-report.js';
import { weeklyMethodsVi } from './methods-vi.js';
import { COLOURS, PdfCanvas } from './pdf-canvas.js';
import { interval, labelsFor, percent, type ReportLanguage } from './pdf-labels.js';
import { renderCoverage } from './render-coverage.js';

export async function renderWeeklyPdf(
  r: WeeklyReport,
  language: ReportLanguage = 'vi',
): Promise<Buffer> {
  const t = labelsFor(language);
  const pdf = new PdfCanvas({ title: `${t.weeklyTitle}: ${r.area.label}, ${r.week}` });
  pdf.title(
    `${t.weeklyTitle}: ${r.area.label}`,
    `${t.week} ${r.week} · ${r.firstDay} – ${r.lastDay} · ${t.generated} ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
  );
  if (r.issues.length === 0) pdf.paragraph(t.noIssues);
  else {
    pdf.heading(t.issues);
    pdf.bars(
      r.issues.map((i) => ({
        label: `${i.rank}. ${i.title}`,
        value: i.factors.score,
        colour: COLOURS.negative,
      })),
      (v) => v.toFixed(1),
    );
  }
  for (const issue of r.issues) {
    pdf.heading(`${issue.rank}. ${issue.title}`);
    const s = issue.sentiment;
    pdf.rows([
      [issue.kind === 'story' ? t.story : t.group, issue.place?.label ?? issue.sector?.vi ?? ''],
      [
        t.score,
        `${issue.factors.score.toFixed(1)} = ${issue.factors.authors} × ${percent(issue.factors.negativeShare)} × ${issue.factors.growth.toFixed(2)}`,
      ],
      [t.authors, String(issue.factors.authors)],
      [t.mentions, `${issue.mentions} (${issue.originals} gốc / original)`],
      [
        t.negativeShare,
        s.shares
          ? `${percent(s.shares.negative)} (${Math.round(s.level * 100)} % ${t.interval} ${interval(s.intervals?.negative)})`
          : '—',
      ],
      [
        t.growth,
        `×${issue.factors.growth.toFixed(2)} (${issue.factors.baselineWeeklyAuthors.toFixed(1)} / ${t.week.toLowerCase()})`,
      ],
      [t.mainSources, issue.sources.map((x) => `${x.title} (${x.mentions})`).join('; ') || '—'],
    ]);
    pdf.columnsWithLine({
      columns: issue.trend.map((d) => d.authors),
      labels: issue.trend.map((d) => d.day.slice(5)),
      height: 60,
    });
    pdf.subheading(t.examples);
    for (const m of issue.representative) {
      const who = m.author ?? `${t.person} (${m.platform})`;
      pdf.bullet(`${who}: ${m.title ? `${m.title} — ` : ''}${m.excerpt}`);
    }
  }
  renderCoverage(pdf, r.coverage, t);
  pdf.heading(t.methods);
  for (const m of language === 'vi' ? weeklyMethodsVi(r) : r.methods)
    pdf.bullet(m, { muted: true });
  return pdf.finish();
}
