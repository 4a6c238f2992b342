// Host and Murmur process: traffic per interface (aliases), CPU load, Murmur's CPU and memory,
// over the last 24 hours (5-minute buckets) or 30 days (hourly buckets).
import type { PerfPoint, PerfRange, PerfSeries } from '../../main/contract.js';
import { createTimeChart, type Point, type Series } from '../charts/time-chart.js';
import { byId, el, replaceChildren, setText } from '../dom.js';
import { formatNumber } from '../format.js';
import type { DashboardState } from '../state.js';
import { bindSegmented } from './segmented.js';

const HOUR_MS = 3_600_000;
const spans: Record<PerfRange, number> = { '24h': 24 * HOUR_MS, '30d': 30 * 24 * HOUR_MS };

/** One series from the buckets, with a gap (null) wherever buckets are missing so lines do not bridge outages. */
function toPoints(series: PerfSeries, value: (p: PerfPoint) => number | null | undefined): Point[] {
  const result: Point[] = [];
  let previous: number | undefined;
  for (const point of series.points) {
    if (previous !== undefined && point.t - previous > series.interval * 1500) result.push({ x: previous + 1, y: null });
    result.push({ x: point.t, y: value(point) ?? null });
    previous = point.t;
  }
  return result;
}

function interfaces(series: PerfSeries): string[] {
  const names = new Set<string>();
  for (const point of series.points) for (const name of Object.keys(point.net)) names.add(name);
  return [...names].sort();
}

export function mountPerf(
  state: DashboardState,
  loadRange: (range: PerfRange) => Promise<PerfSeries | null>,
): { render(): void; reload(): Promise<void> } {
  const net = createTimeChart(byId('net-chart', HTMLCanvasElement), { unit: 'hour', yTitle: 'Kbit/s', tooltipFormat: 'd MMM HH:mm' });
  const cpu = createTimeChart(byId('cpu-chart', HTMLCanvasElement), {
    unit: 'hour',
    yTitle: 'CPU %',
    y1Title: 'memory MB',
    yMax: 100,
    tooltipFormat: 'd MMM HH:mm',
  });
  const now = byId('perf-now', HTMLUListElement);
  const empty = byId('perf-empty', HTMLParagraphElement);
  const netCaption = byId('net-caption', HTMLElement);
  let range: PerfRange = '24h';
  let wide: PerfSeries | null = null;

  function current(): PerfSeries | null {
    return range === '24h' ? (state.snapshot?.perf ?? null) : wide;
  }

  function renderNow(series: PerfSeries | null): void {
    const latest = series?.latest ?? state.snapshot?.perf?.latest ?? null;
    const alias = (name: string): string => series?.aliases[name] ?? name;
    const stat = (label: string, value: string): HTMLLIElement =>
      el('li', null, el('span', { className: 'label' }, label), el('span', { className: 'value' }, value));
    replaceChildren(
      now,
      latest
        ? [
            stat('CPU', `${formatNumber(latest.cpu)} %`),
            stat('Murmur CPU', `${formatNumber(latest.murmur.cpu, 1)} %`),
            stat('Murmur memory', `${formatNumber(latest.murmur.memMB)} MB`),
            ...Object.entries(latest.net).map(([name, rate]) =>
              stat(alias(name), `↓ ${formatNumber(rate.rxKbps)}  ↑ ${formatNumber(rate.txKbps)} Kbit/s`),
            ),
          ]
        : [],
    );
  }

  function render(): void {
    const series = current();
    renderNow(series);
    empty.hidden = (series?.points.length ?? 0) > 0;
    if (!series) return;
    const last = series.points.at(-1)?.t ?? Date.now();
    const min = last - spans[range];
    const netSeries: Series[] = interfaces(series).flatMap((name, i) => {
      const label = series.aliases[name] ?? name;
      return [
        { label: `${label} in`, type: 'line', colour: i, data: toPoints(series, (p) => p.net[name]?.rxKbps) },
        { label: `${label} out`, type: 'line', colour: i, dashed: true, data: toPoints(series, (p) => p.net[name]?.txKbps) },
      ];
    });
    net.set(netSeries, min, last);
    cpu.set(
      [
        { label: 'Host CPU', type: 'line', colour: 0, data: toPoints(series, (p) => p.cpu) },
        { label: 'Murmur CPU', type: 'line', colour: 3, data: toPoints(series, (p) => p.murmur.cpu) },
        { label: 'Murmur memory', type: 'line', axis: 'y1', colour: 4, dashed: true, data: toPoints(series, (p) => p.murmur.memMB) },
      ],
      min,
      last,
    );
    const bucket = series.interval >= 3600 ? 'hourly' : `${Math.round(series.interval / 60)}-minute`;
    setText(netCaption, `Network traffic, Kbit/s (${bucket} averages)`);
  }

  /** Fetches the 30-day series again when it is shown (the 24-hour one comes with every snapshot). */
  async function reload(): Promise<void> {
    if (range !== '30d') return;
    wide = await loadRange('30d');
    render();
  }

  bindSegmented(byId('perf-range', HTMLDivElement), 'range', (value) => {
    range = value === '30d' ? '30d' : '24h';
    render();
    void reload().catch((error: unknown) => console.warn('could not load the 30-day series', error));
  });

  return { render, reload };
}
