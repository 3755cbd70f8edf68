// CSV and JSON exports of a report's figures and of the mentions behind them, within the
// privacy rules: a mention is exported as the report shows it (representative.ts): no person's
// name, no pseudonym, no address of a person's post.
import type { PolicyAssessment } from '../policy/assess-policy.js';
import type { RepresentativeMention } from '../representative.js';
import type { WeeklyReport } from '../weekly/weekly-report.js';

type Cell = string | number | boolean | null | undefined;

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'number'
      ? Number.isInteger(value)
        ? String(value)
        : value.toFixed(6)
      : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  return `${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function figuresCsv(report: WeeklyReport | PolicyAssessment): string {
  if (report.kind === 'weekly') {
    return toCsv(
      [
        'rank',
        'kind',
        'title',
        'sector',
        'province',
        'ward',
        'score',
        'distinct_authors',
        'negative_share',
        'negative_low',
        'negative_high',
        'negative_share_method',
        'growth',
        'baseline_weekly_authors',
        'mentions',
        'originals',
      ],
      report.issues.map((i) => [
        i.rank,
        i.kind,
        i.title,
        i.sector?.id,
        i.place?.province,
        i.place?.ward,
        i.factors.score,
        i.factors.authors,
        i.sentiment.shares?.negative,
        i.sentiment.intervals?.negative[0],
        i.sentiment.intervals?.negative[1],
        i.factors.negativeShareMethod,
        i.factors.growth,
        i.factors.baselineWeeklyAuthors,
        i.mentions,
        i.originals,
      ]),
    );
  }
  return toCsv(
    [
      'day',
      'side',
      'mentions',
      'distinct_authors',
      'negative_share',
      'negative_low',
      'negative_high',
      'positive_share',
      'positive_low',
      'positive_high',
    ],
    report.trajectory.map((d) => [
      d.day,
      d.side,
      d.mentions,
      d.distinctAuthors,
      d.negative,
      d.negativeInterval?.[0],
      d.negativeInterval?.[1],
      d.positive,
      d.positiveInterval?.[0],
      d.positiveInterval?.[1],
    ]),
  );
}

/** The mentions a report shows, each with the issue or side it stands for. */
export function reportMentions(
  report: WeeklyReport | PolicyAssessment,
): (RepresentativeMention & { for: string })[] {
  if (report.kind === 'weekly') {
    return report.issues.flatMap((i) =>
      i.representative.map((m) => ({ ...m, for: `issue ${i.rank}` })),
    );
  }
  return [
    ...report.against.mentions.map((m) => ({ ...m, for: 'against' })),
    ...report.support.mentions.map((m) => ({ ...m, for: 'for' })),
  ];
}

export function mentionsCsv(
  mentions: readonly (RepresentativeMention & { for?: string })[],
): string {
  return toCsv(
    [
      'id',
      'for',
      'platform',
      'published_at',
      'author_kind',
      'public_author',
      'title',
      'excerpt',
      'url',
      'sentiment',
    ],
    mentions.map((m) => [
      m.id,
      m.for,
      m.platform,
      m.publishedAt,
      m.authorKind,
      m.author,
      m.title,
      m.excerpt,
      m.url,
      m.sentiment,
    ]),
  );
}
