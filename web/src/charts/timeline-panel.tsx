// Mentions over time, stacked by classified sentiment, with a total line, the estimated
// positive and negative shares in bands of their intervals, spikes marked and a zoom brush.
// The zoom window is the page's selected range; clicking a bucket picks that day for the list.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Spike } from '../../../src/http/api-types.js';
import type { EstimatedSeriesPoint } from '../../../src/store/listening-store.js';
import { analystText } from '../analyst/analyst-messages.js';
import { spanOf } from '../format/dates.js';
import { estimateNote, shareWithInterval } from '../format/share-estimate.js';
import { dayOf } from '../format/zoned-time.js';
import { useLocale } from '../i18n/locale.js';
import type { DayRange } from '../pages/mention-filter.js';
import { countOrHidden, hiddenFigureText } from '../privacy/hidden-figures.js';
import { SENTIMENT_PALETTE, TOTAL_LINE, UNKNOWN_SENTIMENT } from '../theme/palette.js';
import { EChart } from './echart.js';
import type { EChartsType } from './echarts-setup.js';

const SERIES = ['positive', 'neutral', 'negative', 'unknown'] as const;
/** Estimated shares drawn with their interval bands. */
const BANDS = ['positive', 'negative'] as const;
type SeriesKey = (typeof SERIES)[number];
export const SENTIMENT_COLORS: Record<SeriesKey, string> = {
  ...SENTIMENT_PALETTE,
  unknown: UNKNOWN_SENTIMENT,
};

export interface TimelinePanelProps {
  points: SeriesPoint[];
  spikes: Spike[];
  range: DayRange;
  onRange: (range: DayRange) => void;
  onDay: (day: string) => void;
  /** Start (ISO) of the bucket still in progress, drawn dashed and shaded; null when none. */
  incompleteFrom?: string | null;
  /** The chart instance once drawn (for a PNG export). */
  onChart?: (chart: EChartsType) => void;
  /** Shown under the title (export buttons). */
  actions?: ComponentChildren;
  /**
   * The selected range's counts as a whole (the sentiment share's), when known: the spoken
   * summary states them, since buckets hidden under the small-group rule do not add up to it.
   */
  rangeTotals?: RangeTotals | null;
  /** k of the small-group rule: hidden counts read "fewer than k people". */
  minGroupSize?: number | null;
}

/** A bucket as the API gives it: counts are null where the small-group rule hides them. */
export type SeriesPoint = Omit<EstimatedSeriesPoint, keyof RangeTotals | 'unknown'> &
  RangeTotals & { unknown: number | null };

export interface RangeTotals {
  total: number | null;
  positive: number | null;
  neutral: number | null;
  negative: number | null;
}

export function TimelinePanel({
  points,
  spikes,
  range,
  onRange,
  onDay,
  incompleteFrom = null,
  onChart,
  actions,
  rangeTotals = null,
  minGroupSize = null,
}: TimelinePanelProps) {
  const locale = useLocale();
  // Counts hidden under the small-group rule come as null (see src/privacy/small-groups.ts).
  const shown = (value: number | null) =>
    countOrHidden(value, locale.number, locale.lang, minGroupSize);
  const [hidden, setHidden] = useState<ReadonlySet<SeriesKey>>(new Set());
  const chart = useRef<EChartsType | null>(null);
  const days = useMemo(
    () => points.map((p) => dayOf(p.t, locale.timeZone)),
    [points, locale.timeZone],
  );
  const latest = useRef({ days, onRange, onDay });
  latest.current = { days, onRange, onDay };

  // The bucket still in progress is drawn apart (dashed, shaded), so it does not read as a drop.
  const partial = incompleteFrom === null ? -1 : points.findIndex((p) => p.t >= incompleteFrom);
  // Days are written without their year unless the points cross one.
  const span = spanOf(points.map((p) => p.t));
  const option = useMemo(() => {
    const spikeByDay = new Map(spikes.map((s) => [dayOf(s.t, locale.timeZone), s]));
    return {
      animation: false,
      grid: { left: 48, right: 16, top: 24, bottom: 72 },
      tooltip: {
        trigger: 'axis',
        formatter: (params: { dataIndex: number }[]) => {
          const point = points[params[0]?.dataIndex ?? -1];
          if (!point) return '';
          const counts = SERIES.map((key) => `${locale.t(key)}: ${shown(point[key])}`);
          const shares = point.sentiment.shares
            ? BANDS.map(
                (key) =>
                  `${locale.t('estimatedShare', { name: locale.t(key) })}: ${shareWithInterval(locale, point.sentiment, key)}`,
              )
            : [];
          return [
            `${locale.day(point.t, span)} · ${locale.t('total')}: ${shown(point.total)}`,
            ...counts,
            ...shares,
            estimateNote(locale, point.sentiment),
          ].join('<br>');
        },
      },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: points.map((p) => locale.day(p.t, span)),
      },
      yAxis: [
        { type: 'value', minInterval: 1 },
        {
          type: 'value',
          min: 0,
          max: 1,
          splitLine: { show: false },
          axisLabel: { formatter: (value: number) => locale.percent(value) },
        },
      ],
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
        // Estimated shares on the right axis, each in a band of its interval; buckets with too
        // few posts have none.
        ...BANDS.flatMap((key) => {
          const interval = (p: SeriesPoint) => p.sentiment.intervals?.[key] ?? null;
          const band = { type: 'line', yAxisIndex: 1, stack: `band-${key}`, symbol: 'none' };
          return hidden.has(key)
            ? []
            : [
                {
                  ...band,
                  id: `${key}-low`,
                  lineStyle: { opacity: 0 },
                  data: points.map((p) => interval(p)?.[0] ?? null),
                },
                {
                  ...band,
                  id: `${key}-band`,
                  lineStyle: { opacity: 0 },
                  areaStyle: { color: SENTIMENT_COLORS[key], opacity: 0.18 },
                  data: points.map((p) => {
                    const i = interval(p);
                    return i ? i[1] - i[0] : null;
                  }),
                },
                {
                  id: `${key}-share`,
                  name: locale.t('estimatedShare', { name: locale.t(key) }),
                  type: 'line',
                  yAxisIndex: 1,
                  symbol: 'circle',
                  symbolSize: 3,
                  color: SENTIMENT_COLORS[key],
                  lineStyle: { width: 1.5, type: 'dashed' },
                  data: points.map((p) => p.sentiment.shares?.[key] ?? null),
                },
              ];
        }),
        {
          id: 'total',
          name: locale.t('total'),
          type: 'line',
          symbol: 'circle',
          symbolSize: 4,
          color: TOTAL_LINE,
          lineStyle: { width: 2 },
          data: points.map((p, index) => (partial >= 0 && index >= partial ? null : p.total)),
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
        ...(partial < 0
          ? []
          : [
              {
                id: 'total-incomplete',
                name: `${locale.t('total')} (${analystText(locale.lang)('incompleteMark')})`,
                type: 'line',
                symbol: 'emptyCircle',
                symbolSize: 6,
                color: TOTAL_LINE,
                lineStyle: { width: 2, type: 'dashed' },
                data: points.map((p, index) => (index >= partial - 1 ? p.total : null)),
                markArea: {
                  silent: true,
                  itemStyle: { color: 'rgba(110, 110, 110, 0.16)' },
                  data: [[{ xAxis: Math.max(0, partial - 1) }, { xAxis: points.length - 1 }]],
                },
              },
            ]),
      ],
    };
  }, [points, spikes, hidden, locale, days, partial, minGroupSize]);

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
    onChart?.(instance);
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
  const bucketSums: RangeTotals = visible.reduce(
    (sum: RangeTotals, p) => ({
      total: (sum.total ?? 0) + (p.total ?? 0),
      positive: (sum.positive ?? 0) + (p.positive ?? 0),
      neutral: (sum.neutral ?? 0) + (p.neutral ?? 0),
      negative: (sum.negative ?? 0) + (p.negative ?? 0),
    }),
    { total: 0, positive: 0, neutral: 0, negative: 0 },
  );
  const totals = rangeTotals ?? bucketSums;
  const hiddenBuckets = visible.filter((p) => p.total === null).length;
  const shownSpikes = spikes.filter((spike) => {
    const day = dayOf(spike.t, locale.timeZone);
    return (!range.from || day >= range.from) && (!range.to || day <= range.to);
  }).length;
  const first = visible[0];
  const last = visible[visible.length - 1];
  const summary =
    first && last
      ? `${locale.t('chartSummary', {
          total: shown(totals.total),
          from: locale.day(first.t, [first.t, last.t]),
          to: locale.day(last.t, [first.t, last.t]),
          positive: shown(totals.positive),
          neutral: shown(totals.neutral),
          negative: shown(totals.negative),
        })}${shownSpikes > 0 ? ` ${locale.t('spikesMarked', { n: shownSpikes })}` : ''}${
          hiddenBuckets > 0
            ? ` (${hiddenBuckets} × ${hiddenFigureText(locale.lang, minGroupSize)})`
            : ''
        }`
      : locale.t('noData');

  return (
    <section class="panel panel-wide" aria-labelledby="timeline-title">
      <h3 id="timeline-title">{locale.t('volumeOverTime')}</h3>
      {actions}
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
        <table
          class="visually-hidden chart-table"
          data-total={totals.total ?? undefined}
          data-hidden-buckets={hiddenBuckets}
        >
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
              {BANDS.map((key) => (
                <th key={`${key}-share`} scope="col">
                  {locale.t('estimatedShare', { name: locale.t(key) })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((p, index) => (
              <tr key={p.t} data-incomplete={partial >= 0 && index >= partial ? 'true' : undefined}>
                <th scope="row">
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => onDay(days[index] ?? '')}
                  >
                    {locale.day(p.t, span)}
                  </button>
                </th>
                <td data-hidden={p.total === null ? 'true' : undefined}>{shown(p.total)}</td>
                {SERIES.map((key) => (
                  <td key={key}>{shown(p[key])}</td>
                ))}
                {BANDS.map((key) => (
                  <td key={`${key}-share`}>{shareWithInterval(locale, p.sentiment, key)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </EChart>
      {partial >= 0 && points[partial] && (
        <p class="muted small partial-note" data-incomplete-from={points[partial].t}>
          <span class="partial-swatch" aria-hidden="true" />
          {analystText(locale.lang)('incompleteBucket', {
            label: locale.day(points[partial].t, span),
          })}
        </p>
      )}
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
