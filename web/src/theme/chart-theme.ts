// ECharts themes matching the stylesheet's tokens: text, axes, grid lines and tooltips readable
// on the panel colour of each theme. Series colours are set by each chart (see palette.ts).
import type { Theme } from './theme.js';

interface ChartColours {
  text: string;
  muted: string;
  line: string;
  panel: string;
}

const COLOURS: Record<Theme, ChartColours> = {
  light: { text: '#1c2430', muted: '#535d6b', line: '#d9dfe6', panel: '#ffffff' },
  dark: { text: '#e6ebf1', muted: '#a4afbc', line: '#2f3b48', panel: '#182029' },
};

export const chartThemeName = (theme: Theme) => `nghe-${theme}`;

export function chartTheme(theme: Theme): object {
  const c = COLOURS[theme];
  const axis = {
    axisLine: { lineStyle: { color: c.line } },
    axisTick: { lineStyle: { color: c.line } },
    axisLabel: { color: c.muted },
    splitLine: { lineStyle: { color: [c.line] } },
    nameTextStyle: { color: c.muted },
  };
  return {
    backgroundColor: 'transparent',
    textStyle: { color: c.text },
    title: { textStyle: { color: c.text }, subtextStyle: { color: c.muted } },
    legend: { textStyle: { color: c.text } },
    categoryAxis: axis,
    valueAxis: axis,
    timeAxis: axis,
    logAxis: axis,
    tooltip: {
      backgroundColor: c.panel,
      borderColor: c.line,
      textStyle: { color: c.text },
    },
    dataZoom: {
      textStyle: { color: c.muted },
      borderColor: c.line,
    },
  };
}
