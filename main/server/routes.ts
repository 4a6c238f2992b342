// The HTTP routes: one per call of the API table (its query checked by the table's own checks, answered by
// the one mapping of calls to the monitor), plus /metrics for Prometheus.
import type { ServerResponse } from 'node:http';
import { argsFromQuery, csvFileName, MONITOR_CALLS, type MonitorCallName } from '../api.js';
import { answer } from '../core/monitor-calls.js';
import type { MonitorApi } from '../core/monitor-types.js';
import { sendError, sendJson, sendText } from './headers.js';

export type ApiHandler = (monitor: MonitorApi, query: URLSearchParams, response: ServerResponse) => void;

function callRoute(name: MonitorCallName): ApiHandler {
  const { http, argument } = MONITOR_CALLS[name];
  return (monitor, query, response) => {
    // Throws ApiArgumentError (answered 400) before the monitor is asked anything.
    const args = argsFromQuery(argument, query);
    const result = answer(monitor, name, args as never);
    if (result === null) {
      sendError(response, 404, http.absent ?? 'not available');
    } else if (http.body === 'csv') {
      response.setHeader('Content-Disposition', `attachment; filename="${csvFileName(args)}"`);
      response.setHeader('Cache-Control', 'no-store');
      sendText(response, 200, String(result), 'text/csv; charset=utf-8');
    } else {
      sendJson(response, 200, result, http.revalidate === true);
    }
  };
}

export const API_ROUTES: Record<string, ApiHandler> = {
  ...Object.fromEntries((Object.keys(MONITOR_CALLS) as MonitorCallName[]).map((name) => [MONITOR_CALLS[name].http.path, callRoute(name)])),
  '/metrics': (monitor, _query, response) => {
    response.setHeader('Cache-Control', 'no-store');
    sendText(response, 200, monitor.metrics(), 'text/plain; version=0.0.4; charset=utf-8');
  },
};
