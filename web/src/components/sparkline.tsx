// A small inline SVG trend line; cheaper than a chart library for a row of numbers. A day the
// server hides (fewer than k people) breaks the line and is named in the summary.
import { useLocale } from '../i18n/locale.js';

export function Sparkline({
  values,
  hiddenText,
}: {
  values: (number | null)[];
  /** How a hidden value reads in the summary ("fewer than k people"). */
  hiddenText: string;
}) {
  const locale = useLocale();
  const width = 120;
  const height = 32;
  const max = Math.max(1, ...values.map((value) => value ?? 0));
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const runs: string[][] = [[]];
  for (const [index, value] of values.entries()) {
    if (value === null) {
      if ((runs[runs.length - 1] as string[]).length > 0) runs.push([]);
      continue;
    }
    (runs[runs.length - 1] as string[]).push(
      `${(index * step).toFixed(1)},${(height - 2 - (value / max) * (height - 4)).toFixed(1)}`,
    );
  }
  const summary = locale.t('trendSummary', {
    values: values.map((value) => (value === null ? hiddenText : locale.number(value))).join(', '),
  });
  return (
    <svg
      class="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={summary}
      data-hidden={values.filter((value) => value === null).length}
    >
      <title>{summary}</title>
      {runs
        .filter((run) => run.length > 0)
        .map((run) => (
          <polyline
            key={run[0]}
            points={run.join(' ')}
            fill="none"
            stroke="currentColor"
            stroke-width="1.5"
          />
        ))}
    </svg>
  );
}
