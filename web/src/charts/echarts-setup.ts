// Only the ECharts parts the dashboard draws, so the bundle stays small.
import { LineChart, PieChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  MarkAreaComponent,
  MarkPointComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  LineChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  DataZoomComponent,
  MarkAreaComponent,
  MarkPointComponent,
  CanvasRenderer,
]);

export type { EChartsType } from 'echarts/core';
export { echarts };
