// GET /healthz: for uptime checks and load balancers, without a token, so it names nothing: 200 when every
// source is read, 503 when one is in error or waiting for its log, with the count of sources in each state.
import type { ServerResponse } from 'node:http';
import type { SourceState } from '../contract.js';
import type { MonitorApi } from '../core/monitor-types.js';
import { sendJson } from './headers.js';

const UNHEALTHY: ReadonlySet<SourceState> = new Set<SourceState>(['error', 'waiting']);

export function sendHealth(monitor: Pick<MonitorApi, 'snapshot'>, response: ServerResponse, startedAt: number): void {
  const sources: Partial<Record<SourceState, number>> = {};
  for (const source of monitor.snapshot().sources) sources[source.state] = (sources[source.state] ?? 0) + 1;
  const healthy = Object.keys(sources).every((state) => !UNHEALTHY.has(state as SourceState));
  sendJson(response, healthy ? 200 : 503, {
    status: healthy ? 'ok' : 'degraded',
    sources,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  });
}
