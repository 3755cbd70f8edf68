// A policy assessment as a PDF: summary figures, the two tests, the day-by-day chart, the
// arguments on each side, the coverage statement and the methods.
import type { ArgumentSide, PolicyAssessment } from '../policy/assess-policy.js';
import { policyMethodsVi } from './methods-vi.js';
import { COLOURS, PdfCanvas } from './pdf-canvas.js';
import {
  interval,
  type Labels,
  labelsFor,
  percent,
  pValue,
  type ReportLanguage,
} from './pdf-labels.js';
import { renderCoverage } from './render-coverage.js';

function verdict(t: Labels, p: number | null, significant: boolean): string {
  if (p === null) return t.notTested;
  return `${significant ? t.significant : t.notSignificant} (${pValue(p)})`;
}

function renderSide(pdf: PdfCanvas, side: ArgumentSide, title: string, t: Labels): void {
  pdf.subheading(title);
  if (side.terms.length > 0) {
    pdf.bars(
      side.terms.slice(0, 8).map((term) => ({
        label: term.term,
        value: term.current,
        colour: side.sentiment === 'negative' ? COLOURS.negative : COLOURS.positive,
      })),
    );
  }
  for (const m of side.mentions) {
    const who = m.author ?? `${t.person} (${m.platform})`;
    pdf.bullet(
      `${who}${m.publishedAt ? `, ${m.publishedAt.slice(0, 10)}` : ''}: ${m.title ? `${m.title} — ` : ''}${m.excerpt}`,
    );
  }
}

export async function renderPolicyPdf(
  a: PolicyAssessment,
  language: ReportLanguage = 'vi',
): Promise<Buffer> {
  const t = labelsFor(language);
  const pdf = new PdfCanvas({ title: `${t.policyTitle}: ${a.policy.name}` });
  pdf.title(
    `${t.policyTitle}: ${a.policy.name}`,
    `${t.generated} ${a.generatedAt.slice(0, 16).replace('T', ' ')} UTC · ${a.timeZone}`,
  );
  pdf.rows([
    [t.promulgated, a.policy.promulgatedOn],
    [t.query, a.policy.query],
    ...(a.policy.places.length
      ? ([[t.places, a.policy.places.join(', ')]] as [string, string][])
      : []),
    ...(a.policy.sectors.length
      ? ([[t.sectors, a.policy.sectors.join(', ')]] as [string, string][])
      : []),
  ]);

  pdf.heading(t.summary);
  for (const [name, w] of [
    [t.before, a.before],
    [t.after, a.after],
  ] as const) {
    const s = w.sentiment;
    pdf.subheading(
      `${name}: ${w.firstDay} – ${w.lastDay} (${w.completeDays}/${w.days} ${t.daysComplete})`,
    );
    pdf.rows([
      [t.mentions, w.mentions.toLocaleString('vi-VN')],
      [t.authors, w.distinctAuthors.toLocaleString('vi-VN')],
      [
        t.negativeShare,
        w.suppressed
          ? t.withheld
          : `${percent(s?.shares?.negative)} (${Math.round((s?.level ?? 0.9) * 100)} % ${t.interval} ${interval(s?.intervals?.negative)})`,
      ],
      [
        t.positiveShare,
        w.suppressed
          ? t.withheld
          : `${percent(s?.shares?.positive)} (${t.interval} ${interval(s?.intervals?.positive)})`,
      ],
    ]);
  }
  const v = a.volume;
  const n = a.negativeShare;
  pdf.rows([
    [
      t.volumeChange,
      `${v.rateRatio === null ? '—' : `×${v.rateRatio.toFixed(2)}`} · ${verdict(t, v.pValue, v.significant)}`,
    ],
    [
      t.negativeChange,
      n.difference === null
        ? t.notTested
        : `${n.difference >= 0 ? '+' : ''}${(n.difference * 100).toFixed(1)} pp (${t.interval} ${interval(n.interval)}) · ${verdict(t, n.pValue, n.significant)}`,
    ],
  ]);

  pdf.heading(t.trajectory);
  const marker = a.trajectory.findIndex((d) => d.side === 'after');
  pdf.columnsWithLine({
    // A withheld day draws no column.
    columns: a.trajectory.map((d) => d.mentions ?? 0),
    labels: a.trajectory.map((d) => d.day.slice(5)),
    line: a.trajectory.map((d, i) => ({ x: i, y: d.negative, band: d.negativeInterval })),
    marker: marker >= 0 ? marker : undefined,
    caption: t.trajectoryCaption,
  });

  pdf.heading(`${t.against} / ${t.support}`);
  renderSide(pdf, a.against, t.against, t);
  renderSide(pdf, a.support, t.support, t);

  renderCoverage(pdf, a.coverage, t);
  pdf.heading(t.methods);
  for (const m of language === 'vi' ? policyMethodsVi(a) : a.methods)
    pdf.bullet(m, { muted: true });
  return pdf.finish();
}
