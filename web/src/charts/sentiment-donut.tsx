// The sentiment split of the selected range as a donut; slices and legend entries filter the list.
import { useMemo, useRef } from 'preact/hooks';
import type { SentimentShare } from '../../../src/http/api-types.js';
import { useLocale } from '../i18n/locale.js';
import { EChart } from './echart.js';
import type { EChartsType } from './echarts-setup.js';
import { SENTIMENT_COLORS } from './timeline-panel.js';

const SLICES = ['positive', 'neutral', 'negative', 'unknown'] as const;

export interface SentimentDonutProps {
  share: SentimentShare;
  selected: string | undefined;
  onSelect: (sentiment: string | undefined) => void;
}

export function SentimentDonut({ share, selected, onSelect }: SentimentDonutProps) {
  const locale = useLocale();
  const latest = useRef(onSelect);
  latest.current = onSelect;
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'pie',
          radius: ['45%', '75%'],
          label: { show: false },
          data: SLICES.filter((key) => share[key] > 0).map((key) => ({
            name: locale.t(key),
            value: share[key],
            key,
            itemStyle: { color: SENTIMENT_COLORS[key] },
          })),
        },
      ],
    }),
    [share, locale],
  );
  const onReady = (chart: EChartsType) => {
    chart.on('click', (params: { data?: unknown }) => {
      const key = (params.data as { key?: string } | undefined)?.key;
      if (key && key !== 'unknown') latest.current(key);
    });
  };
  const summary = locale.t('donutSummary', {
    total: locale.number(share.total),
    positive: locale.number(share.positive),
    neutral: locale.number(share.neutral),
    negative: locale.number(share.negative),
    unknown: locale.number(share.unknown),
  });
  return (
    <section class="panel" aria-labelledby="donut-title">
      <h3 id="donut-title">
        {locale.t('sentimentSplit')}{' '}
        <span class="range-total" data-total={share.total}>
          {locale.t('mentionsCount', { n: locale.number(share.total) })}
        </span>
      </h3>
      <EChart
        option={option}
        height={180}
        summary={summary}
        onReady={onReady}
        class="donut-chart"
      />
      <ul class="legend legend-list">
        {SLICES.filter((key) => key !== 'unknown').map((key) => (
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
              {locale.t(key)} <strong>{locale.number(share[key])}</strong>{' '}
              <span class="muted">({locale.percent(share[`${key}Share`])})</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
