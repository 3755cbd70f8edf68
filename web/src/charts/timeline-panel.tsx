// Mentions over time, stacked by sentiment, with a total line, spikes marked and a zoom brush.
// The zoom window is the page's selected range; clicking a bucket picks that day for the list.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SeriesPoint, Spike } from '../../../src/http/api-types.js';
import { dayOf } from '../format/zoned-time.js';
import { useLocale } from '../i18n/locale.js';
import type { DayRange } from '../pages/mention-filter.js';
import { EChart } from './echart.js';
import type { EChartsType } from './echarts-setup.js';

const SERIES = ['positive', 'neutral', 'negative', 'unknown'] as const;
type SeriesKey = (typeof SERIES)[number];
export const SENTIMENT_COLORS: Record<SeriesKey, string> = {
  positive: '#2e7d32',
  neutral: '#8d8d8d',
  negative: '#c62828',
  unknown: '#c9b458',
};

export interface TimelinePanelProps {
  points: SeriesPoint[];
  spikes: Spike[];
  range: DayRange;
  onRange: (range: DayRange) => void;
  onDay: (day: string) => void;
}

export function TimelinePanel({ points, spikes, range, onRange, onDay }: TimelinePanelProps) {
  const locale = useLocale();
  const [hidden, setHidden] = useState<ReadonlySet<SeriesKey>>(new Set());
  const chart = useRef<EChartsType | null>(null);
  const days = useMemo(
    () => points.map((p) => dayOf(p.t, locale.timeZone)),
    [points, locale.timeZone],
  );
  const latest = useRef({ days, onRange, onDay });
  latest.current = { days, onRange, onDay };

  const option = useMemo(() => {
    const spikeByDay = new Map(spikes.map((s) => [dayOf(s.t, locale.timeZone), s]));
    return {
      animation: false,
      grid: { left: 48, right: 16, top: 24, bottom: 72 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: points.map((p) => locale.day(p.t)),
      },
      yAxis: { type: 'value', minInterval: 1 },
      dataZoom: [
        { type: 'inside', filterMode: 'none' },
        { type: 'slider', filterMode: 'none', height: 24, bottom: 16, labelFormatter: '' },
      ],
      series: [
        ...SERIES.map((key) => ({
          id: key,
          name: locale.t(key),
          type: 'line',
          stack: 'sentiment',
          symbol: 'none',
          areaStyle: { opacity: 0.55 },
          lineStyle: { width: 1 },
          color: SENTIMENT_COLORS[key],
          data: hidden.has(key) ? [] : points.map((p) => p[key]),
        })),
        {
          id: 'total',
          name: locale.t('total'),
          type: 'line',
          symbol: 'circle',
          symbolSize: 4,
          color: '#1a3d6d',
          lineStyle: { width: 2 },
          data: points.map((p) => p.total),
          markPoint: {
            symbol: 'pin',
            symbolSize: 36,
            itemStyle: { color: '#e65100' },
            label: { formatter: '!', color: '#fff', fontWeight: 'bold' },
            data: points.flatMap((p, index) =>
              spikeByDay.has(days[index] ?? '')
                ? [{ coord: [index, p.total], value: p.total, name: locale.t('spikeBadge') }]
                : [],
            ),
          },
        },
      ],
    };
  }, [points, spikes, hidden, locale, days]);

  // The zoom window follows the selected range when it is set from elsewhere (date inputs).
  useEffect(() => {
    const instance = chart.current;
    if (!instance || days.length === 0) return;
    const start = range.from
      ? Math.max(
          0,
          days.findIndex((d) => d >= range.from!),
        )
      : 0;
    let end = days.length - 1;
    if (range.to) {
      const after = days.findIndex((d) => d > range.to!);
      end = after === -1 ? days.length - 1 : Math.max(start, after - 1);
    }
    const current = zoomWindow(instance);
    if (current && current[0] === start && current[1] === end) return;
    instance.dispatchAction({ type: 'dataZoom', startValue: start, endValue: end });
  }, [range, days, option]);

  const onReady = (instance: EChartsType) => {
    chart.current = instance;
    let timer: ReturnType<typeof setTimeout> | undefined;
    instance.on('datazoom', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const window = zoomWindow(instance);
        const { days: allDays, onRange: setRange } = latest.current;
        if (!window || allDays.length === 0) return;
        const [start, end] = window;
        const whole = start <= 0 && end >= allDays.length - 1;
        setRange(
          whole
            ? { from: null, to: null }
            : { from: allDays[start] ?? null, to: allDays[end] ?? null },
        );
      }, 250);
    });
    instance.on('click', (params: { dataIndex?: number }) => {
      const day =
        params.dataIndex === undefined ? undefined : latest.current.days[params.dataIndex];
      if (day) latest.current.onDay(day);
    });
  };

  // The spoken summary covers the selected range, as the other panels do.
  const visible = points.filter((_, index) => {
    const day = days[index] ?? '';
    return (!range.from || day >= range.from) && (!range.to || day <= range.to);
  });
  const totals = visible.reduce(
    (sum, p) => ({
      total: sum.total + p.total,
      positive: sum.positive + p.positive,
      neutral: sum.neutral + p.neutral,
      negative: sum.negative + p.negative,
    }),
    { total: 0, positive: 0, neutral: 0, negative: 0 },
  );
  const shownSpikes = spikes.filter((spike) => {
    const day = dayOf(spike.t, locale.timeZone);
    return (!range.from || day >= range.from) && (!range.to || day <= range.to);
  }).length;
  const first = visible[0];
  const last = visible[visible.length - 1];
  const summary =
    first && last
      ? `${locale.t('chartSummary', {
          total: locale.number(totals.total),
          from: locale.day(first.t),
          to: locale.day(last.t),
          positive: locale.number(totals.positive),
          neutral: locale.number(totals.neutral),
          negative: locale.number(totals.negative),
        })}${shownSpikes > 0 ? ` ${locale.t('spikesMarked', { n: shownSpikes })}` : ''}`
      : locale.t('noData');

  return (
    <section class="panel panel-wide" aria-labelledby="timeline-title">
      <h3 id="timeline-title">{locale.t('volumeOverTime')}</h3>
      <fieldset class="legend">
        <legend class="visually-hidden">{locale.t('sentimentSplit')}</legend>
        {SERIES.map((key) => (
          <button
            key={key}
            type="button"
            class="legend-item"
            aria-pressed={!hidden.has(key)}
            onClick={() =>
              setHidden((previous) => {
                const next = new Set(previous);
                if (next.has(key)) next.delete(key);
                else next.add(key);
                return next;
              })
            }
          >
            <span class="swatch" style={{ background: SENTIMENT_COLORS[key] }} aria-hidden="true" />
            {locale.t(key)}
          </button>
        ))}
      </fieldset>
      <EChart
        option={option}
        height={300}
        summary={summary}
        onReady={onReady}
        class="timeline-chart"
      >
        <table class="visually-hidden chart-table" data-total={totals.total}>
          <caption>{locale.t('dataTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{locale.t('date')}</th>
              <th scope="col">{locale.t('total')}</th>
              {SERIES.map((key) => (
                <th key={key} scope="col">
                  {locale.t(key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((p, index) => (
              <tr key={p.t}>
                <th scope="row">
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => onDay(days[index] ?? '')}
                  >
                    {locale.day(p.t)}
                  </button>
                </th>
                <td>{p.total}</td>
                {SERIES.map((key) => (
                  <td key={key}>{p[key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </EChart>
    </section>
  );
}

/** The zoom window as category indexes, read back from the chart. */
function zoomWindow(instance: EChartsType): [number, number] | null {
  const option = instance.getOption() as {
    dataZoom?: { startValue?: number; endValue?: number }[];
  };
  const zoom = option.dataZoom?.[0];
  if (!zoom || zoom.startValue === undefined || zoom.endValue === undefined) return null;
  return [Math.round(zoom.startValue), Math.round(zoom.endValue)];
}
