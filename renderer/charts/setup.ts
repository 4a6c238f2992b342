// Chart.js with only the parts the dashboard uses (tree-shaken), themed from CSS variables.
import * as chartjs from 'chart.js';
import 'chartjs-adapter-date-fns';

export const Chart = chartjs.Chart;
// Only what the dashboard draws, so the bundle leaves the rest of Chart.js out.
Chart.register(
  chartjs.ArcElement,
  chartjs.BarController,
  chartjs.BarElement,
  chartjs.DoughnutController,
  chartjs.Filler,
  chartjs.Legend,
  chartjs.LinearScale,
  chartjs.LineController,
  chartjs.LineElement,
  chartjs.PointElement,
  chartjs.TimeScale,
  chartjs.Tooltip,
);

export interface Palette {
  text: string;
  muted: string;
  grid: string;
  track: string;
  surface: string;
  warn: string;
  bad: string;
  series: string[];
}

function cssVar(style: CSSStyleDeclaration, name: string): string {
  return style.getPropertyValue(name).trim();
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.documentElement);
  return {
    text: cssVar(style, '--text'),
    muted: cssVar(style, '--muted'),
    grid: cssVar(style, '--grid'),
    track: cssVar(style, '--gauge-track'),
    surface: cssVar(style, '--surface'),
    warn: cssVar(style, '--warn'),
    bad: cssVar(style, '--bad'),
    series: [1, 2, 3, 4, 5, 6].map((n) => cssVar(style, `--series-${n}`)),
  };
}

export function seriesColour(palette: Palette, index: number): string {
  return palette.series[index % palette.series.length] ?? palette.text;
}

const recolourers = new Set<(palette: Palette) => void>();

function applyDefaults(palette: Palette): void {
  Chart.defaults.color = palette.muted;
  Chart.defaults.borderColor = palette.grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
  Chart.defaults.plugins.tooltip.backgroundColor = palette.surface;
  Chart.defaults.plugins.tooltip.titleColor = palette.text;
  Chart.defaults.plugins.tooltip.bodyColor = palette.text;
  Chart.defaults.plugins.tooltip.borderColor = palette.grid;
  Chart.defaults.plugins.tooltip.borderWidth = 1;
}

/** Call once at start: sets defaults now and re-colours every registered chart when the OS theme flips. */
export function initChartTheme(): void {
  applyDefaults(readPalette());
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    const palette = readPalette();
    applyDefaults(palette);
    for (const recolour of recolourers) recolour(palette);
  });
}

/** Registers a chart's re-colouring; the callback sets dataset colours and calls `chart.update('none')`. */
export function onRecolour(recolour: (palette: Palette) => void): void {
  recolourers.add(recolour);
}

/**
 * Mirrors what a chart draws into `data-series` on its canvas: plain data the page already shows,
 * readable by tests without exposing Chart objects or any other capability.
 */
export function mirrorData(chart: chartjs.Chart, markers: readonly unknown[] = []): void {
  const datasets = chart.data.datasets.map((set) => ({ label: set.label ?? '', data: set.data }));
  chart.canvas.dataset.series = JSON.stringify(datasets);
  chart.canvas.dataset.markers = JSON.stringify(markers);
}

