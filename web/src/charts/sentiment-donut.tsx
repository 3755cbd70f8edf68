// The estimated sentiment split of the selected range as a donut, each share with its
// interval; slices and legend entries filter the list.
import type { ComponentChildren } from 'preact';
import { useMemo, useRef } from 'preact/hooks';
import type { SentimentShare } from '../../../src/http/api-types.js';
import { estimateNote, shareWithInterval } from '../format/share-estimate.js';
import { useLocale } from '../i18n/locale.js';
import { countOrHidden } from '../privacy/hidden-figures.js';
import { EChart } from './echart.js';
import type { EChartsType } from './echarts-setup.js';
import { SENTIMENT_COLORS } from './timeline-panel.js';

const RATED = ['positive', 'neutral', 'negative'] as const;
type RatedKey = (typeof RATED)[number];

function sliceValue(share: SentimentShare, key: RatedKey): number {
  return share.shares ? share.shares[key] : share.classifiedCounts[key];
}

export interface SentimentDonutProps {
  share: SentimentShare;
  selected: string | undefined;
  onSelect: (sentiment: string | undefined) => void;
  /** The chart instance once drawn (for a PNG export). */
  onChart?: (chart: EChartsType) => void;
  /** Shown under the title (export buttons). */
  actions?: ComponentChildren;
  /** k of the small-group rule: counts it hides (null) read "fewer than k people". */
  minGroupSize?: number | null;
}

export function SentimentDonut({
  share,
  selected,
  onSelect,
  onChart,
  actions,
  minGroupSize = null,
}: SentimentDonutProps) {
  const locale = useLocale();
  const shown = (value: number | null) =>
    countOrHidden(value, locale.number, locale.lang, minGroupSize);
  const latest = useRef(onSelect);
  latest.current = onSelect;
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (params: { data?: { key?: RatedKey } }) => {
          const key = params.data?.key;
          if (!key) return '';
          return share.shares
            ? `${locale.t(key)}: ${shareWithInterval(locale, share, key)}<br>${estimateNote(locale, share)}`
            : `${locale.t(key)}: ${locale.t('classifiedCount', { n: locale.number(share.classifiedCounts[key]) })}`;
        },
      },
      series: [
        {
          type: 'pie',
          radius: ['45%', '75%'],
          label: { show: false },
          // Estimated shares when there are enough posts, else the classified counts.
          data: RATED.filter((key) => sliceValue(share, key) > 0).map((key) => ({
            name: share.shares ? shareWithInterval(locale, share, key) : locale.t(key),
            value: sliceValue(share, key),
            key,
            itemStyle: { color: SENTIMENT_COLORS[key] },
          })),
        },
      ],
    }),
    [share, locale],
  );
  const onReady = (chart: EChartsType) => {
    onChart?.(chart);
    chart.on('click', (params: { data?: unknown }) => {
      const key = (params.data as { key?: string } | undefined)?.key;
      if (key && key !== 'unknown') latest.current(key);
    });
  };
  const counts = share.classifiedCounts;
  const summary = locale.t('donutSummary', {
    total: shown(share.total),
    positive: shown(counts.positive),
    neutral: shown(counts.neutral),
    negative: shown(counts.negative),
    unknown: shown(share.unknown),
  });
  return (
    <section class="panel" aria-labelledby="donut-title">
      <h3 id="donut-title">
        {locale.t('sentimentSplit')}{' '}
        <span class="range-total" data-total={share.total}>
          {locale.t('mentionsCount', { n: shown(share.total) })}
        </span>
      </h3>
      {actions}
      <EChart
        option={option}
        height={180}
        summary={summary}
        onReady={onReady}
        class="donut-chart"
      />
      <ul class="legend legend-list">
        {RATED.map((key) => (
          <li key={key}>
            <button
              type="button"
              class="legend-item"
              data-sentiment={key}
              aria-pressed={selected === key}
              onClick={() => onSelect(selected === key ? undefined : key)}
            >
              <span
                class="swatch"
                style={{ background: SENTIMENT_COLORS[key] }}
                aria-hidden="true"
              />
              {locale.t(key)}{' '}
              <strong class="estimated-share">{shareWithInterval(locale, share, key)}</strong>{' '}
              <span class="muted classified-count">
                {locale.t('classifiedCount', { n: locale.number(counts[key]) })}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <p class={`estimate-note muted${share.sufficient ? '' : ' estimate-insufficient'}`}>
        {estimateNote(locale, share)}
      </p>
    </section>
  );
}
