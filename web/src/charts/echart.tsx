// One ECharts instance bound to a div: created on mount, updated with each option, resized with
// its box, disposed on unmount.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { chartTheme, chartThemeName } from '../theme/chart-theme.js';
import { useTheme } from '../theme/theme.js';
import { type EChartsType, echarts } from './echarts-setup.js';

for (const theme of ['light', 'dark'] as const) {
  echarts.registerTheme(chartThemeName(theme), chartTheme(theme));
}

type Option = Parameters<EChartsType['setOption']>[0];

export interface EChartProps {
  option: Option;
  height: number;
  /** Short spoken summary of what the chart shows. */
  summary: string;
  /** Called once with the instance, to attach event handlers. */
  onReady?: (chart: EChartsType) => void;
  /** Accessible alternative (a data table), visually hidden. */
  children?: ComponentChildren;
  class?: string;
}

export function EChart({
  option,
  height,
  summary,
  onReady,
  children,
  class: className,
}: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const theme = useTheme();
  const latest = useRef(option);
  latest.current = option;

  // A theme change redraws the chart in a new instance with the same option.
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, chartThemeName(theme), { renderer: 'canvas' });
    chart.current = instance;
    instance.setOption(latest.current);
    onReady?.(instance);
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [theme]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: false, lazyUpdate: true });
  }, [option]);

  return (
    <figure class={`chart ${className ?? ''}`} aria-label={summary}>
      <div ref={box} class="chart-canvas" style={{ height: `${height}px` }} aria-hidden="true" />
      <figcaption class="chart-summary">{summary}</figcaption>
      {children}
    </figure>
  );
}
