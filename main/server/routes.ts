// The API: each GET path to a handler that validates its query and answers from the monitor.
import type { ServerResponse } from 'node:http';
import type { ExportKind, HistoryQuery, PerfRange } from '../contract.js';
import { MAX_USER_NAME_LENGTH, type MonitorApi } from '../core/monitor-types.js';
import { sendError, sendJson, sendText } from './headers.js';

export type ApiHandler = (monitor: MonitorApi, query: URLSearchParams, response: ServerResponse) => void;

/** A query parameter as a whole number in [min, max]; undefined when absent; throws a message when invalid. */
function integerParam(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new BadRequest(`${name} must be a whole number from ${min} to ${max}`);
  return Number(raw);
}

export class BadRequest extends Error {}

function oneOf<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new BadRequest(`${name} must be one of ${allowed.join(', ')}`);
  return raw as T;
}

export const API_ROUTES: Record<string, ApiHandler> = {
  '/api/snapshot': (monitor, _query, response) => sendJson(response, 200, monitor.snapshot()),
  '/api/history': (monitor, query, response) => {
    const request: HistoryQuery = {};
    const source = query.get('source');
    if (source !== null && source !== '') request.source = source;
    const server = integerParam(query, 'server', 0, 2 ** 31 - 1);
    if (server !== undefined) request.server = server;
    const days = integerParam(query, 'days', 1, 3660);
    if (days !== undefined) request.days = days;
    sendJson(response, 200, monitor.history(request));
  },
  '/api/last-seen': (monitor, query, response) => {
    const name = query.get('name');
    if (name === null || name.trim() === '') throw new BadRequest('name is required');
    if (name.length > MAX_USER_NAME_LENGTH) throw new BadRequest(`name is too long (Murmur allows ${MAX_USER_NAME_LENGTH} characters)`);
    sendJson(response, 200, monitor.lastSeen(name));
  },
  '/api/perf': (monitor, query, response) => {
    const series = monitor.perf(oneOf<PerfRange>(query, 'range', ['24h', '30d'], '24h'));
    if (series === null) sendError(response, 404, 'performance sampling is off (--no-perf)');
    else sendJson(response, 200, series);
  },
  '/api/export.csv': (monitor, query, response) => {
    const kind = oneOf<ExportKind>(query, 'kind', ['sessions', 'days'], 'sessions');
    response.setHeader('Content-Disposition', `attachment; filename="murmur-${kind}.csv"`);
    response.setHeader('Cache-Control', 'no-store');
    sendText(response, 200, monitor.exportCsv(kind), 'text/csv; charset=utf-8');
  },
  '/metrics': (monitor, _query, response) => {
    response.setHeader('Cache-Control', 'no-store');
    sendText(response, 200, monitor.metrics(), 'text/plain; version=0.0.4; charset=utf-8');
  },
};
