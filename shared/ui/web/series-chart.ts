import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SeriesPoint } from '../ui-api.js';
import { h } from './dom.js';

// uPlot puts the title and series labels in the DOM with textContent (checked in its source),
// so metadata keys, which are user text, are safe there.
const HEIGHT = 180;

/**
 * One numeric metadata key over time (a point per materialization or observation), as a
 * uPlot line chart titled and labelled with the key. uPlot sizes to the pixel width given, so
 * the chart is drawn after its container is in the page.
 *
 * @example
 * grid.append(seriesChart('record_count', series.record_count, 400));
 */
export function seriesChart(key: string, points: readonly SeriesPoint[], width: number): HTMLElement {
  const container = h('div', { class: 'series-chart', attrs: { 'data-series': key } });
  const sorted = [...points].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const data: uPlot.AlignedData = [
    sorted.map((point) => Date.parse(point.timestamp) / 1000),
    sorted.map((point) => point.value),
  ];
  new uPlot(
    {
      title: key,
      width,
      height: HEIGHT,
      scales: { x: { time: true } },
      series: [{}, { label: key, stroke: '#4f43dd', width: 2, points: { show: true, size: 6 } }],
    },
    data,
    container,
  );
  return container;
}
