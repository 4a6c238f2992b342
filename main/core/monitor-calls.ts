// Each call of the API table answered from a MonitorApi: the one mapping the HTTP routes and the app use.
import { MONITOR_CALLS, type CallArgs, type CallResult, type MonitorCallName } from '../api.js';
import type { PerfRange, PerfSeries } from '../contract.js';
import type { MonitorApi } from './monitor-types.js';

type Calls = typeof MONITOR_CALLS;

/** null: the monitor has nothing for it (perf sampling is off). */
export type MonitorHandlers = {
  [K in MonitorCallName]: (monitor: MonitorApi, ...args: CallArgs<Calls, K>) => CallResult<Calls, K> | null;
};

export const MONITOR_HANDLERS: MonitorHandlers = {
  getSnapshot: (monitor) => monitor.snapshot(),
  getHistory: (monitor, query) => monitor.history(query),
  findLastSeen: (monitor, name) => monitor.lastSeen(name),
  getPerf: (monitor, range) => monitor.perf(range),
  exportCsv: (monitor, kind) => monitor.exportCsv(kind),
};

/** Calls one handler with arguments already checked against its table entry. */
export function answer<K extends MonitorCallName>(monitor: MonitorApi, name: K, args: CallArgs<Calls, K>): CallResult<Calls, K> | null {
  return (MONITOR_HANDLERS[name] as (monitor: MonitorApi, ...args: unknown[]) => CallResult<Calls, K> | null)(monitor, ...(args as unknown[]));
}

export function emptyPerfSeries(range: PerfRange): PerfSeries {
  return { interval: range === '24h' ? 300 : 3600, points: [], samples: [], latest: null, aliases: {} };
}
