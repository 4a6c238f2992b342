// Logins per day: bars of logins and unique users, a line of peak online, over 7, 30 or 90 days.
import { createTimeChart } from '../charts/time-chart.js';
import { byId, setText } from '../dom.js';
import { dayOnLocalClock } from '../../main/log-time.js';
import { formatNumber } from '../format.js';
import type { DashboardState } from '../state.js';
import { bindSegmented } from './segmented.js';

const DAY_MS = 86_400_000;

export function mountLogins(state: DashboardState): { render(): void } {
  const chart = createTimeChart(byId('logins-chart', HTMLCanvasElement), {
    unit: 'day',
    yTitle: 'logins / users',
    y1Title: 'peak online',
    tooltipFormat: 'EEE d MMM yyyy',
  });
  const caption = byId('logins-caption', HTMLParagraphElement);
  let range = 30;

  function render(): void {
    const days = state.days(range);
    const x = days.map((d) => dayOnLocalClock(d.date));
    const first = x[0] ?? Date.now() - (range - 1) * DAY_MS;
    const last = x.at(-1) ?? Date.now();
    chart.set(
      [
        { label: 'Logins', type: 'bar', colour: 0, data: days.map((d, i) => ({ x: x[i] ?? 0, y: d.logins })) },
        { label: 'Unique users', type: 'bar', colour: 1, data: days.map((d, i) => ({ x: x[i] ?? 0, y: d.uniqueUsers })) },
        { label: 'Peak online', type: 'line', axis: 'y1', colour: 2, data: days.map((d, i) => ({ x: x[i] ?? 0, y: d.peakOnline })) },
      ],
      first,
      last,
    );
    const logins = days.reduce((sum, d) => sum + d.logins, 0);
    const peak = Math.max(0, ...days.map((d) => d.peakOnline));
    const several = state.servers().length > 1;
    setText(
      caption,
      days.length === 0
        ? 'No logins in the logs yet.'
        : `${formatNumber(logins)} logins in ${range} days, peak ${peak} online at once` +
            (several ? ' (servers added together).' : '.'),
    );
  }

  bindSegmented(byId('logins-range', HTMLDivElement), 'days', (value) => {
    range = Number(value) || 30;
    render();
  });

  return { render };
}
