// An ECharts chart (loaded with the dashboards chunk only). Animation is off: the figures are
// the point, and a finished render can be detected at once (data-rendered, for the tests).
import { useEffect, useRef } from 'preact/hooks';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, SankeyChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  SankeyChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export function Chart(props: {
  option: ChartOption;
  label: string;
  height?: string;
  onClick?: (params: { name?: string; data?: unknown; seriesName?: string }) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const el = ref.current!;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('finished', () => el.setAttribute('data-rendered', 'true'));
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
    };
  }, []);
  useEffect(() => {
    const c = chart.current!;
    ref.current!.removeAttribute('data-rendered');
    c.setOption({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...props.option }, true);
  }, [props.option]);
  useEffect(() => {
    const c = chart.current!;
    c.off('click');
    if (props.onClick) c.on('click', (p) => props.onClick!(p as never));
  }, [props.onClick]);
  return <div ref={ref} class="chart" role="img" aria-label={props.label} style={props.height ? { height: props.height } : undefined} />;
}
