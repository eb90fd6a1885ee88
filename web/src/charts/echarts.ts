// ECharts on demand: only the chart kinds and parts the console draws. A screen with a chart
// imports components/EChart.vue, so this code loads with that screen only.
import { BarChart, LineChart } from "echarts/charts";
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  AriaComponent,
  SVGRenderer,
]);

export type { EChartsCoreOption as ChartOption } from "echarts/core";
export { echarts };
