// A time-axis chart of bars and lines, updated in place. Used by the logins, traffic and CPU panels.
import type { ChartDataset, TimeUnit, TooltipItem } from 'chart.js';
import { formatNumber } from '../format.js';
import { eventMarkers, type Marker } from './event-markers.js';
import { Chart, mirrorData, onRecolour, readPalette, seriesColour, type Palette } from './setup.js';

export interface Point {
  x: number;
  y: number | null;
  /** The highest reading behind an averaged `y`, shown in the tooltip. */
  peak?: number | null;
}

export interface Series {
  label: string;
  type: 'bar' | 'line';
  /** `y1` puts the series on a second scale at the right. */
  axis?: 'y' | 'y1';
  colour: number;
  dashed?: boolean;
  data: Point[];
}

export interface TimeChartOptions {
  /** Fixed tick unit (days for daily bars); absent lets Chart.js pick one that suits the range shown. */
  unit?: TimeUnit;
  yTitle: string;
  y1Title?: string;
  /** Upper bound of y when known (CPU percent), so the axis never jumps. */
  yMax?: number;
  /** Tooltip date format (date-fns tokens). */
  tooltipFormat: string;
}

export interface TimeChart {
  /** Draws `series` over `[min, max]`, with the server events in that span as vertical `markers`. */
  set(series: Series[], min: number, max: number, markers?: readonly Marker[]): void;
}

/** 24-hour clock and day-month dates (date-fns tokens); the adapter's defaults are 12-hour US style. */
const DISPLAY_FORMATS = {
  millisecond: 'HH:mm:ss',
  second: 'HH:mm:ss',
  minute: 'HH:mm',
  hour: 'HH:mm',
  day: 'd MMM',
  week: 'd MMM',
  month: 'MMM yyyy',
  quarter: 'MMM yyyy',
  year: 'yyyy',
};

type AnyDataset = ChartDataset<'bar' | 'line', Point[]>;

/** Lines are drawn without dots; a reading with no neighbour to join (the first hour, one after a gap) gets one. */
const ISOLATED_POINT_RADIUS = 2.5;

/**
 * 0 when every reading has a neighbour (Chart.js then resolves one option for all points), else a radius per
 * point: a per-point option costs Chart.js a resolution per point, so only lines with a gap pay for it.
 */
function pointRadii(data: Point[]): number | number[] {
  const alone = (neighbour: Point | undefined): boolean => neighbour === undefined || neighbour.y === null;
  const radii = data.map((point, index) => (point.y !== null && alone(data[index - 1]) && alone(data[index + 1]) ? ISOLATED_POINT_RADIUS : 0));
  return radii.some((radius) => radius > 0) ? radii : 0;
}

function toDataset(series: Series, palette: Palette): AnyDataset {
  const colour = seriesColour(palette, series.colour);
  const common = {
    label: series.label,
    data: series.data,
    yAxisID: series.axis ?? 'y',
    borderColor: colour,
    backgroundColor: colour,
    normalized: true,
  };
  if (series.type === 'bar') {
    return { ...common, type: 'bar', borderWidth: 0, barPercentage: 0.9, categoryPercentage: 0.8, order: 2 };
  }
  return {
    ...common,
    type: 'line',
    borderWidth: 2,
    borderDash: series.dashed ? [5, 4] : [],
    pointRadius: pointRadii(series.data),
    pointHitRadius: 6,
    // A line at the axis maximum (CPU at 100 %) is drawn whole, not cut in half by the chart area.
    clip: 4,
    tension: 0,
    spanGaps: false,
    order: 1,
  };
}

/** A value in a tooltip: counts as they are, readings whole from 10 up and to one decimal below (`14.6` %). */
function reading(value: number): string {
  return formatNumber(value, Number.isInteger(value) || Math.abs(value) >= 10 ? 0 : 1);
}

/** `Host CPU: 15`, and `(peak 99)` when the point is an average over higher readings. */
function tooltipLabel(item: TooltipItem<'bar' | 'line'>): string {
  const { peak, y } = item.raw as Point;
  const text = `${item.dataset.label ?? ''}: ${y === null ? '–' : reading(y)}`;
  return typeof peak === 'number' && y !== null && peak > y ? `${text} (peak ${reading(peak)})` : text;
}

export function createTimeChart(canvas: HTMLCanvasElement, options: TimeChartOptions): TimeChart {
  let current: Series[] = [];
  let markers: readonly Marker[] = [];
  let palette = readPalette();
  const chart = new Chart<'bar' | 'line', Point[]>(canvas, {
    type: 'line',
    data: { datasets: [] },
    plugins: [eventMarkers(() => markers, () => palette)],
    options: {
      parsing: false,
      responsive: true,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: {
          type: 'time',
          time: { unit: options.unit ?? false, minUnit: 'second', tooltipFormat: options.tooltipFormat, displayFormats: DISPLAY_FORMATS },
          offset: options.unit === 'day',
          grid: { display: false },
          ticks: { maxRotation: 0, minRotation: 0, autoSkipPadding: 16, sampleSize: 8 },
        },
        y: {
          beginAtZero: true,
          max: options.yMax,
          title: { display: true, text: options.yTitle },
          ticks: { precision: 0 },
        },
        y1: {
          display: options.y1Title !== undefined,
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          title: { display: options.y1Title !== undefined, text: options.y1Title ?? '' },
          ticks: { precision: 0 },
        },
      },
      plugins: {
        // Legend in series order (dataset `order` only sets which draws on top).
        legend: { position: 'bottom', labels: { sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) } },
        tooltip: { callbacks: { label: tooltipLabel } },
      },
    },
  });

  function rebuild(): void {
    chart.data.datasets = current.map((series) => toDataset(series, palette));
  }

  onRecolour((next) => {
    palette = next;
    rebuild();
    chart.update('none');
  });

  return {
    set(series, min, max, shown = []) {
      markers = shown.filter((marker) => marker.x >= min && marker.x <= max);
      const sameShape =
        series.length === current.length && series.every((s, i) => s.label === current[i]?.label);
      current = series;
      if (sameShape) {
        series.forEach((s, i) => {
          const dataset = chart.data.datasets[i];
          if (dataset === undefined) return;
          dataset.data = s.data;
          // Where the dots go depends on where the gaps are.
          if (dataset.type === 'line') dataset.pointRadius = pointRadii(s.data);
        });
      } else {
        rebuild();
      }
      const x = chart.options.scales?.x;
      if (x) {
        x.min = min;
        x.max = max;
      }
      chart.update('none');
      mirrorData(chart, markers);
    },
  };
}
