// Host and Murmur process: traffic per interface (aliases), CPU load, Murmur's CPU and memory,
// over the last 24 hours (5-minute buckets) or 30 days (hourly buckets).
import type { PerfDay, PerfPoint, PerfRange, PerfSeries, ServerEventKind } from '../../main/contract.js';
import type { Marker } from '../charts/event-markers.js';
import { createTimeChart, type Point, type Series } from '../charts/time-chart.js';
import { byId, el, replaceChildren, setText } from '../dom.js';
import { formatBytes, formatEventKind, formatNumber } from '../format.js';
import { logTimeInstant, windowStart } from '../../main/log-time.js';
import type { DashboardState } from '../state.js';
import { bindSegmented } from './segmented.js';

const HOUR_MS = 3_600_000;
const spans: Record<PerfRange, number> = { '24h': 24 * HOUR_MS, '30d': 30 * 24 * HOUR_MS };

/**
 * The buckets that ended before the raw samples begin, then the samples (the last 15 minutes): a fresh
 * start shows data at once, and the bucket still filling is not drawn as if it were final.
 */
function readings(series: PerfSeries): PerfPoint[] {
  const firstSample = series.samples[0]?.t;
  if (firstSample === undefined) return series.points;
  const complete = series.points.filter((p) => p.t + series.interval * 1000 <= firstSample);
  return [...complete, ...series.samples];
}

/** The figures of a reading, or of a bucket's highest readings (PerfPeak has the same shape). */
type Figures = Pick<PerfPoint, 'cpu' | 'net' | 'murmur'>;

/**
 * One line from the readings, with a gap (null) wherever buckets are missing so lines do not bridge outages.
 * A bucket's point also carries its highest reading, which an average hides; the tooltip shows it.
 */
function toPoints(list: PerfPoint[], interval: number, value: (p: Figures) => number | null | undefined): Point[] {
  const result: Point[] = [];
  let previous: number | undefined;
  for (const point of list) {
    if (previous !== undefined && point.t - previous > interval * 1500) result.push({ x: previous + 1, y: null });
    const shown: Point = { x: point.t, y: value(point) ?? null };
    if (point.max !== undefined) shown.peak = value(point.max) ?? null;
    result.push(shown);
    previous = point.t;
  }
  return result;
}

/** `12 %`, or `not found` when the figure is missing (no Murmur process on this machine). */
function withUnit(value: number | null, digits: number, unit: string): string {
  return value === null ? 'not found' : `${formatNumber(value, digits)} ${unit}`;
}

/** Events worth a line across the charts: Murmur or a virtual server went down or came back. */
const MARKED_EVENTS: ReadonlySet<ServerEventKind> = new Set<ServerEventKind>(['crash', 'shutdown', 'stopped', 'boot']);

/** The shown servers' restarts, crashes and stops, at the instants their log times name in their zones. */
function markersOf(state: DashboardState): Marker[] {
  return (state.history?.serverEvents ?? [])
    .filter((event) => MARKED_EVENTS.has(event.kind) && state.matches(event.source, event.server))
    .map((event) => ({
      x: logTimeInstant(event.at, state.timezoneOf(event.source)),
      label: formatEventKind(event.kind),
      severe: event.kind === 'crash',
    }));
}

/** Days summed for the "moved" figure: a hosting plan's traffic allowance is monthly. */
const MOVED_DAYS = 30;

/** Bytes an interface moved on the newest recorded day and on the 30 days up to it (calendar days of the monitor). */
function moved(daily: PerfDay[], name: string): { day: string; today: { rx: number; tx: number }; month: { rx: number; tx: number } } | null {
  const newest = daily.at(-1);
  if (newest === undefined || newest.net[name] === undefined) return null;
  // Calendar arithmetic on the date itself (read as UTC): no zone or DST rule can move a day boundary.
  const since = windowStart(newest.date, MOVED_DAYS);
  const month = { rx: 0, tx: 0 };
  for (const day of daily) {
    const bytes = day.net[name];
    if (bytes === undefined || day.date < since) continue;
    month.rx += bytes.rxBytes;
    month.tx += bytes.txBytes;
  }
  const today = newest.net[name];
  return { day: newest.date, today: { rx: today?.rxBytes ?? 0, tx: today?.txBytes ?? 0 }, month };
}

function interfaces(list: PerfPoint[]): string[] {
  const names = new Set<string>();
  for (const point of list) for (const name of Object.keys(point.net)) names.add(name);
  return [...names].sort();
}

export function mountPerf(
  state: DashboardState,
  loadRange: (range: PerfRange) => Promise<PerfSeries | null>,
): { render(): void; reload(): Promise<void> } {
  const net = createTimeChart(byId('net-chart', HTMLCanvasElement), { yTitle: 'Kbit/s', tooltipFormat: 'd MMM HH:mm:ss' });
  const cpu = createTimeChart(byId('cpu-chart', HTMLCanvasElement), {
    yTitle: 'CPU %',
    y1Title: 'memory MB',
    yMax: 100,
    tooltipFormat: 'd MMM HH:mm:ss',
  });
  const now = byId('perf-now', HTMLUListElement);
  const empty = byId('perf-empty', HTMLParagraphElement);
  const netCaption = byId('net-caption', HTMLElement);
  const charts = byId('perf-charts', HTMLDivElement);
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
            stat('CPU', withUnit(latest.cpu, 0, '%')),
            stat('Murmur CPU', withUnit(latest.murmur.cpu, 1, '%')),
            stat('Murmur memory', withUnit(latest.murmur.memMB, 0, 'MB')),
            ...Object.entries(latest.net).map(([name, rate]) =>
              stat(alias(name), `↓ ${formatNumber(rate.rxKbps)}  ↑ ${formatNumber(rate.txKbps)} Kbit/s`),
            ),
            ...Object.keys(latest.net).flatMap((name) => {
              const bytes = moved(series?.daily ?? state.snapshot?.perf?.daily ?? [], name);
              if (bytes === null) return [];
              const pair = ({ rx, tx }: { rx: number; tx: number }): string => `↓ ${formatBytes(rx)}  ↑ ${formatBytes(tx)}`;
              const item = stat(`${alias(name)} moved`, `today ${pair(bytes.today)} · ${MOVED_DAYS} days ${pair(bytes.month)}`);
              item.title = `Bytes received and sent on ${bytes.day}, and on the ${MOVED_DAYS} days up to it (the monitor's calendar days)`;
              return [item];
            }),
          ]
        : [],
    );
  }

  function render(): void {
    const series = current();
    renderNow(series);
    const list = series ? (range === '24h' ? readings(series) : series.points) : [];
    // The 30-day series is fetched when first shown: until it comes, say so rather than "sampling is off".
    const loading = range === '30d' && wide === null && Boolean(state.snapshot?.perf);
    empty.hidden = list.length > 0;
    setText(
      empty,
      loading
        ? 'Loading the 30-day readings…'
        : series
          ? 'No performance readings yet: the first arrive within a minute of the monitor starting.'
          : 'Performance sampling is off for this monitor.',
    );
    charts.hidden = list.length === 0;
    if (!series || list.length === 0) return;
    const line = (value: (p: Figures) => number | null | undefined): Point[] => toPoints(list, series.interval, value);
    const markers = markersOf(state);
    // A restart newer than the last reading (taken up to a sampling interval ago) still gets its line.
    const now = Date.now();
    const last = markers.reduce((newest, marker) => (marker.x > newest && marker.x <= now ? marker.x : newest), list.at(-1)?.t ?? now);
    // Until a whole period is recorded the axis spans the readings there are, not an empty day.
    const min = Math.max(last - spans[range], list[0]?.t ?? last);
    const netSeries: Series[] = interfaces(list).flatMap((name, i) => {
      const label = series.aliases[name] ?? name;
      return [
        { label: `${label} in`, type: 'line', colour: 2 * i, data: line((p) => p.net[name]?.rxKbps) },
        { label: `${label} out`, type: 'line', colour: 2 * i + 1, dashed: true, data: line((p) => p.net[name]?.txKbps) },
      ];
    });
    net.set(netSeries, min, last, markers);
    cpu.set(
      [
        { label: 'Host CPU', type: 'line', colour: 0, data: line((p) => p.cpu) },
        { label: 'Murmur CPU', type: 'line', colour: 3, data: line((p) => p.murmur.cpu) },
        { label: 'Murmur memory', type: 'line', axis: 'y1', colour: 4, dashed: true, data: line((p) => p.murmur.memMB) },
      ],
      min,
      last,
      markers,
    );
    const bucket = series.interval >= 3600 ? 'hourly' : `${Math.round(series.interval / 60)}-minute`;
    const live = range === '24h' && series.samples.length > 0 ? ', the latest minutes as sampled' : '';
    setText(netCaption, `Network traffic, Kbit/s (${bucket} averages${live})`);
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
