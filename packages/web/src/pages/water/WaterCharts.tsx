import { LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { COLORS } from '../../theme.js';

// Only what this chart uses (echarts/core, not the whole library); loaded with the section page only.
echarts.use([LineChart, GridComponent, TooltipComponent, MarkLineComponent, AriaComponent, SVGRenderer]);

export interface MonthlySeries {
  itemName: string;
  unit: string;
  months: string[];
  /** Monthly means as decimal text; null for a month without the item. */
  means: (string | null)[];
  /** The target-class limit of the item, when it has a single one. */
  limit: number | null;
  limitLabel: string;
  /** What a screen reader hears instead of the picture. */
  description: string;
}

/** The monthly means of one item through the year, with the target-class limit as a line. */
export function MonthlyMeansChart({ series }: { series: MonthlySeries }) {
  const ref = useRef<HTMLDivElement>(null);
  const serialized = JSON.stringify(series);
  useEffect(() => {
    if (!ref.current) return;
    const s = JSON.parse(serialized) as MonthlySeries;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption({
      aria: { enabled: true, label: { description: s.description } },
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 80, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: s.months },
      yAxis: { type: 'value', name: s.unit },
      series: [
        {
          name: s.itemName,
          type: 'line',
          connectNulls: false,
          data: s.means.map((m) => (m === null ? null : Number(m))),
          markLine:
            s.limit === null
              ? undefined
              : { symbol: 'none', lineStyle: { type: 'dashed', color: COLORS.error }, label: { formatter: s.limitLabel }, data: [{ yAxis: s.limit }] },
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [serialized]);
  return <div ref={ref} role="img" aria-label={series.description} style={{ width: '100%', height: 280 }} />;
}
