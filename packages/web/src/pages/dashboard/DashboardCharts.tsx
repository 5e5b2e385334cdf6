import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { Schemas } from '../../api/client.js';
import { formatDate } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { COLORS } from '../../theme.js';

// Only what these charts use, so the chunk stays small (echarts/core, not the whole library).
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

type Dashboard = Schemas['Dashboard'];

/** The same colours as the light tags (antd's error, warning, success and default). */
// The theme's colours, 3:1 or more against white as chart marks (WCAG 1.4.11).
const LIGHT_COLOURS = { red: COLORS.error, amber: COLORS.warning, green: COLORS.success, grey: COLORS.grey } as const;
const LIGHTS = ['red', 'amber', 'green', 'grey'] as const;

function useChart(option: echarts.EChartsCoreOption, label: string) {
  const ref = useRef<HTMLDivElement>(null);
  // The option is plain data: compared as text, so that a re-render with equal data keeps the chart.
  const serialized = JSON.stringify(option);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption({ aria: { enabled: true, label: { description: label } }, animation: false, ...(JSON.parse(serialized) as echarts.EChartsCoreOption) });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [serialized, label]);
  return ref;
}

/** Lights per chapter as stacked bars: where the red and amber tasks are. */
export function ChapterLightsChart({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useI18n();
  const chapters = dashboard.byChapter.filter((c) => c.tasks > 0);
  const label = t('dashboard.chartChaptersAlt', {
    list: chapters
      .map((c) => `${t('dashboard.chapterNo', { no: c.chapterNo })} ${LIGHTS.map((l) => `${t(`enum.light.${l}`)} ${c.byLight[l] ?? 0}`).join('、')}`)
      .join('；'),
  });
  const ref = useChart(
    {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: chapters.map((c) => t('dashboard.chapterNo', { no: c.chapterNo })) },
      series: LIGHTS.map((light) => ({
        name: t(`enum.light.${light}`),
        type: 'bar',
        stack: 'lights',
        itemStyle: { color: LIGHT_COLOURS[light] },
        data: chapters.map((c) => c.byLight[light] ?? 0),
      })),
    },
    label,
  );
  return <div ref={ref} className="chart" role="img" aria-label={label} data-testid="chart-chapters" />;
}

/** Reports submitted and accepted per period: whether reporting keeps pace. */
export function ReportTrendChart({ dashboard }: { dashboard: Dashboard }) {
  const { lang, t } = useI18n();
  const periods = dashboard.trend;
  const label = t('dashboard.chartTrendAlt', {
    list: periods.map((p) => t('dashboard.trendPoint', { period: p.label, submitted: p.submitted, accepted: p.accepted })).join('；'),
  });
  const ref = useChart(
    {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: periods.map((p) => p.label), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('dashboard.trendSubmitted'), type: 'line', data: periods.map((p) => p.submitted), itemStyle: { color: COLORS.primary } },
        { name: t('enum.reportStatus.accepted'), type: 'line', data: periods.map((p) => p.accepted), itemStyle: { color: COLORS.success } },
      ],
    },
    label,
  );
  return (
    <div>
      <div ref={ref} className="chart" role="img" aria-label={label} data-testid="chart-trend" />
      {periods.length > 0 ? <p className="chart-note">{t('dashboard.trendDue', { date: formatDate(periods.at(-1)?.dueOn, lang) })}</p> : null}
    </div>
  );
}
