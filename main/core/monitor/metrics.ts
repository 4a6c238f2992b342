// Prometheus text exposition (format 0.0.4) of the log side: online users and logins per source and virtual
// server, open sessions, lines read and unparsed, each source's state as a one-hot gauge, and whether Murmur is up.
import type { SourceState } from '../../contract.js';
import type { SourceRunner } from './source-runner.js';

const STATES: readonly SourceState[] = ['backfilling', 'following', 'waiting', 'error'];

/**
 * Label values may hold any text (source and interface names come from the user), escaped as the exposition
 * format asks: backslash, newline and double quote. perf/prometheus.ts uses it too.
 */
export function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string | number>): string {
  return `{${Object.entries(pairs)
    .map(([key, value]) => `${key}="${labelValue(String(value))}"`)
    .join(',')}}`;
}

class Family {
  readonly name: string;
  readonly lines: string[];
  constructor(name: string, type: 'gauge' | 'counter', help: string) {
    this.name = name;
    this.lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  }
  add(pairs: Record<string, string | number>, value: number): void {
    this.lines.push(`${this.name}${labels(pairs)} ${value}`);
  }
}

export function logMetrics(runners: readonly SourceRunner[]): string {
  const online = new Family('murmur_monitor_online_users', 'gauge', 'Users online now on a virtual server, as the log tells.');
  const today = new Family('murmur_monitor_logins_today', 'gauge', 'Logins on the newest day in the log.');
  const logins = new Family('murmur_monitor_logins_total', 'counter', 'Logins counted since the history began.');
  const open = new Family('murmur_monitor_open_sessions', 'gauge', 'Sessions open on all virtual servers of a source.');
  const lines = new Family('murmur_monitor_lines_read_total', 'counter', 'Log lines read.');
  const unparsed = new Family('murmur_monitor_unparsed_lines_total', 'counter', 'Log lines that could not be parsed (garbage, bad bytes, too long).');
  const bytes = new Family('murmur_monitor_bytes_read_total', 'counter', 'Bytes of log text read.');
  const state = new Family('murmur_monitor_source_state', 'gauge', 'The state of a source: 1 for the current one.');
  const capacity = new Family('murmur_monitor_capacity_users', 'gauge', 'users= of the server ini, when known.');
  const up = new Family('murmur_monitor_murmur_up', 'gauge', 'Whether Murmur is up as its log tells (1 after a boot, 0 after a shutdown or fatal error).');
  for (const runner of runners) {
    const source = runner.config.name;
    const status = runner.status();
    let openSessions = 0;
    for (const server of runner.report()) {
      online.add({ source, server: server.server }, server.online.length);
      openSessions += server.online.length;
      today.add({ source, server: server.server }, server.days.at(-1)?.logins ?? 0);
      logins.add({ source, server: server.server }, server.days.reduce((sum, day) => sum + day.logins, 0));
    }
    open.add({ source }, openSessions);
    lines.add({ source }, status.linesRead);
    unparsed.add({ source }, status.unparsedLines);
    bytes.add({ source }, status.bytesRead);
    for (const name of STATES) state.add({ source, state: name }, status.state === name ? 1 : 0);
    if (status.capacity !== undefined) capacity.add({ source }, status.capacity);
    if (status.murmur !== undefined) up.add({ source }, status.murmur.state === 'running' ? 1 : 0);
  }
  return [online, today, logins, open, lines, unparsed, bytes, state, capacity, up].map((family) => `${family.lines.join('\n')}\n`).join('');
}
