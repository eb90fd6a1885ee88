// ECharts on demand: only the chart kinds and parts the console draws. A screen with a chart
// imports components/EChart.vue, so this code loads with that screen only.
import { BarChart } from "echarts/charts";
import { AriaComponent, GridComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, GridComponent, TooltipComponent, AriaComponent, SVGRenderer]);

export type { EChartsCoreOption as ChartOption } from "echarts/core";
export { echarts };
