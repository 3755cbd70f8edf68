// Places as proportional symbols at their administrative centres over a faint backdrop of every
// ward centre (which draws the country's shape), coloured by volume or by negative share. Value
// axes in degrees with equal scales stand in for a projection; nothing is fetched but the data.
import { ScatterChart } from 'echarts/charts';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { EChart } from '../../charts/echart.js';
import { echarts } from '../../charts/echarts-setup.js';
import { useLocale } from '../../i18n/locale.js';
import { NEGATIVE_RAMP, VOLUME_RAMP } from '../../theme/palette.js';
import { useTheme } from '../../theme/theme.js';
import { useUiText } from '../ui-messages.js';
import {
  extentOf,
  heightForWidth,
  type MapLevel,
  type MapMetric,
  type MapPoints,
  type PlacedFigure,
  rampColour,
  symbolDiameter,
} from './map-points.js';

echarts.use([ScatterChart]);

export interface PlacesMapProps {
  points: MapPoints;
  level: MapLevel;
  /** Wards of this province only (ward level); null for the whole country. */
  province: string | null;
  placed: PlacedFigure[];
  metric: MapMetric;
  onSelect?: (code: string) => void;
}

const BACKDROP = { light: '#b7c2ce', dark: '#3e4b5a' } as const;
const LABEL = { light: '#1c2430', dark: '#e6ebf1' } as const;
const RIM = { light: '#ffffff', dark: '#0f141a' } as const;

export function PlacesMap({ points, level, province, placed, metric, onSelect }: PlacesMapProps) {
  const locale = useLocale();
  const t = useUiText();
  const theme = useTheme();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(480);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth || 480));
    observer.observe(element);
    setWidth(element.clientWidth || 480);
    return () => observer.disconnect();
  }, []);

  const backdrop = useMemo(
    () =>
      points.wards
        .filter((w) => province === null || w[3] === province)
        .map(([, , , , lat, lon]) => ({ lat, lon })),
    [points, province],
  );
  const extent = extentOf(backdrop) ?? { minLon: 102, maxLon: 115, minLat: 8, maxLat: 24 };
  const height = Math.round(Math.min(720, Math.max(260, heightForWidth(extent, width))));
  // The plotting box keeps the aspect: narrower than the figure when the height is capped.
  const plotWidth = Math.min(width, Math.round(height / heightForWidth(extent, 1)));

  const option = useMemo(() => {
    const largest = Math.max(0, ...placed.map((p) => p.figure.mentions));
    const top = new Set(
      [...placed]
        .sort((a, b) => b.figure.mentions - a.figure.mentions)
        .slice(0, level === 'province' ? 6 : 8)
        .map((p) => p.code),
    );
    const colourOf = (p: PlacedFigure) =>
      metric === 'volume'
        ? rampColour(largest > 0 ? p.figure.mentions / largest : 0, VOLUME_RAMP)
        : p.negativeShare === null
          ? '#8c8c8c'
          : rampColour(p.negativeShare, NEGATIVE_RAMP);
    return {
      animation: false,
      grid: { left: 'center', top: 0, width: plotWidth, height },
      xAxis: { type: 'value', min: extent.minLon, max: extent.maxLon, show: false },
      yAxis: { type: 'value', min: extent.minLat, max: extent.maxLat, show: false },
      tooltip: {
        trigger: 'item',
        formatter: (params: { data?: { name?: string; tip?: string } }) => params.data?.tip ?? '',
      },
      series: [
        {
          id: 'backdrop',
          type: 'scatter',
          silent: true,
          symbolSize: level === 'province' ? 2.5 : 4,
          itemStyle: { color: BACKDROP[theme], opacity: 0.8 },
          data: backdrop.map((p) => [p.lon, p.lat]),
          z: 1,
        },
        {
          id: 'places',
          type: 'scatter',
          z: 2,
          data: [...placed]
            .sort((a, b) => b.figure.mentions - a.figure.mentions)
            .map((p) => ({
              name: p.name,
              value: [p.lon, p.lat, p.figure.mentions],
              code: p.code,
              symbolSize: symbolDiameter(p.figure.mentions, largest),
              itemStyle: {
                color: colourOf(p),
                borderColor: RIM[theme],
                borderWidth: 1,
                opacity: 0.9,
              },
              label: {
                show: top.has(p.code),
                formatter: p.name,
                position: 'right',
                color: LABEL[theme],
                fontSize: 11,
              },
              tip: `${p.name}: ${locale.number(p.figure.mentions)} ${t('mapMentions').toLowerCase()}${
                p.negativeShare === null
                  ? ''
                  : ` · ${t('mapNegativeShare').toLowerCase()} ${locale.percent(p.negativeShare)}`
              }`,
            })),
        },
      ],
    };
  }, [placed, metric, theme, level, backdrop, height, plotWidth, locale, t]);

  const top = [...placed].sort((a, b) => b.figure.mentions - a.figure.mentions)[0];
  return (
    <div ref={box} class="places-map">
      <EChart
        option={option}
        height={height}
        summary={
          top
            ? t('mapSummary', {
                n: placed.length,
                top: `${top.name} (${locale.number(top.figure.mentions)})`,
              })
            : t('mapEmpty')
        }
        onReady={(chart) =>
          chart.on('click', (params) => {
            const code = (params.data as { code?: string } | undefined)?.code;
            if (code) onSelect?.(code);
          })
        }
      />
      <MapLegend metric={metric} />
    </div>
  );
}

function MapLegend({ metric }: { metric: MapMetric }) {
  const t = useUiText();
  const ramp = metric === 'volume' ? VOLUME_RAMP : NEGATIVE_RAMP;
  return (
    <p class="map-legend small">
      <span class="map-ramp" aria-hidden="true">
        {ramp.map((colour) => (
          <span key={colour} class="swatch" style={{ background: colour }} />
        ))}
      </span>{' '}
      {metric === 'volume' ? t('mapLegendVolume') : t('mapLegendNegative')}
    </p>
  );
}
