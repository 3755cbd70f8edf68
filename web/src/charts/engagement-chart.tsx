// A post's likes, comments, shares and views as nghe observed them over time. Views run orders
// of magnitude above the rest, so they get the right-hand axis.

import { useMemo } from 'preact/hooks';
import type { EngagementSnapshot } from '../../../src/http/api-types.js';
import { spanOf } from '../format/dates.js';
import { useLocale } from '../i18n/locale.js';
import { EChart } from './echart.js';

export const ENGAGEMENT_METRICS = ['likes', 'comments', 'shares', 'views'] as const;
type Metric = (typeof ENGAGEMENT_METRICS)[number];
const COLOURS: Record<Metric, string> = {
  likes: '#c2185b',
  comments: '#1a5fb4',
  shares: '#2e7d32',
  views: '#8d6e00',
};

/** The latest count of each metric the platform reported, for the summary line. */
function latestCounts(points: EngagementSnapshot[]): Partial<Record<Metric, number>> {
  const latest: Partial<Record<Metric, number>> = {};
  for (const point of points)
    for (const metric of ENGAGEMENT_METRICS) {
      const value = point[metric];
      if (value !== null) latest[metric] = value;
    }
  return latest;
}

export function EngagementChart({ points }: { points: EngagementSnapshot[] }) {
  const locale = useLocale();
  const shown = ENGAGEMENT_METRICS.filter((m) => points.some((p) => p[m] !== null));
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 56, right: 64, top: 24, bottom: 40 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'time',
        axisLabel: {
          formatter: (value: number) =>
            locale.hour(new Date(value).toISOString(), spanOf(points.map((p) => p.observedAt))),
        },
      },
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: { formatter: locale.number } },
        {
          type: 'value',
          minInterval: 1,
          position: 'right',
          splitLine: { show: false },
          axisLabel: { formatter: locale.number },
        },
      ],
      series: shown.map((metric) => ({
        id: metric,
        name: locale.t(metric),
        type: 'line',
        yAxisIndex: metric === 'views' ? 1 : 0,
        showSymbol: points.length < 40,
        connectNulls: true,
        itemStyle: { color: COLOURS[metric] },
        data: points.map((p) => [p.observedAt, p[metric]]),
      })),
    }),
    [points, locale],
  );
  const first = points[0];
  const last = points[points.length - 1];
  const latest = latestCounts(points);
  const summary =
    first && last
      ? locale.t('engagementSummary', {
          n: locale.number(points.length),
          from: locale.dateTime(first.observedAt),
          to: locale.dateTime(last.observedAt),
          latest: shown
            .map((m) => `${locale.number(latest[m] ?? 0)} ${locale.t(m).toLowerCase()}`)
            .join(', '),
        })
      : locale.t('noEngagement');

  return (
    <section class="panel panel-wide engagement-panel" aria-labelledby="engagement-title">
      <h2 id="engagement-title">{locale.t('engagementTitle')}</h2>
      <ul class="legend" aria-hidden="true">
        {shown.map((metric) => (
          <li key={metric} class="legend-item">
            <span class="swatch" style={{ background: COLOURS[metric] }} />
            {locale.t(metric)}
            {metric === 'views' && shown.length > 1 ? ' →' : ''}
          </li>
        ))}
      </ul>
      <EChart option={option} height={240} summary={summary} class="engagement-chart">
        <table class="visually-hidden chart-table" data-points={points.length}>
          <caption>{locale.t('dataTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{locale.t('observedAt')}</th>
              {shown.map((metric) => (
                <th key={metric} scope="col">
                  {locale.t(metric)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.observedAt}>
                <th scope="row">{locale.dateTime(p.observedAt)}</th>
                {shown.map((metric) => (
                  <td key={metric} data-metric={metric}>
                    {p[metric] ?? '–'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </EChart>
    </section>
  );
}
