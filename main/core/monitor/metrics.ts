// The log side of /metrics: what is now as gauges (users online, each source's state, whether Murmur is up,
// when its log last spoke) and what happened as counters since the history began (logins, ended sessions by
// reason, rejected logins), which the saved tracker state carries across restarts and days.
import type { SessionEndReason, SourceState } from '../../contract.js';
import { exposition, MetricFamily } from '../exposition.js';
import { packageVersion } from '../version.js';
import { zonedLogTimeToMs } from '../../log-time.js';
import type { SourceRunner } from './source-runner.js';

const STATES: readonly SourceState[] = ['backfilling', 'following', 'waiting', 'error'];
const VERSION = packageVersion();

/** Which release answers, as Prometheus' info-metric convention has it: the labels carry it, the value is 1. */
export function buildInfo(): string {
  return new MetricFamily('murmur_monitor_build_info', 'gauge', 'The running version of murmur-monitor, always 1.').add({ version: VERSION }, 1).text();
}

export function logMetrics(runners: readonly SourceRunner[]): string {
  const online = new MetricFamily('murmur_monitor_online_users', 'gauge', 'Users online now on a virtual server, as the log tells.');
  const logins = new MetricFamily('murmur_monitor_logins_total', 'counter', 'Successful logins on a virtual server since the history began.');
  const ended = new MetricFamily('murmur_monitor_sessions_ended_total', 'counter', 'Sessions ended on a virtual server, by the reason they ended.');
  const rejected = new MetricFamily(
    'murmur_monitor_login_rejections_total',
    'counter',
    'Connections Murmur rejected at login (wrong password or certificate, server full, bad name).',
  );
  const lastLine = new MetricFamily('murmur_monitor_log_last_line_timestamp_seconds', 'gauge', 'Time written on the newest line read from the log (Unix time).');
  const lines = new MetricFamily('murmur_monitor_lines_read_total', 'counter', 'Log lines read.');
  const unparsed = new MetricFamily('murmur_monitor_unparsed_lines_total', 'counter', 'Log lines that could not be parsed (garbage, bad bytes, too long).');
  const bytes = new MetricFamily('murmur_monitor_bytes_read_total', 'counter', 'Bytes of log text read.');
  const state = new MetricFamily('murmur_monitor_source_state', 'gauge', 'The state of a source: 1 for the current one.');
  const capacity = new MetricFamily('murmur_monitor_capacity_users', 'gauge', 'users= of the server ini, when known.');
  const up = new MetricFamily('murmur_monitor_murmur_up', 'gauge', 'Whether Murmur is up as its log tells (1 after a boot, 0 after a shutdown or fatal error).');
  for (const runner of runners) {
    const source = runner.config.name;
    const status = runner.status();
    for (const server of runner.report()) online.add({ source, server: server.server }, server.online.length);
    for (const totals of runner.tracker.totals()) {
      const server = totals.server;
      logins.add({ source, server }, totals.logins);
      for (const [reason, count] of Object.entries(totals.ended) as Array<[SessionEndReason, number]>) ended.add({ source, server, reason }, count);
      rejected.add({ source, server }, totals.rejected);
    }
    const lastTime = runner.tracker.lastTime;
    if (lastTime !== null) lastLine.add({ source }, zonedLogTimeToMs(lastTime, status.timezone) / 1000);
    lines.add({ source }, status.linesRead);
    unparsed.add({ source }, status.unparsedLines);
    bytes.add({ source }, status.bytesRead);
    for (const name of STATES) state.add({ source, state: name }, status.state === name ? 1 : 0);
    capacity.add({ source }, status.capacity);
    if (status.murmur !== undefined) up.add({ source }, status.murmur.state === 'running' ? 1 : 0);
  }
  return exposition([online, logins, ended, rejected, lastLine, lines, unparsed, bytes, state, capacity, up]);
}
